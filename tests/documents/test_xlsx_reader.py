"""The XLSX reader: the sample appendix as an Excel sheet, and the common estimate layouts."""

from __future__ import annotations

import io
import shutil
from decimal import Decimal

import openpyxl
import pytest

from kehoach.core.checks import run_checks
from kehoach.documents.readers import ReadError, read_plan
from kehoach.documents.readers.formula import FormulaError, evaluate
from kehoach.documents.report import to_json, words_style
from tests.documents.builders import build_xlsx, with_cached_values
from tests.documents.helpers import SAMPLE, SAMPLE_TEXT, soffice_convert


def estimate_of(path) -> dict:
    doc = read_plan(path)
    return to_json(doc, run_checks(doc), style=words_style())["estimate"]


@pytest.fixture(scope="module")
def text_estimate() -> dict:
    return estimate_of(SAMPLE)


@pytest.fixture
def sample_xlsx(tmp_path):
    path = tmp_path / "du-toan.xlsx"
    path.write_bytes(build_xlsx(SAMPLE_TEXT))
    return path


def test_formulas_without_cached_values_are_computed_by_kehoach(text_estimate, sample_xlsx):
    sheet = openpyxl.load_workbook(sample_xlsx).active
    formulas = [c.value for row in sheet.iter_rows() for c in row if str(c.value).startswith("=")]
    assert "=D9*E9" in formulas and any(f.startswith("=SUM(J") for f in formulas)
    cached = openpyxl.load_workbook(sample_xlsx, data_only=True).active
    assert all(
        cached[c.coordinate].value is None
        for row in sheet.iter_rows()
        for c in row
        if str(c.value).startswith("=")
    )
    assert estimate_of(sample_xlsx) == text_estimate


def test_cached_values_are_used_where_excel_left_them(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["STT", "Nội dung", "Số lượng", "Đơn giá", "Thành tiền"])
    sheet.append(["A", "Sản xuất", None, None, None])
    sheet.append([1, "Phóng sự", 20, 1500000, "=VLOOKUP(B3,Z1:Z2,1)"])
    data = io.BytesIO()
    book.save(data)
    path = tmp_path / "cached.xlsx"
    path.write_bytes(with_cached_values(data.getvalue(), {"E3": "30000000"}))
    [(_, line)] = list(read_plan(path).estimate.walk_lines())
    assert line.stated_amount == Decimal(30000000)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_sheet_saved_by_libreoffice_with_cached_values_gives_the_same_estimate(
    text_estimate, sample_xlsx, tmp_path
):
    resaved = soffice_convert(sample_xlsx, tmp_path, "xlsx")
    cached = openpyxl.load_workbook(resaved, data_only=True).active
    assert any(isinstance(c.value, int | float) and c.value == 55000000 for c in cached["J"])
    assert estimate_of(resaved) == text_estimate


def test_amounts_in_thousands_are_scaled_as_the_header_says(text_estimate, tmp_path):
    path = tmp_path / "nghin-dong.xlsx"
    path.write_bytes(build_xlsx(SAMPLE_TEXT, scale=Decimal(1000)))
    doc = read_plan(path)
    assert doc.estimate.unit_scale == 1000
    assert doc.estimate.total == text_estimate["total"]


def _sheet(path, rows, merges=()):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    book.save(path)
    return path


def test_it_reads_the_common_layout_with_unit_and_kinh_phi_in_millions(tmp_path):
    path = _sheet(
        tmp_path / "common.xlsx",
        [
            ["DỰ TOÁN KINH PHÍ TUYÊN TRUYỀN"],
            ["Đơn vị tính: triệu đồng"],
            ["STT", "Nội dung", "Đơn vị tính", "Số lượng", "Đơn giá", "Kinh phí", "Ghi chú"],
            ["I", "Truyền hình", None, None, None, "=SUM(F5:F6)", None],
            [1, "Phóng sự", "phóng sự", 20, 1.5, "=D5*E5", None],
            [2, "Tọa đàm", "buổi", 1, 13, "=D6*E6", "trực tiếp"],
            [None, "Tổng cộng", None, None, None, "=F4", None],
        ],
    )
    doc = read_plan(path)
    lines = [line for _, line in doc.estimate.walk_lines()]
    assert [(ln.content, ln.unit, ln.quantity, ln.unit_price) for ln in lines] == [
        ("Phóng sự", "phóng sự", 20, Decimal(1500000)),
        ("Tọa đàm", "buổi", 1, Decimal(13000000)),
    ]
    assert doc.estimate.total == doc.estimate.stated_total == Decimal(43000000)
    assert not [f for f in run_checks(doc) if f.code.startswith(("ARITH", "TABLE"))]


