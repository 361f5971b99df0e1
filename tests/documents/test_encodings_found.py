"""Issue 20: a plan's encoding is found without being told — UTF-8 (with or without a BOM),
UTF-16, Windows-1258, TCVN3 and VNI text; Word files in legacy fonts wherever the font is set —
and the plan then reads exactly as the Unicode original."""

from __future__ import annotations

import codecs
import io
import unicodedata

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from kehoach.core import legacy
from kehoach.documents.readers import read_plan
from tests.documents.builders import build_docx
from tests.documents.helpers import SAMPLE, SAMPLE_TEXT, check_json, finding_keys, kehoach

FOUND = ("LEGACY_ENCODING", "ENCODING_DETECTED")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """Text as Windows-1258 holds it: a base letter (â, ơ, đ …) and a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(out)


FORMS = {
    "tcvn3": lambda t: legacy.encode(t, legacy.TCVN3).encode("cp1252"),
    "vni": lambda t: legacy.encode(t, legacy.VNI).encode("cp1252"),
    "vni-copied-as-utf8": lambda t: legacy.encode(t, legacy.VNI).encode("utf-8"),
    "tcvn3-copied-as-utf8": lambda t: legacy.encode(t, legacy.TCVN3).encode("utf-8"),
    "cp1258": windows_1258,
    "utf-16-bom": lambda t: t.encode("utf-16"),
    "utf-16le-no-bom": lambda t: t.encode("utf-16-le"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-8-nfd": lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
}
NAMES = {
    "tcvn3": "TCVN3",
    "vni": "VNI",
    "vni-copied-as-utf8": "VNI",
    "tcvn3-copied-as-utf8": "TCVN3",
    "cp1258": "Windows-1258",
    "utf-16-bom": "UTF-16",
    "utf-16le-no-bom": "UTF-16",
}


@pytest.fixture(scope="module")
def text_json() -> dict:
    return check_json(str(SAMPLE))


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_text_plan_in_any_encoding_reads_as_the_unicode_one_without_an_option(
    text_json, tmp_path, form
):
    path = tmp_path / f"ke-hoach-{form}.txt"
    path.write_bytes(FORMS[form](SAMPLE_TEXT))
    payload = check_json(str(path))
    assert payload["estimate"]["total"] == 188500000
    assert payload["estimate"] == text_json["estimate"]
    assert finding_keys(payload, skip=FOUND) == finding_keys(text_json)
    document, original = payload["document"], text_json["document"]
    for key in ("type", "number", "date", "title", "legal_bases", "activities", "recipients"):
        assert document[key] == original[key], key
    found = [f for f in payload["findings"] if f["code"] in FOUND]
    if form in NAMES:
        assert len(found) == 1
        assert NAMES[form] in found[0]["message"]
        assert "tự động" in found[0]["message"]  # says it was found, not given
    else:
        assert found == []


def test_the_encoding_option_still_overrides_what_would_be_found(tmp_path):
    path = tmp_path / "vni.txt"
    path.write_bytes(FORMS["vni-copied-as-utf8"](SAMPLE_TEXT))
    assert read_plan(path).header.type_name == "KẾ HOẠCH"
    forced = read_plan(path, encoding="utf-8")
    assert forced.header.type_name != "KẾ HOẠCH"  # read as it is: "KEÁ HOAÏCH"
    assert "LEGACY_ENCODING" not in {f.code for f in forced.reading_findings}


def test_text_whose_encoding_cannot_be_told_is_not_read(tmp_path):
    path = tmp_path / "russian.txt"
    path.write_bytes(
        ("Привет, это не план. Съешь же ещё этих мягких булок. " * 20).encode("cp1251")
    )
    result = kehoach("check", str(path))
    assert result.returncode == 2
    assert "--encoding" in result.stderr and "Traceback" not in result.stderr


def test_a_plain_ascii_file_is_not_taken_for_a_legacy_one():
    from kehoach.documents.readers.txt import decode_text

    decoded = decode_text(b"Ke hoach so 12/KH-UBND\nKinh phi: 1.000.000 dong\n", "a.txt")
    assert (decoded.encoding, decoded.detected) == ("utf-8", False)


# -- Word files: the font of every run decides, wherever the font is set ------------------------
def _legacy_docx_with_table_font_from_its_style(encoding: str) -> bytes:
    """The appendix table's runs carry no font of their own: the table style says .VnTime (or
    VNI-Times), as in a document whose estimate table was pasted with its style."""
    document = docx.Document(io.BytesIO(build_docx(SAMPLE_TEXT, encoding=encoding)))
    style = document.styles.add_style("BangDuToan", WD_STYLE_TYPE.TABLE)
    style.font.name = ".VnTime" if encoding == legacy.TCVN3 else "VNI-Times"
    estimate = max(document.tables, key=lambda t: len(t.rows))
    estimate.style = style
    for row in estimate.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    if run.font.name in (".VnTime", "VNI-Times"):
                        run.font.name = None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_legacy_word_plan_whose_table_font_comes_from_the_table_style(
    text_json, tmp_path, encoding
):
    path = tmp_path / f"table-style-{encoding}.docx"
    path.write_bytes(_legacy_docx_with_table_font_from_its_style(encoding))
    payload = check_json(str(path))
    assert payload["estimate"]["total"] == 188500000
    assert payload["estimate"] == text_json["estimate"]
    assert finding_keys(payload, skip=FOUND) == finding_keys(text_json)


def test_a_word_plan_mixing_unicode_tcvn3_and_vni_runs(text_json, tmp_path):
    """Body in Unicode, appendix table typed in VNI-Times, a page header in .VnTimeH."""
    unicode_doc = docx.Document(io.BytesIO(build_docx(SAMPLE_TEXT)))
    vni_doc = docx.Document(io.BytesIO(build_docx(SAMPLE_TEXT, encoding=legacy.VNI)))
    unicode_table = max(unicode_doc.tables, key=lambda t: len(t.rows))
    vni_table = max(vni_doc.tables, key=lambda t: len(t.rows))
    unicode_table._tbl.getparent().replace(unicode_table._tbl, vni_table._tbl)
    header = unicode_doc.sections[0].header.paragraphs[0]
    run = header.add_run(legacy.encode("bản dự thảo", legacy.TCVN3))
    run.font.name = ".VnTimeH"
    path = tmp_path / "mixed.docx"
    unicode_doc.save(path)
    payload = check_json(str(path))
    assert payload["estimate"] == text_json["estimate"]
    assert finding_keys(payload, skip=FOUND) == finding_keys(text_json)
    legacy_finding = next(f for f in payload["findings"] if f["code"] == "LEGACY_ENCODING")
    assert set(legacy_finding["data"]["encodings"]) == {"tcvn3", "vni"}
    assert read_plan(path).source_format == "docx"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_the_sample_typed_in_vntime_or_vni_times_in_word_gives_188_500_000(
    text_json, tmp_path, encoding
):
    """Paragraphs and the appendix table typed in .VnTime/.VnTimeH or VNI-Times, no option."""
    data = build_docx(SAMPLE_TEXT, encoding=encoding)
    document = docx.Document(io.BytesIO(data))
    estimate = max(document.tables, key=lambda t: len(t.rows))
    cell_fonts = {
        run.font.name
        for row in estimate.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if run.text.strip()
    }
    assert cell_fonts and cell_fonts <= {".VnTime", ".VnTimeH", "VNI-Times"}
    path = tmp_path / f"sample-{encoding}.docx"
    path.write_bytes(data)
    payload = check_json(str(path))
    assert payload["estimate"]["total"] == 188500000
    assert payload["estimate"] == text_json["estimate"]
    assert finding_keys(payload, skip=FOUND) == finding_keys(text_json)


def test_an_excel_cell_mixing_fonts_is_converted_run_by_run(tmp_path):
    """One cell typed partly in .VnTime, partly in VNI-Times, partly in Unicode."""
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["TT", "Nội dung", "Đơn vị tính", "Số lượng", "Đơn giá", "Thành tiền"])
    sheet.append(["1", None, "bài", 2, 1000000, 2000000])
    sheet["B2"] = CellRichText(
        TextBlock(InlineFont(rFont=".VnTime"), legacy.encode("Phóng sự ", legacy.TCVN3)),
        TextBlock(InlineFont(rFont="VNI-Times"), legacy.encode("truyền hình ", legacy.VNI)),
        "Ấp Bắc",
    )
    path = tmp_path / "mixed.xlsx"
    workbook.save(path)
    from kehoach.documents.readers import extract

    extracted = extract(path.read_bytes(), name=path.name)
    cells = [cell for row in extracted.rows for cell in row.cells]
    assert "Phóng sự truyền hình Ấp Bắc" in cells
    assert set(extracted.conversions) >= {"tcvn3"}
