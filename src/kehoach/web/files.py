"""Uploaded files by what they are, and file names that cannot break a download (issue 21).

* :func:`evidence_type` decides an evidence file's type from its content (magic bytes; images
  opened with Pillow, PDFs with pypdf), never from the type or the name the client declares:
  an HTML page declared as image/png is refused.
* :func:`clean_name` is applied to every uploaded file's name on the way in: control
  characters (CR, LF, NUL, bidirectional overrides …), quotes, backslashes and slashes go,
  the length is bounded, the extension kept.
* :func:`content_disposition` is the one ``Content-Disposition`` of every download (RFC 6266):
  an ASCII ``filename`` for old clients and the exact UTF-8 name in ``filename*``.

Files are kept in the database under the record's own key; a client's name is never a path.
"""

from __future__ import annotations

import io
import logging
import unicodedata
import warnings
from urllib.parse import quote

from django.utils.translation import gettext_noop
from PIL import Image

from kehoach.core.messages import Message, Refusal

MAX_NAME = 120

PDF = "application/pdf"
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
EXTENSIONS = {
    PDF: ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    "audio/mpeg": ".mp3",
    "audio/mp4": ".m4a",
    "audio/wav": ".wav",
    "video/mp4": ".mp4",
    "video/webm": ".webm",
    "video/quicktime": ".mov",
}


class FileRefused(Refusal):
    """An upload refused: ``FileRefused(Message(...))``."""

    code = "file_refused"
    str_language = "en"


def clean_name(name: str, default: str = "tep") -> str:
    """A file name safe to keep and to send back: NFC, no control or format characters, no
    quotes, slashes or backslashes, at most :data:`MAX_NAME` characters (extension kept)."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]  # a path sent as a name: its last part
    kept = []
    for char in name:
        category = unicodedata.category(char)
        if category[0] in ("C", "Z") and char != " ":  # controls, formats, odd spaces
            kept.append(" " if category[0] == "Z" or char in "\t\r\n" else "")
        elif char in "\"'`<>|:*?;":
            kept.append("_")
        else:
            kept.append(char)
    cleaned = " ".join("".join(kept).split()).strip(" .")
    if len(cleaned) > MAX_NAME:
        stem, dot, extension = cleaned.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            cleaned = stem[: MAX_NAME - len(extension) - 1].rstrip() + "." + extension
        else:
            cleaned = cleaned[:MAX_NAME]
    return cleaned or default


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """RFC 6266 / RFC 5987: ``attachment; filename="ascii"; filename*=UTF-8''percent-encoded``."""
    name = clean_name(filename, "tep")
    plain = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    ascii_name = "".join(
        c if c.isascii() and (c.isalnum() or c in "._- ()") else "_" for c in plain
    )
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def _sniff(content: bytes) -> str | None:
    head = content[:64]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"M4A ", b"M4B "):
            return "audio/mp4"
        if brand == b"qt  ":
            return "video/quicktime"
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    return None


def _pdf_opens(content: bytes) -> bool:
    from pypdf import PdfReader  # inside: heavy (pypdf, ~0.1 s), only when a PDF is uploaded

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted:
                return False
            return len(reader.pages) > 0
    except Exception:  # pypdf raises many kinds on a damaged file
        return False


def _image_type(content: bytes) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                kind = image.format
                image.verify()
    except Exception:  # PIL raises many kinds on what is not an image (and on bombs)
        return None
    return IMAGE_TYPES.get(str(kind))


def evidence_type(content: bytes, name: str = "") -> str:
    """The type of an evidence file (PDF, image, audio, video) read from its content; the
    declared type is not trusted. FileRefused otherwise."""
    kind = _sniff(content)
    if kind == PDF:
        if _pdf_opens(content):
            return PDF
        raise FileRefused(
            Message(
                "file.pdf.unreadable",
                gettext_noop("Tệp '{name}' không mở được như PDF (hỏng hoặc có mật khẩu)."),
            ).with_params(name=name)
        )
    if kind is not None and kind in IMAGE_TYPES.values():
        if _image_type(content) == kind:
            return kind
        raise FileRefused(
            Message(
                "file.image.unreadable", gettext_noop("Tệp '{name}' không mở được như ảnh.")
            ).with_params(name=name)
        )
    if kind is not None:
        return kind
    raise FileRefused(  # the content is none of these, whatever its name or declared type
        Message(
            "file.evidence.kind",
            gettext_noop("Loại tệp minh chứng không được nhận (nhận PDF, ảnh, âm thanh, video)."),
        )
    )


def signed_pdf(content: bytes, name: str = "") -> None:
    """A signed document must be a PDF that opens; FileRefused otherwise."""
    if _sniff(content) != PDF or not _pdf_opens(content):
        raise FileRefused(
            Message(
                "file.signed.not_pdf", gettext_noop("Tệp '{name}' không phải là PDF mở được.")
            ).with_params(name=name)
        )
