"""Whole amounts of Vietnamese đồng in words ("bằng chữ") and back.

The reading follows the official style used on Vietnamese accounting
documents (invoices, payment vouchers, budget estimates)::

    >>> amount_to_words(188_500_000)
    'Một trăm tám mươi tám triệu năm trăm nghìn đồng'
    >>> amount_to_words(1_015)
    'Một nghìn không trăm mười lăm đồng'
    >>> words_to_amount("(Bằng chữ: Một tỷ không trăm linh năm nghìn đồng chẵn./.)")
    1000005000

Digits are read in groups of three (nghìn, triệu, tỷ); the part above tỷ is
read recursively ("một nghìn tỷ", "một triệu tỷ"). A group that is entirely
zero is skipped; every other group after the first is read with all three
digits, so the hundreds may be "không trăm".

Standard library only: no Django and no third-party packages.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from kehoach.core.messages import Message, Refusal, declare

__all__ = [
    "DEFAULT_STYLE",
    "MAX_AMOUNT",
    "WordsError",
    "WordsStyle",
    "amount_to_words",
    "words_to_amount",
]

MAX_AMOUNT = 10**18 - 1
"""The largest amount (in absolute value) that can be read or written."""

_BILLION = 10**9

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


class WordsError(Refusal, ValueError):
    """An amount in words that cannot be read.

    The message (``exc.text(lang)``) names the offending word, which is also available as
    :attr:`word` (``None`` when no single word is to blame, e.g. for empty text).
    """

    code = "words"
    str_language = "en"

    def __init__(
        self, message: Message | str, message_en: str = "", word: str | None = None
    ) -> None:
        super().__init__(message, message_en)
        self.word = word


# What an amount in words that cannot be read is told with (English in the catalogue only).
UNKNOWN = declare("words.unknown", "Không hiểu từ '{word}' trong số tiền bằng chữ")
AT_START = declare("words.at_start", "Từ '{word}' không đúng vị trí ở đầu số tiền bằng chữ")
MISPLACED = declare(
    "words.misplaced", "Từ '{word}' không đúng vị trí sau '{previous}' trong số tiền bằng chữ"
)
NO_DIGIT = declare("words.no_digit", "Từ '{word}' thiếu chữ số đứng trước trong số tiền bằng chữ")
UNFINISHED = declare("words.unfinished", "Số tiền bằng chữ kết thúc dở dang sau '{word}'")
AMBIGUOUS = declare(
    "words.ambiguous",
    "Từ '{word}' sau '{previous}' không rõ nghĩa, hãy viết '{first}' hoặc '{second}'",
)
TOO_LARGE = declare("words.too_large", "Số tiền bằng chữ vượt quá giới hạn {limit}")
NONE = declare("words.none", "Không có số tiền bằng chữ")
NONE_IN = declare("words.none_in", "Không có số tiền bằng chữ: {text}")


def _check_choice(field: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        allowed = ", ".join(repr(choice) for choice in choices)
        raise ValueError(f"WordsStyle.{field} must be one of {allowed}, not {value!r}")


@dataclass(frozen=True)
class WordsStyle:
    """Regional and house-style variants of the reading.

    ``four`` only applies to a 4 after "mươi" (24 = "hai mươi tư"); 14 is
    always "mười bốn" and 104 always "một trăm linh bốn". ``currency`` may be
    ``""`` for a bare number; ``even`` appends " chẵn" (after the currency
    word, if any).
    """

    thousand: str = "nghìn"
    zero_tens: str = "linh"
    four: str = "tư"
    billion: str = "tỷ"
    even: bool = False
    currency: str = "đồng"

    def __post_init__(self) -> None:
        for field in ("thousand", "zero_tens", "four", "billion", "currency"):
            value = getattr(self, field)
            if not isinstance(value, str):
                raise TypeError(f"WordsStyle.{field} must be a str, not {type(value).__name__}")
            object.__setattr__(self, field, unicodedata.normalize("NFC", value).strip())
        _check_choice("thousand", self.thousand, ("nghìn", "ngàn"))
        _check_choice("zero_tens", self.zero_tens, ("linh", "lẻ"))
        _check_choice("four", self.four, ("tư", "bốn"))
        _check_choice("billion", self.billion, ("tỷ", "tỉ"))


DEFAULT_STYLE = WordsStyle()


# ---------------------------------------------------------------------------
# Number -> words
# ---------------------------------------------------------------------------


def _as_int(amount: object) -> int:
    if isinstance(amount, bool):
        raise TypeError("amount must be an int or a Decimal, not bool")
    if isinstance(amount, float):
        raise TypeError("amount must be an int or a Decimal, not float: floats never touch money")
    if isinstance(amount, Decimal):
        if not amount.is_finite():
            raise ValueError(f"amount must be a finite number, not {amount}")
        if amount != amount.to_integral_value():
            raise ValueError(f"amount must be a whole number of đồng, not {amount}")
        value = int(amount)
    elif isinstance(amount, int):
        value = amount
    else:
        raise TypeError(f"amount must be an int or a Decimal, not {type(amount).__name__}")
    if abs(value) > MAX_AMOUNT:
        raise ValueError(f"amount {value} is out of range: at most {MAX_AMOUNT} in absolute value")
    return value


def _read_group(group: int, *, full: bool, style: WordsStyle) -> list[str]:
    """Read 1..999; ``full`` reads all three digits ("không trăm linh năm")."""
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(style.zero_tens)
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 4:
            words.append(style.four)
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGITS[units])
    return words


def _read(number: int, style: WordsStyle, *, leading: bool) -> list[str]:
    """Read a positive number; ``leading`` if nothing has been read before it."""
    if number >= _BILLION:
        upper, lower = divmod(number, _BILLION)
        words = [*_read(upper, style, leading=leading), style.billion]
        if lower:
            words += _read(lower, style, leading=False)
        return words
    words = []
    for size, scale in ((10**6, "triệu"), (10**3, style.thousand), (1, "")):
        group = number // size % 1000
        if group == 0:
            continue
        words += _read_group(group, full=not leading, style=style)
        leading = False
        if scale:
            words.append(scale)
    return words


def amount_to_words(
    amount: int | Decimal,
    style: WordsStyle = DEFAULT_STYLE,
    *,
    capitalize: bool = True,
) -> str:
    """Read a whole amount of đồng in official Vietnamese words.

    Raises ``TypeError`` for a float (or anything but int/Decimal) and
    ``ValueError`` for a Decimal with a fractional part or an amount above
    :data:`MAX_AMOUNT` in absolute value.
    """
    value = _as_int(amount)
    words: list[str] = []
    if value < 0:
        words.append("âm")
    words += _read(abs(value), style, leading=True) if value else ["không"]
    if style.currency:
        words.append(style.currency)
    if style.even:
        words.append("chẵn")
    text = " ".join(words)
    if capitalize:
        text = text[0].upper() + text[1:]
    return text


# ---------------------------------------------------------------------------
# Words -> number
# ---------------------------------------------------------------------------

_DIGIT_WORDS: dict[str, int] = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "nhăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
# Spellings of a digit that only occur as the units digit, after mười/mươi/linh.
_UNITS_ONLY = frozenset({"mốt", "tư", "lăm", "nhăm"})
_ZERO_TENS = frozenset({"linh", "lẻ"})
_SCALES: dict[str, int] = {
    "nghìn": 10**3,
    "ngàn": 10**3,
    "triệu": 10**6,
    "tỷ": 10**9,
    "tỉ": 10**9,
}
_NUMBER_WORDS = frozenset({*_DIGIT_WORDS, *_ZERO_TENS, *_SCALES, "mười", "mươi", "trăm"})

_PREFIXES: tuple[tuple[str, ...], ...] = (
    ("số", "tiền", "bằng", "chữ"),
    ("số", "tiền", "viết", "bằng", "chữ"),
    ("viết", "bằng", "chữ"),
    ("bằng", "chữ"),
)
_SUFFIX_WORDS = frozenset({"đồng", "chẵn", "chẳn", "vnđ", "vnd", "đ"})
_EDGE_WORDS = frozenset({*_SUFFIX_WORDS, "âm", "việt", "nam", "bằng", "chữ", "số", "tiền", "viết"})


class _Token(NamedTuple):
    key: str  # normalised lower-case spelling, used for matching
    raw: str  # as written, for error messages


def _tokenize(text: str) -> list[_Token]:
    """Split on anything that is not a letter, a combining mark or a digit."""
    tokens: list[_Token] = []
    current: list[str] = []
    for char in text + " ":
        if unicodedata.category(char)[0] in "LMN":
            current.append(char)
        elif current:
            raw = "".join(current)
            key = unicodedata.normalize("NFC", raw.lower()).replace("ð", "đ")
            tokens.append(_Token(key, raw))
            current = []
    return tokens


def _unknown(token: _Token) -> WordsError:
    return WordsError(UNKNOWN.with_params(word=token.raw), word=token.raw)


def _misplaced(token: _Token, previous: _Token | None) -> WordsError:
    if previous is None:
        return WordsError(AT_START.with_params(word=token.raw), word=token.raw)
    said = MISPLACED.with_params(word=token.raw, previous=previous.raw)
    return WordsError(said, word=token.raw)


class _Parser:
    """Reads the number words of an amount (prefix and currency already removed)."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self, offset: int = 0) -> _Token | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def previous(self) -> _Token | None:
        return self.tokens[self.pos - 1] if self.pos > 0 else None

    def fail(self) -> WordsError:
        """The error for the word at the current position."""
        token = self.peek()
        assert token is not None
        previous = self.previous()
        if token.key in ("mươi", "trăm") and (previous is None or previous.key not in _DIGIT_WORDS):
            return WordsError(NO_DIGIT.with_params(word=token.raw), word=token.raw)
        return _misplaced(token, previous)

    def unfinished(self) -> WordsError:
        last = self.tokens[-1]
        return WordsError(UNFINISHED.with_params(word=last.raw), word=last.raw)

    def digit(self, offset: int = 0) -> int | None:
        token = self.peek(offset)
        return None if token is None else _DIGIT_WORDS.get(token.key)

    def ambiguous(self, first: str, second: str) -> WordsError:
        """The error for a lone units digit that could mean two amounts."""
        token = self.peek()
        previous = self.previous()
        assert token is not None and previous is not None
        said = AMBIGUOUS.with_params(
            word=token.raw, previous=previous.raw, first=first, second=second
        )
        return WordsError(said, word=token.raw)

    def parse(self) -> int:
        """Combine groups and scales with a stack, so "một nghìn tỷ" works.

        Each stack entry is (value, scale word's size). A scale word pops every
        entry of a smaller scale and multiplies their sum, plus the group just
        read, by its own size; the entry below must then be of a larger scale.
        """
        if [token.key for token in self.tokens] == ["không"]:
            return 0
        stack: list[tuple[int, int]] = []
        pending: int | None = None
        while (token := self.peek()) is not None:
            size = _SCALES.get(token.key)
            if size is None:
                if pending is not None:
                    raise self.fail()
                pending = self.parse_group(after_scale=bool(stack))
                continue
            value = pending or 0
            popped = False
            while stack and stack[-1][1] < size:
                value += stack.pop()[0]
                popped = True
            if not value or (stack and stack[-1][1] == size) or (pending is None and not popped):
                raise self.fail()
            stack.append((value * size, size))
            pending = None
            self.pos += 1
        total = sum(value for value, _ in stack) + (pending or 0)
        if total > MAX_AMOUNT:
            raise WordsError(TOO_LARGE.with_params(limit=MAX_AMOUNT))
        return total

    def parse_group(self, *, after_scale: bool) -> int:
        """Read one group of up to three digits (0..999) before a scale word or the end."""
        first = self.peek()
        assert first is not None
        hundreds: int | None = None
        digit = self.digit()
        following = self.peek(1)
        if digit is not None and following is not None and following.key == "trăm":
            if first.key in _UNITS_ONLY:
                raise self.fail()
            hundreds = digit
            self.pos += 2
        token = self.peek()
        if token is None or token.key in _SCALES:
            # Just "X trăm"; "không trăm" must be followed by tens or units.
            if not hundreds:
                raise self.fail() if token is not None else self.unfinished()
            return hundreds * 100
        base = 100 * (hundreds or 0)
        digit = self.digit()
        following = self.peek(1)
        if token.key in _ZERO_TENS:
            # "linh năm": after "trăm", or (colloquially, "một nghìn linh năm") after a scale.
            units = self.digit(1)
            if (hundreds is None and not after_scale) or not units:
                raise self.fail()
            self.pos += 2
            return base + units
        if token.key == "mười":
            tens = 1
            self.pos += 1
        elif digit is not None and following is not None and following.key == "mươi":
            if token.key in _UNITS_ONLY or digit < 2:
                if token.key not in _UNITS_ONLY:
                    self.pos += 1  # blame "mươi" in "một mươi", "không mươi"
                raise self.fail()
            tens = digit
            self.pos += 2
        elif digit is not None and token.key not in _UNITS_ONLY:
            # A lone units digit: "năm", but not "một trăm năm" (105 or 150?),
            # nor "một nghìn năm" at the end (1005 or 1500?), nor a bare "không".
            if digit == 0:
                raise self.fail()
            word = token.key
            if hundreds is not None:
                raise self.ambiguous(f"linh {word}", f"{word} mươi")
            if after_scale and following is None:
                raise self.ambiguous(f"không trăm linh {word}", f"{word} trăm")
            self.pos += 1
            return digit
        else:
            raise self.fail()
        units = self.digit()
        if units is not None:
            if units == 0:
                raise self.fail()
            self.pos += 1
            return base + 10 * tens + units
        return base + 10 * tens


