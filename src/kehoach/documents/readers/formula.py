"""The spreadsheet formulas estimates use, evaluated by kehoach itself.

A workbook written by a program (openpyxl, a web export) holds formulas without the values
Excel would have cached; kehoach then computes them. Only the simple arithmetic of estimates
is supported — numbers, cell references (``D7``, ``$D$7``, ``'Dự toán'!D7``), ranges in
functions, ``+ - * / ^ %``, parentheses and ``SUM``, ``PRODUCT``, ``ROUND``, ``MIN``, ``MAX``,
``ABS`` —, in :class:`~decimal.Decimal`, never in floats. Anything else raises
:class:`FormulaError`, and the cell is then shown as its formula text, which the estimate
reader reports as a cell that is not a number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CellValue = Decimal | str | None
# (sheet or None for the formula's own sheet, row, column) -> the cell's value
Lookup = Callable[[str | None, int, int], CellValue]

MAX_RANGE = 100_000
MAX_LENGTH = 2000

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<func>[A-Za-z_][A-Za-z0-9_.]*)\s*\(
    | (?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)
    | (?P<ref>(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?\$?[A-Za-z]{1,3}\$?\d{1,7}
        (?::\$?[A-Za-z]{1,3}\$?\d{1,7})?)
    | (?P<op>[-+*/^%(),;])
    )""",
    re.VERBOSE,
)
_CELL = re.compile(r"\$?(?P<col>[A-Za-z]{1,3})\$?(?P<row>\d{1,7})")


class FormulaError(ValueError):
    """A formula kehoach does not evaluate (unsupported function, text, circular, #DIV/0!)."""


def column_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + (ord(ch) - ord("A") + 1)
    return index


