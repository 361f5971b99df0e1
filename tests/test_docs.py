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
