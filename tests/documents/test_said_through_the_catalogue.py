"""Issues 23/24: what the core and the documents say takes its English from the catalogue (the
.po), never from English written in code; a place and a severity are said in one language."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.utils import translation

from kehoach.core.checks import run_checks
from kehoach.core.checks.outcomes import StatRow, check_statistics, check_total_row
from kehoach.core.findings import COLUMNS, PART_LABELS, Finding, Severity, Where, stored_finding
from kehoach.core.indicators import Figures
from kehoach.core.messages import Message, catalogue_key
from kehoach.documents.readers import read_plan
from kehoach.web.language import declared_messages
from kehoach.web.templatetags.formats import place, said

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "src/kehoach/locale/en/LC_MESSAGES/django.po"
SAMPLE = ROOT / "examples/ke-hoach-46a-KH-STTTT-2016.txt"
CORPUS = Path(__file__).resolve().parent / "corpus"
DOCUMENTS = [
    SAMPLE,
    CORPUS / "04-lamdong-8124-2023-kh.txt",
    CORPUS / "06-kiengiang-160-2021-kh.txt",
    CORPUS / "13-thaibinh-51-2013-kh.txt",
    CORPUS / "01-kontum-06-2024-qd.txt",
]
VIETNAMESE = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I
)
# Words a Vietnamese document itself carries, named as such in English ("a fraction of a đồng",
# "no document type (KẾ HOẠCH, QUYẾT ĐỊNH…)"): not a translation left undone.
DOCUMENT_WORDS = ("đồng", "KẾ HOẠCH", "QUYẾT ĐỊNH", "Nội dung", "Số lượng", "Đơn giá", "Thành tiền")
QUOTED = re.compile(r"(?<![A-Za-z])'[^']*'")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def catalogue() -> dict[str, str]:
    """The .po as gettext reads it: (context \\x04) msgid -> msgstr."""
    return {
        (f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid): e.msgstr
        for e in polib.pofile(str(PO))
        if not e.obsolete
    }


def english_left(template: str) -> str:
    """An English template without its fields, its quotes and the document's own words: what
    must hold no Vietnamese."""
    text = QUOTED.sub("", re.sub(r"\{\w+\}", "", template))
    for word in DOCUMENT_WORDS:
        text = text.replace(word, "")
    return text


def nested(message: Message) -> Iterator[Message]:
    """The message and every message given to it as a parameter."""
    yield message
    for value in message.params.values():
        if isinstance(value, Message):
            yield from nested(value)


def test_every_module_of_the_core_and_the_documents_declares_without_english():
    declared = declared_messages()
    written = [m.code for m in declared.values() if m.en]
    assert written == [], "English written in code; it belongs to the .po"


# Where the code may still build a message with its English: the message type itself, and an
# activity kind's name (both names are reference data, core/data/activity_kinds.json).
ENGLISH_ALLOWED = {"core/messages.py", "core/vocabulary.py"}
REFUSALS = {
    "Refusal",
    "ReadError",
    "RenderError",
    "TemplateError",
    "NumberFormatError",
    "WordsError",
}


def _english_by_hand(path: Path) -> Iterator[str]:
    """Calls that write English beside the Vietnamese: ``Finding(code, vi, en, …)``,
    ``message_en=…``, ``Message(code, vi, en)``, ``ReadError(vi, en)``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        keywords = {k.arg for k in node.keywords}
        args = node.args
        if any(
            (
                "message_en" in keywords,
                name == "Message" and "en" in keywords,
                name == "Message" and len(args) >= 3 and _text(args[2]),
                # Finding.of(declared message) is the way, never Finding(code, vi, en, …)
                name == "Finding" and isinstance(node.func, ast.Name),
                name in REFUSALS and len(args) >= 2 and all(map(_text, args[:2])),
            )
        ):
            yield f"{path}:{node.lineno}"


def _text(node: ast.expr) -> bool:
    """A text written in the code (a literal or an f-string), not empty."""
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(node.value)
    )


def test_no_code_of_the_core_or_the_documents_writes_english_by_hand():
    src = ROOT / "src/kehoach"
    found = [
        place
        for folder in ("core", "documents")
        for path in sorted((src / folder).rglob("*.py"))
        if str(path.relative_to(src)) not in ENGLISH_ALLOWED
        for place in _english_by_hand(path)
    ]
    assert found == []


