"""A document's opening — header, type, title — as real files give it, and its wrapped lines.

Text copied from a legal-document website or extracted from a PDF rarely keeps the layout:

- the site's own lines come first (its name, a search box, metadata, a list of related
  documents): the document starts at its header (:func:`document_start`);
- the two-column header is flattened onto lines joined by " | " ("ỦY BAN NHÂN DÂN | CỘNG HÒA
  XÃ HỘI CHỦ NGHĨA VIỆT NAM |"), or each column is broken over short lines with "|" lines
  between the columns ("Số:" / "06/2024/QĐ-UBND", "Kon Tum, ngày 25" / "tháng 01 năm 2024"),
  or the agency's name is wrapped ("THỦ TƯỚNG CHÍNH" / "PHỦ"): :func:`read_opening` reads
  each column as a whole;
- the type line ("KẾ HOẠCH") may be missing: the type then comes from the symbol's code;
- the title is wrapped over several lines, and sentences over many short lines: :func:`rejoin`
  puts a wrapped line back onto the one it continues.
"""

from __future__ import annotations

import re
from datetime import date

from kehoach.core import refdata
from kehoach.core.citations import TYPE_NAMES, parse_own_reference, parse_place_date
from kehoach.core.findings import Finding, Where
from kehoach.core.messages import declare
from kehoach.core.plan import Header
from kehoach.core.text import fold
from kehoach.documents.plan_text import TextLine, is_uppercase_line

_TYPE_FOLDED = {fold(t) for t in TYPE_NAMES}
_CELL_SPLIT = re.compile(r"\s*\|\s*|\t+| {3,}")
_SEPARATOR = set("-_–—=*.| ")
# The official title of the national motto, in any of the pieces a website breaks it into.
_MOTTO = ("cong hoa", "hoa xa hoi", "xa hoi chu nghia", "chu nghia viet nam", "doc lap")
# Words that begin the name of a territory under an agency's name: "ỦY BAN NHÂN DÂN" / "TỈNH …".
_PLACE_WORDS = ("tinh ", "thanh pho ", "huyen ", "quan ", "thi xa ", "xa ", "phuong ", "thi tran ")
# Words that begin the name of a unit: a line starting so is an agency of its own, not the rest
# of the line before it ("UBND TỈNH TIỀN GIANG" / "SỞ THÔNG TIN VÀ TRUYỀN THÔNG").
_UNIT_WORDS = (
    "so ", "phong ", "ban ", "trung tam", "chi cuc", "cuc ", "vu ", "van phong", "dai ",
    "bao ", "vien ", "truong ", "tong cuc", "ubnd", "uy ban", "hoi dong", "bo ",
)  # fmt: skip
# The authority line of a decision, a resolution …, under its title: not part of the title.
_AUTHORITY = (
    "uy ban nhan dan", "hoi dong nhan dan", "chu tich", "bo truong", "thu tuong", "chinh phu",
    "giam doc", "tong cuc truong", "cuc truong", "uy ban thuong vu", "ubnd", "hdnd",
    "quoc hoi", "khoa ",
)  # fmt: skip
_PREAMBLE = ("can cu", "thuc hien", "duoc su", "theo de nghi", "xet ", "sau khi")
_HEADING = re.compile(r"^(?:[IVX]{1,5}|[A-Z])\s*[.)]|^(?:PHẦN|Phần)\s")
# Words after which a sentence cannot end: a line ending so continues on the next.
_CONNECTIVES = frozenset(
    [
        "của",
        "và",
        "về",
        "ngày",
        "số",
        "tại",
        "theo",
        "các",
        "trong",
        "cho",
        "với",
        "đến",
        "năm",
        "tháng",
        "được",
        "là",
        "để",
        "từ",
        "trên",
        "hoặc",
        "những",
        "đối",
        "như",
        "nhằm",
        "thuộc",
        "giữa",
        "sau",
        "trước",
        "khi",
        "đã",
        "sẽ",
        "có",
        "này",
        "bằng",
        "qua",
    ]
)
_ITEM_START = re.compile(r"^(?:[-–—•+*]|\d+(?:\.\d+)*\s*[.)]|[a-zđ]\)|[IVX]{1,5}\s*[.)])")
_LABEL_ONLY = re.compile(r"^(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)]$|^[-–•+]$")
_ITEM_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\s*[.)]|[a-zđ]\)|[IVX]{1,5}\s*[.)]|[A-Z]\.)\s")
_NEW_PARAGRAPH = (
    "can cu", "thuc hien", "theo de nghi", "xet ", "dieu ", "noi nhan", "tren day", "phan ",
    "quyet dinh:", "quyet nghi:",
)  # fmt: skip


