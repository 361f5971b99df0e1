"""Money and numbers as real documents write them (docs/design.md §4).

VND has no minor unit: amounts are whole đồng held in :class:`~decimal.Decimal`. There is one
rounding function (:func:`round_vnd`, half-up) and one display function (:func:`format_vnd`).
Floats are refused wherever money is handled: a float cannot hold 0.1 exactly and a budget
must add up to the đồng.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache

from kehoach.core.messages import Message, Refusal, declare
from kehoach.core.text import collapse_spaces, fold

Number = int | Decimal

# What may follow a figure: the currency and the word "đồng" in its spellings.
# How money and quantities are stored, in one place for every model and form: whole đồng up to
# 18 digits (a province's ten-year total fits many times over), quantities with 4 decimals.
MONEY_FIELD = {"max_digits": 18, "decimal_places": 0}
QUANTITY_FIELD = {"max_digits": 18, "decimal_places": 4}

_CURRENCY = re.compile(r"\s*(đồng|dong|vnđ|vnd|đ|d)\.?\s*$", re.IGNORECASE)
_MARKUP = re.compile(r"[*_`]+")
_NUMBER = re.compile(r"^[+-]?\d[\d.,\s\u00a0]*$")


class NumberStyle(StrEnum):
    """How a figure groups its thousands, for the mixed-format check."""

    PLAIN = "plain"  # 400000
    DOT_GROUPED = "dot"  # 3.000.000 (the Vietnamese convention)
    COMMA_GROUPED = "comma"  # 1,500,000 (Excel on an English system)
    SMALL = "small"  # below 1000: says nothing about grouping


class NumberFormatError(Refusal, ValueError):
    """A figure that cannot be read; the message (``exc.text(lang)``) says what and why."""

    code = "number"

    def __init__(self, message: Message | str, message_en: str = "") -> None:
        super().__init__(message, message_en)


# What a figure that cannot be read is told with (English in the catalogue only).
UNREADABLE = declare("number.unreadable", "Không đọc được số '{text}'")
MALFORMED = declare("number.malformed", "Số '{text}' viết sai định dạng")
MALFORMED_GROUPS = declare(
    "number.groups", "Số '{text}' viết sai định dạng (nhóm chữ số không đúng)"
)
FRACTION = declare("number.fraction", "Số tiền '{text}' có phần lẻ dưới 1 đồng")


@dataclass(frozen=True)
class ParsedNumber:
    value: Decimal
    style: NumberStyle
    text: str


def _refuse_float(value: object) -> None:
    if isinstance(value, float):
        raise TypeError("Floats are refused for money (docs/design.md §4): use int or Decimal")


def to_decimal(value: Number | str) -> Decimal:
    """int, Decimal or a figure as text -> Decimal. Floats raise TypeError."""
    _refuse_float(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return parse_number(value).value
    raise TypeError(f"Not a number: {value!r}")


_ONE = Decimal(1)


def round_vnd(value: Number) -> Decimal:
    """The one rounding function: to whole đồng, half-up (0,5 đồng goes up)."""
    if type(value) is not Decimal:  # Decimal, the common case, needs no conversion
        _refuse_float(value)
        value = to_decimal(value)
    return value.quantize(_ONE, rounding=ROUND_HALF_UP)


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def format_vnd(value: Number) -> str:
    """188500000 -> "188.500.000". Refuses floats and amounts that are not whole đồng,
    rather than show a figure that is not the one stored."""
    _refuse_float(value)
    amount = to_decimal(value)
    if amount != amount.to_integral_value():
        raise ValueError(f"Not a whole number of đồng: {amount} (round it with round_vnd first)")
    sign = "-" if amount < 0 else ""
    return sign + _group(str(abs(int(amount))), ".")


def format_quantity(value: Number) -> str:
    """Quantities may be fractional: 1.5 -> "1,5"; 1000 -> "1.000"."""
    _refuse_float(value)
    amount = to_decimal(value).normalize()
    sign = "-" if amount < 0 else ""
    whole, _, frac = format(abs(amount), "f").partition(".")
    text = _group(whole, ".")
    return sign + (f"{text},{frac}" if frac else text)


def clean_figure(text: str) -> str:
    """Strip what surrounds a figure in real files: Markdown emphasis, the currency word."""
    text = collapse_spaces(_MARKUP.sub("", text))
    return _CURRENCY.sub("", text).strip()


def looks_like_number(text: str) -> bool:
    return bool(_NUMBER.match(clean_figure(text)))


@lru_cache(maxsize=8192)
def parse_number(text: str) -> ParsedNumber:
    """Read a figure as agencies write it (cached: a table repeats its prices and amounts, and
    the result is immutable).

    ``1,500,000`` and ``3.000.000`` and ``400000`` and ``188.500.000 đồng`` are whole numbers;
    ``1,5`` and ``0.75`` are decimals. A single separator followed by exactly three digits is a
    thousands separator (``3.000``); any other single separator is a decimal mark (``1,5``).
    With both separators, the last one is the decimal mark (``1.234.567,5``).
    """
    raw = text
    cleaned = clean_figure(text).replace(" ", "").replace("\u00a0", "")
    if not cleaned or not _NUMBER.match(cleaned):
        raise NumberFormatError(UNREADABLE.with_params(text=raw.strip()))
    sign = ""
    if cleaned[0] in "+-":
        sign, cleaned = cleaned[0].replace("+", ""), cleaned[1:]
    dots, commas = cleaned.count("."), cleaned.count(",")
    style = NumberStyle.PLAIN
    if dots and commas:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        whole, _, frac = cleaned.rpartition(decimal_mark)
        if group_mark in frac or cleaned.count(decimal_mark) > 1:
            raise _bad(raw)
        _check_grouping(whole, group_mark, raw)
        digits = whole.replace(group_mark, "") + "." + frac
        style = NumberStyle.DOT_GROUPED if group_mark == "." else NumberStyle.COMMA_GROUPED
    elif dots or commas:
        mark = "." if dots else ","
        parts = cleaned.split(mark)
        grouped = len(parts) > 2 or (len(parts[1]) == 3 and 1 <= len(parts[0]) <= 3)
        if grouped:
            _check_grouping(cleaned, mark, raw)
            digits = cleaned.replace(mark, "")
            style = NumberStyle.DOT_GROUPED if mark == "." else NumberStyle.COMMA_GROUPED
        else:
            if not parts[0] or not parts[1]:
                raise _bad(raw)
            digits = parts[0] + "." + parts[1]
    else:
        digits = cleaned
    try:
        value = Decimal(sign + digits)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits here
        raise _bad(raw) from exc
    if style is NumberStyle.PLAIN and abs(value) < 1000:
        style = NumberStyle.SMALL
    return ParsedNumber(value=value, style=style, text=raw.strip())


def _check_grouping(text: str, mark: str, raw: str) -> None:
    groups = text.split(mark)
    if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
        raise _bad(raw, MALFORMED_GROUPS)


def _bad(raw: str, said: Message = MALFORMED) -> NumberFormatError:
    return NumberFormatError(said.with_params(text=raw.strip()))


def parse_amount(text: str) -> Decimal:
    """A money figure: must be whole đồng (VND has no minor unit)."""
    value = parse_number(text).value
    if value != value.to_integral_value():
        raise NumberFormatError(FRACTION.with_params(text=text.strip()))
    return value


_LEADING = re.compile(r"^\s*([+-]?\d[\d.,]*)")


def leading_number(text: str) -> Decimal | None:
    """The number a text starts with: "1,5 phút" -> 1.5, "2 trang 4 màu" -> 2; else None."""
    match = _LEADING.match(text)
    if not match:
        return None
    try:
        return parse_number(match.group(1).rstrip(".,")).value
    except NumberFormatError:
        return None


def is_blank_figure(text: str) -> bool:
    """An empty cell or the accountants' dash for "nothing"."""
    bare = text.strip(" -–—")
    if bare and bare[0].isdigit():
        return False  # a figure (folding keeps digits): the common case, decided without folding
    return fold(text).strip(" -–—") == ""
