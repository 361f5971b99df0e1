"""Files that must not be read: a clear one-line message, exit status 2, nothing written."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.core.checks import run_checks
from kehoach.documents.readers import ReadError, extract, read_plan
from kehoach.documents.readers.ooxml import MAX_UNCOMPRESSED, OLE_MAGIC
from tests.documents.builders import build_docx, build_xlsx, rezip
from tests.documents.helpers import SAMPLE_TEXT, kehoach

DOCX = build_docx(SAMPLE_TEXT)
XLSX = build_xlsx(SAMPLE_TEXT)


def _ole(*streams: str) -> bytes:
    """A minimal OLE compound file header and directory naming ``streams`` — the container
    Office uses for a password-protected DOCX/XLSX and for the old .doc/.xls."""
    names = b"".join(name.encode("utf-16-le").ljust(64, b"\0") + b"\0" * 64 for name in streams)
    return OLE_MAGIC + b"\0" * 504 + names


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        source = zipfile.ZipFile(io.BytesIO(DOCX))
        for info in source.infolist():
            archive.writestr(info, source.read(info.filename))
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as handle:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(MAX_UNCOMPRESSED // len(chunk) + 2):
                handle.write(chunk)
    return out.getvalue()


CASES = {
    "garbage.docx": (b"\x89PNG not a word file at all" * 40, "hỏng"),
    "truncated.docx": (DOCX[: len(DOCX) // 2], "hỏng"),
    "password.docx": (_ole("EncryptionInfo", "EncryptedPackage"), "mật khẩu"),
    "old.doc": (_ole("WordDocument", "1Table"), ".doc/.xls"),
    "macro.docm": (DOCX, "macro"),
    "macro-inside.docx": (rezip(DOCX, add={"word/vbaProject.bin": b"\0" * 100}), "macro"),
    "macro.xlsm": (XLSX, "macro"),
    "entities.docx": (
        rezip(
            DOCX,
            add={"word/extra.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x/>'},
        ),
        "DOCTYPE",
    ),
    "no-header.xlsx": (None, "tiêu đề"),
    "empty.zip.docx": (rezip(DOCX, drop=("word/document.xml",)), ""),
}


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _zip_bomb()


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_file_that_must_not_be_read_exits_2_with_one_clear_line(tmp_path, name):
    data, fragment = CASES[name]
    if data is None:
        import openpyxl

        book = openpyxl.Workbook()
        book.active.append(["một", "hai", "ba"])
        book.active.append([1, 2, 3])
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
    path = tmp_path / name
    path.write_bytes(data)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = kehoach("check", str(path), "--format", "json")
    assert result.returncode == 2, result.stdout[:500] + result.stderr
    assert result.stdout == ""
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith("kehoach: ") and fragment in message
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_a_zip_bomb_is_refused_before_it_is_expanded(tmp_path, bomb):
    assert len(bomb) < 2 * 1024 * 1024  # small on disk, over 100 MB expanded
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb)
    result = kehoach("check", str(path))
    assert result.returncode == 2
    assert "quá lớn" in result.stderr and "Traceback" not in result.stderr


def test_messages_are_available_in_english(tmp_path):
    path = tmp_path / "password.docx"
    path.write_bytes(_ole("EncryptedPackage"))
    result = kehoach("check", str(path), "--lang", "en")
    assert result.returncode == 2 and "password-protected" in result.stderr


# -- fuzzing: every failure is a ReadError ---------------------------------------------------
def _read(data: bytes, name: str) -> None:
    try:
        doc = extract(data, name=name)
    except ReadError as exc:
        assert "\n" not in exc.message_vi and "\n" not in exc.message_en
        return
    from kehoach.documents.readers import build_document

    run_checks(build_document(doc, name=name))


def _mutated_part(package: bytes, part: str, data: st.DataObject) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(package))
    xml = bytearray(source.read(part))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(xml) - 1))
        action = data.draw(st.sampled_from(["delete", "insert", "flip"]))
        if action == "delete":
            del xml[at : at + data.draw(st.integers(1, 400))]
        elif action == "insert":
            xml[at:at] = data.draw(
                st.sampled_from(
                    [
                        b"<w:tbl>",
                        b"</w:tc>",
                        b'<w:gridSpan w:val="99999"/>',
                        b"<w:vMerge/>",
                        b"\xc3\x28",
                        b"<w:t>\xc2\xa0\t</w:t>",
                        b'<w:numPr><w:numId w:val="9"/>',
                        b"=SUM(A1:XFD1048576)",
                        b"<f>1/0</f>",
                        b"<v>1e400</v>",
                    ]
                )
            )
        elif xml:
            xml[at] = data.draw(st.integers(0, 255))
    return rezip(package, add={part: bytes(xml)}, drop=(part,))


def _fuzz_docx(data: st.DataObject) -> None:
    part = data.draw(
        st.sampled_from(["word/document.xml", "word/styles.xml", "word/numbering.xml"])
    )
    _read(_mutated_part(DOCX, part, data), "fuzz.docx")


def _fuzz_xlsx(data: st.DataObject) -> None:
    part = data.draw(st.sampled_from(["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"]))
    names = zipfile.ZipFile(io.BytesIO(XLSX)).namelist()
    if part not in names:
        part = "xl/worksheets/sheet1.xml"
    _read(_mutated_part(XLSX, part, data), "fuzz.xlsx")


def _fuzz_bytes(data: st.DataObject) -> None:
    package = data.draw(st.sampled_from([DOCX, XLSX]))
    cut = data.draw(st.integers(0, len(package)))
    blob = bytearray(package[:cut])
    for _ in range(data.draw(st.integers(0, 3))):
        if blob:
            blob[data.draw(st.integers(0, len(blob) - 1))] = data.draw(st.integers(0, 255))
    _read(bytes(blob), data.draw(st.sampled_from(["f.docx", "f.xlsx", "f.txt", "f"])))


QUICK = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
# `make fuzz` (HYPOTHESIS_PROFILE=fuzz) runs the long versions for real; elsewhere they are a
# token run, the quick versions above being the bounded fuzzing of the normal suite.
LONG = settings(
    max_examples=3000 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 5,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@QUICK
@given(st.data())
def test_damaged_word_xml_never_crashes_the_reader(data):
    _fuzz_docx(data)


@QUICK
@given(st.data())
def test_damaged_excel_xml_never_crashes_the_reader(data):
    _fuzz_xlsx(data)


@QUICK
@given(st.data())
def test_truncated_or_flipped_packages_never_crash_the_reader(data):
    _fuzz_bytes(data)


@pytest.mark.slow
@LONG
@given(st.data())
def test_long_fuzz_of_word_files(data):
    _fuzz_docx(data)


@pytest.mark.slow
@LONG
@given(st.data())
def test_long_fuzz_of_excel_files(data):
    _fuzz_xlsx(data)


@pytest.mark.slow
@LONG
@given(st.data())
def test_long_fuzz_of_package_bytes(data):
    _fuzz_bytes(data)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=400), st.sampled_from([None, "tcvn3", "vni"]))
def test_any_text_typed_into_a_word_file_reads(text, encoding):
    body = "KẾ HOẠCH\nThử\nI. MỤC TIÊU\n" + text.replace("\t", " ")
    try:
        data = build_docx(body, encoding=encoding, include_table=False)
    except ValueError:
        return  # python-docx refuses control characters: not a file Word could hold
    _read(data, "typed.docx")


def test_read_plan_refuses_garbage_named_docx(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"hello")
    with pytest.raises(ReadError):
        read_plan(path)
