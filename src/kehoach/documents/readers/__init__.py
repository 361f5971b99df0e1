"""Readers: a file -> :class:`~kehoach.core.plan.PlanDocument`.

``read_plan`` picks the reader by the file's content (a ZIP holding a Word document or an
Excel workbook, or plain text), whatever its name says. Each reader only *extracts*: the
body as logical lines, the appendix's lines, the estimate table as rows (:class:`Extracted`);
one function (:func:`build_document`) turns that into the plan, so every format goes through
the same parsing and every check works on all of them. Every failure to read is a
:class:`ReadError` whose message says, in one line, what is wrong — never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kehoach.core import legacy
from kehoach.core.findings import Finding, Where
from kehoach.core.messages import Message, Refusal, declare
from kehoach.core.plan import Paragraph, PlanDocument
from kehoach.documents.estimate_table import Row
from kehoach.documents.plan_text import TextLine, build_plan

MAX_BYTES = 20 * 1024 * 1024  # a plan with its appendix is a few hundred kB at most

ENCODING_ALIASES = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "unicode": "utf-8",
    "tcvn3": legacy.TCVN3,
    "tcvn": legacy.TCVN3,
    "abc": legacy.TCVN3,
    "vni": legacy.VNI,
    "vni-windows": legacy.VNI,
}


class ReadError(Refusal):
    """A file that cannot be read as a plan; its message is one line (``exc.text(lang)``)."""

    code = "read"
    str_language = "en"

    def __init__(self, message: Message | str, message_en: str = "") -> None:
        super().__init__(message, message_en)


# What the readers say (docs/architecture.md, "Messages"): English in the catalogue only.
UNSUPPORTED_ENCODING = declare(
    "read.encoding", "Bảng mã '{encoding}' không được hỗ trợ; dùng utf-8, tcvn3 hoặc vni."
)
CANNOT_OPEN = declare("read.open", "Không mở được tệp '{path}': {reason}")
NOT_A_FILE = declare("read.not_a_file", "'{path}' không phải là một tệp.")
EMPTY = declare("read.empty", "Tệp '{name}' rỗng.")
TOO_LARGE = declare("read.too_large", "Tệp '{name}' quá lớn ({size} MB; tối đa {limit} MB).")
CANNOT_READ = declare("read.read", "Không đọc được tệp '{path}': {reason}")
NO_APPENDIX_TABLE = declare(
    "read.no_appendix_table", "Không tìm thấy bảng dự toán trong tệp phụ lục '{name}'."
)
NOT_A_PLAN = declare(
    "read.not_a_plan",
    "Tệp '{name}' không phải văn bản kế hoạch: không tìm thấy tên loại văn bản (KẾ HOẠCH, "
    "QUYẾT ĐỊNH…), số và ký hiệu, địa danh và ngày tháng, căn cứ pháp lý, các mục I, II… hay "
    "bảng dự toán.",
)
LEGACY_ENCODING = declare(
    "LEGACY_ENCODING",
    "Văn bản có phần gõ bằng bảng mã cũ {names}; đã chuyển sang Unicode. Hãy soát lại chữ có "
    "dấu.{found}",
)
ENCODING_DETECTED = declare("ENCODING_DETECTED", "Tệp được đọc theo bảng mã {name}.{found}")
FOUND = declare(
    "ENCODING_DETECTED.found",
    " Bảng mã được nhận ra tự động (không có --encoding): {score} % từ có dấu đọc được thành "
    "tiếng Việt.",
)
FOUND_OVER = declare(
    "ENCODING_DETECTED.found_over",
    " Bảng mã được nhận ra tự động (không có --encoding): {score} % từ có dấu đọc được thành "
    "tiếng Việt, theo {other_name} chỉ {other} %.",
)


@dataclass
class Extracted:
    """What a reader found in a file, before it is parsed into a plan."""

    lines: list[TextLine] = field(default_factory=list)
    appendix: list[TextLine] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    source_format: str = ""
    encoding: str = "utf-8"
    # Legacy encoding -> how many runs (DOCX), cells (XLSX) or lines (text) were converted.
    conversions: dict[str, int] = field(default_factory=dict)
    # Text the plan's structure has no place for (page footers): kept, not lost.
    extra_paragraphs: list[Paragraph] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # How the encoding of a text file was found when none was given: encoding, score …
    detection: dict[str, object] = field(default_factory=dict)

    def add_conversion(self, encoding: str, count: int = 1) -> None:
        self.conversions[encoding] = self.conversions.get(encoding, 0) + count


def normalise_encoding(encoding: str | None) -> str | None:
    """The ``--encoding`` option -> "utf-8", "tcvn3", "vni" or None; ReadError if unknown."""
    if encoding is None or not encoding.strip():
        return None
    key = encoding.strip().casefold()
    if key in ENCODING_ALIASES:
        return ENCODING_ALIASES[key]
    raise ReadError(UNSUPPORTED_ENCODING.with_params(encoding=encoding))


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(
            CANNOT_OPEN.with_params(path=str(path), reason=exc.strerror or str(exc))
        ) from exc
    if not path.is_file():
        raise ReadError(NOT_A_FILE.with_params(path=str(path)))
    if size == 0:
        raise ReadError(EMPTY.with_params(name=path.name))
    if size > MAX_BYTES:
        mb = MAX_BYTES // (1024 * 1024)
        raise ReadError(TOO_LARGE.with_params(name=path.name, size=size // (1024 * 1024), limit=mb))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(
            CANNOT_READ.with_params(path=str(path), reason=exc.strerror or str(exc))
        ) from exc


def extract(data: bytes, *, name: str = "", encoding: str | None = None) -> Extracted:
    """Bytes -> :class:`Extracted`, by content: DOCX, XLSX or plain text."""
    # inside: cycle — each reader imports this package
    from kehoach.documents.readers import docx, ooxml, txt, xlsx

    forced = normalise_encoding(encoding)
    kind = ooxml.sniff(data)
    if kind is None and name.lower().endswith((".docx", ".xlsx", ".docm", ".xlsm")):
        raise ooxml.damaged(name)
    if kind is None:
        return txt.extract_text(data, name=name, encoding=forced)
    container = ooxml.open_container(data, name)
    if container.kind == ooxml.DOCX:
        return docx.extract_docx(container, name=name, encoding=forced)
    return xlsx.extract_xlsx(container, name=name, encoding=forced)


def build_document(extracted: Extracted, *, name: str = "") -> PlanDocument:
    """:class:`Extracted` -> the plan, with the reading findings."""
    doc = build_plan(extracted.lines, extracted.appendix, extracted.rows or None)
    doc.source_name = name
    doc.source_format = extracted.source_format
    doc.encoding = extracted.encoding
    doc.paragraphs.extend(extracted.extra_paragraphs)
    doc.reading_findings.extend(extracted.findings)
    detection = extracted.detection
    found: Message | str = ""
    if detection:
        score = float(str(detection.get("score", 0)))
        runner = detection.get("runner_up")
        runner_name = ENCODING_NAMES.get(str(runner), str(runner))
        other = float(str(detection.get("runner_up_score", 0)))
        found = FOUND.with_params(score=_percent(score))
        if runner:
            found = FOUND_OVER.with_params(
                score=_percent(score), other_name=runner_name, other=_percent(other)
            )
    if extracted.conversions:
        names = ", ".join(
            f"{legacy.NAMES.get(enc, enc)} ({count})"
            for enc, count in extracted.conversions.items()
        )
        doc.encoding = "+".join(extracted.conversions)
        doc.reading_findings.append(
            Finding.of(
                LEGACY_ENCODING.with_params(names=names, found=found),
                Where(part="file", text=names),
                data={"encodings": dict(extracted.conversions), **_detected(detection)},
            )
        )
    elif detection:
        name = ENCODING_NAMES.get(extracted.encoding, extracted.encoding)
        doc.reading_findings.append(
            Finding.of(
                ENCODING_DETECTED.with_params(name=name, found=found),
                Where(part="file", text=name),
                data=_detected(detection),
            )
        )
    return doc


ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "cp1258": "Windows-1258",
    legacy.TCVN3: "TCVN3",
    legacy.VNI: "VNI",
}


def _percent(share: float) -> str:
    """0.873 -> "87": a share as a whole percentage, the % sign left to the message."""
    return f"{share:.0%}".rstrip("%")


def _detected(detection: dict[str, object]) -> dict[str, object]:
    return {"detected": dict(detection)} if detection else {}


def read_plan(
    path: Path | str, *, encoding: str | None = None, appendix: Path | str | None = None
) -> PlanDocument:
    """Read a plan file; with ``appendix``, its estimate comes from that separate file (an
    XLSX, or any format holding an estimate table) and replaces any table in the plan."""
    path = Path(path)
    extracted = extract(read_bytes(path), name=path.name, encoding=encoding)
    if appendix is not None:
        appendix_path = Path(appendix)
        annex = extract(read_bytes(appendix_path), name=appendix_path.name)
        if not annex.rows:
            raise ReadError(NO_APPENDIX_TABLE.with_params(name=appendix_path.name))
        for enc, count in annex.conversions.items():
            extracted.add_conversion(enc, count)
        extracted = Extracted(
            lines=extracted.lines,
            # The separate file is the appendix: its title lines win over the plan's own.
            appendix=annex.appendix or extracted.appendix,
            rows=annex.rows,
            source_format=f"{extracted.source_format}+{annex.source_format}",
            encoding=extracted.encoding,
            conversions=extracted.conversions,
            extra_paragraphs=extracted.extra_paragraphs + annex.extra_paragraphs,
            findings=extracted.findings + annex.findings,
            detection=extracted.detection,
        )
    doc = build_document(extracted, name=path.name)
    ensure_plan(doc, path.name)
    return doc


def plan_signals(doc: PlanDocument) -> dict[str, bool]:
    """What makes a file a plan (or another official document): each signal found or not."""
    header = doc.header
    return {
        "type": bool(header.type_name),
        "number": bool(header.number),
        "date": header.date is not None,
        "legal_bases": bool(doc.legal_bases),
        "sections": any(p.heading for p in doc.paragraphs) or bool(doc.activities),
        # an estimate table with its header row (Nội dung, Số lượng, Đơn giá …), not any grid
        "estimate": bool(doc.estimate.sections)
        and not any(f.code == "TABLE_COLUMNS_MISSING" for f in doc.reading_findings),
    }


def ensure_plan(doc: PlanDocument, name: str = "") -> None:
    """A file with none of a plan's marks — no document type, number or date in a header, no
    legal bases, no numbered sections, no estimate table — is not checked as a plan: checking
    it would report "no errors". A real plan that is merely incomplete has some of them."""
    if any(plan_signals(doc).values()):
        return
    raise ReadError(NOT_A_PLAN.with_params(name=name))
