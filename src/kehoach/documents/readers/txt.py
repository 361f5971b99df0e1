"""The plain-text form of a plan: the body as lines, the appendix as a tab-separated table
(or a Markdown pipe table), as in ``examples/ke-hoach-46a-KH-STTTT-2016.txt``."""

from __future__ import annotations

import codecs
import contextlib
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from kehoach.core import legacy
from kehoach.core.messages import declare
from kehoach.core.plan import PlanDocument
from kehoach.core.text import fold, nfc
from kehoach.documents.estimate_table import Row
from kehoach.documents.plan_text import TextLine, clean_line
from kehoach.documents.readers import (
    Extracted,
    ReadError,
    build_document,
    normalise_encoding,
)

# What the text reader says (docs/architecture.md, "Messages"): English in the catalogue only.
UNKNOWN_ENCODING = declare(
    "read.txt.encoding",
    "Không nhận ra bảng mã của tệp '{name}': chữ có dấu không đọc được theo Unicode, TCVN3 hay "
    "VNI. Hãy chỉ rõ bằng --encoding (utf-8, tcvn3 hoặc vni).",
)
BINARY = declare(
    "read.txt.binary", "Tệp '{name}' không phải là văn bản đọc được (tệp nhị phân hoặc hỏng)."
)
NO_TEXT = declare("read.txt.empty", "Tệp '{name}' không có nội dung.")


