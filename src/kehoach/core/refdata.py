"""Versioned reference data: document-type codes per regulation period, administrative units
over time, and common abbreviations.

The data lives in ``data/document_types.json``, ``data/admin_units.json`` and
``data/abbreviations.json``, each entry with its legal source; this module only reads it.
Rules that come from regulations apply by the document's date: ask with the plan's date.

Validity periods are half-open: ``valid_from`` is the first day (inclusive, ``None`` = before the
data's coverage), ``valid_to`` the first day no longer valid (exclusive, ``None`` = still valid).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from kehoach.core.text import collapse_spaces, fold

__all__ = [
    "AdminUnit",
    "DocTypeRegulation",
    "abbreviations",
    "district_units",
    "doc_type_code_for_name",
    "doc_type_name_for_code",
    "doc_type_regulation",
    "local_abbreviations",
    "province_names",
    "types_without_code",
    "year_bearing_type_codes",
]


# --------------------------------------------------------------------------- loading


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files("kehoach.core").joinpath(f"data/{name}").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _date(value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date string or null, got {value!r}")
    return date.fromisoformat(value)


def _in_force(valid_from: date | None, valid_to: date | None, on: date) -> bool:
    return (valid_from is None or valid_from <= on) and (valid_to is None or on < valid_to)


def _exact_key(text: str) -> str:
    """Case-insensitive key that keeps the diacritics: NFC, casefolded, spaces collapsed."""
    return collapse_spaces(unicodedata.normalize("NFC", text).casefold())


# --------------------------------------------------------------------------- document types


@dataclass(frozen=True)
class DocTypeRegulation:
    """One regulation period of document-type codes (Thông tư 01/2011, Nghị định 30/2020)."""

    name: str
    valid_from: date
    valid_to: date | None
    codes: Mapping[str, str] = field(hash=False)  # code -> type name, e.g. "KH" -> "Kế hoạch"
    number: str = ""
    source: str = field(default="", compare=False)

    def code_for(self, type_name: str) -> str | None:
        """The code of a type name in this period, case-insensitively; ``None`` if not listed."""
        indexes = _name_indexes().get(self.number)
        if indexes is None:  # built by hand, not from the data file: names only, no aliases
            indexes = (
                {_exact_key(n): c for c, n in self.codes.items()},
                {fold(n): c for c, n in self.codes.items()},
            )
        exact, folded = indexes
        code = exact.get(_exact_key(type_name))
        if code is None:
            code = folded.get(fold(type_name))
        return code

    def name_for(self, code: str) -> str | None:
        """The type name of a code in this period (exact first, then case-insensitive)."""
        code = unicodedata.normalize("NFC", code.strip())
        name = self.codes.get(code)
        if name is not None:
            return name
        wanted = code.casefold()
        for known, known_name in self.codes.items():
            if known.casefold() == wanted:
                return known_name
        return None


@cache
def _name_indexes() -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Per regulation number: (exact key -> code, folded key -> code), aliases included
    (e.g. "Nghị quyết" for "Nghị quyết (cá biệt)")."""
    result: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
    for reg in _load("document_types.json")["regulations"]:
        exact: dict[str, str] = {}
        folded: dict[str, str] = {}
        for entry in reg["types"]:
            code = unicodedata.normalize("NFC", entry["code"])
            for label in [entry["name"], *entry.get("aliases", [])]:
                exact[_exact_key(label)] = code
                folded[fold(label)] = code
        result[reg["number"]] = (exact, folded)
    return result


@cache
def _regulations() -> tuple[DocTypeRegulation, ...]:
    result: list[DocTypeRegulation] = []
    for reg in _load("document_types.json")["regulations"]:
        codes = {
            unicodedata.normalize("NFC", e["code"]): unicodedata.normalize("NFC", e["name"])
            for e in reg["types"]
        }
        valid_from = _date(reg["valid_from"])
        if valid_from is None:
            raise ValueError(f"regulation {reg['number']} has no valid_from")
        result.append(
            DocTypeRegulation(
                name=reg["name"],
                valid_from=valid_from,
                valid_to=_date(reg["valid_to"]),
                codes=MappingProxyType(codes),
                number=reg["number"],
                source=reg["source"],
            )
        )
    result.sort(key=lambda r: r.valid_from)
    return tuple(result)


def doc_type_regulation(on: date) -> DocTypeRegulation | None:
    """The regulation on document-type codes in force on ``on`` (``None`` before 2011-03-05)."""
    for reg in _regulations():
        if _in_force(reg.valid_from, reg.valid_to, on):
            return reg
    return None


