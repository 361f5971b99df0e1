"""Render the authorisation matrix as Markdown for docs/security.md:
`python -m tests.security.render` prints it; a test keeps the docs in step."""

from __future__ import annotations

from .matrix import LABELS, MATRIX

WORDS = {"2": "200", "3": "302", "4": "403", "N": "404", "M": "405", "L": "login"}


def render() -> str:
    header = "| URL | method | " + " | ".join(LABELS) + " |"
    rule = "|---|---|" + "---|" * len(LABELS)
    rows = [header, rule]
    for name in sorted(MATRIX):
        for method, answers in zip(("GET", "POST"), MATRIX[name], strict=True):
            rows.append(f"| `{name}` | {method} | " + " | ".join(WORDS[c] for c in answers) + " |")
    cases = len(MATRIX) * 2 * len(LABELS)
    return (
        "\n".join(rows) + f"\n\n{len(MATRIX)} URLs × 2 methods × {len(LABELS)} people = "
        f"**{cases} cases**, each a test in `tests/security/test_matrix.py`.\n"
    )


if __name__ == "__main__":
    print(render())
