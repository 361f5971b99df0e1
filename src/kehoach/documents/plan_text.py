"""Lines of a plan's text -> :class:`~kehoach.core.plan.PlanDocument`.

Every reader (plain text, DOCX) turns its file into logical lines with their position and
hands them here, with the appendix table as rows for :mod:`estimate_table`. Tolerant of what
real files hold: Markdown residue, flattened header and signature blocks (cells joined by
tabs), "Căn cứ" lists with or without the word "số".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kehoach.core import vocabulary
from kehoach.core.citations import (
    TYPE_NAMES,
    find_citations,
    parse_date_text,
)
from kehoach.core.findings import Finding, Where
from kehoach.core.messages import declare
from kehoach.core.money import NumberFormatError, parse_number
from kehoach.core.plan import (
    Activity,
    ActivityItem,
    Figure,
    Objective,
    Paragraph,
    PlanDocument,
    Recipient,
    Responsibility,
)
from kehoach.core.text import fold, nfc
from kehoach.documents.estimate_table import Row, TableResult, read_estimate_rows


@dataclass
class TextLine:
    text: str
    source_line: int | None = None


# What reading the plan says (docs/architecture.md, "Messages"): English in the catalogue.
ESTIMATE_MISSING = declare(
    "ESTIMATE_MISSING",
    "Không tìm thấy bảng dự toán kinh phí (phụ lục); các kiểm tra số học và đối chiếu dự toán "
    "không thực hiện được.",
)

_MARKDOWN = re.compile(r"(\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|^#+\s*|^>\s*|\\(?=[*_#.-]))")
_ROMAN_HEADING = re.compile(r"^(?P<num>[IVX]{1,5})\s*[.)]\s*(?P<title>\S.*)$")
_NUM_HEADING = re.compile(r"^(?P<num>\d{1,2})\s*[.)]\s+(?P<title>\D.*)$")
_BULLET = re.compile(r"^[-–—•+*]\s*")
_ITEM = re.compile(r"^(?P<qty>\d+(?:[.,]\d+)?)\s+(?P<rest>[^\d\s].*)$")
_EXPR = re.compile(
    r"(?P<a>\d+(?:[.,]\d+)?)\s*(?P<a_words>[^\d=x×*]*?)\s*[x×*]\s*"
    r"(?P<b>\d+(?:[.,]\d+)?)\s*(?P<b_words>[^\d=]*?)\s*=\s*(?P<c>\d+(?:[.,]\d+)?)\s*(?P<c_words>[^\d,.;]*)"
)
_AMOUNT = re.compile(r"(?P<num>\d{1,3}(?:[.,]\d{3})+|\d{4,})\s*(?:đồng|đ\b|VNĐ)", re.IGNORECASE)
_WORDS_PAREN = re.compile(r"\(\s*(?:bằng chữ\s*:?\s*)?(?P<words>[^()]*đồng[^()]*)\)", re.IGNORECASE)
_SIGNER = re.compile(
    r"^(?P<prefix>Q\.|KT\.|TM\.|TL\.|TUQ\.|K/T|T/M|T/L)?\s*(?P<title>[A-ZÀ-Ỹ][A-ZÀ-ỸĐ .–-]{3,})$"
)
_FIGURE = re.compile(r"(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>%|phần trăm|[^\W\d_]+(?:\s+[^\W\d_]+)?)")
_BASELINE_START = ("hien nay", "hien tai", "tinh den", "thuc trang", "nam qua", "truoc day")
_SPLIT_CELLS = re.compile(r"\t+| {3,}")
_DECIDES = ("quyet dinh", "quyet nghi", "chi thi", "quy dinh")
_TYPE_FOLDED = {fold(t) for t in TYPE_NAMES}


_LINE_SPACES = re.compile(r"[ \u00a0\u2000-\u200b\u202f]+")
_LINE_TABS = re.compile(r" *\t[\t ]*")


# Anything clean_line's substitutions would change; text without it only needs the strip.
_NEEDS_CLEANING = re.compile(r"[*_#>\\\t\u00a0\u2000-\u200b\u202f]|  ")


def clean_line(text: str) -> str:
    text = nfc(text)
    if not _NEEDS_CLEANING.search(text):
        return text.strip(" \t")  # most cells of a table: one search instead of three passes
    text = _MARKDOWN.sub("", text)
    text = _LINE_SPACES.sub(" ", text)
    return _LINE_TABS.sub("\t", text).strip(" \t")


def is_uppercase_line(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


class _PlanBuilder:
    def __init__(
        self, lines: list[TextLine], appendix: list[TextLine], table: TableResult | None
    ) -> None:
        self.lines = [TextLine(clean_line(ln.text), ln.source_line) for ln in lines]
        self.lines = [ln for ln in self.lines if ln.text]
        self.appendix = [TextLine(clean_line(ln.text), ln.source_line) for ln in appendix]
        self.table = table
        self.doc = PlanDocument()

    def build(self) -> PlanDocument:
        from kehoach.documents import opening  # inside: cycle — opening imports TextLine from here

        start = opening.document_start(self.lines)
        header, findings, body_start = opening.read_opening(self.lines, start)
        self.doc.header = header
        self.doc.reading_findings.extend(findings)
        self.lines = self.lines[:body_start] + opening.rejoin_body(self.lines[body_start:])
        self._body(body_start)
        self._appendix()
        return self.doc

    # -- body ------------------------------------------------------------------------------
    def _body(self, start: int) -> None:
        heading = ""
        kind = "preamble"
        activity: Activity | None = None
        closing = False
        in_recipients = False
        signer_seen = False
        for line in self.lines[start:]:
            text = line.text
            folded = fold(text)
            roman = _ROMAN_HEADING.match(text)
            numbered = _NUM_HEADING.match(text)
            where = Where(part="body", source_line=line.source_line, text=text[:60])
            if folded.startswith("tren day la") or folded.startswith("noi nhan"):
                closing = True
            if folded.startswith("tren day la") and not self.doc.closing:
                self.doc.closing = text.strip()  # the closing sentence, kept (issue 19)
                continue
            decides = folded.rstrip(" :") in _DECIDES and text.rstrip().endswith(":")
            if kind == "preamble" and decides:
                kind = "other"  # "QUYẾT ĐỊNH:": the articles follow, the legal bases are over
            if kind == "legal_bases" and numbered and not _is_legal(numbered.group("title")):
                kind = "other"  # "2. Sự cần thiết" after "1. Cơ sở pháp lý"
            if closing:
                in_recipients, signer_seen = self._closing(line, in_recipients, signer_seen)
                continue
            if roman and not _ITEM.match(text):
                heading = roman.group("num")
                kind = self._section_kind(roman.group("title"))
                activity = None
                self.doc.paragraphs.append(Paragraph(text, heading, where))
                continue
            if numbered and kind == "activities":
                heading_path = f"{heading}.{numbered.group('num')}"
                activity = Activity(
                    number=numbered.group("num"),
                    title=numbered.group("title").strip(" ."),
                    where=Where(
                        part="body",
                        source_line=line.source_line,
                        heading=heading_path,
                        text=text[:60],
                    ),
                )
                self.doc.activities.append(activity)
                self.doc.paragraphs.append(Paragraph(text, heading_path, activity.where))
                continue
            path = f"{heading}.{activity.number}" if activity else heading
            where = Where(
                part="body", source_line=line.source_line, heading=path or None, text=text[:60]
            )
            self.doc.paragraphs.append(Paragraph(text, path, where))
            body_text = _BULLET.sub("", text)
            if kind in ("preamble", "legal_bases"):
                self.doc.legal_bases.extend(
                    find_citations(
                        text,
                        Where(part="legal_bases", source_line=line.source_line, text=text[:60]),
                    )
                )
            elif kind == "objectives":
                self.doc.objectives.append(self._objective(body_text, where))
            elif kind == "content":
                self.doc.content = (self.doc.content + "\n" + body_text).strip()
            elif kind == "activities" and activity is not None:
                self._activity_line(activity, body_text, where)
            elif kind == "funding":
                self._funding_line(body_text, line)
            elif kind == "responsibilities":
                self.doc.responsibilities.append(Responsibility(body_text, where))
        for act in self.doc.activities:
            act.kind = vocabulary.activity_kind(
                act.title, anywhere=False
            ) or vocabulary.activity_kind(act.title + " . " + act.description)
            act.medium = vocabulary.medium(act.title) or vocabulary.medium(act.description)
            for item in act.items:
                if item.medium is None:
                    item.medium = vocabulary.medium(item.text) or act.medium

    @staticmethod
    def _section_kind(title: str) -> str:
        folded = fold(title)
        if _is_legal(title):
            return "legal_bases"  # "I. CĂN CỨ PHÁP LÝ": the bases listed, with or without "Căn cứ"
        if "muc tieu" in folded or "muc dich" in folded:
            return "objectives"
        if "hinh thuc" in folded or "hoat dong" in folded or "giai phap" in folded:
            return "activities"
        if "kinh phi" in folded:
            return "funding"
        if "to chuc thuc hien" in folded or "phan cong" in folded:
            return "responsibilities"
        if "noi dung" in folded:
            return "content"
        return "other"

    def _objective(self, text: str, where: Where) -> Objective:
        folded = fold(text)
        figures = []
        for match in _FIGURE.finditer(text):
            unit = match.group("unit")
            before = fold(text[: match.start()])
            value_text = match.group("num")
            if re.fullmatch(r"(19|20)\d\d", value_text) or re.search(
                r"\b(nam|muc do|muc|ngay|thang|cap)\s*$", before
            ):
                continue  # a year or a service level is not a measurable quantity
            if fold(unit).startswith(("thang", "nam")):
                continue
            try:
                value = parse_number(value_text).value
            except NumberFormatError:
                continue
            figures.append(Figure(value=value, unit=unit, text=match.group(0)))
        baseline = folded.startswith(_BASELINE_START)
        return Objective(text=text, figures=figures, is_baseline=baseline, where=where)

    def _activity_line(self, activity: Activity, text: str, where: Where) -> None:
        folded = fold(text)
        label, _, value = text.partition(":")
        label_folded = fold(label)
        if value and label_folded in ("doi tuong", "thanh phan", "doi tuong tham du"):
            activity.audience = value.strip()
            return
        if value and label_folded in ("so luong", "quy mo"):
            match = _ITEM.match(value.strip())
            if match:
                activity.quantity = _decimal(match.group("qty"))
                activity.unit = match.group("rest").strip(" .,;")
            return
        if value and label_folded in ("noi dung", "thoi gian", "dia diem"):
            activity.description = (activity.description + "\n" + text).strip()
            return
        expr = _EXPR.search(text)
        if expr:
            words = expr.group("c_words").strip(" .,;") or expr.group("a_words").strip()
            activity.items.append(
                ActivityItem(
                    text=text,
                    kind=vocabulary.activity_kind(expr.group("a_words"))
                    or vocabulary.activity_kind(words),
                    medium=vocabulary.medium(expr.group("a_words")),
                    quantity=_decimal(expr.group("c")),
                    unit=words,
                    where=where,
                )
            )
            return
        item = _ITEM.match(text)
        if item and not folded.startswith(("moi ", "tu ")):
            rest = item.group("rest").strip(" .,;")
            activity.items.append(
                ActivityItem(
                    text=text.strip(" .,;"),
                    kind=vocabulary.activity_kind(rest),
                    medium=vocabulary.medium(rest),
                    quantity=_decimal(item.group("qty")),
                    unit=rest,
                    where=where,
                )
            )
            return
        activity.description = (activity.description + "\n" + text).strip()

    def _funding_line(self, text: str, line: TextLine) -> None:
        folded = fold(text)
        total = self.doc.body_total
        amount = _AMOUNT.search(text)
        where = Where(part="funding", source_line=line.source_line, text=text[:60])
        if amount and total.amount is None and ("tong" in folded or "kinh phi" in folded):
            try:
                total.amount = parse_number(amount.group("num")).value
                total.amount_text = amount.group("num")
                total.where = where
            except NumberFormatError:
                pass
            words = _WORDS_PAREN.search(text[amount.end() :])
            if words:
                total.words = words.group("words").strip(" *_")
        elif "nguon" in folded or folded.startswith("chi tu"):
            self.doc.funding_source = (self.doc.funding_source + " " + text).strip()

    # -- closing: recipients and signer ---------------------------------------------------
    def _closing(self, line: TextLine, in_recipients: bool, signer_seen: bool) -> tuple[bool, bool]:
        for fragment in _SPLIT_CELLS.split(line.text):
            fragment = fragment.strip()
            if not fragment:
                continue
            folded = fold(fragment)
            if folded.startswith("tren day la"):
                continue
            if folded.startswith("noi nhan"):
                in_recipients = True
                rest = fragment.split(":", 1)[1].strip() if ":" in fragment else ""
                if rest:
                    self._recipients(rest, line)
                continue
            signer = _SIGNER.match(fragment)
            if signer and is_uppercase_line(fragment) and not fragment.startswith(("-", "+")):
                self._signer_title(signer.group("prefix") or "", signer.group("title"), line)
                signer_seen = True
                continue
            if in_recipients and (_BULLET.match(fragment) or not signer_seen):
                self._recipients(_BULLET.sub("", fragment), line)
                continue
            if signer_seen and not self.doc.signer.name and _looks_like_name(fragment):
                self.doc.signer.name = fragment
        return in_recipients, signer_seen

    def _signer_title(self, prefix: str, title: str, line: TextLine) -> None:
        signer = self.doc.signer
        if signer.title and not signer.name:
            # "KT. GIÁM ĐỐC" then "PHÓ GIÁM ĐỐC": the second line is the signer's own title.
            signer.title = f"{signer.title}\n{title.strip()}"
            return
        signer.prefix = prefix.replace("K/T", "KT.").replace("T/M", "TM.").replace("T/L", "TL.")
        signer.title = title.strip()
        signer.where = Where(part="signer", source_line=line.source_line, text=line.text[:60])

    def _recipients(self, text: str, line: TextLine) -> None:
        """One "Nơi nhận" line may name several recipients: "Báo Ấp Bắc; Đài PTTH Tiền Giang"."""
        if fold(text).startswith("luu"):
            self._recipient(text, line)
            return
        for part in re.split(r";\s*", text):
            self._recipient(part, line)

    def _recipient(self, text: str, line: TextLine) -> None:
        text = text.strip(" ;.")
        if not text:
            return
        purpose = ""
        match = re.search(r"\(([^()]*)\)\s*$", text)
        if match:
            purpose = match.group(1).strip()
            text = text[: match.start()].strip(" ;.")
        self.doc.recipients.append(
            Recipient(
                text=text,
                purpose=purpose,
                is_archive=fold(text).startswith("luu"),
                where=Where(part="recipients", source_line=line.source_line, text=text[:60]),
            )
        )

    # -- appendix --------------------------------------------------------------------------
    def _appendix(self) -> None:
        estimate = self.table.estimate if self.table else None
        if self.table is not None:
            self.doc.estimate = self.table.estimate
            self.doc.reading_findings.extend(self.table.findings)
        titles: list[str] = []
        for line in self.appendix:
            text = line.text.strip()
            if not text:
                continue
            folded = fold(text)
            where = Where(part="appendix", source_line=line.source_line, text=text[:60])
            citations = find_citations(text, where)
            if (
                citations
                and self.doc.estimate_reference is None
                and (
                    "so" in folded.split()
                    or folded.startswith(("ke hoach", "kem theo", "(kem theo"))
                )
            ):
                self.doc.estimate_reference = citations[0]
                if estimate is not None:
                    estimate.reference_text = text.strip("() ")
                continue
            if "bang chu" in folded and estimate is not None:
                match = re.search(r"bằng chữ\s*:?\s*(.+?)\)?\s*$", text, re.IGNORECASE)
                if match and estimate.stated_words is None:
                    estimate.stated_words = match.group(1).strip(" ()*_.")
                    estimate.stated_words_where = Where(
                        part="appendix", source_line=line.source_line, column="in_words"
                    )
                continue
            if folded in ("phu luc",) or folded.startswith("phu luc "):
                continue
            titles.append(text)
        if estimate is not None and titles:
            estimate.title = " — ".join(titles)


def _is_legal(title: str) -> bool:
    folded = fold(title)
    return folded.startswith("can cu") or "phap ly" in folded


def _decimal(text: str) -> Decimal | None:
    try:
        return parse_number(text).value
    except NumberFormatError:
        return None


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 6 and all(
        w[:1].isupper() and (len(w) == 1 or not w.isupper()) for w in words
    )


def build_plan(
    lines: list[TextLine],
    appendix: list[TextLine] | None = None,
    table_rows: list[Row] | None = None,
) -> PlanDocument:
    table = read_estimate_rows(table_rows) if table_rows else None
    doc = _PlanBuilder(lines, appendix or [], table).build()
    if table is None:
        doc.reading_findings.append(Finding.of(ESTIMATE_MISSING, Where(part="appendix")))
    _ = parse_date_text  # re-exported for readers
    return doc