@dataclass(frozen=True)
class Decoded:
    """A text file's text, the encoding it was read in, and how that was decided."""

    text: str
    encoding: str  # "utf-8", "utf-16", "cp1258", "tcvn3", "vni" …
    detected: bool = False  # found by looking at the text, not given with --encoding
    score: float = 0.0  # how well the chosen reading reads as Vietnamese (0..1)
    runner_up: tuple[str, float] | None = None  # the next best reading and its score


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Bytes -> text and the encoding used (see :func:`decode_text`)."""
    decoded = decode_text(data, name, encoding)
    return decoded.text, decoded.encoding


def decode_text(data: bytes, name: str, encoding: str | None = None) -> Decoded:
    """Bytes -> text, NFC. Binary files are refused.

    ``encoding`` "tcvn3" or "vni" converts from that legacy encoding (the bytes themselves
    may be 8-bit, or UTF-8 as a converter or a copy from Word left them); "utf-8" reads the
    file as it is. Without it the encoding is found: UTF-16 by its byte order mark or its
    zero bytes, UTF-8 (with or without a BOM), else a single-byte code page (Windows-1258 or
    what charset-normalizer proposes); then TCVN3 and VNI are tried on the same bytes, and a
    legacy reading is taken only when it reads as Vietnamese clearly better than the plain
    one (:func:`kehoach.core.legacy.vietnamese_reading`).
    """
    encoding = normalise_encoding(encoding)
    if encoding in legacy.ENCODINGS:
        return Decoded(_decode_legacy(data, name, encoding), encoding)
    text, used = _decode_plain(data, name)
    if encoding is not None:
        return Decoded(nfc(text), used)
    return _detect(data, name, nfc(text), used)


def _decode_plain(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data.decode("utf-16", errors="replace"), name), "utf-16"
    sample = data[:8192]
    if b"\x00" in sample:
        # UTF-16 without a byte order mark: text in it has a zero byte beside every ASCII one.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        half = max(1, len(sample) // 2)
        if odd > half * 0.3 and even < half * 0.05:
            return _checked(data.decode("utf-16-le", errors="replace"), name), "utf-16"
        if even > half * 0.3 and odd < half * 0.05:
            return _checked(data.decode("utf-16-be", errors="replace"), name), "utf-16"
        raise _binary(name)
    try:
        return _checked(data.decode("utf-8-sig"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = [("cp1258", data.decode("cp1258", errors="replace"))]
    guess = _charset_guess(data)
    if guess and guess not in ("cp1258", "windows-1258"):
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            candidates.append((guess, data.decode(guess)))
    used, text = max(
        candidates, key=lambda c: legacy.vietnamese_reading(nfc(c[1])).score - c[1].count("\ufffd")
    )
    return _checked(text, name), used


def _charset_guess(data: bytes) -> str | None:
    """The code page charset-normalizer finds most plausible for 8-bit bytes."""
    best = from_bytes(data[:65536]).best()
    return str(best.encoding) if best is not None else None


def _checked(text: str, name: str) -> str:
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(3, len(sample) // 100):
        raise _binary(name)
    return text


_SAMPLE = 60000  # characters judged when telling the encodings apart


def _detect(data: bytes, name: str, plain: str, used: str) -> Decoded:
    """The plain reading, or a legacy one when that reads clearly better as Vietnamese."""
    base = legacy.vietnamese_reading(plain)
    if base.words == 0:
        return Decoded(plain, used)
    raw = plain if used == "utf-8" else _eight_bit(data)
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    # Each reading is judged on a sample; only the one taken is converted in full.
    sample = raw[:_SAMPLE]
    readings: list[tuple[str, float]] = [(used, base.score)]
    for enc in legacy.ENCODINGS:
        readings.append((enc, legacy.vietnamese_reading(legacy.decode(sample, enc)).score))
    readings.sort(key=lambda r: r[1], reverse=True)
    best, second = readings[0], readings[1]
    clear = best[1] >= legacy.CLEAR_SCORE and best[1] - second[1] >= legacy.CLEAR_MARGIN
    if best[0] in legacy.ENCODINGS and clear:
        text = legacy.decode(raw, best[0])
        if best[0] == legacy.TCVN3:
            text = legacy.restore_case(raw, text)
        return Decoded(nfc(text), best[0], True, best[1], second)
    runner = next(r for r in readings if r[0] != used)
    if base.score >= legacy.CLEAR_SCORE or base.words < 20:
        return Decoded(plain, used, used != "utf-8", base.score, runner)
    if base.score < 0.5 and base.words >= 20:
        raise ReadError(UNKNOWN_ENCODING.with_params(name=name))
    return Decoded(plain, used, used != "utf-8", base.score, runner)


def _eight_bit(data: bytes) -> str:
    """8-bit legacy text was written on Windows: its codes are the cp1252 characters (bytes
    cp1252 leaves undefined are taken as Latin-1)."""
    raw = data.decode("cp1252", errors="surrogateescape")
    return re.sub("[\udc80-\udcff]", lambda m: chr(ord(m.group(0)) - 0xDC00), raw)


def _decode_legacy(data: bytes, name: str, encoding: str) -> str:
    if b"\x00" in data[:8192]:
        raise _binary(name)
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raw = _eight_bit(data)
    raw = _checked(raw, name).replace("\r\n", "\n").replace("\r", "\n")
    text = legacy.decode(raw, encoding)
    if encoding == legacy.TCVN3:
        text = legacy.restore_case(raw, text)
    return nfc(text)


def _binary(name: str) -> ReadError:
    return ReadError(BINARY.with_params(name=name))


def _is_table_row(raw: str) -> bool:
    return raw.count("\t") >= 3 or (raw.strip().startswith("|") and raw.count("|") >= 4)


def _cells(raw: str) -> list[str]:
    if raw.strip().startswith("|"):
        inner = raw.strip().strip("|")
        return [clean_line(c) for c in inner.split("|")]
    return [clean_line(c) for c in raw.rstrip("\r\n").split("\t")]


def read_text_plan(data: bytes, *, name: str = "", encoding: str | None = None) -> PlanDocument:
    return build_document(extract_text(data, name=name, encoding=encoding), name=name)


def extract_text(data: bytes, *, name: str = "", encoding: str | None = None) -> Extracted:
    decoded = decode_text(data, name, encoding)
    text, used = decoded.text, decoded.encoding
    raw_lines = text.splitlines()
    if not any(line.strip() for line in raw_lines):
        raise ReadError(NO_TEXT.with_params(name=name))
    appendix_at = None
    for i, raw in enumerate(raw_lines):
        folded = fold(clean_line(raw))
        if folded == "phu luc" or (
            folded.startswith("phu luc") and len(folded) < 40 and not _is_table_row(raw)
        ):
            appendix_at = i
            break
    body: list[TextLine] = []
    appendix: list[TextLine] = []
    rows: list[Row] = []
    for i, raw in enumerate(raw_lines, start=1):
        in_appendix = appendix_at is not None and i - 1 >= appendix_at
        if _is_table_row(raw):
            if set(raw.strip()) <= set("|-: "):
                continue  # a Markdown table's separator row
            rows.append(Row(cells=_cells(raw), source_line=i))
        elif in_appendix:
            appendix.append(TextLine(raw, i))
        else:
            body.append(TextLine(raw, i))
    extracted = Extracted(
        lines=body, appendix=appendix, rows=rows, source_format="txt", encoding=used
    )
    if used in legacy.ENCODINGS:
        extracted.add_conversion(used, sum(1 for line in raw_lines if line.strip()))
    if decoded.detected:
        extracted.detection = {"encoding": used, "score": round(decoded.score, 3)}
        if decoded.runner_up:
            extracted.detection["runner_up"] = decoded.runner_up[0]
            extracted.detection["runner_up_score"] = round(decoded.runner_up[1], 3)
    return extracted