def _is_motto(folded: str) -> bool:
    return folded == "cong" or any(m in folded for m in _MOTTO)


def _is_separator(text: str) -> bool:
    return not text.strip() or set(text) <= _SEPARATOR


def _type_line(text: str) -> bool:
    if text.rstrip(" |").endswith(":"):
        return False  # "QUYẾT ĐỊNH:" opens the articles of a decision
    bare = text.strip(" .:|")
    return fold(bare) in _TYPE_FOLDED and is_uppercase_line(bare)


_DATE_PIECE = re.compile(
    r",\s*ngày\b|^ngày\b|\btháng\s+\d{1,2}\s+năm\s+\d{4}|^\d+[a-zA-Z]?\s*/", re.IGNORECASE
)


def _header_like(text: str) -> bool:
    """A line of a header's columns: upper-case names, separators, "|", the number, the date,
    or a piece of them broken off by a website ("Quảng Nam,", "tháng 01 năm 2024")."""
    if _HEADING.match(text.strip()):
        return False
    for part in _CELL_SPLIT.split(text):
        part = part.strip()
        if _is_separator(part):
            continue
        folded = fold(part)
        if is_uppercase_line(part) or _is_motto(folded) or re.match(r"so\b", folded):
            continue
        if parse_place_date(part) or _DATE_PIECE.search(part):
            continue
        words = part.rstrip(",").split()
        if len(words) <= 3 and all(w[:1].isupper() for w in words):
            continue  # a place name cut from its date: "Mỹ" / "Tho, ngày …"
        return False
    return True


def _has_number_or_date(text: str) -> tuple[bool, bool]:
    parts = [p.strip() for p in _CELL_SPLIT.split(text)]
    number = any(parse_own_reference(p) for p in parts)
    return number, any(parse_place_date(p) for p in parts)


def document_start(lines: list[TextLine], window: int = 150) -> int:
    """Where the document begins, after what a website put before it: the first line of the
    header block that holds the national motto (or, without one, the type line)."""
    anchor = None
    for i, line in enumerate(lines[:window]):
        folded = fold(line.text)
        if "cong hoa xa" in folded or "chu nghia viet nam" in folded:
            anchor = i
            break
        if folded == "cong" and i + 1 < len(lines) and "hoa xa hoi" in fold(lines[i + 1].text):
            anchor = i
            break
    if anchor is None:
        for i, line in enumerate(lines[:window]):
            if _type_line(line.text):
                anchor = i
                break
    if anchor is None:
        return 0
    start = anchor
    while start > 0 and _header_like(lines[start - 1].text):
        start -= 1
    return start


def _cells(lines: list[TextLine]) -> list[list[tuple[str, TextLine]]]:
    """The header's lines as columns: "|" closes a column; each column is its fragments."""
    cells: list[list[tuple[str, TextLine]]] = [[]]
    for line in lines:
        parts = re.split(r"\s*\|\s*", line.text)
        for k, part in enumerate(parts):
            if k:
                cells.append([])
            for fragment in re.split(r"\t+| {3,}", part):
                fragment = fragment.strip()
                if fragment and not _is_separator(fragment):
                    cells[-1].append((fragment, line))
    return [c for c in cells if c]


