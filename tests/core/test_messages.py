"""Issue 24: one message type — a code, the Vietnamese text and its English (written or from the
catalogue) — and one refusal base every error a person reads derives from."""

from __future__ import annotations

import pytest

from kehoach.core import messages
from kehoach.core.messages import Message, Refusal, from_stored, stored
from kehoach.core.money import NumberFormatError, parse_number
from kehoach.core.words import WordsError, words_to_amount
from kehoach.documents.readers import ReadError
from kehoach.documents.writers import RenderError
from kehoach.errors import DomainError
from kehoach.outcomes.tables import TableError
from kehoach.web.backup import BackupError
from kehoach.web.files import FileRefused


def test_a_message_is_said_in_one_language_with_its_parameters():
    message = Message("x.no_file", "Không có tệp {path}.", "No file {path}.", {"path": "a.txt"})
    assert message.text("vi") == "Không có tệp a.txt."
    assert message.text("en") == "No file a.txt."
    assert message.text("en-us") == "No file a.txt."
    assert message("vi") == "Không có tệp a.txt."  # the older exc.message(lang) call
    assert str(message) == "Không có tệp a.txt."


def test_without_english_the_catalogue_translates_and_else_vietnamese_is_said():
    message = Message("x.plain", "Đã lưu.")
    saved = messages._translator
    try:
        messages.set_translator(None)
        assert message.text("en") == "Đã lưu."
        messages.set_translator(lambda msgid, lang: {"Đã lưu.": "Saved."}.get(msgid, msgid))
        assert message.text("en") == "Saved."
        assert message.text("vi") == "Đã lưu."
    finally:
        messages.set_translator(saved)


@pytest.mark.parametrize(
    "error",
    [
        DomainError("Không được.", "Not allowed."),
        ReadError("Không được.", "Not allowed."),
        RenderError("Không được.", "Not allowed."),
        TableError("Không được.", "Not allowed."),
        BackupError("Không được.", "Not allowed."),
        FileRefused("Không được.", "Not allowed."),
    ],
)
def test_every_error_a_person_reads_is_a_refusal_with_one_message(error):
    assert isinstance(error, Refusal)
    assert isinstance(error.message, Message)
    assert error.text("vi") == error.message_vi == "Không được."
    assert error.text("en") == error.message_en == "Not allowed."
    assert " / " not in str(error)


def test_domain_error_keeps_its_old_home_and_takes_a_message():
    from kehoach.plans.services import DomainError as Old

    assert Old is DomainError
    refused = DomainError(Message("x.code", "Không được {what}.", "Not {what}.", {"what": "A"}))
    assert refused.message.code == "x.code"
    assert refused.text("en") == "Not A."


def test_the_core_says_a_figure_or_words_it_cannot_read_in_one_language():
    with pytest.raises(NumberFormatError) as number:
        parse_number("abc")
    with pytest.raises(WordsError) as words:
        words_to_amount("Bằng chữ: một xyz đồng")
    for refused in (number.value, words.value):
        assert " / " not in refused.text("vi") and " / " not in refused.text("en")
        assert refused.text("vi") != refused.text("en")


def test_a_stored_message_is_said_later_in_the_readers_language():
    kept = stored(Message("x.code", "Tệp hỏng {n}.", "File broken {n}.", {"n": 2}))
    assert from_stored(kept).text("en") == "File broken 2."
    assert from_stored(kept).text("vi") == "Tệp hỏng 2."
    assert from_stored("Chữ cũ").text("en") == "Chữ cũ"  # a text kept before: as written


def test_every_message_the_core_declares_has_english_with_the_same_fields():
    """The core's and the documents' declared messages take their English from the catalogue
    only (the .po, the one place a translation lives): it must hold each, with the same
    fields."""
    import string
    from pathlib import Path

    import polib

    from kehoach.web.language import declared_messages

    po = polib.pofile(
        str(Path(__file__).resolve().parents[2] / "src/kehoach/locale/en/LC_MESSAGES/django.po")
    )
    english_of = {(e.msgctxt or "", e.msgid): e.msgstr for e in po if "fuzzy" not in e.flags}

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    declared = declared_messages()
    assert len(declared) > 100  # every module of the core and the documents, imported
    for message in declared.values():
        english = english_of.get((message.context or "", message.vi))
        assert english, f"no English for {message.code}"
        assert fields(english) == fields(message.vi), message.code


def test_a_finding_said_by_a_declared_message_is_translated_at_the_edge():
    from kehoach.core.checks.conference import check_groups

    (finding,) = check_groups("Hội nghị A", 120, [("Sở", 50), ("Huyện", 60)])
    assert finding.code == "CONFERENCE_GROUPS_MISMATCH"
    assert finding.message("vi") == (
        "Hội nghị 'Hội nghị A' có 120 đại biểu, nhưng các thành phần (2 nhóm) cộng lại là 110."
    )
    english = {finding.said.vi: "'{title}': {total} delegates, {groups} groups, {planned}."}
    saved = messages._translator
    try:
        messages.set_translator(lambda msgid, lang: english.get(msgid, msgid))
        assert finding.message("en") == "'Hội nghị A': 120 delegates, 2 groups, 110."
        assert finding.to_dict("en")["message"] == finding.message("en")
    finally:
        messages.set_translator(saved)