def _tokens(formula: str) -> list[tuple[str, str]]:
    text = formula.strip()
    if text.startswith("="):
        text = text[1:]
    if len(text) > MAX_LENGTH:
        raise FormulaError("formula too long")
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise FormulaError(f"cannot read the formula at '{text[pos : pos + 10]}'")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], lookup: Lookup) -> None:
        self.tokens = tokens
        self.pos = 0
        self.lookup = lookup

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise FormulaError("the formula ends too early")
        self.pos += 1
        return token

    def expect(self, op: str) -> None:
        kind, value = self.take()
        if kind != "op" or value != op:
            raise FormulaError(f"expected '{op}'")

    def parse(self) -> Decimal:
        value = self.additive()
        if self.peek() is not None:
            raise FormulaError("unexpected text after the formula")
        return value

    def additive(self) -> Decimal:
        value = self.multiplicative()
        while (token := self.peek()) and token[0] == "op" and token[1] in "+-":
            self.take()
            right = self.multiplicative()
            value = value + right if token[1] == "+" else value - right
        return value

    def multiplicative(self) -> Decimal:
        value = self.power()
        while (token := self.peek()) and token[0] == "op" and token[1] in "*/":
            self.take()
            right = self.power()
            if token[1] == "*":
                value *= right
            elif right == 0:
                raise FormulaError("#DIV/0!")
            else:
                value /= right
        return value

    def power(self) -> Decimal:
        value = self.unary()
        while (token := self.peek()) and token == ("op", "^"):
            self.take()
            exponent = self.unary()
            if exponent != exponent.to_integral_value() or abs(exponent) > 20:
                raise FormulaError("only small whole powers are supported")
            try:
                value = value ** int(exponent)
            except (InvalidOperation, ZeroDivisionError) as exc:
                raise FormulaError("#NUM!") from exc
        return value

    def unary(self) -> Decimal:
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] in "+-":
            self.take()
            value = self.unary()
            return -value if token[1] == "-" else value
        value = self.primary()
        while self.peek() == ("op", "%"):
            self.take()
            value /= 100
        return value

    def primary(self) -> Decimal:
        kind, value = self.take()
        if kind == "num":
            return Decimal(value)
        if kind == "ref":
            if ":" in value:
                raise FormulaError("a range outside a function")
            return _number(self.cell(value))
        if kind == "func":
            return self.function(value.upper())
        if kind == "op" and value == "(":
            inner = self.additive()
            self.expect(")")
            return inner
        raise FormulaError(f"unexpected '{value}'")

    def cell(self, ref: str) -> CellValue:
        sheet, _, address = ref.rpartition("!")
        match = _CELL.fullmatch(address)
        if not match:
            raise FormulaError(f"bad reference {ref}")
        return self.lookup(
            _sheet_name(sheet) if sheet else None,
            int(match.group("row")),
            column_index(match.group("col")),
        )

    def range_values(self, ref: str) -> list[CellValue]:
        sheet, _, address = ref.rpartition("!")
        start, _, end = address.partition(":")
        a, b = _CELL.fullmatch(start), _CELL.fullmatch(end)
        if not a or not b:
            raise FormulaError(f"bad range {ref}")
        rows = sorted((int(a.group("row")), int(b.group("row"))))
        cols = sorted((column_index(a.group("col")), column_index(b.group("col"))))
        if (rows[1] - rows[0] + 1) * (cols[1] - cols[0] + 1) > MAX_RANGE:
            raise FormulaError("range too large")
        name = _sheet_name(sheet) if sheet else None
        return [
            self.lookup(name, r, c)
            for r in range(rows[0], rows[1] + 1)
            for c in range(cols[0], cols[1] + 1)
        ]

    def arguments(self) -> list[list[CellValue] | Decimal]:
        args: list[list[CellValue] | Decimal] = []
        if self.peek() == ("op", ")"):
            self.take()
            return args
        while True:
            token = self.peek()
            if token is not None and token[0] == "ref" and ":" in token[1]:
                self.take()
                args.append(self.range_values(token[1]))
            else:
                args.append(self.additive())
            kind, value = self.take()
            if kind == "op" and value == ")":
                return args
            if kind != "op" or value not in ",;":
                raise FormulaError("expected ',' or ')'")

    def function(self, name: str) -> Decimal:
        args = self.arguments()
        numbers = [n for arg in args for n in _numbers_of(arg)]
        if name == "SUM":
            return sum(numbers, Decimal(0))
        if name == "PRODUCT":
            product = Decimal(1)
            for n in numbers:
                product *= n
            return product
        if name in ("MIN", "MAX"):
            if not numbers:
                return Decimal(0)
            return min(numbers) if name == "MIN" else max(numbers)
        if name == "ABS" and len(args) == 1:
            return abs(_single(args[0]))
        if name == "ROUND" and len(args) in (1, 2):
            digits = _single(args[1]) if len(args) == 2 else Decimal(0)
            if digits != digits.to_integral_value() or abs(digits) > 15:
                raise FormulaError("ROUND digits must be a small whole number")
            quantum = Decimal(1).scaleb(-int(digits))
            # Excel rounds half away from zero, as ROUND_HALF_UP does for Decimal.
            return _single(args[0]).quantize(quantum, rounding=ROUND_HALF_UP)
        raise FormulaError(f"the function {name} is not supported")


def _sheet_name(text: str) -> str:
    if text.startswith("'") and text.endswith("'"):
        return text[1:-1].replace("''", "'")
    return text


def _number(value: CellValue) -> Decimal:
    """A cell used in arithmetic: empty is 0, a number is itself, text that is a plain
    number counts (as Excel coerces it), other text is an error (#VALUE!)."""
    if value is None:
        return Decimal(0)
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(value.strip()) if value.strip() else Decimal(0)
    except InvalidOperation as exc:
        raise FormulaError("#VALUE! (text in arithmetic)") from exc


def _numbers_of(arg: list[CellValue] | Decimal) -> list[Decimal]:
    """Function arguments: ranges contribute their numbers (text and blanks are skipped, as
    Excel's SUM does); a direct argument is a number."""
    if isinstance(arg, Decimal):
        return [arg]
    return [v for v in arg if isinstance(v, Decimal)]


def _single(arg: list[CellValue] | Decimal) -> Decimal:
    if isinstance(arg, Decimal):
        return arg
    if len(arg) != 1:
        raise FormulaError("a range where one value is expected")
    return _number(arg[0])


def evaluate(formula: str, lookup: Lookup) -> Decimal:
    """Evaluate ``formula`` ("=D7*E7", "=SUM(J7:J9)") with ``lookup`` giving cell values."""
    try:
        return _Parser(_tokens(formula), lookup).parse()
    except (InvalidOperation, OverflowError, RecursionError) as exc:
        raise FormulaError("the formula cannot be computed") from exc
