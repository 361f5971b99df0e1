"""Bounds at the door (docs/design.md §8 "Bounds in one place").

Every figure a form, an API call, a reader or an import accepts stays inside these limits, so
that no accepted value can break a page later: a line's product, a section's sum and the grand
total are bounded as well as each factor; years and dates keep to a sensible range; a count
that creates records (deliverables per line) is capped.

Each check returns ``None`` when the value is inside, or a :class:`Refusal` that names the
field and the limit (a :class:`Message`, said in the reader's language). Pure Python: forms,
API schemas, readers and services call it alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kehoach.core.estimate import Estimate, EstimateSection
from kehoach.core.messages import Message, declare
from kehoach.core.words import MAX_AMOUNT as WORDS_MAX
from kehoach.core.words import amount_to_words

# The largest amount of one figure (a unit price, an airing price, a lump sum, a contract value):
# below 10^15 đồng (a thousand trillion), far above any plan of a province.
MAX_AMOUNT = Decimal(10) ** 15 - 1
# The largest quantity (or number of airings) on one line.
MAX_QUANTITY = Decimal(10_000_000)
# A line's total (quantity × unit price + airings × airing price + lump sum), a section's and the
# grand total: the same ceiling, well inside the database's 18 digits and the words' range.
MAX_LINE_TOTAL = MAX_AMOUNT
MAX_SECTION_TOTAL = MAX_AMOUNT
MAX_GRAND_TOTAL = MAX_AMOUNT
# The years of a plan, and the dates it may carry.
MIN_YEAR = 2000
MAX_YEAR = 2100
MIN_DATE = date(MIN_YEAR, 1, 1)
MAX_DATE = date(MAX_YEAR, 12, 31)
# The most deliverables (products, airings) proposing contracts may create for one line.
MAX_DELIVERABLES_PER_LINE = 10_000


# What the bounds say (docs/architecture.md, "Messages"): English in the catalogue only. A
# ``{name}`` is the field's label as the caller gives it (a text or a Message).
NEGATIVE = declare("bounds.negative", "{name}: không được âm.")
AMOUNT_MAX = declare("bounds.amount", "{name}: tối đa {limit} đồng.")
QUANTITY_MAX = declare("bounds.quantity", "{name}: tối đa {limit}.")
LINE_TOTAL = declare(
    "bounds.line_total",
    "Thành tiền dòng{place} ({total}) vượt quá mức tối đa {limit} đồng: giảm số lượng hoặc "
    "đơn giá.",
)
SECTION_TOTAL = declare(
    "bounds.section_total",
    "Tổng của mục{place} sẽ là {total}, vượt quá mức tối đa {limit} đồng.",
)
GRAND_TOTAL = declare(
    "bounds.grand_total", "Tổng cộng dự toán sẽ là {total}, vượt quá mức tối đa {limit} đồng."
)
YEAR = declare("bounds.year", "{name}: phải từ {first} đến {last}.")
DATE = declare("bounds.date", "{name}: phải trong khoảng 01/01/{first} – 31/12/{last}.")
DELIVERABLES = declare(
    "bounds.deliverables",
    "Dòng{place} sẽ tạo {count} sản phẩm, vượt quá mức tối đa {limit} sản phẩm một dòng: hãy "
    "chia dòng hoặc giảm số lượng.",
)
YEAR_LABEL = declare("bounds.year_label", "Năm")
DATE_LABEL = declare("bounds.date_label", "Ngày")


@dataclass(frozen=True)
class Refusal:
    """A value outside its bound: the field and what to tell the person (``said``)."""

    field: str
    said: Message

    def message(self, lang: str = "vi") -> str:
        return self.said.text(lang)

    @property
    def message_vi(self) -> str:
        return self.said.text("vi")

    @property
    def message_en(self) -> str:
        return self.said.text("en")


def _group(value: Decimal | int) -> str:
    """1000000 -> 1.000.000 (the Vietnamese grouping; no Django here)."""
    number = Decimal(value)
    whole = f"{abs(int(number)):,}".replace(",", ".")
    fraction = number - int(number)
    sign = "-" if number < 0 else ""
    if fraction:
        return sign + whole + "," + str(abs(fraction)).split(".", 1)[1].rstrip("0")
    return sign + whole


def check_amount(
    value: Decimal | int | None, field: str, label: Message | str = ""
) -> Refusal | None:
    if value is None:
        return None
    name = label or field
    if Decimal(value) < 0:
        return Refusal(field, NEGATIVE.with_params(name=name))
    if Decimal(value) > MAX_AMOUNT:
        return Refusal(field, AMOUNT_MAX.with_params(name=name, limit=_group(MAX_AMOUNT)))
    return None


def check_quantity(
    value: Decimal | int | None, field: str, label: Message | str = ""
) -> Refusal | None:
    if value is None:
        return None
    name = label or field
    if Decimal(value) < 0:
        return Refusal(field, NEGATIVE.with_params(name=name))
    if Decimal(value) > MAX_QUANTITY:
        said = QUANTITY_MAX.with_params(name=name, limit=_group(MAX_QUANTITY))
        return Refusal(field, said)
    return None


def line_total(
    quantity: Decimal | None,
    unit_price: Decimal | None,
    airings: Decimal | None = None,
    airing_unit_price: Decimal | None = None,
    lump_sum: Decimal | None = None,
) -> Decimal:
    """A line's total as the estimate computes it (core.estimate): the products and the lump
    sum, unrounded — enough to compare with the bound."""
    total = Decimal(0)
    if quantity is not None and unit_price is not None:
        total += quantity * unit_price
    if airings is not None and airing_unit_price is not None:
        total += airings * airing_unit_price
    if lump_sum is not None:
        total += lump_sum
    return total


def check_line_total(total: Decimal, where: str = "") -> Refusal | None:
    if total > MAX_LINE_TOTAL:
        place = f" {where}" if where else ""
        said = LINE_TOTAL.with_params(
            place=place, total=_group(total.to_integral_value()), limit=_group(MAX_LINE_TOTAL)
        )
        return Refusal("total", said)
    return None


def check_section_total(total: Decimal, where: str = "") -> Refusal | None:
    if total > MAX_SECTION_TOTAL:
        place = f" {where}" if where else ""
        said = SECTION_TOTAL.with_params(
            place=place, total=_group(total.to_integral_value()), limit=_group(MAX_SECTION_TOTAL)
        )
        return Refusal("total", said)
    return None


def check_grand_total(total: Decimal) -> Refusal | None:
    if total > MAX_GRAND_TOTAL:
        said = GRAND_TOTAL.with_params(
            total=_group(total.to_integral_value()), limit=_group(MAX_GRAND_TOTAL)
        )
        return Refusal("total", said)
    return None


def check_year(
    value: int | None, field: str = "year", label: Message | str = YEAR_LABEL
) -> Refusal | None:
    if value is None:
        return None
    if not MIN_YEAR <= value <= MAX_YEAR:
        said = YEAR.with_params(name=label, first=MIN_YEAR, last=MAX_YEAR)
        return Refusal(field, said)
    return None


def check_date(
    value: date | None, field: str = "date", label: Message | str = DATE_LABEL
) -> Refusal | None:
    if value is None:
        return None
    if not MIN_DATE <= value <= MAX_DATE:
        said = DATE.with_params(name=label, first=MIN_YEAR, last=MAX_YEAR)
        return Refusal(field, said)
    return None


def check_deliverables(count: int, where: str = "") -> Refusal | None:
    if count > MAX_DELIVERABLES_PER_LINE:
        place = f" {where}" if where else ""
        said = DELIVERABLES.with_params(
            place=place, count=_group(count), limit=_group(MAX_DELIVERABLES_PER_LINE)
        )
        return Refusal("quantity", said)
    return None


def first(refusals: Iterable[Refusal | None]) -> Refusal | None:
    """The first refusal of several checks, or ``None``."""
    return next((r for r in refusals if r is not None), None)


def within_amount(value: Decimal) -> bool:
    """Whether a stored amount can be shown with its words (pages check before they read)."""
    return abs(value) <= MAX_AMOUNT


def clamp_year(year: int) -> int:
    """A stored year brought into the range pages can compute dates with (an old value
    accepted before the bounds: the page shows it, never fails on it)."""
    return min(max(year, MIN_YEAR), MAX_YEAR)


# What the amount in words says when a stored total is beyond what words can read.
WORDS_OUT_OF_RANGE = "(số tiền vượt quá giới hạn, không đọc được bằng chữ)"


def words_or_note(amount: Decimal | int, style: object = None) -> str:
    """The amount in words, or a note when a stored amount is beyond the words' range (pages
    never fail on stored values; the finding AMOUNT_OUT_OF_BOUNDS says where)."""
    value = Decimal(amount)
    if abs(value) > WORDS_MAX or value != value.to_integral_value():
        return WORDS_OUT_OF_RANGE
    if style is None:
        return amount_to_words(value)
    return amount_to_words(value, style)  # type: ignore[arg-type]


_CONTROLS = {c: None for c in range(32) if chr(c) not in "\t\n\r"} | {127: None}


def clean_text(value: str) -> str:
    """A text as typed, without the control characters no document can hold (a DOCX refuses
    them): removed at the door rather than breaking a download later."""
    return value.translate(_CONTROLS)


def check_estimate(estimate: object) -> Refusal | None:
    """A whole estimate read from a file (a ``kehoach.core.estimate.Estimate``): every figure,
    every line's, section's and the grand total inside the bounds, or the first refusal."""
    assert isinstance(estimate, Estimate)
    for _section, line in estimate.walk_lines():
        where = line.key or line.number
        checks = [
            check_quantity(line.quantity, "quantity", f"Số lượng dòng {where}"),
            check_quantity(line.airings, "airings", f"Số lần phát sóng dòng {where}"),
            check_amount(line.unit_price, "unit_price", f"Đơn giá dòng {where}"),
            check_amount(line.airing_unit_price, "airing_unit_price", f"Đơn giá phát sóng {where}"),
            check_amount(line.lump_sum, "lump_sum", f"Khoán dòng {where}"),
            check_line_total(line.total, where),
        ]
        refusal = first(checks)
        if refusal is not None:
            return refusal

    def walk(section: EstimateSection) -> Refusal | None:
        found = check_section_total(section.total, section.key)
        for sub in section.sections:
            found = found or walk(sub)
        return found

    for section in estimate.sections:
        refusal = walk(section)
        if refusal is not None:
            return refusal
    return check_grand_total(estimate.total)