def _merge_agency(pieces: list[str]) -> list[str]:
    """Put back the name of an agency broken over lines ("THỦ TƯỚNG CHÍNH" / "PHỦ", "ỦY BAN
    NHÂN DÂN" / "TỈNH KON TUM"), keeping a governing body and its unit apart."""
    merged: list[str] = []
    for piece in pieces:
        if merged:
            previous = merged[-1]
            folded = fold(piece) + " "
            continues = (
                previous.endswith((" VÀ", ",", "-", "–"))
                or len(previous.split()) == 1
                or folded.startswith(_PLACE_WORDS)
                or folded.startswith("va ")
                or (len(piece.split()) <= 2 and not folded.startswith(_UNIT_WORDS))
            )
            if continues:
                merged[-1] = f"{previous} {piece}"
                continue
        merged.append(piece)
    return merged


# What reading the opening says (docs/architecture.md, "Messages"): English in the catalogue.
DATE_INVALID = declare("DATE_INVALID", "Ngày '{text}' không tồn tại.")


def _date_invalid(text: str, where: Where) -> Finding:
    return Finding.of(DATE_INVALID.with_params(text=text), where)


def read_opening(lines: list[TextLine], start: int) -> tuple[Header, list[Finding], int]:
    """The header from ``lines[start:]``, its reading findings and where the body starts."""
    header = Header()
    findings: list[Finding] = []
    type_index = None
    for i in range(start, min(len(lines), start + 60)):
        if _type_line(lines[i].text):
            type_index = i
            break
    if type_index is not None:
        end = type_index
    else:
        # No type line (a website dropped it): the header ends after its number and date.
        end = start
        number_seen = date_seen = False
        for i in range(start, min(len(lines), start + 20)):
            if not _header_like(lines[i].text):
                break
            end = i + 1
            number, dated = _has_number_or_date(lines[i].text)
            number_seen, date_seen = number_seen or number, date_seen or dated
            if number_seen and date_seen:
                break
    uppercase: list[str] = []
    for cell in _cells(lines[start:end]):
        fragments = [f for f, _ in cell]
        i = 0
        while i < len(fragments):
            fragment, line = cell[i]
            where = Where(part="header", source_line=line.source_line, text=fragment[:60])
            folded = fold(fragment)
            taken = 0
            if re.search(r"(?:^|\s)so\s*:", folded) or folded == "so":
                # "Số: 46a/KH-STTTT", or "Số:" with the number on the next line
                for k in (1, 2) if folded.rstrip().endswith(("so", ":")) else (1,):
                    own = parse_own_reference(" ".join(fragments[i : i + k]))
                    if own:
                        header.number, header.year, header.symbol = own
                        header.number_where = where
                        taken = k
                        break
            if not taken and not is_uppercase_line(fragment) and not _is_motto(folded):
                for k in (1, 2, 3):
                    place_date = parse_place_date(" ".join(fragments[i : i + k]))
                    if place_date:
                        header.place, parsed = place_date
                        header.date, header.date_text = parsed.value, parsed.text
                        header.date_where = where
                        if parsed.error:
                            findings.append(_date_invalid(parsed.text, where))
                        taken = k
                        break
            if taken:
                i += taken
                continue
            if _is_motto(folded):
                header.national_motto = header.national_motto or "cong" in folded
            elif is_uppercase_line(fragment):
                uppercase.append(fragment)
            i += 1
    agencies = _merge_agency(uppercase)
    if len(agencies) >= 2:
        header.governing_body, header.agency = agencies[0], agencies[1]
    elif agencies:
        header.agency = agencies[0]
    if type_index is not None:
        header.type_name = lines[type_index].text.strip(" .:|")
        header.where = Where(part="header", source_line=lines[type_index].source_line)
        next_index = type_index + 1
    else:
        header.type_name = _type_from_symbol(header.symbol, header.date)
        if header.number_where is not None:
            header.where = Where(part="header", source_line=header.number_where.source_line)
        next_index = end
    title, next_index = _title(lines, next_index, header.agency)
    if type_index is None and title and not is_uppercase_line(title):
        title, next_index = "", next_index - 1  # without a type line, only a title in capitals
    header.title = title
    return header, findings, next_index