def doc_type_code_for_name(type_name: str, on: date) -> str | None:
    """ "Kế hoạch" / "KẾ HOẠCH" / "kế hoạch" -> "KH" under the regulation in force on ``on``."""
    reg = doc_type_regulation(on)
    return None if reg is None else reg.code_for(type_name)


def doc_type_name_for_code(code: str, on: date) -> str | None:
    """ "KH" -> "Kế hoạch" under the regulation in force on ``on``; ``None`` if not listed."""
    reg = doc_type_regulation(on)
    return None if reg is None else reg.name_for(code)


@cache
def types_without_code() -> frozenset[str]:
    """Folded names of the types whose symbol carries no type code ("cong van", "thu cong")."""
    return frozenset(fold(t["name"]) for t in _load("document_types.json")["types_without_code"])


@cache
def year_bearing_type_codes() -> frozenset[str]:
    """Type codes that appear in year-bearing (normative) numbers: NĐ, TT, TTLT, NQ, QĐ, ..."""
    block = _load("document_types.json")["year_bearing_numbers"]
    return frozenset(unicodedata.normalize("NFC", c["code"]) for c in block["type_codes"])


# --------------------------------------------------------------------------- admin units


@dataclass(frozen=True)
class AdminUnit:
    """A district-level unit under one name and kind for one period."""

    name: str
    kind: str  # "huyện" | "thị xã" | "thành phố"
    valid_from: date | None
    valid_to: date | None
    source: str = field(default="", compare=False)

    @property
    def full_name(self) -> str:
        """ "huyện Cái Bè", "thị xã Gò Công", "thành phố Mỹ Tho"."""
        return f"{self.kind} {self.name}"

    def valid_on(self, on: date) -> bool:
        return _in_force(self.valid_from, self.valid_to, on)


@dataclass(frozen=True)
class _Province:
    name: str
    valid_from: date | None
    valid_to: date | None
    districts: tuple[AdminUnit, ...]


@cache
def _provinces() -> tuple[_Province, ...]:
    result: list[_Province] = []
    for prov in _load("admin_units.json")["provinces"]:
        units = tuple(
            AdminUnit(
                name=unicodedata.normalize("NFC", u["name"]),
                kind=unicodedata.normalize("NFC", u["kind"]),
                valid_from=_date(u["valid_from"]),
                valid_to=_date(u["valid_to"]),
                source=u["source"],
            )
            for u in prov["districts"]
        )
        result.append(
            _Province(
                name=unicodedata.normalize("NFC", prov["name"]),
                valid_from=_date(prov["valid_from"]),
                valid_to=_date(prov["valid_to"]),
                districts=units,
            )
        )
    return tuple(result)


def _find_province(province: str) -> _Province | None:
    key = fold(province).removeprefix("tinh ")
    for prov in _provinces():
        if fold(prov.name) == key:
            return prov
    return None


def province_names() -> list[str]:
    """Names of the provinces the data covers, in data order."""
    return [p.name for p in _provinces()]


def district_units(province: str, on: date) -> list[AdminUnit]:
    """District-level units of ``province`` (matched diacritic-insensitively) valid on ``on``.

    Empty when the province is unknown, did not exist on that date, or (from 2025-07-01) when
    there is no district level any more.
    """
    prov = _find_province(province)
    if prov is None or not _in_force(prov.valid_from, prov.valid_to, on):
        return []
    return [u for u in prov.districts if u.valid_on(on)]


# --------------------------------------------------------------------------- abbreviations


@cache
def abbreviations() -> Mapping[str, str]:
    """Abbreviation (and each written variant) -> expansion.

    "TTTH" and "TT-TH" -> "Truyền thanh - Truyền hình".
    """
    result: dict[str, str] = {}
    for entry in _load("abbreviations.json")["entries"]:
        expansion = unicodedata.normalize("NFC", entry["expansion"])
        for abbr in [entry["abbr"], *entry.get("variants", [])]:
            result.setdefault(unicodedata.normalize("NFC", abbr), expansion)
    return MappingProxyType(result)


def local_abbreviations(province: str) -> Mapping[str, str]:
    """Ad hoc abbreviations used inside one province.

    "TPD" -> "huyện Tân Phú Đông" in Tiền Giang.
    """
    key = fold(province)
    return MappingProxyType(
        {
            unicodedata.normalize("NFC", e["abbr"]): unicodedata.normalize("NFC", e["expansion"])
            for e in _load("abbreviations.json").get("local", [])
            if fold(e["province"]) == key
        }
    )
