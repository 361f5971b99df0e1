"""The plain-text form of a plan: the body as lines, the appendix as a tab-separated table
(or a Markdown pipe table), as in ``examples/ke-hoach-46a-KH-STTTT-2016.txt``."""

from __future__ import annotations

import codecs
import re

from kehoach.core import legacy
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


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Bytes -> text and the encoding used. Binary files are refused.

    ``encoding`` "tcvn3" or "vni" converts from that legacy encoding (the bytes themselves
    may be 8-bit, or UTF-8 as a converter or a copy from Word left them).
    """
    encoding = normalise_encoding(encoding)
    if encoding in legacy.ENCODINGS:
        return _decode_legacy(data, name, encoding), encoding
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, used = data.decode("utf-16"), "utf-16"
    else:
        if b"\x00" in data[:8192]:
            raise _binary(name)
        try:
            text, used = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, used = data.decode("cp1258"), "cp1258"
            except UnicodeDecodeError as exc:
                raise _binary(name) from exc
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(3, len(sample) // 100):
        raise _binary(name)
    return nfc(text), used


def _decode_legacy(data: bytes, name: str, encoding: str) -> str:
    if b"\x00" in data[:8192]:
        raise _binary(name)
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # 8-bit legacy text was written on Windows: its codes are the cp1252 characters
        # (bytes cp1252 leaves undefined are taken as Latin-1).
        raw = data.decode("cp1252", errors="surrogateescape")
        raw = re.sub("[\udc80-\udcff]", lambda m: chr(ord(m.group(0)) - 0xDC00), raw)
    sample = raw[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(3, len(sample) // 100):
        raise _binary(name)
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = legacy.decode(raw, encoding)
    if encoding == legacy.TCVN3:
        text = legacy.restore_case(raw, text)
    return nfc(text)


def _binary(name: str) -> ReadError:
    return ReadError(
        f"Tệp '{name}' không phải là văn bản đọc được (tệp nhị phân hoặc hỏng).",
        f"'{name}' is not readable text (a binary or damaged file).",
    )


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
    text, used = decode(data, name, encoding)
    raw_lines = text.splitlines()
    if not any(line.strip() for line in raw_lines):
        raise ReadError(f"Tệp '{name}' không có nội dung.", f"The file '{name}' has no text.")
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
    return extracted
