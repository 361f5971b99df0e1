"""Findings: what a check says about a plan, with a stable code, a severity and a place.

The catalogue below is the single list of codes; ``docs/checks.md`` documents each one and a
test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kehoach.core.messages import Message


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    def label(self, lang: str = "vi") -> str:
        vi = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}
        en = {"error": "Errors", "warning": "Warnings", "info": "Notes"}
        return (vi if lang == "vi" else en)[self.value]


@dataclass(frozen=True)
class Where:
    """A place in a plan. ``part`` is one of header, legal_bases, body, funding, recipients,
    signer, appendix, file; the other fields narrow it down."""

    part: str
    source_line: int | None = None  # 1-based line (txt) or paragraph number (docx) in the file
    heading: str | None = None  # body heading path, e.g. "III.4"
    section: str | None = None  # appendix section key, e.g. "A.I"
    line: str | None = None  # appendix line key, e.g. "A.I.3"
    column: str | None = None  # model field name of a table column, e.g. "unit_price"
    text: str | None = None  # a short quote of what is there

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def label(self, lang: str = "vi") -> str:
        vi = lang == "vi"
        parts_vi = {
            "header": "Phần đầu văn bản",
            "legal_bases": "Căn cứ",
            "body": "Nội dung kế hoạch",
            "funding": "Mục kinh phí",
            "recipients": "Nơi nhận",
            "signer": "Chữ ký",
            "appendix": "Phụ lục dự toán",
            "file": "Tệp",
            "statistics": "Số liệu hồ sơ",
            "catalogue": "Danh mục dịch vụ công",
        }
        parts_en = {
            "header": "Header",
            "legal_bases": "Legal bases",
            "body": "Plan body",
            "funding": "Funding section",
            "recipients": "Recipients",
            "signer": "Signature",
            "appendix": "Estimate appendix",
            "file": "File",
            "statistics": "Dossier statistics",
            "catalogue": "Services catalogue",
        }
        out = [(parts_vi if vi else parts_en).get(self.part, self.part)]
        if self.heading:
            out.append(f"mục {self.heading}" if vi else f"heading {self.heading}")
        if self.line:
            out.append(f"dòng {self.line}" if vi else f"line {self.line}")
        elif self.section:
            out.append(f"mục {self.section}" if vi else f"section {self.section}")
        if self.column:
            out.append(
                f"cột {COLUMN_LABELS_VI.get(self.column, self.column)}"
                if vi
                else f"column {COLUMN_LABELS_EN.get(self.column, self.column)}"
            )
        if self.source_line:
            out.append(
                f"dòng {self.source_line} của tệp" if vi else f"file line {self.source_line}"
            )
        return ", ".join(out)


COLUMN_LABELS_VI = {
    "number": "STT",
    "content": "Nội dung",
    "duration": "Thời lượng",
    "unit": "Đơn vị tính",
    "quantity": "Số lượng",
    "unit_price": "Đơn giá",
    "amount": "Thành tiền",
    "airings": "Số lần phát sóng",
    "airing_unit_price": "Đơn giá phát sóng",
    "airing_amount": "Thành tiền phát sóng",
    "total": "Tổng cộng",
    "note": "Ghi chú",
    "executing_unit": "Đơn vị thực hiện",
    "in_words": "Bằng chữ",
}
COLUMN_LABELS_EN = {
    "number": "No.",
    "content": "Content",
    "duration": "Duration",
    "unit": "Unit",
    "quantity": "Quantity",
    "unit_price": "Unit price",
    "amount": "Amount",
    "airings": "Airings",
    "airing_unit_price": "Airing unit price",
    "airing_amount": "Airing amount",
    "total": "Total",
    "note": "Note",
    "executing_unit": "Executing unit",
    "in_words": "In words",
}


@dataclass(frozen=True)
class CodeInfo:
    severity: Severity
    title_vi: str
    title_en: str
    group: str


def _c(severity: Severity, group: str, vi: str, en: str) -> CodeInfo:
    return CodeInfo(severity=severity, title_vi=vi, title_en=en, group=group)


E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO

CATALOGUE: dict[str, CodeInfo] = {
    # arithmetic
    "ARITH_LINE": _c(
        E, "arithmetic", "Thành tiền của dòng không khớp", "Line amount does not add up"
    ),
    "ARITH_SUBTOTAL": _c(
        E, "arithmetic", "Cộng mục không khớp", "Section subtotal does not add up"
    ),
    "ARITH_TOTAL": _c(E, "arithmetic", "Tổng cộng không khớp", "Grand total does not add up"),
    "AMOUNT_OUT_OF_BOUNDS": _c(
        E, "arithmetic", "Số tiền vượt quá giới hạn", "Amount beyond the limit"
    ),
    "WORDS_MISMATCH": _c(E, "arithmetic", "Số tiền bằng chữ không khớp", "Amount in words differs"),
    "BODY_TOTAL_MISMATCH": _c(
        E,
        "arithmetic",
        "Tổng kinh phí trong kế hoạch khác phụ lục",
        "Body total differs from appendix",
    ),
    "BODY_ARITH": _c(
        E, "arithmetic", "Phép tính trong nội dung sai", "Arithmetic in the body is wrong"
    ),
    # reference
    "REF_INCONSISTENT": _c(
        E, "reference", "Số, ký hiệu hoặc ngày ghi khác nhau", "Number, symbol or date differ"
    ),
    "REF_TYPE_CODE": _c(E, "reference", "Mã loại văn bản sai", "Wrong document-type code"),
    "REF_NUMBER_FORMAT": _c(
        W, "reference", "Số, ký hiệu viết sai thể thức", "Number or symbol malformed"
    ),
    "DATE_ORDER": _c(E, "reference", "Ngày tháng sai thứ tự", "Dates out of order"),
    "DATE_INVALID": _c(E, "reference", "Ngày tháng không hợp lệ", "Invalid date"),
    "CITATION_YEAR": _c(
        E,
        "reference",
        "Năm trong số hiệu khác năm ban hành",
        "Year in the number differs from date",
    ),
    "HEADER_INCOMPLETE": _c(W, "reference", "Thiếu thành phần thể thức", "Header elements missing"),
    # coverage
    "UNFUNDED_ACTIVITY": _c(
        W, "coverage", "Hoạt động không có dòng dự toán", "Activity with no estimate line"
    ),
    "FUNDED_ELSEWHERE": _c(
        N, "coverage", "Hoạt động do nguồn kinh phí khác chi trả", "Activity funded elsewhere"
    ),
    "CONFERENCE_GROUPS_MISMATCH": _c(
        W,
        "coverage",
        "Số đại biểu các thành phần không khớp tổng số",
        "Delegate groups do not add up to the total",
    ),
    "QUANTITY_MISMATCH": _c(
        E, "coverage", "Số lượng khác giữa nội dung và dự toán", "Quantity differs from estimate"
    ),
    "RECIPIENT_MISSING": _c(
        W,
        "coverage",
        "Đơn vị có nhiệm vụ nhưng không có trong Nơi nhận",
        "Responsible unit not a recipient",
    ),
    "LUMP_SUM_NO_BASIS": _c(
        W, "coverage", "Khoản khoán không có căn cứ tính", "Lump sum without a basis"
    ),
    "AMBIGUOUS_PRICE": _c(W, "coverage", "Đơn giá ghi ở hai cột", "Price in two columns"),
    "OBJECTIVE_NO_TARGET": _c(
        W, "coverage", "Mục tiêu không có chỉ tiêu đo được", "Objective with no measurable target"
    ),
    # norms
    "NORM_EXCEEDED": _c(E, "norms", "Đơn giá vượt định mức", "Unit price above the norm"),
    "NORM_MISSING": _c(N, "norms", "Chưa có định mức để đối chiếu", "No norm to check against"),
    # text
    "NUMBER_FORMAT_MIXED": _c(W, "text", "Cách viết số không thống nhất", "Mixed number formats"),
    "NAME_VARIANT": _c(W, "text", "Tên riêng viết hai cách", "A name spelled two ways"),
    "LEGACY_ENCODING": _c(N, "text", "Đã chuyển từ bảng mã cũ", "Converted from a legacy encoding"),
    "ENCODING_DETECTED": _c(
        N, "reading", "Bảng mã được nhận ra tự động", "Encoding found automatically"
    ),
    # reading
    "TABLE_COLUMNS_MISSING": _c(
        E, "reading", "Bảng dự toán thiếu cột", "Estimate table lacks columns"
    ),
    "TABLE_CELL_NOT_NUMBER": _c(E, "reading", "Ô số có chữ", "Text in a number cell"),
    "TABLE_ROW_NO_SECTION": _c(W, "reading", "Dòng không thuộc mục nào", "Row outside any section"),
    "TABLE_ROW_SHAPE": _c(
        W, "reading", "Dòng có số ô khác tiêu đề", "Row has more cells than the header"
    ),
    "ESTIMATE_MISSING": _c(
        W, "reading", "Không tìm thấy phụ lục dự toán", "No estimate appendix found"
    ),
    # outcomes (services catalogue and dossier statistics)
    "BASELINE_MISMATCH": _c(
        W,
        "outcomes",
        "Thực trạng nêu trong kế hoạch khác danh mục dịch vụ công",
        "Stated baseline differs from the services catalogue",
    ),
    "STATS_CHANNELS_SUM": _c(
        E, "outcomes", "Các kênh tiếp nhận không cộng đúng tổng", "Channels do not add up"
    ),
    "STATS_RESOLVED_SUM": _c(
        E,
        "outcomes",
        "Trước hạn + đúng hạn + trễ hạn khác số đã giải quyết",
        "Early + on time + late differs from resolved",
    ),
    "STATS_RATE_MISMATCH": _c(
        W, "outcomes", "Tỷ lệ ghi không tính lại được", "Stated percentage not reproducible"
    ),
    "STATS_MONTH_MISSING": _c(W, "outcomes", "Thiếu số liệu một tháng", "A month is missing"),
    "STATS_RATE_DENOMINATOR": _c(
        W,
        "outcomes",
        "Tỷ lệ ghi tính trên một mẫu số khác",
        "Stated percentage uses another denominator",
    ),
    "STATS_RESOLVED_OVER_RECEIVED": _c(
        E, "outcomes", "Số đã giải quyết nhiều hơn số tiếp nhận", "More resolved than received"
    ),
    "STATS_PENDING_BALANCE": _c(
        W,
        "outcomes",
        "Tồn kỳ trước + tiếp nhận − đã giải quyết khác số đang giải quyết",
        "Pending does not balance",
    ),
    "STATS_TOTAL_ROW": _c(
        E, "outcomes", "Dòng tổng cộng khác tổng các dòng", "Total row differs from its rows"
    ),
    "STATS_COLUMN_IGNORED": _c(N, "outcomes", "Cột không dùng", "Column not used"),
}


@dataclass(frozen=True)
class Finding:
    """What a check found. A check written the catalogue's way gives ``said`` (a
    :class:`kehoach.core.messages.Message`, English from the catalogue) through
    :meth:`Finding.of`; older checks still write ``message_vi`` and ``message_en``."""

    code: str
    message_vi: str
    message_en: str
    where: Where
    severity: Severity | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    said: Message | None = field(default=None, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise ValueError(f"Unknown finding code {self.code!r}: add it to CATALOGUE")
        if self.severity is None:
            object.__setattr__(self, "severity", CATALOGUE[self.code].severity)
        if self.said is not None:  # the texts older readers take, from the one message
            object.__setattr__(self, "message_vi", self.said.text("vi"))
            object.__setattr__(self, "message_en", self.said.text("en"))

    @classmethod
    def of(
        cls,
        message: Message,
        where: Where,
        *,
        severity: Severity | None = None,
        data: dict[str, Any] | None = None,
    ) -> Finding:
        """A finding said by a declared message (its code is the finding's code)."""
        return cls(message.code, "", "", where, severity, data or {}, said=message)

    @property
    def level(self) -> Severity:
        assert self.severity is not None
        return self.severity

    def message(self, lang: str = "vi") -> str:
        if self.said is not None:  # said in ``lang`` now, from the catalogue
            return self.said.text(lang)
        return self.message_vi if lang == "vi" else self.message_en

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.level.value,
            "message": self.message(lang),
            "where": {**self.where.to_dict(), "label": self.where.label(lang)},
            **({"data": self.data} if self.data else {}),
        }


def stored_finding(finding: Finding) -> dict[str, Any]:
    """What a record keeps of a finding (an import job): the Vietnamese dict with the English
    message and place beside it, so a page says it in the reader's language."""
    out = finding.to_dict("vi")
    out["message_en"] = finding.message("en")
    out["where"]["label_en"] = finding.where.label("en")
    return out


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.level.rank, f.where.source_line or 0, f.code))
