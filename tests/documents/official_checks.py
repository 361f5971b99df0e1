"""What a records clerk checks on a printed official document (Decree 30/2020/NĐ-CP, Appendix
I), measured on the PDF from the positions of its words (poppler's ``pdftotext -bbox``): A4,
the margins, the agency and the national title in separate columns, "Số:" under the agency
and the date under the motto, room to sign above the signer's name, a number on every page
from page 2. Pages are also drawn to PNG under artifacts/documents/ to be looked at."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.documents.writer_support import ARTIFACTS, require

PT_PER_MM = 72 / 25.4
A4 = (595.28, 841.89)
# Decree 30/2020 Appendix I item 1: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
TOP, BOTTOM, LEFT, RIGHT = (20, 25), (20, 25), (30, 35), (15, 20)
# The header table reaches 5 mm into the left margin so that the agency's name fits on a
# line (as the decree's own samples do); the number of a page sits above the top margin.
HEADER_INTO_MARGIN_MM = 5.5
TOLERANCE_MM = 0.8


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word]

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def find(self, text: str) -> list[Word]:
        return [w for w in self.words if w.text == text]

    def line_of(self, word: Word) -> list[Word]:
        middle = (word.y0 + word.y1) / 2
        return sorted((w for w in self.words if w.y0 <= middle <= w.y1), key=lambda w: w.x0)


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def pages(pdf: Path) -> list[Page]:
    pdftotext = require("pdftotext")
    out = subprocess.run(
        [pdftotext, "-bbox", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    result = []
    for number, (width, height, body) in enumerate(_PAGE.findall(out), start=1):
        words = [
            Word(html.unescape(t), float(a), float(b), float(c), float(d))
            for a, b, c, d, t in _WORD.findall(body)
        ]
        result.append(Page(number, float(width), float(height), words))
    return result


def draw(pdf: Path, name: str, resolution: int = 60) -> list[Path]:
    """Every page as PNG under artifacts/documents/ (``name-1.png``, …)."""
    pdftoppm = require("pdftoppm")
    target = ARTIFACTS / "documents"
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(
        [pdftoppm, "-png", "-r", str(resolution), str(pdf), str(target / name)],
        check=True,
        timeout=300,
    )
    return sorted(target.glob(f"{name}-*.png"))


def _mm(points: float) -> float:
    return points / PT_PER_MM


def check_page_and_margins(document: list[Page]) -> None:
    for page in document:
        size = sorted((page.width, page.height))
        assert abs(size[0] - A4[0]) < 2 and abs(size[1] - A4[1]) < 2, (page.number, size)
        body = [w for w in page.words if not _is_page_number(page, w)]
        if not body:
            continue
        left = _mm(min(w.x0 for w in body))
        right = _mm(page.width - max(w.x1 for w in body))
        top = _mm(min(w.y0 for w in body))
        bottom = _mm(page.height - max(w.y1 for w in body))
        allowed_left = LEFT[0] - (HEADER_INTO_MARGIN_MM if page.number == 1 else 0)
        assert left >= allowed_left - TOLERANCE_MM, (page.number, "left", left)
        assert right >= RIGHT[0] - TOLERANCE_MM, (page.number, "right", right)
        assert top >= TOP[0] - TOLERANCE_MM - 1.5, (page.number, "top", top)  # ascenders
        assert bottom >= BOTTOM[0] - TOLERANCE_MM, (page.number, "bottom", bottom)


def _is_page_number(page: Page, word: Word) -> bool:
    return word.text.isdigit() and _mm(word.y1) < TOP[0] + 0.5


def check_header(page: Page, *, number_line: bool = True) -> None:
    """The agency on the left, the national title on the right, on their own lines; "Số:"
    under the agency, the place and date under the motto."""
    cong = page.find("CỘNG")
    assert cong, "no national title"
    title = cong[0]
    line = page.line_of(title)
    texts = [w.text for w in line if w.x0 >= title.x0]
    assert texts[:7] == ["CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA", "VIỆT"], texts
    assert "NAM" in texts, f"the national title wraps: {texts}"
    motto = page.find("Độc")[0]
    header_bottom = motto.y1 + 40
    left_words = [w for w in page.words if w.y0 < header_bottom and w.cx < title.x0]
    assert left_words, "no agency"
    # Nothing of the agency's column runs into the national title's.
    same_band = [w for w in left_words if w.y0 < motto.y1]
    assert all(w.x1 < title.x0 - 2 for w in same_band), [
        w.text for w in same_band if w.x1 >= title.x0 - 2
    ]
    if number_line:
        so = page.find("Số:")
        assert so, "no 'Số:'"
        assert so[0].cx < title.x0, "'Số:' is not under the agency"
        agency_bottom = max(w.y1 for w in same_band)
        assert so[0].y0 >= agency_bottom - 1
    dates = [w for w in page.words if w.text in ("ngày", "Ngày") and w.y0 < header_bottom + 20]
    assert dates, "no date in the header"
    assert dates[0].cx > title.x0 - 10, "the date is not under the motto"
    assert dates[0].y0 > motto.y1


def check_signature(document: list[Page], name: str, *, room_mm: float = 18) -> None:
    """The signer's name with room to sign (and stamp) above it, under the signer's title."""
    parts = name.split()
    for page in document:
        for word in page.find(parts[0]):
            line = [w for w in page.line_of(word) if w.x0 >= word.x0]
            # The name alone on its line in its column (not inside a sentence).
            before = [w for w in page.line_of(word) if w.x1 < word.x0 and word.x0 - w.x1 < 20]
            if [w.text for w in line[: len(parts)]] != parts or before:
                continue
            above = [
                w
                for w in page.words
                if w.y1 < word.y0 and abs(w.cx - word.cx) < 45 * PT_PER_MM and w.text.isupper()
            ]
            assert above, f"nothing above the signer's name {name!r}"
            gap = _mm(word.y0 - max(w.y1 for w in above))
            assert gap >= room_mm, f"only {gap:.1f} mm to sign above {name!r}"
            return
    raise AssertionError(f"the signer's name {name!r} is not in the document")


def check_page_numbers(document: list[Page]) -> None:
    for page in document:
        numbers = [w for w in page.words if _is_page_number(page, w)]
        if page.number == 1:
            assert not numbers, "a number on the first page"
            continue
        assert numbers, f"page {page.number} carries no number"
        centre = (LEFT[0] + (_mm(page.width) - RIGHT[0])) / 2
        assert abs(_mm(numbers[0].cx) - centre) < 10, "the page number is not centred"


def check_official(pdf: Path, *, signer: str, number_line: bool = True) -> list[Page]:
    document = pages(pdf)
    check_page_and_margins(document)
    check_header(document[0], number_line=number_line)
    if signer:
        check_signature(document, signer)
    check_page_numbers(document)
    return document
