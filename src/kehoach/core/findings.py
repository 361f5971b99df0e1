"""Findings: what a check says about a plan, with a stable code, a severity and a place.

The catalogue below is the single list of codes; ``docs/checks.md`` documents each one and a
test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kehoach.core.messages import Message, declare, joined, normalise


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    @property
    def said(self) -> Message:
        """The heading of this severity's findings (English from the catalogue)."""
        return SEVERITY_LABELS[self.value]

    def label(self, lang: str) -> str:
        """The heading in one language: "Lỗi" or "Errors"."""
        return self.said.text(lang)


# One Vietnamese word, two English ones ("Lỗi" is "Error" on a form): told apart by context.
SEVERITY_LABELS = {
    "error": declare("severity.error", "Lỗi", context="severity"),
    "warning": declare("severity.warning", "Cảnh báo", context="severity"),
    "info": declare("severity.info", "Thông tin", context="severity"),
}

PART_LABELS = {
    "header": declare("where.header", "Phần đầu văn bản"),
    "legal_bases": declare("where.legal_bases", "Căn cứ"),
    "body": declare("where.body", "Nội dung kế hoạch"),
    "funding": declare("where.funding", "Mục kinh phí"),
    "recipients": declare("where.recipients", "Nơi nhận"),
    "signer": declare("where.signer", "Chữ ký"),
    "appendix": declare("where.appendix", "Phụ lục dự toán"),
    "file": declare("where.file", "Tệp"),
    "statistics": declare("where.statistics", "Số liệu hồ sơ"),
    "catalogue": declare("where.catalogue", "Danh mục dịch vụ công"),
}
AT_HEADING = declare("where.heading", "mục {heading}")
AT_LINE = declare("where.line", "dòng {line}")
AT_SECTION = declare("where.section", "mục {section}")
AT_COLUMN = declare("where.column", "cột {column}")
AT_SOURCE_LINE = declare("where.source_line", "dòng {source_line} của tệp")


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
    # (a statistics field, "rate_online"), or a column's place in a file ("F")
    text: str | None = None  # a short quote of what is there

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @property
    def said(self) -> Message:
        """The place as a person reads it ("Phụ lục dự toán, dòng A.I.3, cột Đơn giá"), each
        part said in the language of the whole."""
        parts: list[Message | str] = [PART_LABELS.get(self.part, self.part)]
        if self.heading:
            parts.append(AT_HEADING.with_params(heading=self.heading))
        if self.line:
            parts.append(AT_LINE.with_params(line=self.line))
        elif self.section:
            parts.append(AT_SECTION.with_params(section=self.section))
        if self.column:
            parts.append(AT_COLUMN.with_params(column=column_name(self.column)))
        if self.source_line:
            parts.append(AT_SOURCE_LINE.with_params(source_line=self.source_line))
        return joined(parts, ", ")

    def label(self, lang: str) -> str:
        """The place in one language."""
        return self.said.text(lang)


# A table column's name, by the model field's name (English from the catalogue).
COLUMNS = {
    "number": declare("column.number", "STT"),
    "content": declare("column.content", "Nội dung"),
    "duration": declare("column.duration", "Thời lượng"),
    "unit": declare("column.unit", "Đơn vị tính"),
    "quantity": declare("column.quantity", "Số lượng"),
    "unit_price": declare("column.unit_price", "Đơn giá"),
    "amount": declare("column.amount", "Thành tiền"),
    "airings": declare("column.airings", "Số lần phát sóng"),
    "airing_unit_price": declare("column.airing_unit_price", "Đơn giá phát sóng"),
    "airing_amount": declare("column.airing_amount", "Thành tiền phát sóng"),
    "total": declare("column.total", "Tổng cộng"),
    "note": declare("column.note", "Ghi chú"),
    "executing_unit": declare("column.executing_unit", "Đơn vị thực hiện"),
    "in_words": declare("column.in_words", "Bằng chữ"),
}


