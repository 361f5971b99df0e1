"""Legacy Vietnamese encodings: TCVN3 (".Vn" fonts) and VNI ("VNI-" fonts) -> Unicode.

Before Unicode, Vietnamese documents were typed in 8-bit fonts that drew Vietnamese letters
in place of Latin-1 characters: "Th«ng tin" in .VnTime is "Thông tin", "Thoâng tin" in
VNI-Times is the same. Word keeps the Latin-1 characters, so a reader must know the font (or
be told the encoding) and convert. The tables live in ``data/legacy_encodings.json`` with
their sources; this module only applies them.

The ``viparse`` package was evaluated and not used: its TCVN3 table agrees with ours, but its
VNI table lacks ẳ/Ẳ and writes ỵ as "yï" where VNI-Windows has the single character "î".
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from kehoach.core.text import nfc

TCVN3 = "tcvn3"
VNI = "vni"
ENCODINGS = (TCVN3, VNI)
NAMES = {TCVN3: "TCVN3", VNI: "VNI"}

# Lower-case letters that exist only as lower-case codes in TCVN3 (VN3): upper-case text in
# the ".Vn...H" fonts is typed with these codes and drawn upper-case by the font.
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class _Table:
    decode: dict[str, str]  # legacy sequence -> Unicode letter
    encode: dict[str, str]  # Unicode letter -> legacy sequence
    first: dict[str, tuple[str, ...]]  # first character -> sequences, longest first


@cache
def _data() -> dict[str, Any]:
    text = resources.files("kehoach.core").joinpath("data/legacy_encodings.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _table(encoding: str) -> _Table:
    if encoding not in ENCODINGS:
        raise ValueError(f"Unknown legacy encoding {encoding!r}; known: {', '.join(ENCODINGS)}")
    entry = _data()[encoding]
    pairs = [(str(a), str(b)) for a, b in entry["pairs"]]
    read_only = [(str(a), str(b)) for a, b in entry.get("read_only", [])]
    decode = dict(pairs + read_only)
    encode = {b: a for a, b in pairs}
    first: dict[str, list[str]] = {}
    for seq in decode:
        first.setdefault(seq[0], []).append(seq)
    return _Table(
        decode=decode,
        encode=encode,
        first={ch: tuple(sorted(seqs, key=len, reverse=True)) for ch, seqs in first.items()},
    )


def source(encoding: str) -> str:
    """Where the table for ``encoding`` comes from (shown in the docs)."""
    return str(_data()[encoding]["source"])


def font_encoding(font: str | None) -> tuple[str, bool] | None:
    """The legacy encoding a font name implies, and whether the font draws upper case.

    ".VnTime" -> ("tcvn3", False); ".VnTimeH" -> ("tcvn3", True); "VNI-Times" -> ("vni",
    False); "Times New Roman" -> None.
    """
    if not font:
        return None
    name = font.strip()
    folded = name.casefold()
    if folded.startswith(".vn"):
        # The upper-case member of each ".Vn" family ends in "H" (.VnTimeH, .VnArial NarrowH).
        return TCVN3, name.replace(" ", "").endswith("H")
    if folded.startswith(("vni-", "vni ")):
        return VNI, False
    return None


def decode(text: str, encoding: str, *, uppercase: bool = False) -> str:
    """Legacy text -> Unicode NFC. Characters outside the table pass through unchanged.

    ``uppercase`` is for text set in a TCVN3 ".Vn...H" font, which draws every letter upper
    case whatever its code.
    """
    table = _table(encoding)
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        for seq in table.first.get(ch, ()):
            if text.startswith(seq, i):
                out.append(table.decode[seq])
                i += len(seq)
                break
        else:
            out.append(ch)
            i += 1
    result = nfc("".join(out))
    return result.upper() if uppercase else result


def encode(text: str, encoding: str) -> str:
    """Unicode -> legacy text (the inverse of :func:`decode`), as an old font would hold it.

    TCVN3 has no upper-case accented letters: they are written with the lower-case codes, as
    typists did in the ".Vn...H" fonts, so the case is lost unless the text is set in such a
    font (see :func:`encode_runs`).
    """
    table = _table(encoding)
    out: list[str] = []
    for ch in nfc(text):
        code = table.encode.get(ch)
        if code is None and ch.lower() != ch:
            code = table.encode.get(ch.lower())
        out.append(code if code is not None else ch)
    return "".join(out)


def needs_uppercase_font(ch: str) -> bool:
    """An upper-case letter TCVN3 can only show in a ".Vn...H" font."""
    table = _table(TCVN3)
    return ch.lower() != ch and ch not in table.encode and ch.lower() in table.encode


def encode_runs(text: str, encoding: str) -> list[tuple[str, bool]]:
    """Unicode -> legacy runs ``(text, uppercase_font)``, splitting off the letters that TCVN3
    can only draw in a ".Vn...H" font, as a document typed in TCVN3 would."""
    if encoding != TCVN3:
        return [(encode(text, encoding), False)] if text else []
    runs: list[tuple[str, bool]] = []
    for ch in nfc(text):
        upper = needs_uppercase_font(ch)
        code = encode(ch.lower() if upper else ch, encoding)
        if runs and runs[-1][1] == upper:
            runs[-1] = (runs[-1][0] + code, upper)
        else:
            runs.append((code, upper))
    return runs


def restore_case(original: str, converted: str) -> str:
    """Plain TCVN3 text has no font to say which letters were upper case: a word whose Latin
    letters are all capitals ("MôC" from "M«C") is taken as upper case, and so is a whole line
    whose Latin letters are all capitals ("I. MôC TIªU"). Applied line by line to text
    converted from ``original``; lines are kept in step by their count."""
    if original.count("\n") != converted.count("\n"):
        return converted
    lines = []
    for raw, line in zip(original.split("\n"), converted.split("\n"), strict=True):
        letters = _ASCII_LETTER.findall(raw)
        if len(letters) >= 3 and all(ch.isupper() for ch in letters):
            lines.append(line.upper())
            continue
        lines.append(restore_capitals(_WORD.sub(_upper_word, line)))
    return "\n".join(lines)


# Words that introduce a proper name: "báo Ấp Bắc", "xã Ông Đốc".
_NAME_NOUNS = frozenset(
    [
        "báo",
        "đài",
        "xã",
        "phường",
        "huyện",
        "quận",
        "tỉnh",
        "thị",
        "trấn",
        "ấp",
        "thôn",
        "bản",
        "làng",
        "sông",
        "núi",
        "chợ",
        "cầu",
        "đường",
    ]
)


def restore_capitals(line: str) -> str:
    """Capitals that plain TCVN3 cannot write (Ấ, Ủ, Ở …: typed small, drawn large by a ".Vn…H"
    font), put back where Vietnamese writing requires them: the first word of a line; a word
    that begins a proper name — followed by a capitalised word and preceded by one, by a noun
    that introduces names ("báo Ấp Bắc") or by nothing; and "Ủy ban"."""
    words = list(_WORD.finditer(line))
    out = list(line)
    for i, match in enumerate(words):
        word = match.group(0)
        first = word[0]
        if not (first.islower() and needs_uppercase_font(first.upper())):
            continue
        before = words[i - 1].group(0) if i else ""
        after = words[i + 1].group(0) if i + 1 < len(words) else ""
        gap = line[words[i - 1].end() : match.start()] if i else line[: match.start()]
        starts_line = i == 0 and not any(ch.isalnum() for ch in gap)
        starts_sentence = bool(i) and gap.strip().endswith((".", "!", "?"))
        names = after[:1].isupper() and (
            not before or before[:1].isupper() or before.casefold() in _NAME_NOUNS
        )
        if starts_line or starts_sentence or names or (word == "ủy" and after == "ban"):
            out[match.start()] = first.upper()
    return "".join(out)


def _upper_word(match: re.Match[str]) -> str:
    word = match.group(0)
    latin = _ASCII_LETTER.findall(word)
    if len(latin) >= 2 and all(ch.isupper() for ch in latin):
        return word.upper()
    return word


# -- telling the encodings apart -------------------------------------------------------------
# A decoding is judged by how much of it reads as Vietnamese: the share of its accented words
# that are well-formed Vietnamese syllables (an initial consonant, a vowel group, a final
# consonant, at most one tone mark). Text read in the wrong encoding is full of impossible
# words ("Th«ng", "Keá hoaïch", "Tuyãn"); the right reading has nearly none.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEI = (
    "uyê|uya|uyu|ươi|ươu|uôi|oai|oay|oao|oeo|iêu|yêu|uây|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_SYLLABLE = re.compile(rf"(?:{_INITIALS})?(?:{_NUCLEI})(?:ch|ng|nh|c|m|n|p|t)?")
_TOKEN = re.compile(r"[^\s.,;:!?()\[\]{}\"'“”‘’/\\|<>=+*&%#@0-9–—-]+")


def is_syllable(word: str) -> bool:
    """A well-formed Vietnamese syllable, any case: "Thông", "nghiệp" yes; "Th«ng" no."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


@dataclass(frozen=True)
class Reading:
    """How well a decoding reads as Vietnamese: ``score`` is the share of its accented words
    that are Vietnamese syllables; ``words`` how many accented words there were."""

    score: float
    words: int


def vietnamese_reading(text: str, *, limit: int = 60000) -> Reading:
    accented = [t for t in _TOKEN.findall(text[:limit]) if not t.isascii()]
    if not accented:
        return Reading(0.0, 0)
    good = sum(1 for t in accented if is_syllable(t))
    return Reading(good / len(accented), len(accented))


# A reading is taken only when it is clearly Vietnamese and clearly better than the others.
CLEAR_SCORE = 0.85
CLEAR_MARGIN = 0.2
