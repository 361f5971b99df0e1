"""The plain-text form of a plan: the body as lines, the appendix as a tab-separated table
(or a Markdown pipe table), as in ``examples/ke-hoach-46a-KH-STTTT-2016.txt``."""

from __future__ import annotations

import codecs

from kehoach.core.plan import PlanDocument
from kehoach.core.text import fold, nfc
from kehoach.documents.estimate_table import Row
from kehoach.documents.plan_text import TextLine, build_plan, clean_line
from kehoach.documents.readers import ReadError


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Bytes -> text and the encoding used. Binary files are refused."""
    if encoding and encoding not in ("utf-8", "utf8"):
        raise ReadError(
            f"Bảng mã '{encoding}' chưa được hỗ trợ cho tệp văn bản.",
            f"The encoding '{encoding}' is not supported for text files yet.",
        )
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
    doc = build_plan(body, appendix, rows or None)
    doc.source_format = "txt"
    doc.encoding = used
    return doc
