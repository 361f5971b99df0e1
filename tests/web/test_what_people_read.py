"""Issue 23, "Formats a person reads": what a page must never show — an ISO date or period, a
count without its grouping, a Python value, a name from the code. The crawl of every role's
menu, home and plan page (tests/web/test_todo.py) applies ``problems_of`` to every page."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import polib

# What a person must never read on a page.
ISO_DATE = re.compile(r"\b(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
ISO_PERIOD = re.compile(r"\b(19|20)\d\d-(Q[1-4]|H[12])\b")
PYTHON_VALUES = re.compile(r"\bNone\b|\bDecimal\(|\{'|\bTrue\b|\bFalse\b")
# A name from the code (paid_total, accepted_value) instead of its label.
CODE_NAME = re.compile(r"(?<![\w./-])[a-z]+_[a-z_]+\b(?![\w./-])")
# A count of five digits or more without its dot grouping (17626 for 17.626); codes with
# hyphens, dots or slashes around their digits, and record numbers ("sản phẩm #30078"), are not
# counts.
UNGROUPED = re.compile(r"(?<![\w.,/:#-])\d{5,}(?![\w.,/:-])")
# One message holding both languages: "Số không được âm. / The figure cannot be negative."
BOTH_LANGUAGES = re.compile(r"[.!?)] / [A-Z][a-z]+ [a-z]+")
# Scripts, styles and <code>: a code element shows a machine value on purpose (an API token's
# random prefix such as "kh_lwrrjsh…", a service code), not words to read.
SCRIPT_STYLE = re.compile(r"<(script|style|code)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")


def visible_text(page: str) -> str:
    """The text of a page as a person reads it: without tags, scripts, code elements and
    attribute values."""
    return html.unescape(TAG.sub(" ", SCRIPT_STYLE.sub(" ", page)))


def problems_of(text: str) -> list[str]:
    found = []
    for pattern, what in (
        (ISO_DATE, "ISO date"),
        (ISO_PERIOD, "ISO period"),
        (PYTHON_VALUES, "Python value"),
        (UNGROUPED, "count without grouping"),
        (CODE_NAME, "name from the code"),
        (BOTH_LANGUAGES, "a message in both languages"),
    ):
        for match in pattern.finditer(text):
            start = max(0, match.start() - 40)
            found.append(f"{what}: …{text[start : match.end() + 40].strip()}…")
    return found


PO = Path(__file__).resolve().parents[2] / "src/kehoach/locale/en/LC_MESSAGES/django.po"
TEXT_NODE = re.compile(r">([^<>]+)<")
# An element holding data written in Vietnamese (its lang says so), on any screen.
DATA_IN_VIETNAMESE = re.compile(r"<(?!html\b)(\w+)\b[^>]*\blang=\"vi\"[^>]*>.*?</\1>", re.S)
VIETNAMESE = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I
)


@cache
def vietnamese_ui_strings() -> frozenset[str]:
    """The catalogue's Vietnamese UI strings that have an English of their own: on the English
    screen, a text standing alone that is one of these was left untranslated. User data (plan
    titles, organisation names, an estimate's lines) is rarely a whole catalogue string; where it
    can be (a conference called "Hội nghị tập huấn"), the page marks it ``lang="vi"``, as a
    screen reader needs, and it is not counted."""
    return frozenset(
        entry.msgid
        for entry in polib.pofile(str(PO))
        if entry.msgstr
        and entry.msgstr != entry.msgid
        and VIETNAMESE.search(entry.msgid)
        and "%" not in entry.msgid
    )


# A message's values: "{amount}", "%(amount)s", "%s".
FIELD = re.compile(r"\{\w*\}|%\(\w+\)[sd]|%[sd]")
MIN_WORDS = 15  # characters of Vietnamese words a message with values must have to be looked for


@cache
def vietnamese_ui_messages() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The catalogue's Vietnamese messages with values ("Đã ghi khoản {kind} {amount} đồng …"),
    each as its longest piece of words and a pattern of its words around any values: on the
    English screen, a text holding one is a message said in Vietnamese (a message shown without
    its reader's language, such as a Message a template called before a filter could say it)."""
    out = []
    for entry in polib.pofile(str(PO)):
        if not entry.msgstr or entry.msgstr == entry.msgid or not FIELD.search(entry.msgid):
            continue
        pieces = [" ".join(piece.split()) for piece in FIELD.split(entry.msgid)]
        words = [piece for piece in pieces if VIETNAMESE.search(piece)]
        if sum(len(piece) for piece in words) >= MIN_WORDS:
            pattern = re.compile(".+?".join(re.escape(piece) for piece in pieces))
            out.append((max(words, key=len).strip(), pattern))
    return tuple(out)


def untranslated(page: str) -> list[str]:
    """Vietnamese UI strings left on a page meant to be English (text of elements, labels), and
    texts holding a Vietnamese message of the catalogue filled with its values."""
    known = vietnamese_ui_strings()
    page = DATA_IN_VIETNAMESE.sub(" ", SCRIPT_STYLE.sub(" ", page))
    texts = {" ".join(html.unescape(t).split()) for t in TEXT_NODE.findall(page)}
    left = {text for text in texts if text.rstrip(":") in known or text in known}
    for text in texts - left:
        if VIETNAMESE.search(text) and any(
            piece in text and pattern.search(text) for piece, pattern in vietnamese_ui_messages()
        ):
            left.add(text)
    return sorted(left)


def test_the_patterns_catch_what_they_must():
    assert problems_of("Ngày 2016-07-21")
    assert problems_of("Kỳ 2015-Q1")
    assert problems_of("Giá trị None")
    assert problems_of("Tiếp nhận 17626 hồ sơ")
    assert problems_of("paid_total: 0 → 5.500.000")
    assert not problems_of("Đã báo cáo phát sóng sản phẩm #30078")
    assert not problems_of("Ngày 21/07/2016, Quý I/2016, 1.218/35.992")
    assert problems_of("Số không được âm. / The figure cannot be negative.")
    assert untranslated("<h1>Đăng nhập</h1><p>Kế hoạch tuyên truyền năm 2016 của Sở</p>") == [
        "Đăng nhập"
    ]
    assert untranslated('<h1><span lang="vi">Đăng nhập</span></h1>') == []
    # a message with values, said in Vietnamese on the English screen
    said = "Đã ghi chứng từ Kho bạc PC-01: khoản 4.000.000 đồng đã thanh toán."
    assert untranslated(f"<p>Payments. {said}</p>") == [f"Payments. {said}"]
    assert untranslated(f'<p lang="vi">{said}</p>') == []
