from pathlib import Path

from .render import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
START, END = "<!-- matrix:start -->", "<!-- matrix:end -->"


def test_docs_security_shows_the_current_matrix():
    text = DOC.read_text(encoding="utf-8")
    shown = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert shown == render().strip(), "run: python -m tests.security.render and paste it"
