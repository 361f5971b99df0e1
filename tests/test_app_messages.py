"""Issues 23/24: the .po file is the one place a translation of the apps lives. Every refusal the
apps raise carries a Message whose Vietnamese msgid sits inside ``gettext_noop(...)`` (so
makemessages finds it) and whose English is in the catalogue, never written beside it in code.

The apps are every package of src/kehoach but the core and the documents (Django-free: their
messages are declared with ``kehoach.core.messages.declare`` and checked in
tests/core/test_messages.py)."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polib

SRC = Path(__file__).resolve().parents[1] / "src/kehoach"
PO = SRC / "locale/en/LC_MESSAGES/django.po"
NOT_APPS = ("core/", "documents/")
# Every error a person reads (kehoach.core.messages.Refusal and its subclasses).
REFUSALS = {
    "Refusal",
    "DomainError",
    "StaleEdit",
    "TableError",
    "BackupError",
    "FileRefused",
    "ReadError",
    "RenderError",
    "TemplateError",
}
TEXTS = {"message_vi", "message_en"}
VIETNAMESE = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class Said:
    """A Message written in the apps: its code and Vietnamese msgid, and where."""

    code: str
    msgid: str
    where: str


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_text(node: ast.AST) -> bool:
    """A text written in code (a literal, an f-string, a join of them, a choice between them),
    a pair spread into the call, or an error's text in one language."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr | ast.Starred):
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    if isinstance(node, ast.IfExp):
        return _is_text(node.body) or _is_text(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in ("strip", "format", "join") and _is_text(node.func.value)
    return isinstance(node, ast.Attribute) and node.attr in TEXTS


def _msgid(node: ast.AST) -> str | None:
    """The msgid of ``gettext_noop("…")``, else None."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "gettext_noop"
        and len(node.args) == 1
        and not node.keywords
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def scan(source: str, where: str) -> tuple[list[str], list[Said]]:
    """The problems of one module's source, and the Messages it writes."""
    problems: list[str] = []
    said: list[Said] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        at = f"{where}:{node.lineno}"
        texts = [k.arg for k in node.keywords if k.arg in TEXTS | {"en"}]
        if texts:
            problems.append(f"{at}: {name}(…, {texts[0]}=…): English written in code")
        if name == "Finding" and any(_is_text(a) for a in node.args[1:3]):
            problems.append(f"{at}: Finding(code, vi, en, …): say it with Finding.of(message)")
        if name in REFUSALS:
            if any(_is_text(a) for a in [*node.args, *(k.value for k in node.keywords)]):
                problems.append(f"{at}: {name}(text …): give it a Message (issue 24)")
        elif name == "Message":
            code = node.args[0] if node.args else None
            msgid = _msgid(node.args[1]) if len(node.args) > 1 else None
            if len(node.args) > 2:
                problems.append(f"{at}: Message(code, vi, en): English belongs in the .po")
            if not (isinstance(code, ast.Constant) and isinstance(code.value, str)):
                problems.append(f"{at}: Message(…): its code is a literal")
            elif msgid is None:
                problems.append(f'{at}: Message("{code.value}", …): write gettext_noop("…")')
            else:
                said.append(Said(code.value, msgid, at))
    return problems, said


def joined_pair(text: str) -> str | None:
    """The "Vietnamese / English" pair a text writes ("Nhật ký / Audit", "Đã ẩn danh /
    anonymised: 3"), else None: Vietnamese words just before " / " and English words just
    after ("đài / số báo", "backup DEST / restore SRC" are no pair)."""
    for found in re.finditer(" / ", text):
        before = text[: found.start()].split()[-2:]
        after = [re.sub(r"[^\w'-]", "", w) for w in text[found.end() :].split()[:2]]
        if not before or not after or not VIETNAMESE.search(" ".join(before)):
            continue
        if any(ENGLISH_WORD.fullmatch(w) for w in after) and not VIETNAMESE.search(" ".join(after)):
            return text[max(0, found.start() - 30) : found.end() + 30]
    return None


def pairs(source: str, where: str) -> list[str]:
    """The texts of one module (not its docstrings) that write Vietnamese then English."""
    tree = ast.parse(source)
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docstrings:
                continue
            text = node.value
        else:
            continue
        pair = joined_pair(text)
        if pair is not None:
            found.append(f"{where}:{node.lineno}: {pair!r}")
    return found


def app_modules() -> Iterator[tuple[str, str]]:
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith(NOT_APPS) or "/migrations/" in relative:
            continue
        yield f"kehoach/{relative}", path.read_text(encoding="utf-8")


def scan_apps() -> tuple[list[str], list[Said]]:
    problems: list[str] = []
    said: list[Said] = []
    for where, source in app_modules():
        found, messages = scan(source, where)
        problems += found
        said += messages
    return problems, said


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_scan_catches_english_written_in_code():
    bad = """
raise DomainError("Không được.", "Not allowed.")
raise DomainError(f"Dòng {n} bị xóa.", f"Line {n} deleted.")
raise DomainError(*refusal)
raise DomainError(exc.message_vi, exc.message_en)
raise BackupError("Hỏng " + name, "Damaged " + name)
CHOICE = Message("x.choice", "Chọn.", "Choose.")
NO_MARK = Message("x.plain", "Chọn.")
Finding(code="X", message_vi="Có.", message_en="Yes.", where=where)
Finding("X", "Có.", "Yes.", where)
"""
    problems, said = scan(bad, "bad.py")
    assert len(problems) == 10, problems
    assert said == []
    good = """
raise DomainError(Message("x.deleted", gettext_noop("Dòng {line} bị xóa.")).with_params(line=n))
raise DomainError(exc.message) from exc
raise StaleEdit(changes, STALE_LINE)
"""
    problems, said = scan(good, "good.py")
    assert problems == []
    assert said == [Said("x.deleted", "Dòng {line} bị xóa.", "good.py:2")]


def test_the_scan_catches_vietnamese_and_english_joined_in_one_text():
    bad = """
class AuditConfig(AppConfig):
    verbose_name = "Nhật ký / Audit"
class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu vào thư mục DEST / Back up into DEST"
    def add_arguments(self, parser):
        parser.add_argument("--preview", help="chỉ xem trước, không ghi gì / preview only")
    def handle(self, *args, **options):
        self.stdout.write(f"Đã ẩn danh / anonymised: {count}")
        self.stdout.write("Trạng thái một kế hoạch / A plan's state")
"""
    assert len(pairs(bad, "bad.py")) == 5, pairs(bad, "bad.py")
    good = """
outlet = models.CharField(_("đài / số báo"), max_length=200)
HELP = "  backup DEST / restore SRC      sao lưu / khôi phục"
RATE = f"{numerator} / {denominator} đồng"
def f():
    \"\"\"Nhật ký / Audit: a docstring may name both.\"\"\"
"""
    assert pairs(good, "good.py") == []


def test_no_text_of_kehoach_joins_vietnamese_and_english():
    """Issues 23/24: one language per screen. No text of src/kehoach (the apps, the core, the
    documents, the command line) writes "Vietnamese / English": an app's verbose_name, a
    command's help or output, a reason."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if "/migrations/" not in relative:
            found += pairs(path.read_text(encoding="utf-8"), f"kehoach/{relative}")
    assert found == []


def test_no_refusal_of_the_apps_carries_english_written_in_code():
    problems, said = scan_apps()
    assert problems == []
    assert len(said) > 100  # the scan reads the apps (some 170 refusals and messages)


def test_every_message_of_the_apps_has_its_english_in_the_catalogue():
    """Each msgid is in the .po with an English that is no guess and names no {field} the
    Vietnamese lacks (the English may leave out a detail said in Vietnamese only)."""
    po = {entry.msgid: entry for entry in polib.pofile(str(PO))}
    missing, fuzzy, strange = [], [], []
    for message in scan_apps()[1]:
        entry = po.get(message.msgid)
        if entry is None or not entry.msgstr:
            missing.append(f"{message.where}: {message.msgid}")
        elif "fuzzy" in entry.flags:
            fuzzy.append(f"{message.where}: {message.msgid}")
        elif not fields(entry.msgstr) <= fields(message.msgid):
            strange.append(f"{message.where}: {entry.msgstr}")
    assert missing == []
    assert fuzzy == []
    assert strange == []


def test_a_code_names_one_message():
    seen: dict[str, Said] = {}
    clashes = []
    for message in scan_apps()[1]:
        first = seen.setdefault(message.code, message)
        if first.msgid != message.msgid:
            clashes.append(f"{message.code}: {first.where} and {message.where}")
    assert clashes == []
