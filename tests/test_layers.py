"""Views and the API call selectors and services only (issue 24, docs/architecture.md "Layers").

An AST scan of every view module — each app's ``views*.py`` and every module of ``api/`` and
``web/`` that is not named in ``NOT_VIEWS`` — fails on any ORM query made there: a manager
(``Model.objects``, ``_default_manager``, ``_base_manager``) or ``get_object_or_404`` /
``get_list_or_404``. The query belongs in the app's ``selectors.py`` (a read) or
``services.py`` (a write), as a small named function the view calls.

It also fails on an import inside a function of any module of ``src/kehoach`` (services,
models, commands, demo data, the core and the documents included), unless a ``# inside: <why>``
comment on its line or the line above says why (an import cycle, a heavy library only a few
calls need, an app's hook that may be missing, Django's app registry not ready yet)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "kehoach"

# The modules of api/ and web/ that are not views, with what they are. Every other module
# there is a view module, so a new one is scanned unless it is named here.
NOT_VIEWS = {
    "api/apps.py": "app configuration: the signals that revoke a person's tokens",
    "api/models.py": "models",
    "api/selectors.py": "selectors",
    "api/services.py": "services: tokens made, revoked and used",
    "web/apps.py": "app configuration",
    "web/backup.py": "the backup and restore service (`kehoach backup`, `kehoach restore`)",
    "web/checks.py": "system checks and the cache table's migrate hook",
    "web/files.py": "uploaded files by their content: what forms and services check",
    "web/models.py": "no models: the module that makes migrate signal the app",
    "web/notices.py": "the e-mail notices: the service that sends them, a person's setting",
    "web/pages.py": "the kept page parts: their key reads the newest audit entry in SQL",
    "web/todo.py": "the selectors of the 'Việc cần làm' page",
}
# The modules of selectors that are not called selectors.py.
OTHER_SELECTORS = ("web/todo.py",)

# ORM queries a view truly cannot hand to a selector: (module, function) -> why. Keep it empty.
ALLOWED: dict[tuple[str, str], str] = {}

MANAGERS = {"objects", "_default_manager", "_base_manager"}
LOOKUPS = {"get_object_or_404", "get_list_or_404"}
INSIDE = "# inside:"


def _name(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def view_modules() -> list[Path]:
    found = set(SRC.glob("*/views*.py"))
    for package in ("api", "web"):
        found |= {p for p in (SRC / package).glob("*.py") if _name(p) not in NOT_VIEWS}
    return sorted(found)


def selector_modules() -> list[Path]:
    return sorted([*SRC.glob("*/selectors.py"), *(SRC / m for m in OTHER_SELECTORS)])


def all_modules() -> list[Path]:
    """Every module of the package, migrations included."""
    return sorted(SRC.rglob("*.py"))


def _functions(tree: ast.AST) -> dict[ast.AST, str]:
    """Each node inside a function, with the name of its outermost function."""
    owner: dict[ast.AST, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                owner.setdefault(inner, node.name)
    # ast.walk is breadth first: an outer function is met before the functions it holds
    return owner


def orm_queries(name: str, source: str) -> list[str]:
    """The ORM queries of a view module, as "module:line (function): what"."""
    tree = ast.parse(source)
    owner = _functions(tree)
    found = []
    for node in ast.walk(tree):
        what = ""
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            what = f"{ast.unparse(node)}: the query belongs in a selector or a service"
        elif isinstance(node, ast.Call):
            called = node.func
            called_name = getattr(called, "id", getattr(called, "attr", ""))
            if called_name in LOOKUPS:
                what = f"{called_name}(...): ask a selector for the object"
        function = owner.get(node, "<module>")
        if what and (name, function) not in ALLOWED:
            found.append(f"{name}:{node.lineno} ({function}): {what}")
    return sorted(set(found))


def hidden_imports(name: str, source: str) -> list[str]:
    """Imports inside functions that no ``# inside:`` comment explains."""
    lines = source.splitlines()
    owner = _functions(ast.parse(source))
    found = []
    for node, function in owner.items():
        if isinstance(node, ast.Import | ast.ImportFrom):
            here = lines[node.lineno - 1]
            above = lines[node.lineno - 2] if node.lineno > 1 else ""
            if INSIDE not in here and INSIDE not in above:
                found.append(f"{name}:{node.lineno} ({function}): {here.strip()}")
    return sorted(set(found))


def test_views_and_the_api_query_through_selectors_and_services_only():
    found = [q for path in view_modules() for q in orm_queries(_name(path), path.read_text())]
    assert found == [], "\n".join(found)


def test_imports_inside_functions_say_why():
    found = [i for path in all_modules() for i in hidden_imports(_name(path), path.read_text())]
    assert found == [], "add `# inside: <why>` or move to the top:\n" + "\n".join(found)


def test_the_tables_name_modules_that_exist():
    missing = [m for m in [*NOT_VIEWS, *OTHER_SELECTORS] if not (SRC / m).is_file()]
    assert missing == [], missing
    assert {SRC / "api" / "api.py", SRC / "plans" / "views.py", SRC / "web" / "home.py"} <= set(
        view_modules()
    )
    # the import rule reads every module, not only the views and selectors
    assert {
        *view_modules(),
        *selector_modules(),
        SRC / "__main__.py",
        SRC / "core" / "bounds.py",
        SRC / "documents" / "writers" / "official.py",
        SRC / "plans" / "services.py",
        SRC / "outcomes" / "management" / "commands" / "import-dossiers.py",
    } <= set(all_modules())


def test_the_scan_finds_queries_and_unexplained_imports():
    source = """
from django.shortcuts import get_object_or_404
from kehoach.plans.models import Plan

def view(request, pk):
    from kehoach.plans import selectors
    plans = Plan.objects.filter(pk=pk)
    one = get_object_or_404(Plan, pk=pk)
    return Plan._default_manager.none()

def hook():
    # inside: an app that may not be installed
    from kehoach.public import selectors
    from kehoach.conference import status  # inside: the same
"""
    assert orm_queries("x/views.py", source) == [
        "x/views.py:7 (view): Plan.objects: the query belongs in a selector or a service",
        "x/views.py:8 (view): get_object_or_404(...): ask a selector for the object",
        "x/views.py:9 (view): Plan._default_manager: the query belongs in a selector or a service",
    ]
    assert hidden_imports("x/views.py", source) == [
        "x/views.py:6 (view): from kehoach.plans import selectors"
    ]
