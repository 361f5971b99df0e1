"""Functions of 60 lines at most (issue 24, docs/architecture.md "Long functions").

Every function and method of ``src/kehoach`` is measured on its syntax tree, from its ``def``
(decorators left out) to its last line, docstring, comments and blank lines included; a
function or class defined inside a function counts in its outer function. A function over
``LIMIT`` lines fails unless ``LONG`` names it with the reason it stays long, and a function
``LONG`` names fails once it is no longer over the limit (or no longer exists): the list only
shrinks. A function that does two jobs (reading, computing, writing or formatting) is split
into one function per job, the top one composing them.

``python tests/test_function_length.py`` prints the length of every function ``LONG`` names
and of any other function over the limit."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "kehoach"
LIMIT = 60

# The functions still over LIMIT lines ("module path under src/kehoach:qualified name"), each
# with why it stays long: what makes it one job, or "not split yet" and the jobs to split.
LONG: dict[str, str] = {
    "conference/documents.py:invitation": "the invitation's fields in one constructor call",
    "conference/services.py:funding_revision": (
        "one service: its refusals' messages are a third of it"
    ),
    "conference/services.py:content_create": "one service: the upload's checks and messages",
    "core/checks/outcomes.py:check_rates": "one check: a finding per stated rate, two wordings",
    "documents/opening.py:read_opening": "one pass over the header lines, state kept across",
    "documents/plan_text.py:_PlanBuilder._body": "one pass over the body: a state machine",
    "documents/report.py:to_json": "one JSON document, written as one literal",
    "execution/documents.py:official": "the minutes' one description, in document order",
    "execution/services.py:payment_record": "one service: refusals, payment, its audit entries",
    "outcomes/dossiers.py:_error_rows": "one SQL statement (repeated codes or not), its rows",
    "outcomes/management/commands/import-statistics.py:Command.handle": (
        "one command: undo, catalogue, or statistics with a profile, in the options' order"
    ),
    "outcomes/services.py:parse_catalogue": "one pass over the rows, each checked in turn",
    "outcomes/services.py:catalogue_import": "one service: the job, the rows applied, the audit",
    "outcomes/services.py:stats_import": "one service: the job, the periods replaced, the audit",
    "outcomes/synthetic.py:dossier_query": "one SQL statement",
    "plans/demo.py:organisations": "one table of demo data",
    "public/services.py:link_create": "one service: the code's checks, the link, its audit",
    "reports/documents.py:official": "one mapping of the content's blocks, block by block",
    "web/backup.py:_encoded_rows": "one generator: its batch and flush share the buffer",
}


def _measured(node: ast.AST, module: str, prefix: str, out: dict[str, int]) -> None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            name = f"{module}:{prefix}{child.name}"
            assert child.end_lineno is not None
            out[name] = max(out.get(name, 0), child.end_lineno - child.lineno + 1)
        elif isinstance(child, ast.ClassDef):
            _measured(child, module, f"{prefix}{child.name}.", out)
        else:
            _measured(child, module, prefix, out)


def lengths() -> dict[str, int]:
    """Every function's length in lines, by "module:qualified name" (a name defined twice in
    a module: its longest definition)."""
    out: dict[str, int] = {}
    for path in sorted(SRC.rglob("*.py")):
        module = path.relative_to(SRC).as_posix()
        _measured(ast.parse(path.read_text(encoding="utf-8")), module, "", out)
    return out


def test_no_function_is_over_60_lines_unless_listed():
    found = lengths()
    unlisted = [
        f"{name} ({n} lines)" for name, n in found.items() if n > LIMIT and name not in LONG
    ]
    assert unlisted == [], (
        f"split these by job (or add them to LONG with a reason), at most {LIMIT} lines:\n"
        + "\n".join(unlisted)
    )


def test_every_listed_function_is_still_over_60_lines():
    found = lengths()
    done = [f"{name} ({found.get(name, 0)} lines)" for name in LONG if found.get(name, 0) <= LIMIT]
    assert done == [], "no longer over the limit (or gone): remove from LONG:\n" + "\n".join(done)


def test_every_reason_is_one_short_line():
    assert [name for name, why in LONG.items() if not why or "\n" in why or len(why) > 90] == []


if __name__ == "__main__":
    found = lengths()
    for name in sorted({*LONG, *(n for n, size in found.items() if size > LIMIT)}):
        sys.stdout.write(f"{found.get(name, 0):4d}  {name}  — {LONG.get(name, 'NOT LISTED')}\n")