def words_to_amount(text: str) -> int:
    """Read an amount of đồng written in Vietnamese words.

    Tolerates case, extra spaces, punctuation, decomposed Unicode, a leading
    "Bằng chữ:", "Âm", a trailing "đồng", "chẵn", "VNĐ", and the regional
    variants nghìn/ngàn, linh/lẻ, tư/bốn, mốt/một, lăm/năm/nhăm, tỷ/tỉ.
    Raises :class:`WordsError` (a ``ValueError``) naming the offending word.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    tokens = _tokenize(unicodedata.normalize("NFC", text))
    keys = [token.key for token in tokens]
    for prefix in _PREFIXES:
        if tuple(keys[: len(prefix)]) == prefix:
            tokens = tokens[len(prefix) :]
            break
    negative = bool(tokens) and tokens[0].key == "âm"
    if negative:
        tokens = tokens[1:]
    while tokens:
        if tokens[-1].key in _SUFFIX_WORDS:
            tokens = tokens[:-1]
        elif [token.key for token in tokens[-2:]] == ["việt", "nam"]:
            tokens = tokens[:-2]
        else:
            break
    if not tokens:
        raise WordsError(NONE_IN.with_params(text=repr(text.strip())) if text.strip() else NONE)
    for index, token in enumerate(tokens):
        if token.key not in _NUMBER_WORDS:
            if token.key in _EDGE_WORDS:
                raise _misplaced(token, tokens[index - 1] if index else None)
            raise _unknown(token)
    value = _Parser(tokens).parse()
    return -value if negative else value