def test_it_reads_a_two_row_header_with_merged_group_cells(tmp_path):
    path = _sheet(
        tmp_path / "merged.xlsx",
        [
            ["STT", "Nội dung", "Dự toán", None, None, "Ghi chú"],
            [None, None, "Số lượng", "Đơn giá", "Thành tiền", None],
            ["A", "Báo in", None, None, None, None],
            [1, "Chuyên trang", 10, 5000000, 50000000, None],
        ],
        merges=("A1:A2", "B1:B2", "C1:E1", "F1:F2"),
    )
    doc = read_plan(path)
    assert doc.estimate.columns == ["number", "content", "quantity", "unit_price", "amount", "note"]
    assert doc.estimate.total == Decimal(50000000)


def test_a_formula_kehoach_cannot_compute_is_reported_not_guessed(tmp_path):
    path = _sheet(
        tmp_path / "vlookup.xlsx",
        [
            ["STT", "Nội dung", "Số lượng", "Đơn giá", "Thành tiền"],
            ["A", "Sản xuất", None, None, None],
            [1, "Phóng sự", 20, "=VLOOKUP(B3,Z1:Z2,1)", "=C3*D3"],
        ],
    )
    findings = [f for f in run_checks(read_plan(path)) if f.code == "TABLE_CELL_NOT_NUMBER"]
    assert {f.where.text for f in findings} >= {"=VLOOKUP(B3,Z1:Z2,1)"}


def test_text_in_a_legacy_font_cell_is_converted(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["STT", "Néi dung", "Sè l\u00adîng", "§¬n gi¸", "Thµnh tiÒn"])
    sheet.append(["A", "S¶n xuÊt ch\u00ad¬ng tr×nh", None, None, None])
    sheet.append([1, "Phãng sù ng¾n", 20, 1500000, 30000000])
    for row in sheet.iter_rows():
        for cell in row:
            cell.font = openpyxl.styles.Font(name=".VnTime")
    path = tmp_path / "tcvn3.xlsx"
    book.save(path)
    doc = read_plan(path)
    [(section, line)] = list(doc.estimate.walk_lines())
    assert (section.title, line.content) == ("Sản xuất chương trình", "Phóng sự ngắn")
    assert "LEGACY_ENCODING" in {f.code for f in run_checks(doc)}


def test_a_sheet_with_no_header_row_is_refused(tmp_path):
    path = _sheet(tmp_path / "noheader.xlsx", [["a", "b"], [1, 2], [3, 4]])
    with pytest.raises(ReadError) as info:
        read_plan(path)
    assert "tiêu đề" in info.value.message_vi


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=D7*E7", Decimal(30000000)),
        ("=SUM(J7:J9)", Decimal(43000001)),
        ("=SUM(J7,J8;J9)", Decimal(43000001)),
        ("=ROUND(E7/3,0)", Decimal(500000)),
        ("=$D$7*(E7+1000)-J9%", Decimal(30020000) - Decimal("0.01")),
        ("='Dự toán'!D7+1", Decimal(21)),
    ],
)
def test_it_computes_the_formulas_estimates_use(formula, expected):
    cells = {(7, 4): Decimal(20), (7, 5): Decimal(1500000), (7, 10): Decimal(30000000)}
    cells |= {(8, 10): Decimal(13000000), (9, 10): Decimal(1)}

    def lookup(sheet, row, col):
        return cells.get((row, col))

    assert evaluate(formula, lookup) == expected


@pytest.mark.parametrize("formula", ["=VLOOKUP(A1,B1:C2,2)", "=D7/0", '="a"&"b"', "=SUM(", "=B1"])
def test_it_refuses_formulas_it_does_not_support(formula):
    with pytest.raises(FormulaError):
        evaluate(formula, lambda sheet, row, col: "chữ" if col == 2 else None)
