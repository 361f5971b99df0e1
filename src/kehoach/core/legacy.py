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
        lines.append(_WORD.sub(_upper_word, line))
    return "\n".join(lines)


def _upper_word(match: re.Match[str]) -> str:
    word = match.group(0)
    latin = _ASCII_LETTER.findall(word)
    if len(latin) >= 2 and all(ch.isupper() for ch in latin):
        return word.upper()
    return word
