"""Issue 20: real published openings of plans, decisions and resolutions, as they are copied
from legal-document websites or extracted from PDFs (tests/documents/corpus, sources in each
``*.expected.json``), read into every expected field, with no false REF_TYPE_CODE alarm.

State documents are not protected by copyright (Law on Intellectual Property, Article 15); only
their openings are kept: header, title, legal bases and first lines.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kehoach.core.checks import run_checks
from kehoach.documents.readers import read_plan

CORPUS = Path(__file__).resolve().parent / "corpus"
NAMES = sorted(p.name.removesuffix(".txt") for p in CORPUS.glob("*.txt"))
FIELDS = (
    "type", "number", "year", "symbol", "agency", "governing_body", "place", "date", "title",
)  # fmt: skip


def _expected(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))


def _read(name: str) -> dict:
    doc = read_plan(CORPUS / f"{name}.txt")
    header = doc.header
    return {
        "type": header.type_name or None,
        "number": header.number or None,
        "year": header.year,
        "symbol": header.symbol or None,
        "agency": header.agency or None,
        "governing_body": header.governing_body or None,
        "place": header.place or None,
        "date": header.date.isoformat() if header.date else None,
        "title": header.title or None,
        "legal_bases": [
            {
                "type": c.type_name,
                "reference": c.reference,
                "date": c.date.isoformat() if c.date else None,
            }
            for c in doc.legal_bases
        ],
    }


@pytest.mark.parametrize("name", NAMES)
def test_the_reader_extracts_every_expected_field(name):
    expected, got = _expected(name), _read(name)
    assert {k: got[k] for k in FIELDS} == {k: expected[k] for k in FIELDS}
    assert got["legal_bases"] == expected["legal_bases"]


@pytest.mark.parametrize("name", NAMES)
def test_real_symbols_raise_no_type_code_alarm(name):
    findings = run_checks(read_plan(CORPUS / f"{name}.txt"))
    assert [f.message_vi for f in findings if f.code == "REF_TYPE_CODE"] == []


def test_the_corpus_is_broad_enough():
    expected = [_expected(n) for n in NAMES]
    assert len(expected) >= 30
    years = {int(e["date"][:4]) for e in expected}
    assert min(years) <= 2011 and max(years) >= 2024 and len(years) >= 12
    issuers = {re.sub(r"\s+", " ", e["agency"] + " " + (e["place"] or "")) for e in expected}
    assert len(issuers) >= 20  # provinces, cities and ministries
    assert {e["type"] for e in expected} >= {"KẾ HOẠCH", "QUYẾT ĐỊNH"}
    texts = [(CORPUS / f"{n}.txt").read_text(encoding="utf-8") for n in NAMES]
    assert sum(" | " in t for t in texts) >= 5  # header flattened with " | "
    assert sum("\n|\n" in t for t in texts) >= 10  # columns broken over lines with "|" lines
    assert sum(not t.lstrip().startswith(("ỦY", "UỶ", "BỘ", "THỦ", "HỘI")) for t in texts) >= 10
    assert all(e["source"].startswith("http") for e in expected)
