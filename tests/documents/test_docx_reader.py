"""The DOCX reader: the sample plan typed into Word the official way reads as the text does."""

from __future__ import annotations

import io
import shutil

import docx
import pytest

from kehoach.core.checks import run_checks
from kehoach.documents.readers import extract, read_plan
from tests.documents.builders import add_page_header_footer_and_textbox, build_docx
from tests.documents.helpers import (
    SAMPLE,
    SAMPLE_TEXT,
    check_json,
    finding_keys,
    soffice_convert,
)

OFFICIAL_HEADER = SAMPLE_TEXT.replace(
    "Số: 46a/KH-STTTT",
    "UBND TỈNH TIỀN GIANG\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\nSố: 46a/KH-STTTT\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
    1,
)


@pytest.fixture(scope="module")
def text_json() -> dict:
    return check_json(str(SAMPLE))


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory) -> object:
    path = tmp_path_factory.mktemp("docx") / "ke-hoach.docx"
    path.write_bytes(build_docx(SAMPLE_TEXT))
    return path


def test_it_gives_the_same_estimate_and_findings_as_the_plain_text(text_json, sample_docx):
    payload = check_json(str(sample_docx))
    assert payload["estimate"] == text_json["estimate"]
    assert finding_keys(payload) == finding_keys(text_json)
    assert payload["document"]["format"] == "docx"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_it_reads_the_same_plan_after_libreoffice_saved_it(text_json, sample_docx, tmp_path):
    resaved = soffice_convert(sample_docx, tmp_path, "docx")
    assert resaved.read_bytes() != sample_docx.read_bytes()
    payload = check_json(str(resaved))
    assert payload["estimate"] == text_json["estimate"]
    assert finding_keys(payload) == finding_keys(text_json)


def test_it_reads_the_two_column_header_table(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(build_docx(OFFICIAL_HEADER))
    header = read_plan(path).header
    assert (header.governing_body, header.agency) == (
        "UBND TỈNH TIỀN GIANG",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    )
    assert header.national_motto
    assert (header.number, header.symbol, header.place) == ("46a", "KH-STTTT", "Tiền Giang")


def test_word_numbering_is_read_as_the_headings_it_shows(sample_docx):
    extracted = extract(sample_docx.read_bytes(), name="plan.docx")
    texts = [line.text for line in extracted.lines]
    assert "I. MỤC TIÊU, SỰ CẦN THIẾT" in texts
    assert "5. Chi phí quản lý" in texts
    plain = docx.Document(io.BytesIO(sample_docx.read_bytes()))
    assert not any(p.text.startswith("I. ") for p in plain.paragraphs)  # numbering, not typed


def test_a_merged_header_cell_appears_once(sample_docx):
    rows = extract(sample_docx.read_bytes(), name="plan.docx").rows
    upper, lower = rows[0].cells, rows[1].cells
    assert upper.count("Phát sóng") == 1 and upper.count("Sản xuất") == 1
    assert upper.count("Nội Dung") == 1 and lower[1] == ""  # merged down: once, above
    assert lower[3:9] == [
        "Số lượng",
        "Đơn giá",
        "Thành tiền",
        "Số lần phát sóng",
        "Đơn giá phát sóng",
        "Thành tiền",
    ]


def test_the_signature_and_recipients_side_by_side_are_both_read(sample_docx):
    doc = read_plan(sample_docx)
    assert (doc.signer.prefix, doc.signer.title, doc.signer.name) == (
        "Q.",
        "GIÁM ĐỐC",
        "Trần Văn Dũng",
    )
    assert [r.text for r in doc.recipients][:2] == ["UBND tỉnh", "Báo Ấp Bắc"]


def test_text_in_page_headers_footers_and_text_boxes_is_not_lost(tmp_path):
    data = add_page_header_footer_and_textbox(
        build_docx(SAMPLE_TEXT),
        header="SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        footer="Trang 1 - lưu hành nội bộ",
        box="Ghi chú trong khung chữ",
    )
    path = tmp_path / "plan.docx"
    path.write_bytes(data)
    extracted = extract(data, name="plan.docx")
    texts = [line.text for line in extracted.lines]
    assert texts.count("Ghi chú trong khung chữ") == 1  # the VML fallback copy is not read
    assert texts[0] == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    doc = read_plan(path)
    assert doc.header.agency == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert "Trang 1 - lưu hành nội bộ" in [p.text for p in doc.paragraphs]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_plan_typed_in_legacy_fonts_reads_as_the_unicode_one(text_json, tmp_path, encoding):
    path = tmp_path / f"plan-{encoding}.docx"
    path.write_bytes(build_docx(SAMPLE_TEXT, encoding=encoding))
    runs = [run for p in docx.Document(path).paragraphs for run in p.runs if run.text]
    fonts = {run.font.name for run in runs}
    assert fonts <= {".VnTime", ".VnTimeH", "VNI-Times"}
    payload = check_json(str(path))
    assert payload["estimate"] == text_json["estimate"]
    assert finding_keys(payload, skip=("LEGACY_ENCODING",)) == finding_keys(text_json)
    assert [f["code"] for f in payload["findings"]].count("LEGACY_ENCODING") == 1
    document = payload["document"]
    assert (document["type"], document["signer"]["title"]) == ("KẾ HOẠCH", "GIÁM ĐỐC")


def test_forced_encoding_converts_runs_whose_legacy_font_was_replaced(tmp_path):
    data = build_docx(SAMPLE_TEXT, encoding="vni")
    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.font.name = "Times New Roman"
    path = tmp_path / "replaced-fonts.docx"
    document.save(path)
    # Unconverted, the type line reads "KEÁ HOAÏCH" (the type then only comes from the symbol).
    assert read_plan(path).header.title != "Tuyên truyền dịch vụ công trực tuyến năm 2016"
    doc = read_plan(path, encoding="vni")
    assert doc.header.type_name == "KẾ HOẠCH"
    assert doc.header.title == "Tuyên truyền dịch vụ công trực tuyến năm 2016"
    assert "LEGACY_ENCODING" in {f.code for f in run_checks(doc)}
