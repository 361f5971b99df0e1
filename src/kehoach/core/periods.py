"""Reporting periods as provinces write them, stored as what they are (issue 18).

A period is a first and a last day and a kind: ``month`` ("Tháng 3/2020", "03/2020"),
``quarter`` ("Quý I/2020", "Quý 1/2020", "Q1/2020"), ``half`` ("6 tháng đầu năm 2020"),
``year`` ("Năm 2020") or ``range`` ("Từ 15/02/2018 đến 14/03/2018", the reporting months many
one-stop offices use). Nothing is coerced to a month: a quarter stays a quarter, a range from
the 15th to the 14th stays that range. Text that is none of these raises ``Unreadable`` (a
``ValueError``) with a message said in the reader's language; a single day ("15/03/2018") is
not a period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from kehoach.core.messages import Message, Unreadable, declare
from kehoach.core.text import fold

KINDS = ("month", "quarter", "half", "year", "range")
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_KEY = re.compile(
    r"(?P<start>\d{4}-\d\d-\d\d)\.\.(?P<end>\d{4}-\d\d-\d\d)"
    r"|(?P<year>\d{4})(?:-(?:(?P<month>0[1-9]|1[0-2])|Q(?P<quarter>[1-4])|H(?P<half>[12])))?"
)


# A period's label (English in the catalogue only).
MONTH = declare("period.month", "Tháng {month}/{year}")
QUARTERS = [
    declare("period.q1", "Quý I/{year}"),
    declare("period.q2", "Quý II/{year}"),
    declare("period.q3", "Quý III/{year}"),
    declare("period.q4", "Quý IV/{year}"),
]
FIRST_HALF = declare("period.h1", "6 tháng đầu năm {year}")
SECOND_HALF = declare("period.h2", "6 tháng cuối năm {year}")
YEAR = declare("period.year", "Năm {year}")
RANGE = declare("period.range", "Từ {start} đến {end}")

# Why a text is not a period (English in the catalogue only); ``{text}`` is the text as written.
BACKWARDS = declare("period.backwards", "kỳ từ {start} đến {end}: ngày cuối trước ngày đầu")
NOT_A_KEY = declare("period.not_a_key", "không phải là mã kỳ: {key}")
NO_SUCH_DAY = declare("period.no_such_day", "kỳ '{text}': ngày {day} không tồn tại")
BAD_YEAR = declare("period.bad_year", "kỳ '{text}': năm {year} không hợp lệ")
MISSING = declare("period.missing", "thiếu kỳ báo cáo")
A_DAY = declare("period.a_day", "kỳ '{text}' là một ngày, không phải một kỳ báo cáo")
BAD_MONTH = declare("period.bad_month", "kỳ '{text}': tháng {month} không hợp lệ")
UNREADABLE = declare("period.unreadable", "kỳ báo cáo '{text}' không đọc được")


def _month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # the last day, inclusive
    kind: str = "month"

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), _month_end(year, month), "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        return cls(date(year, first, 1), _month_end(year, first + 2), "quarter")

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        first = 1 if half == 1 else 7
        return cls(date(year, first, 1), _month_end(year, first + 5), "half")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def of(cls, start: date, end: date) -> Period:
        """The period of two days, named as a calendar period when it is one."""
        if end < start:
            raise Unreadable(
                BACKWARDS.with_params(start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")
            )
        for candidate in (
            cls.month(start.year, start.month),
            cls.quarter(start.year, (start.month - 1) // 3 + 1),
            cls.half(start.year, 1 if start.month <= 6 else 2),
            cls.year(start.year),
        ):
            if candidate.start == start and candidate.end == end:
                return candidate
        return cls(start, end, "range")

    @property
    def key(self) -> str:
        """'2020-03', '2020-Q1', '2020-H1', '2020', '2018-02-15..2018-03-14'."""
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "half":
            return f"{self.start.year}-H{1 if self.start.month == 1 else 2}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def said(self) -> Message:
        """The period as a person reads it ("Quý I/2016"), never its key; English from the
        catalogue ("Q1/2016")."""
        year = self.start.year
        if self.kind == "month":
            return MONTH.with_params(month=f"{self.start.month:02d}", year=year)
        if self.kind == "quarter":
            return QUARTERS[(self.start.month - 1) // 3].with_params(year=year)
        if self.kind == "half":
            return (FIRST_HALF if self.start.month == 1 else SECOND_HALF).with_params(year=year)
        if self.kind == "year":
            return YEAR.with_params(year=year)
        return RANGE.with_params(start=f"{self.start:%d/%m/%Y}", end=f"{self.end:%d/%m/%Y}")

    @property
    def label_vi(self) -> str:
        return self.said.text("vi")

    def label(self, language: str) -> str:
        """The period as a person reads it in ``language`` ("vi" or "en"), never its key."""
        return self.said.text(language)

    @classmethod
    def from_key(cls, key: str) -> Period:
        """The period of a key made by ``key`` ("2016-07", "2016-Q1", "2016-H2", "2016",
        "2018-02-15..2018-03-14"); ``ValueError`` for anything else."""
        match = _KEY.fullmatch(key.strip())
        if match is None:
            raise Unreadable(NOT_A_KEY.with_params(key=repr(key)))
        year = int(match["year"]) if match["year"] else 0
        if match["month"]:
            return cls.month(year, int(match["month"]))
        if match["quarter"]:
            return cls.quarter(year, int(match["quarter"]))
        if match["half"]:
            return cls.half(year, int(match["half"]))
        if match["start"]:
            return cls.of(date.fromisoformat(match["start"]), date.fromisoformat(match["end"]))
        return cls.year(year)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def within(self, start: date | None, end: date | None) -> bool:
        """Wholly inside [start, end) (None = open)."""
        return (start is None or self.start >= start) and (end is None or self.end < end)

    def months(self) -> list[date]:
        """First days of the calendar months the period touches."""
        out, month = [], self.start.replace(day=1)
        while month <= self.end:
            out.append(month)
            month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        return out


_DAY = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_RANGE = re.compile(rf"(?:tu\s*(?:ngay)?\s*)?{_DAY}\s*(?:den|toi|-|–|—)\s*(?:ngay)?\s*{_DAY}")
_QUARTER = re.compile(r"(?:quy|q)\s*(iv|iii|ii|i|[1-4])\s*(?:/|-|\.|nam|\s)\s*(?:nam\s*)?(\d{4})")
_QUARTER_ISO = re.compile(r"^(\d{4})\s*-?\s*q([1-4])$")
_HALF = re.compile(
    r"(?:(?:6|sau)\s*thang|nua)\s*(dau|cuoi)\s*(?:nam\s*)?(\d{4})|^(\d{4})\s*-?\s*h([12])$"
)
_YEAR = re.compile(r"^(?:nam\s*)?(\d{4})$")
_MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_MONTH_VN = re.compile(r"^(?:thang|t)?\s*(\d{1,2})\s*(?:/|-|\.|nam)\s*(?:nam\s*)?(\d{4})$")
_DAY_ONLY = re.compile(rf"^{_DAY}$")


def _date(d: str, m: str, y: str, text: str) -> date:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise Unreadable(NO_SUCH_DAY.with_params(text=text, day=f"{d}/{m}/{y}")) from None


def _check_year(year: int, text: str) -> int:
    if not 1990 <= year <= 2100:
        raise Unreadable(BAD_YEAR.with_params(text=text, year=year))
    return year


def parse_period(text: str) -> Period:
    """A period from its written form (see the module's docstring); ``Unreadable`` (a
    ValueError) otherwise."""
    key = " ".join(fold(text).replace(",", " ").split())
    if not key:
        raise Unreadable(MISSING)
    match = _RANGE.search(key)
    if match:
        d1, m1, y1, d2, m2, y2 = match.groups()
        start = _date(d1, m1, y1, text)
        end = _date(d2, m2, y2, text)
        _check_year(start.year, text)
        return Period.of(start, end)
    match = _QUARTER.search(key)
    if match:
        number = ROMAN.get(match.group(1)) or int(match.group(1))
        return Period.quarter(_check_year(int(match.group(2)), text), number)
    match = _QUARTER_ISO.match(key)
    if match:
        return Period.quarter(_check_year(int(match.group(1)), text), int(match.group(2)))
    match = _HALF.search(key)
    if match:
        if match.group(2):
            return Period.half(
                _check_year(int(match.group(2)), text), 1 if match.group(1) == "dau" else 2
            )
        return Period.half(_check_year(int(match.group(3)), text), int(match.group(4)))
    match = _YEAR.match(key)
    if match:
        return Period.year(_check_year(int(match.group(1)), text))
    match = _MONTH_ISO.match(key)
    if match:
        year, month, day = match.groups()
        if day is not None and int(day) != 1:
            raise Unreadable(A_DAY.with_params(text=text))
        if not 1 <= int(month) <= 12:
            raise Unreadable(BAD_MONTH.with_params(text=text, month=month))
        return Period.month(_check_year(int(year), text), int(month))
    if _DAY_ONLY.match(key):
        day, month, year = _DAY_ONLY.match(key).groups()  # type: ignore[union-attr]
        if int(day) != 1:
            raise Unreadable(A_DAY.with_params(text=text))
        if not 1 <= int(month) <= 12:
            raise Unreadable(BAD_MONTH.with_params(text=text, month=month))
        return Period.month(_check_year(int(year), text), int(month))
    match = _MONTH_VN.match(key)
    if match:
        month, year = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise Unreadable(BAD_MONTH.with_params(text=text, month=month))
        return Period.month(_check_year(year, text), month)
    raise Unreadable(UNREADABLE.with_params(text=text))


def find_period(text: str) -> Period | None:
    """The period a title states ("BÁO CÁO … QUÝ I NĂM 2020", "… tháng 3 năm 2020"), if any."""
    key = " ".join(fold(text).replace(",", " ").split())
    for pattern in (_RANGE, _QUARTER, _HALF):
        match = pattern.search(key)
        if match:
            try:
                return parse_period(match.group(0))
            except ValueError:
                return None
    match = re.search(r"thang\s*(\d{1,2})\s*(?:/|-|nam)\s*(?:nam\s*)?(\d{4})", key)
    if match:
        try:
            return parse_period(f"{match.group(1)}/{match.group(2)}")
        except ValueError:
            return None
    match = re.search(r"\bnam\s*(\d{4})\b", key)
    if match:
        return Period.year(int(match.group(1)))
    return None
