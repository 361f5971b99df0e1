"""The checks catalogue in docs/checks.md documents every finding code, and only those."""

import re
from pathlib import Path

from kehoach.core.findings import CATALOGUE

DOC = Path(__file__).resolve().parent.parent / "docs" / "checks.md"


def test_every_finding_code_is_documented_and_every_documented_code_exists():
    documented = set(re.findall(r"^### ([A-Z_]+) —", DOC.read_text(encoding="utf-8"), re.M))
    assert documented == set(CATALOGUE)


def test_the_documented_severity_is_the_catalogue_default():
    text = DOC.read_text(encoding="utf-8")
    for code, info in CATALOGUE.items():
        match = re.search(rf"^### {code} — (\w+)", text, re.M)
        assert match and match.group(1) == info.severity.value, code


ROOT = Path(__file__).resolve().parent.parent
CITED = re.compile(r"\b(docs/[\w./-]+\.(?:md|png))")
OUTSIDE = re.compile(r"\.\./shared|\bDESIGN\.md|\bCONVENTIONS\.md|\bSEED-MAP\.md|shared folder")


def _texts():
    for folder in ("src", "docs", "tests", "bench", "scripts"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".md", ".html") and path != Path(__file__).resolve():
                yield path, path.read_text(encoding="utf-8", errors="replace")
    yield ROOT / "README.md", (ROOT / "README.md").read_text(encoding="utf-8")


def test_nothing_points_outside_the_repository_and_every_cited_doc_exists():
    outside, missing = [], []
    for path, text in _texts():
        if OUTSIDE.search(text):
            outside.append(str(path.relative_to(ROOT)))
        for cited in CITED.findall(text):
            if not (ROOT / cited.rstrip(".")).exists():
                missing.append((str(path.relative_to(ROOT)), cited))
    assert outside == [] and missing == [], (outside, missing)
