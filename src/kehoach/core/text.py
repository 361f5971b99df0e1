"""Vietnamese text: NFC normalisation and diacritic-insensitive folding.

Every string that enters kehoach goes through :func:`nfc`; every comparison of names, and
later every search, goes through :func:`fold`, so that "Ấp Bắc", "ẤP BẮC" and "Ap Bac" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_DASHES = re.compile(r"\s*[\u2010-\u2015\u2212-]\s*")
_PUNCT = re.compile(r"[^\w\s]")


def nfc(text: str) -> str:
    """The one normal form kehoach stores: Unicode NFC."""
    return unicodedata.normalize("NFC", text)


class _FoldTable(dict[int, int | None]):
    """``str.translate`` table for :func:`fold`, filled on first sight of each character:
    combining marks are dropped, đ/Đ become d/D, everything else stays."""

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        value: int | None = code
        if unicodedata.combining(char):
            value = None
        elif char in "đĐ":
            value = ord("d" if char == "đ" else "D")
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Diacritic- and case-insensitive key: NFD, marks stripped, đ -> d, casefolded.

    Used for matching names and for search; never shown to a user.
    """
    stripped = unicodedata.normalize("NFD", text).translate(_FOLD_TABLE)
    return collapse_spaces(stripped.casefold())


def collapse_spaces(text: str) -> str:
    """All kinds of horizontal space become one ASCII space; ends trimmed."""
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=8192)
def name_key(text: str) -> str:
    """Key for comparing organisation names: folded, dashes and punctuation treated as spaces."""
    text = _DASHES.sub(" ", fold(text))
    return collapse_spaces(_PUNCT.sub(" ", text))


@lru_cache(maxsize=8192)
def spelling_key(text: str) -> str:
    """Like :func:`name_key` but keeps the diacritics: two names with the same
    :func:`name_key` and different spelling keys differ only in their marks."""
    text = _DASHES.sub(" ", nfc(text).casefold())
    return collapse_spaces(_PUNCT.sub(" ", text))


# Tone marks (dấu thanh) as combining characters; the vowel marks (^, ˘, horn) are not tones.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_WORD = re.compile(r"\w+")
# A syllable ending in one of these open glides is written two ways: the mark on the first vowel
# (hòa, khỏe, thủy, Ủy ban — the placement of the state's documents and of kehoach's own data)
# or on the second (hoà, khoẻ, thuỷ, Uỷ ban). With a final consonant (hoàng, thuyền) everyone
# writes it on the second vowel, so only open syllables are touched.
_GLIDES = ("oa", "oe", "uy")


def _place_tone(match: re.Match[str]) -> str:
    word = match.group(0)
    if len(word) < 2:
        return word
    bare = unicodedata.normalize("NFD", word).translate(_FOLD_TABLE).casefold()
    if len(bare) != len(word) or not bare.endswith(_GLIDES):
        return word
    if bare.endswith("uy") and bare[-3:-2] == "q":  # "quý": qu- is a consonant, y the vowel
        return word
    first = unicodedata.normalize("NFD", word[-2])
    last = unicodedata.normalize("NFD", word[-1])
    if len(first) != 1 or len(last) != 2 or last[1] not in _TONE_MARKS:
        return word
    return word[:-2] + unicodedata.normalize("NFC", first + last[1]) + last[0]


def tone_placement(text: str) -> str:
    """NFC text with the tone mark of open oa/oe/uy syllables on the first vowel:
    "hoà" -> "hòa", "thuỷ" -> "thủy", "Uỷ ban" -> "Ủy ban"; "quý", "hoàng" unchanged."""
    return _WORD.sub(_place_tone, nfc(text))


def search_key(text: str) -> str:
    """The key a search query and the text searched are compared by: tone placement made one,
    diacritics, đ and case folded away (:func:`fold`), dashes and punctuation made spaces.
    "Hoà giải", "HOA GIAI" and "hòa-giải" have the same key."""
    return name_key(tone_placement(text))