def test_every_declared_message_has_its_english_in_the_catalogue_with_the_same_fields():
    po = catalogue()
    for key, message in declared_messages().items():
        assert po.get(key), f"{message.code}: no English in the .po for {message.vi!r}"
        assert fields(po[key]) == fields(message.vi), message.code
        assert not VIETNAMESE.search(english_left(po[key])), (message.code, po[key])


def _statistics_findings() -> list[Finding]:
    figures = Figures(received_online=10, received_counter=20, received_post=0, pending=3)
    columns = {"stated_received": "D (Tiếp nhận)", "pending": "K (Đang giải quyết)"}
    rows = [
        StatRow(date(2016, 1, 1), "Sở A", figures, stated_received=31, line=7, source="tệp a.csv"),
        StatRow(
            date(2016, 3, 1),
            "Sở A",
            Figures(received_online=1, received_counter=3, resolved_on_time=9, pending=1),
            stated_online_rate=Decimal("30"),
            stated_resolved=9,
            line=8,
            columns=columns,
        ),
    ]
    total = StatRow(date(2016, 1, 1), "Tổng", Figures(received_online=99), source="tệp a.csv")
    return check_statistics(rows) + check_total_row(total, rows)


def findings() -> list[Finding]:
    found = [f for path in DOCUMENTS for f in run_checks(read_plan(path))]
    return found + _statistics_findings()


def test_every_finding_of_real_documents_is_said_through_the_catalogue():
    po = catalogue()
    declared = declared_messages()
    found = findings()
    codes = {f.code for f in found}
    assert len(codes) >= 15, codes  # the documents give findings of many kinds
    assert {"STATS_CHANNELS_SUM", "STATS_MONTH_MISSING", "STATS_TOTAL_ROW"} <= codes
    for finding in found:
        assert finding.said is not None, f"{finding.code} is written with both texts by hand"
        assert finding.said.code == finding.code
        for message in nested(finding.said):
            if message.code == "joined" or message.code.startswith("kind."):
                continue  # a list of messages; an activity kind's name (reference data)
            assert not message.en, f"{message.code}: English written in code"
            key = catalogue_key(message)
            assert key in declared, f"{message.code} is not declared"
            assert po.get(key), f"{message.code}: no English in the .po"
        english, vietnamese = finding.message("en"), finding.message("vi")
        assert english != vietnamese, finding.code
        assert " / " not in english and " / " not in vietnamese


def test_a_stored_finding_is_said_in_the_readers_language():
    finding = next(f for f in run_checks(read_plan(SAMPLE)) if f.where.column)
    stored = stored_finding(finding)
    with translation.override("en"):
        assert said(stored) == finding.message("en")
        assert place(stored) == finding.where.label("en")
    with translation.override("vi"):
        assert said(stored) == finding.message("vi")
        assert place(stored) == finding.where.label("vi")


def _places() -> Iterator[Where]:
    for part in PART_LABELS:
        yield Where(part=part)
        yield Where(part=part, source_line=12, heading="2.1", line="A.1.3", column="unit_price")
        yield Where(part=part, section="B.2", source_line=40)
    for column in COLUMNS:
        yield Where(part="appendix", line="A.1.3", column=column)


def _declared_only(message: Message) -> None:
    declared = declared_messages()
    for part in nested(message):
        if part.code != "joined":
            assert not part.en, f"{part.code}: English written in code"
            assert catalogue_key(part) in declared, f"{part.code} is not declared"


@pytest.mark.parametrize("where", list(_places()), ids=str)
def test_a_place_is_said_in_one_language(where):
    _declared_only(where.said)
    english, vietnamese = where.label("en"), where.label("vi")
    assert not VIETNAMESE.search(english), english
    assert english != vietnamese
    data = {str(value) for value in where.to_dict().values()}
    words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", english) if w not in data}
    assert words, english
    assert not words & {w.lower() for w in re.findall(r"\w+", vietnamese)}, (english, vietnamese)


@pytest.mark.parametrize("severity", list(Severity))
def test_a_severity_is_said_in_one_language(severity):
    _declared_only(severity.said)
    english, vietnamese = severity.label("en"), severity.label("vi")
    assert vietnamese in ("Lỗi", "Cảnh báo", "Thông tin")
    assert english in ("Errors", "Warnings", "Notes")
