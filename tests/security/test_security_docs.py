import re
from pathlib import Path

from .render import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
START, END = "<!-- matrix:start -->", "<!-- matrix:end -->"


def test_docs_security_shows_the_current_matrix():
    text = DOC.read_text(encoding="utf-8")
    shown = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert shown == render().strip(), "run: python -m tests.security.render and paste it"


def test_every_test_the_page_names_exists():
    root = DOC.parents[1]
    named = set(re.findall(r"`(tests/[\w/]+\.py)`", DOC.read_text(encoding="utf-8")))
    assert named and not [path for path in sorted(named) if not (root / path).is_file()]


ISSUE_21 = [
    "test_upload_guard.py",
    "test_exports.py",
    "test_proxy.py",
    "test_shared_limits.py",
    "test_uploads_by_content.py",
    "test_token_scopes.py",
    "test_public_cookies.py",
]


def test_the_page_names_the_test_of_each_issue_21_promise():
    text = DOC.read_text(encoding="utf-8")
    section = text.split("what issue 21 changed", 1)[1].split("\n## ", 1)[0]
    assert all(f"tests/security/{name}" in section for name in ISSUE_21)