# A dossier statistics table's column, by the field it feeds (outcomes): a finding on a row
# stored without its file's headings names the field in the reader's language, never its code
# ("rate_online"). The same words as the import's preview (kehoach.outcomes.columns takes them
# from here), so one catalogue entry says each.
STATISTICS_COLUMNS = {
    "received_online": declare("column.received_online", "Tiếp nhận trực tuyến"),
    "received_counter": declare("column.received_counter", "Tiếp nhận trực tiếp"),
    "received_post": declare("column.received_post", "Tiếp nhận qua bưu chính"),
    "stated_received": declare("column.stated_received", "Tổng số tiếp nhận trong kỳ"),
    "stated_total": declare(
        "column.stated_total", "Tổng số hồ sơ phải giải quyết (kể cả tồn kỳ trước)"
    ),
    "carried_over": declare("column.carried_over", "Tồn kỳ trước chuyển sang"),
    "stated_resolved": declare("column.stated_resolved", "Đã giải quyết (đã xử lý)"),
    "resolved_early": declare("column.resolved_early", "Giải quyết trước hạn"),
    "resolved_on_time": declare("column.resolved_on_time", "Giải quyết đúng hạn"),
    "resolved_late": declare("column.resolved_late", "Giải quyết trễ hạn"),
    "pending": declare("column.pending", "Đang giải quyết"),
    "pending_in_time": declare("column.pending_in_time", "Đang giải quyết, còn hạn"),
    "pending_overdue": declare("column.pending_overdue", "Đang giải quyết, quá hạn"),
    "with_fee": declare("column.with_fee", "Hồ sơ có phí, lệ phí"),
    "paid_online": declare("column.paid_online", "Thanh toán trực tuyến"),
    "rate_online": declare("column.rate_online", "Tỷ lệ hồ sơ trực tuyến (%)"),
    "rate_payment": declare("column.rate_payment", "Tỷ lệ thanh toán trực tuyến (%)"),
    "rate_on_time": declare(
        "column.rate_on_time", "Tỷ lệ giải quyết đúng hạn, kể cả trước hạn (%)"
    ),
    "rate_on_time_only": declare(
        "column.rate_on_time_only", "Tỷ lệ giải quyết đúng hạn, không kể trước hạn (%)"
    ),
    "rate_early": declare("column.rate_early", "Tỷ lệ giải quyết trước hạn (%)"),
    "rate_late": declare("column.rate_late", "Tỷ lệ giải quyết trễ hạn (%)"),
}


def column_name(column: str) -> Message | str:
    """A column's name to put in a message, by the field it holds (an estimate's, a statistics
    table's); a column given by its place in a file ("F (Tỷ lệ …)"): as it is."""
    return COLUMNS.get(column) or STATISTICS_COLUMNS.get(column) or column


@dataclass(frozen=True)
class CodeInfo:
    severity: Severity
    title: Message  # what the code means, in a few words (English from the catalogue)
    group: str


E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO

# code -> (severity, group, title in Vietnamese)
_CODES: dict[str, tuple[Severity, str, str]] = {
    # arithmetic
    "ARITH_LINE": (E, "arithmetic", "Thành tiền của dòng không khớp"),
    "ARITH_SUBTOTAL": (E, "arithmetic", "Cộng mục không khớp"),
    "ARITH_TOTAL": (E, "arithmetic", "Tổng cộng không khớp"),
    "AMOUNT_OUT_OF_BOUNDS": (E, "arithmetic", "Số tiền vượt quá giới hạn"),
    "WORDS_MISMATCH": (E, "arithmetic", "Số tiền bằng chữ không khớp"),
    "BODY_TOTAL_MISMATCH": (E, "arithmetic", "Tổng kinh phí trong kế hoạch khác phụ lục"),
    "BODY_ARITH": (E, "arithmetic", "Phép tính trong nội dung sai"),
    # reference
    "REF_INCONSISTENT": (E, "reference", "Số, ký hiệu hoặc ngày ghi khác nhau"),
    "REF_TYPE_CODE": (E, "reference", "Mã loại văn bản sai"),
    "REF_NUMBER_FORMAT": (W, "reference", "Số, ký hiệu viết sai thể thức"),
    "DATE_ORDER": (E, "reference", "Ngày tháng sai thứ tự"),
    "DATE_INVALID": (E, "reference", "Ngày tháng không hợp lệ"),
    "CITATION_YEAR": (E, "reference", "Năm trong số hiệu khác năm ban hành"),
    "HEADER_INCOMPLETE": (W, "reference", "Thiếu thành phần thể thức"),
    # coverage
    "UNFUNDED_ACTIVITY": (W, "coverage", "Hoạt động không có dòng dự toán"),
    "FUNDED_ELSEWHERE": (N, "coverage", "Hoạt động do nguồn kinh phí khác chi trả"),
    "CONFERENCE_GROUPS_MISMATCH": (W, "coverage", "Số đại biểu các thành phần không khớp tổng số"),
    "QUANTITY_MISMATCH": (E, "coverage", "Số lượng khác giữa nội dung và dự toán"),
    "RECIPIENT_MISSING": (W, "coverage", "Đơn vị có nhiệm vụ nhưng không có trong Nơi nhận"),
    "LUMP_SUM_NO_BASIS": (W, "coverage", "Khoản khoán không có căn cứ tính"),
    "AMBIGUOUS_PRICE": (W, "coverage", "Đơn giá ghi ở hai cột"),
    "OBJECTIVE_NO_TARGET": (W, "coverage", "Mục tiêu không có chỉ tiêu đo được"),
    # norms
    "NORM_EXCEEDED": (E, "norms", "Đơn giá vượt định mức"),
    "NORM_MISSING": (N, "norms", "Chưa có định mức để đối chiếu"),
    # text
    "NUMBER_FORMAT_MIXED": (W, "text", "Cách viết số không thống nhất"),
    "NAME_VARIANT": (W, "text", "Tên riêng viết hai cách"),
    "LEGACY_ENCODING": (N, "text", "Đã chuyển từ bảng mã cũ"),
    "ENCODING_DETECTED": (N, "reading", "Bảng mã được nhận ra tự động"),
    # reading
    "TABLE_COLUMNS_MISSING": (E, "reading", "Bảng dự toán thiếu cột"),
    "TABLE_CELL_NOT_NUMBER": (E, "reading", "Ô số có chữ"),
    "TABLE_ROW_NO_SECTION": (W, "reading", "Dòng không thuộc mục nào"),
    "TABLE_ROW_SHAPE": (W, "reading", "Dòng có số ô khác tiêu đề"),
    "ESTIMATE_MISSING": (W, "reading", "Không tìm thấy phụ lục dự toán"),
    # outcomes (services catalogue and dossier statistics)
    "BASELINE_MISMATCH": (
        W,
        "outcomes",
        "Thực trạng nêu trong kế hoạch khác danh mục dịch vụ công",
    ),
    "STATS_CHANNELS_SUM": (E, "outcomes", "Các kênh tiếp nhận không cộng đúng tổng"),
    "STATS_RESOLVED_SUM": (E, "outcomes", "Trước hạn + đúng hạn + trễ hạn khác số đã giải quyết"),
    "STATS_RATE_MISMATCH": (W, "outcomes", "Tỷ lệ ghi không tính lại được"),
    "STATS_MONTH_MISSING": (W, "outcomes", "Thiếu số liệu một tháng"),
    "STATS_RATE_DENOMINATOR": (W, "outcomes", "Tỷ lệ ghi tính trên một mẫu số khác"),
    "STATS_RESOLVED_OVER_RECEIVED": (E, "outcomes", "Số đã giải quyết nhiều hơn số tiếp nhận"),
    "STATS_PENDING_BALANCE": (
        W,
        "outcomes",
        "Tồn kỳ trước + tiếp nhận − đã giải quyết khác số đang giải quyết",
    ),
    "STATS_TOTAL_ROW": (E, "outcomes", "Dòng tổng cộng khác tổng các dòng"),
    "STATS_COLUMN_IGNORED": (N, "outcomes", "Cột không dùng"),
}

CATALOGUE: dict[str, CodeInfo] = {
    code: CodeInfo(severity=severity, title=declare(f"title.{code}", title), group=group)
    for code, (severity, group, title) in _CODES.items()
}


@dataclass(frozen=True)
class Finding:
    """What a check found. A check says it with a declared message (``said``, a
    :class:`kehoach.core.messages.Message` whose English is in the catalogue) through
    :meth:`Finding.of`; ``message_vi`` and ``message_en`` are filled from it for readers
    written before (an app's finding still written with both texts keeps them)."""

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
        return self.message_en if normalise(lang) == "en" else self.message_vi

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.level.value,
            "message": self.message(lang),
            "where": {**self.where.to_dict(), "label": self.where.label(lang)},
            **({"data": self.data} if self.data else {}),
        }


def stored_finding(finding: Finding) -> dict[str, Any]:
    """What a record keeps of a finding (an import job): the Vietnamese dict, the message's
    parts (``said``: code, msgid, params, said later in the reader's language through the
    catalogue) and, for readers written before, the English message and place beside it."""
    out = finding.to_dict("vi")
    if finding.said is not None:
        out["said"] = finding.said.to_dict()
    out["message_en"] = finding.message("en")
    out["where"]["label_en"] = finding.where.label("en")
    return out


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.level.rank, f.where.source_line or 0, f.code))