def _type_from_symbol(symbol: str, on: date | None) -> str:
    """ "KH-UBND" -> "KẾ HOẠCH", for a copy whose type line was lost."""
    if not symbol or "-" not in symbol:
        return ""
    code = symbol.split("-", 1)[0]
    # Before the first regulation on codes (2011) the same codes were in use.
    for when in (on or date.today(), date.today()):
        name = refdata.doc_type_name_for_code(code, when)
        if name:
            return re.sub(r"\s*\(.*\)\s*$", "", name).upper()  # "Quyết định (cá biệt)"
    return ""


def _stops_title(text: str, agency: str) -> bool:
    folded = fold(text)
    return (
        (folded.startswith(_PREAMBLE) and not is_uppercase_line(text))
        or folded.startswith(_AUTHORITY)
        or bool(_HEADING.match(text))
        or bool(re.match(r"\d+(?:\.\d+)*\s*[.)]\s", text))
        or (bool(agency) and folded == fold(agency))
        or folded.rstrip(":") in ("quyet dinh", "quyet nghi")
    )


def _title(lines: list[TextLine], index: int, agency: str) -> tuple[str, int]:
    """The title under the type line: one line as typed, or several upper-case lines of a
    title wrapped by a website ("PHÁT" / "TRIỂN HẠ TẦNG SỐ …")."""
    if index >= len(lines) or _stops_title(lines[index].text, agency):
        return "", index
    first = lines[index].text.strip()
    if not is_uppercase_line(first):
        return first, index + 1
    parts = [first]
    index += 1
    while index < len(lines):
        text = lines[index].text.strip()
        if not is_uppercase_line(text) and not re.fullmatch(r"[\d\s./–-]+", text):
            break
        if _stops_title(text, agency) or _type_line(text):
            break
        parts.append(text)
        index += 1
    return re.sub(r"\s+", " ", " ".join(parts)).strip(), index


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` is the rest of ``previous``, wrapped: ``previous`` does not end a
    sentence and ``line`` does not begin an item; and ``line`` begins in lower case or a digit,
    or ``previous`` ends on a word after which no sentence ends ("của", "ngày", "số" …)."""
    prev = previous.rstrip()
    if _LABEL_ONLY.match(prev) and line:
        return True  # "I." with its title on the next line, as a PDF gives Word's numbering
    if not prev or not line or prev[-1] in ".;:!?":
        return False
    if _ITEM_START.match(line) or fold(line).startswith(_NEW_PARAGRAPH):
        return False
    if is_uppercase_line(line):
        return False
    last = prev.split()[-1].casefold()
    if last in _CONNECTIVES or prev.endswith(("-", "–", "(")) or line[0].islower():
        return True
    if line[0].isupper():
        # A capital after a long line that stops mid-sentence: a line broken before a name
        # ("… của Ủy ban nhân dân tỉnh thực hiện" / "Nghị quyết 36a/NQ-CP …"); not after a
        # heading or a short line, which end without punctuation on their own.
        return len(prev) >= 60 and not _ITEM_HEADING.match(prev) and not is_uppercase_line(prev)
    # A digit begins a wrapped line when it is a reference or a date, not a quantity ("4 chuyên
    # mục x 11 đài" is an item of its own).
    return bool(re.match(r"\d+\s*(?:/|tháng\b)", line))


def rejoin(lines: list[TextLine]) -> list[TextLine]:
    """Wrapped lines put back together, each kept at the source line where it began."""
    out: list[TextLine] = []
    for line in lines:
        if out and _continues(out[-1].text, line.text):
            out[-1] = TextLine(f"{out[-1].text.rstrip()} {line.text.lstrip()}", out[-1].source_line)
        else:
            out.append(line)
    return out


def rejoin_body(lines: list[TextLine]) -> list[TextLine]:
    """:func:`rejoin` over the body up to its closing ("Trên đây là …", "Nơi nhận"), whose
    signature and recipients are laid out line by line on purpose."""
    for i, line in enumerate(lines):
        if fold(line.text).startswith(("tren day la", "noi nhan")):
            return rejoin(lines[:i]) + lines[i:]
    return rejoin(lines)
