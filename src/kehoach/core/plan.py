"""The plan document model (Kế hoạch): what every reader produces and every writer consumes.

One plan, one :class:`PlanDocument`. Readers fill what the file holds and leave the rest
empty; the checks say what is missing or wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kehoach.core.estimate import Estimate
from kehoach.core.findings import Finding, Where


@dataclass
class Citation:
    """A reference to a document: a legal basis, or the appendix's reference to its plan."""

    type_name: str  # "Kế hoạch", "Nghị quyết", "Công văn" …
    number: str  # "37", "36a"
    symbol: str  # "KH-UBND", "NQ-CP"
    year: int | None = None  # the year inside the number: "01/2011/TT-BNV" -> 2011
    date: date | None = None
    date_text: str = ""
    issuer: str = ""
    summary: str = ""
    raw: str = ""
    where: Where = field(default_factory=lambda: Where(part="legal_bases"))

    @property
    def reference(self) -> str:
        if self.is_party:
            return f"{self.number}-{self.symbol}"  # "57-NQ/TW"
        year = f"{self.year}/" if self.year else ""
        return f"{self.number}/{year}{self.symbol}"

    @property
    def is_party(self) -> bool:
        """A Party document ("57-NQ/TW"): its codes are not the State registry's."""
        return "/" in self.symbol

    @property
    def type_code(self) -> str:
        """The first part of the symbol: "KH" in "KH-STTTT"; none for a Party document, nor
        for a symbol that is only its issuer's ("120/2020/QH14", a law or a resolution of the
        National Assembly)."""
        if self.is_party or "-" not in self.symbol:
            return ""
        return self.symbol.split("-", 1)[0]


@dataclass
class Header:
    governing_body: str = ""  # "UBND TỈNH TIỀN GIANG"
    agency: str = ""  # "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    number: str = ""  # "46a"
    symbol: str = ""  # "KH-STTTT"
    type_name: str = ""  # "KẾ HOẠCH"
    place: str = ""
    date: date | None = None
    date_text: str = ""
    title: str = ""  # the summary line under the type name
    national_motto: bool = False
    where: Where = field(default_factory=lambda: Where(part="header"))
    number_where: Where | None = None
    date_where: Where | None = None
    year: int | None = None  # the year inside the number: "06/2024/QĐ-UBND" -> 2024

    @property
    def reference(self) -> str:
        if not (self.number or self.symbol):
            return ""
        year = f"{self.year}/" if self.year else ""
        return f"{self.number}/{year}{self.symbol}"

    @property
    def type_code(self) -> str:
        return self.symbol.split("-", 1)[0]


@dataclass
class Figure:
    value: Decimal
    unit: str
    text: str


@dataclass
class Objective:
    text: str
    figures: list[Figure] = field(default_factory=list)
    is_baseline: bool = False  # a statement of where things stand ("Hiện nay …")
    where: Where = field(default_factory=lambda: Where(part="body"))

    @property
    def has_target(self) -> bool:
        return bool(self.figures) and not self.is_baseline


@dataclass
class ActivityItem:
    """One countable output of an activity: "20 phóng sự ngắn truyền hình"."""

    text: str
    kind: str | None = None  # glossary code: conference, report, news, …
    medium: str | None = None  # tv, radio, print
    quantity: Decimal | None = None
    unit: str = ""
    where: Where = field(default_factory=lambda: Where(part="body"))


@dataclass
class Activity:
    number: str  # "1" under heading III
    title: str
    kind: str | None = None
    medium: str | None = None
    audience: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    description: str = ""
    items: list[ActivityItem] = field(default_factory=list)
    where: Where = field(default_factory=lambda: Where(part="body"))

    def outputs(self) -> list[ActivityItem]:
        """The countable outputs: the listed items, or the activity itself."""
        if self.items:
            return self.items
        return [
            ActivityItem(
                text=self.title,
                kind=self.kind,
                medium=self.medium,
                quantity=self.quantity,
                unit=self.unit,
                where=self.where,
            )
        ]


@dataclass
class Responsibility:
    text: str
    where: Where = field(default_factory=lambda: Where(part="body"))


@dataclass
class Recipient:
    text: str
    purpose: str = ""  # "(báo cáo)", "(để biết)"
    is_archive: bool = False  # "Lưu: VT, …"
    where: Where = field(default_factory=lambda: Where(part="recipients"))


@dataclass
class Signer:
    prefix: str = ""  # "Q.", "KT.", "TM.", "TL.", "TUQ."
    title: str = ""  # "GIÁM ĐỐC"
    name: str = ""
    where: Where = field(default_factory=lambda: Where(part="signer"))


@dataclass
class Paragraph:
    text: str
    heading: str = ""  # "III.4"
    where: Where = field(default_factory=lambda: Where(part="body"))


@dataclass
class BodyTotal:
    amount: Decimal | None = None
    amount_text: str = ""
    words: str | None = None
    where: Where = field(default_factory=lambda: Where(part="funding"))


@dataclass
class PlanDocument:
    header: Header = field(default_factory=Header)
    legal_bases: list[Citation] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    content: str = ""
    activities: list[Activity] = field(default_factory=list)
    funding_source: str = ""
    body_total: BodyTotal = field(default_factory=BodyTotal)
    responsibilities: list[Responsibility] = field(default_factory=list)
    recipients: list[Recipient] = field(default_factory=list)
    signer: Signer = field(default_factory=Signer)
    estimate: Estimate = field(default_factory=Estimate)
    estimate_reference: Citation | None = None  # the appendix's "Kế hoạch số: …"
    paragraphs: list[Paragraph] = field(default_factory=list)
    # "Trên đây là Kế hoạch …./.": the body's closing sentence, before "Nơi nhận" (issue 19).
    closing: str = ""
    source_name: str = ""
    source_format: str = ""  # txt, docx, xlsx
    encoding: str = "utf-8"
    reading_findings: list[Finding] = field(default_factory=list)
    # Decisions recorded outside the document, given to the checks as data: activity number
    # -> the other source that pays for it (issue 7: "funded elsewhere" silences
    # UNFUNDED_ACTIVITY and is reported as FUNDED_ELSEWHERE instead).
    funded_elsewhere: dict[str, str] = field(default_factory=dict)
