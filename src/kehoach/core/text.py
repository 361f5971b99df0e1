"""Vietnamese text: NFC normalisation and diacritic-insensitive folding.

Every string that enters kehoach goes through :func:`nfc`; every comparison of names, and
later every search, goes through :func:`fold`, so that "Ấp Bắc", "ẤP BẮC" and "Ap Bac" meet.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_DASHES = re.compile(r"\s*[\u2010-\u2015\u2212-]\s*")
_PUNCT = re.compile(r"[^\w\s]")


def nfc(text: str) -> str:
    """The one normal form kehoach stores: Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Diacritic- and case-insensitive key: NFD, marks stripped, đ -> d, casefolded.

    Used for matching names and for search; never shown to a user.
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return collapse_spaces(stripped.casefold())


def collapse_spaces(text: str) -> str:
    """All kinds of horizontal space become one ASCII space; ends trimmed."""
    return _SPACES.sub(" ", text).strip()


def name_key(text: str) -> str:
    """Key for comparing organisation names: folded, dashes and punctuation treated as spaces."""
    text = _DASHES.sub(" ", fold(text))
    return collapse_spaces(_PUNCT.sub(" ", text))


def spelling_key(text: str) -> str:
    """Like :func:`name_key` but keeps the diacritics: two names with the same
    :func:`name_key` and different spelling keys differ only in their marks."""
    text = _DASHES.sub(" ", nfc(text).casefold())
    return collapse_spaces(_PUNCT.sub(" ", text))
