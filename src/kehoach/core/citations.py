"""Document references as Vietnamese officials write them.

"Kế hoạch 37/KH-UBND ngày 25/02/2016 của Ủy ban nhân dân tỉnh …", "Thông tư số
01/2011/TT-BNV ngày 19 tháng 01 năm 2011 của Bộ Nội vụ về …", "Số: 46a/KH-STTTT".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kehoach.core.findings import Where
from kehoach.core.messages import Message, declare
from kehoach.core.plan import Citation
from kehoach.core.text import collapse_spaces

TYPE_NAMES = (
    "Thông tư liên tịch",
    "Nghị quyết liên tịch",
    "Kế hoạch",
    "Nghị quyết",
    "Quyết định",
    "Công văn",
    "Văn bản",
    "Chỉ thị",
    "Thông tư",
    "Nghị định",
    "Luật",
    "Pháp lệnh",
    "Thông báo",
    "Hướng dẫn",
    "Chương trình",
    "Đề án",
    "Báo cáo",
    "Tờ trình",
    "Quy hoạch",
    "Quy chế",
    "Quy định",
    "Chỉ thị",
    "Công điện",
    "Kết luận",
)

_TYPE = "|".join(sorted({re.escape(t) for t in TYPE_NAMES}, key=len, reverse=True))
_DATE_NUM = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
_DATE_WORDS = r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
DATE_PATTERN = rf"(?:{_DATE_NUM}|{_DATE_WORDS})"
_REF = (
    r"(?P<number>\d+[a-zA-Z]?)\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?"
    r"(?P<symbol>[A-ZĐ][A-Za-zĐđ0-9&]*(?:\s*-\s*[A-ZĐ][A-Za-zĐđ0-9&]*)*)"
)
# A Party document: "Nghị quyết số 57-NQ/TW", "Chỉ thị số 29-CT/TU".
# Its codes are upper case, and text extracted from a PDF may run the next word on: "TB/TWngày".
_PARTY_REF = (
    r"(?P<party_number>\d+)\s*-\s*"
    r"(?P<party_symbol>(?-i:[A-ZĐ]{1,6}\s*/\s*[A-ZĐ]{1,6}(?![A-ZĐ0-9])))"
)
# "Quyết định số", "Quyết địnhsố" and "ngày22" (words run together in text taken from a PDF).
CITATION = re.compile(
    # "Báo cáo thẩm định số 18/BCTĐ-STP": a kind of the type, named by its own words
    rf"(?P<type>{_TYPE})(?P<kind>(?:\s+(?-i:[a-zà-ỹđ]+)){{0,2}}?)"
    rf"(?:\s+(?:số\s*:?\s*)?|số\s*:?\s*)(?:{_PARTY_REF}|{_REF})"
    rf"(?:\s*,?\s*ngày\s*(?P<date>{DATE_PATTERN}))?",
    re.IGNORECASE,
)
OWN_NUMBER = re.compile(rf"Số\s*:\s*{_REF}", re.IGNORECASE)
_ANY_DATE = re.compile(DATE_PATTERN)
_PLACE_DATE = re.compile(
    rf"^(?P<place>[^,\d]{{2,60}}),\s*ngày\s+(?P<date>{_DATE_WORDS}|{_DATE_NUM})", re.IGNORECASE
)
_ISSUER = re.compile(
    r"^\s*(?:của\s+)(?P<issuer>.+?)(?=\s+(?:về|phê duyệt|ban hành|thực hiện|quy định)\b|[;,]|$)"
)


# Why a text is not a date (English in the catalogue only).
NO_DATE = declare("date.none", "không có ngày")
NO_SUCH_DATE = declare("date.no_such_day", "ngày {date} không tồn tại")


@dataclass(frozen=True)
class ParsedDate:
    value: date | None
    text: str
    error: Message | None = None


def parse_date_text(text: str) -> ParsedDate:
    """ "21/7/2016" or "21 tháng 7 năm 2016" -> a date, or the reason it is not one."""
    match = _ANY_DATE.search(text)
    if not match:
        return ParsedDate(None, text, NO_DATE)
    groups = [g for g in match.groups() if g is not None]
    day, month, year = (int(g) for g in groups[:3])
    try:
        return ParsedDate(date(year, month, day), match.group(0))
    except ValueError:
        return ParsedDate(None, match.group(0), NO_SUCH_DATE.with_params(date=match.group(0)))


def parse_place_date(text: str) -> tuple[str, ParsedDate] | None:
    match = _PLACE_DATE.match(collapse_spaces(text))
    if not match:
        return None
    return match.group("place").strip(), parse_date_text(match.group("date"))


def _symbol(raw: str) -> str:
    """The symbol exactly as written, spaces around its hyphens removed: "TTr-STTTT" stays
    "TTr-STTTT" (the registry's codes are mixed case: TTr, TTg), "TTr- SKHCN" -> "TTr-SKHCN"."""
    return re.sub(r"\s*-\s*", "-", raw)


def find_citations(text: str, where: Where) -> list[Citation]:
    """Every reference to a document in a paragraph, with its date, issuer and summary."""
    found: list[Citation] = []
    matches = list(CITATION.finditer(text))
    for i, match in enumerate(matches):
        tail_end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        tail = text[match.end() : tail_end]
        issuer = ""
        issuer_match = _ISSUER.match(tail)
        if issuer_match:
            issuer = issuer_match.group("issuer").strip()
        summary = tail.strip(" ;,.")
        if issuer_match:
            summary = tail[issuer_match.end() :].strip(" ;,.")
        date_text = match.group("date") or ""
        parsed = parse_date_text(date_text) if date_text else ParsedDate(None, "")
        type_name = match.group("type") + (match.group("kind") or "")
        party = match.group("party_number") is not None
        found.append(
            Citation(
                type_name=type_name[0].upper() + type_name[1:].lower(),
                number=match.group("party_number" if party else "number"),
                symbol=re.sub(r"\s+", "", match.group("party_symbol"))
                if party
                else _symbol(match.group("symbol")),
                year=int(match.group("year")) if match.group("year") else None,
                date=parsed.value,
                date_text=date_text,
                issuer=issuer,
                summary=summary[:300],
                raw=match.group(0),
                where=where,
            )
        )
    return found


def parse_own_number(text: str) -> tuple[str, str] | None:
    """ "Số: 46a/KH-STTTT" -> ("46a", "KH-STTTT")."""
    found = parse_own_reference(text)
    return (found[0], found[2]) if found else None


def parse_own_reference(text: str) -> tuple[str, int | None, str] | None:
    """ "Số: 06/2024/QĐ-UBND" -> ("06", 2024, "QĐ-UBND"); "Số: 46a/KH-STTTT" -> ("46a", None,
    "KH-STTTT"). Also "Nghị quyết số: 653/2019/UBTVQH14"."""
    match = OWN_NUMBER.search(text)
    if not match:
        return None
    year = int(match.group("year")) if match.group("year") else None
    return match.group("number"), year, _symbol(match.group("symbol"))
