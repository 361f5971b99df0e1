"""The writers (DOCX, XLSX, PDF) and `kehoach export`: the official format, the formulas,
the figures, and what the command does with bad input or output."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
import zipfile

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm

from kehoach.core.money import format_vnd
from kehoach.core.plan import PlanDocument
from kehoach.core.words import WordsStyle, amount_to_words
from kehoach.documents.writers import get_renderer
from kehoach.documents.writers.layout import appendix_layout
from kehoach.documents.writers.xlsx import MONEY
from tests.cli import kehoach_here
from tests.documents.writer_support import (
    ARTIFACTS,
    SAMPLE,
    built_plan,
    pdf_text,
    require,
    sample_plan,
)


@pytest.fixture(scope="module")
def sample() -> PlanDocument:
    return sample_plan()


def render(doc: PlanDocument, fmt: str, part: str = "all") -> tuple[str, str, bytes]:
    return get_renderer(fmt).render(doc, part=part)  # type: ignore[arg-type]


def open_docx(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def docx_texts(document: docx.document.Document) -> list[str]:
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(p.text for p in cell.paragraphs)
    return texts


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


# -- every file is valid Office Open XML -----------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_each_office_file_is_a_zip_with_content_types(sample, fmt):
    _, mimetype, content = render(sample, fmt)
    assert mimetype.startswith("application/vnd.openxmlformats-officedocument")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
        assert "[Content_Types].xml" in archive.namelist()


def test_a_docx_built_from_the_cached_styles_is_the_same_as_the_first(sample):
    # The writer builds the styles once per process and copies them afterwards.
    from kehoach.documents.writers import docx as docx_writer

    docx_writer._STYLED.clear()
    first = render(sample, "docx")[2]
    assert docx_writer._STYLED
    second = render(sample, "docx")[2]
    with zipfile.ZipFile(io.BytesIO(first)) as a, zipfile.ZipFile(io.BytesIO(second)) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "docProps/core.xml":  # holds the time of writing
                assert a.read(name) == b.read(name), name


def test_the_renderers_name_the_file_after_the_plan(sample):
    assert render(sample, "docx")[0] == "ke-hoach-46a-KH-STTTT-2016.docx"
    assert render(sample, "docx", "appendix")[0] == "ke-hoach-46a-KH-STTTT-2016-phu-luc.docx"
    assert render(sample, "xlsx")[0] == "ke-hoach-46a-KH-STTTT-2016-du-toan.xlsx"
    assert render(sample, "pdf", "plan")[1] == "application/pdf"


# -- DOCX: the plan in the format of Decree 30/2020 ------------------------------------------


def test_the_plan_page_is_a4_with_the_decree_margins(sample):
    section = open_docx(render(sample, "docx")[2]).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20


def test_the_document_styles_use_times_new_roman_13_to_14_pt(sample):
    document = open_docx(render(sample, "docx")[2])
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt in (13, 14)
    body = document.styles["VB Nội dung"]
    assert body.font.size.pt in (13, 14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:hAnsi")) == "Times New Roman"  # Vietnamese letters use hAnsi


def test_every_paragraph_of_the_body_has_a_named_style_not_direct_formatting(sample):
    document = open_docx(render(sample, "docx", "plan")[2])
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    assert paragraphs
    assert all(p.style.name.startswith("VB ") for p in paragraphs)
    assert all(not run.bold and not run.italic for p in paragraphs for run in p.runs)


def test_the_header_table_has_the_national_title_number_and_place_date(sample):
    document = open_docx(render(sample, "docx")[2])
    header = document.tables[0]
    texts = {p.text: p.style.name for cell in header._cells for p in cell.paragraphs if p.text}
    assert texts["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"] == "VB Quốc hiệu"
    assert texts["Độc lập - Tự do - Hạnh phúc"] == "VB Tiêu ngữ"
    assert texts[f"Số: {sample.header.reference}"] == "VB Số, ký hiệu"
    place_date = f"{sample.header.place}, ngày {sample.header.date_text}"
    assert texts[place_date] == "VB Địa danh, ngày tháng"
    assert document.styles["VB Địa danh, ngày tháng"].font.italic
    assert document.styles["VB Tiêu ngữ"].font.bold


def test_a_plan_without_governing_body_or_agency_gets_none_invented(sample):
    assert not sample.header.governing_body and not sample.header.agency
    header = open_docx(render(sample, "docx")[2]).tables[0]
    assert header.cell(0, 0).text.strip() == ""


def test_the_agency_is_in_capitals_bold_and_ruled_under_its_governing_body():
    doc = built_plan()
    header = open_docx(render(doc, "docx")[2]).tables[0]
    left = [(p.text, p.style.name) for p in header.cell(0, 0).paragraphs]
    assert left[:3] == [
        ("UBND TỈNH TIỀN GIANG", "VB Cơ quan chủ quản"),
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "VB Cơ quan ban hành"),
        ("", "VB Đường kẻ"),
    ]
    place_dates = [p.text for p in header.cell(1, 1).paragraphs]
    # A day below 10 and the months 1 and 2 take a leading zero (Decree 30/2020).
    assert place_dates == ["Tiền Giang, ngày 05 tháng 02 năm 2024"]


def test_the_type_name_summary_legal_basis_and_headings_have_their_styles(sample):
    document = open_docx(render(sample, "docx", "plan")[2])
    styles = {p.text: p.style.name for p in document.paragraphs if p.text}
    assert styles[sample.header.type_name] == "VB Tên loại"
    assert styles[sample.header.title] == "VB Trích yếu"
    headings = [p.text for p in sample.paragraphs if p.heading and "." not in p.heading]
    roman = [t for t in headings if re.match(r"^[IVX]+\. ", t)]
    assert roman and all(styles[t] == "VB Đề mục 1" for t in roman)
    for activity in sample.activities:
        text = next(p.text for p in sample.paragraphs if p.where is activity.where)
        assert styles[text] == "VB Đề mục 2"
    basis = next(t for t in styles if sample.legal_bases[0].raw in t)
    assert styles[basis] == "VB Căn cứ"
    assert document.styles["VB Căn cứ"].font.italic


def test_the_body_keeps_every_paragraph_of_the_plan_in_order(sample):
    document = open_docx(render(sample, "docx", "plan")[2])
    written = [p.text for p in document.paragraphs if p.style.name != "VB Đường kẻ"]
    expected = [p.text for p in sample.paragraphs]
    positions = [written.index(text) for text in expected]
    assert positions == sorted(positions)


def test_the_signer_block_and_recipients(sample):
    document = open_docx(render(sample, "docx", "plan")[2])
    closing = document.tables[-1]
    left = [(p.text, p.style.name) for p in closing.cell(0, 0).paragraphs]
    right = [p.text for p in closing.cell(0, 0 + 1).paragraphs]
    assert left[0] == ("Nơi nhận:", "VB Nơi nhận")
    label = document.styles["VB Nơi nhận"].font
    assert label.bold and label.italic
    assert document.styles["VB Nơi nhận - mục"].font.size.pt == 11
    items = [text for text, _ in left[1:]]
    assert items[0] == "- UBND tỉnh (báo cáo);"
    assert items[-1].startswith("- Lưu: VT") and items[-1].endswith(".")
    assert right == [f"{sample.signer.prefix} {sample.signer.title}", sample.signer.name]


def test_a_two_line_signer_title_and_the_archive_recipient_last():
    document = open_docx(render(built_plan(), "docx", "plan")[2])
    closing = document.tables[-1]
    assert [p.text for p in closing.cell(0, 1).paragraphs] == [
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn A",
    ]
    items = [p.text for p in closing.cell(0, 0).paragraphs[1:]]
    assert items == ["- UBND tỉnh (báo cáo);", "- Lưu: VT, BCXB."]


def test_page_numbers_start_on_page_two(sample):
    document = open_docx(render(sample, "docx")[2])
    for section in document.sections:
        assert section.different_first_page_header_footer
        instructions = section.header._element.xpath(".//w:instrText")
        assert [i.text.strip() for i in instructions] == ["PAGE"]
        assert not section.first_page_header._element.xpath(".//w:instrText")
    # The appendix is numbered on its own.
    start = document.sections[-1]._sectPr.find(qn("w:pgNumType"))
    assert start is not None and start.get(qn("w:start")) == "1"


# -- DOCX: the appendix ----------------------------------------------------------------------


def test_the_appendix_is_a_landscape_section_after_the_plan(sample):
    document = open_docx(render(sample, "docx")[2])
    assert len(document.sections) == 2
    appendix = document.sections[1]
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert appendix.page_width > appendix.page_height
    assert abs(appendix.page_width - Mm(297)) < Mm(1)


def test_the_appendix_heading_cites_the_plan(sample):
    document = open_docx(render(sample, "docx", "appendix")[2])
    texts = [p.text for p in document.paragraphs]
    assert texts[0].upper() == "PHỤ LỤC"
    reference = next(t for t in texts if t.startswith("(Kèm theo"))
    header = sample.header
    assert f"số {header.reference} ngày {header.date_text} của " in reference
    assert len(document.sections) == 1
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE


def test_the_appendix_table_merges_the_production_and_broadcast_headers(sample):
    table = open_docx(render(sample, "docx", "appendix")[2]).tables[0]
    top = table.rows[0]._tr
    spans = [tc.grid_span for tc in top.tc_lst]
    labels = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in top.tc_lst]
    assert list(zip(labels, spans, strict=True)) == [
        ("TT", 1),
        ("Nội dung", 1),
        ("Sản xuất", 4),
        ("Phát sóng", 3),
        ("Tổng cộng", 1),
        ("Ghi chú", 1),
    ]
    assert [c.text for c in table.rows[1].cells][2:9] == [
        "Thời lượng",
        "Số lượng",
        "Đơn giá",
        "Thành tiền",
        "Số lần phát sóng",
        "Đơn giá phát sóng",
        "Thành tiền",
    ]
    for row in table.rows[:2]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page


def test_the_appendix_table_shows_the_computed_figures_and_the_words(sample):
    document = open_docx(render(sample, "docx", "appendix")[2])
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    totals = {(r[0], r[1]): r[9] for r in rows}
    for section in sample.estimate.walk_sections():
        if "." in section.key:
            assert totals[(section.code, section.title)] == format_vnd(section.total)
    remaining = iter(rows)
    for _, line in sample.estimate.walk_lines():
        row = next(r for r in remaining if r[1] == line.content and r[0] == line.number)
        assert row[9] == format_vnd(line.total)
        if line.production_amount is not None:
            assert row[5] == format_vnd(line.production_amount)
    assert rows[-1][9] == format_vnd(sample.estimate.total)
    words = amount_to_words(sample.estimate.total)
    assert f"(Bằng chữ: {words})" in [p.text for p in document.paragraphs]


def test_the_words_follow_the_chosen_style(sample):
    layout = appendix_layout(sample, WordsStyle(thousand="ngàn"))
    assert layout.words == amount_to_words(sample.estimate.total, WordsStyle(thousand="ngàn"))
    assert "ngàn" in layout.words


# -- XLSX ------------------------------------------------------------------------------------


def load_both(content: bytes) -> tuple[openpyxl.Workbook, openpyxl.Workbook]:
    formulas = openpyxl.load_workbook(io.BytesIO(content))
    values = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    return formulas, values


def line_rows(sheet, doc: PlanDocument) -> dict[str, int]:
    """The sheet row of each estimate line, found by its content."""
    rows: dict[str, int] = {}
    for _, line in doc.estimate.walk_lines():
        for row in range(1, sheet.max_row + 1):
            if sheet.cell(row, 2).value == line.content and row not in rows.values():
                rows[line.key] = row
                break
    return rows


@pytest.mark.parametrize("build", [sample_plan, built_plan], ids=["sample", "built"])
def test_the_workbook_has_live_formulas_with_the_core_values_cached(build):
    doc = build()
    formulas, values = load_both(render(doc, "xlsx")[2])
    fsheet, vsheet = formulas.active, values.active
    rows = line_rows(fsheet, doc)
    assert len(rows) == len(list(doc.estimate.walk_lines()))
    for _, line in doc.estimate.walk_lines():
        r = rows[line.key]
        if line.airs_its_quantity:
            # A rebroadcast ("Phát lại …"): its quantity aired at the airing price (issue 19).
            assert fsheet[f"G{r}"].value == f"=D{r}"
            assert fsheet[f"I{r}"].value.replace("ROUND(", "").startswith(f"=G{r}*H{r}")
            assert fsheet[f"J{r}"].value == f"=I{r}"
            assert fsheet[f"E{r}"].value is None and fsheet[f"F{r}"].value is None
            assert vsheet[f"I{r}"].value == vsheet[f"J{r}"].value == line.total
            continue
        if line.production_amount is not None:
            product = f"D{r}*E{r}"
            assert fsheet[f"F{r}"].value in (f"={product}", f"=ROUND({product},0)")
            assert vsheet[f"F{r}"].value == line.production_amount
        if line.airing_amount is not None:
            count = "G" if line.airings is not None else "D"
            assert fsheet[f"I{r}"].value.replace("ROUND(", "").startswith(f"={count}{r}*H{r}")
            assert vsheet[f"I{r}"].value == line.airing_amount
        assert vsheet[f"J{r}"].value == line.total
        assert str(fsheet[f"J{r}"].value).startswith("=") != line.is_lump_sum
    total_row = max(r for r in range(1, fsheet.max_row + 1) if vsheet[f"J{r}"].value is not None)
    assert fsheet[f"J{total_row}"].value.startswith("=SUM(")
    assert vsheet[f"J{total_row}"].value == doc.estimate.total
    # The words follow the total: a formula that gives them while the total is theirs, and a
    # note to write them again when it changes.
    words = f"(Bằng chữ: {amount_to_words(doc.estimate.total)})"
    formula = fsheet.cell(total_row + 1, 1).value
    assert formula.startswith(f"=IF(J{total_row}={int(doc.estimate.total)},")
    assert f'"{words}"' in formula and "viết lại số tiền bằng chữ" in formula
    assert vsheet.cell(total_row + 1, 1).value == words


def test_a_fractional_product_is_rounded_half_up_like_the_core():
    doc = built_plan()
    line = doc.estimate.sections[0].lines[0]
    formulas, values = load_both(render(doc, "xlsx")[2])
    r = line_rows(formulas.active, doc)[line.key]
    assert formulas.active[f"F{r}"].value == f"=ROUND(D{r}*E{r},0)"
    assert values.active[f"F{r}"].value == line.production_amount


def test_the_workbook_is_formatted_frozen_and_set_up_for_a4_landscape(sample):
    formulas, _ = load_both(render(sample, "xlsx")[2])
    sheet = formulas.active
    rows = line_rows(sheet, sample)
    line = min(rows.values())
    # Literal dots between thousands, whatever the reader's locale.
    assert sheet[f"E{line}"].number_format == MONEY
    assert sheet[f"J{line}"].number_format == MONEY
    top = next(r for r in range(1, sheet.max_row + 1) if sheet[f"A{r}"].value == "TT")
    first = top + 2
    assert sheet.freeze_panes == f"C{first}"  # the two header rows stay in view
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "9"  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # Fit to one page wide (1 is the attribute's default, left out of the file), any height.
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows.replace("$", "") == f"{top}:{top + 1}"
    merged = {str(m) for m in sheet.merged_cells.ranges}
    assert f"C{top}:F{top}" in merged
    assert f"G{top}:I{top}" in merged
    assert (sheet[f"C{top}"].value, sheet[f"G{top}"].value) == ("Sản xuất", "Phát sóng")


# -- PDF -------------------------------------------------------------------------------------


def test_the_pdf_text_layer_has_the_totals_and_the_words(sample, tmp_path):
    name, _, content = render(sample, "pdf")
    assert content.startswith(b"%PDF-")
    path = tmp_path / name
    path.write_bytes(content)
    text = flat(pdf_text(path))
    total = sample.estimate.total
    assert format_vnd(total) in text
    assert f"(Bằng chữ: {amount_to_words(total)})" in text
    for section in sample.estimate.walk_sections():
        assert format_vnd(section.total) in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert f"Số: {sample.header.reference}" in text


def test_the_pdf_pages_are_rendered_to_png_artifacts(sample, tmp_path):
    pdftoppm = require("pdftoppm")
    name, _, content = render(sample, "pdf")
    out = ARTIFACTS / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    path = out / name
    path.write_bytes(content)
    for old in out.glob("page-*.png"):
        old.unlink()
    subprocess.run(
        [pdftoppm, "-r", "80", "-png", str(path), str(out / "page")], check=True, timeout=120
    )
    pages = sorted(out.glob("page-*.png"))
    assert len(pages) >= 2
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pages)


def test_the_pdf_numbers_pages_from_two_and_the_appendix_on_its_own(sample, tmp_path):
    name, _, content = render(sample, "pdf")
    path = tmp_path / name
    path.write_bytes(content)
    pages = pdf_text(path).split("\f")
    first_lines = [page.strip().splitlines()[0].strip() if page.strip() else "" for page in pages]
    assert first_lines[0] != "1"
    appendix = next(i for i, page in enumerate(pages) if "PHỤ LỤC" in page)
    assert first_lines[1:appendix] == [str(n) for n in range(2, appendix + 1)]
    assert not first_lines[appendix].isdigit()


def test_the_pdf_has_only_the_part_asked_for(sample, tmp_path):
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(render(sample, "pdf", "plan")[2])
    appendix = tmp_path / "appendix.pdf"
    appendix.write_bytes(render(sample, "pdf", "appendix")[2])
    assert "PHỤ LỤC" not in pdf_text(plan)
    assert "CỘNG HÒA" not in pdf_text(appendix)
    assert format_vnd(sample.estimate.total) in pdf_text(appendix)


# -- kehoach export --------------------------------------------------------------------------


def kehoach(*args: str) -> subprocess.CompletedProcess[str]:
    return kehoach_here(*args)  # in this process (tests/cli.py)


def test_export_writes_the_docx_into_the_out_folder(tmp_path):
    result = kehoach("export", str(SAMPLE), "--to", "docx", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tmp_path / "ke-hoach-46a-KH-STTTT-2016.docx"
    assert result.stdout.strip() == str(written)
    assert len(docx.Document(written).sections) == 2  # plan then appendix by default


def test_export_writes_the_xlsx_to_the_named_file(tmp_path):
    target = tmp_path / "du-toan.xlsx"
    result = kehoach("export", str(SAMPLE), "--to", "xlsx", "--out", str(target), "--part", "plan")
    assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(target).active.title == "Dự toán"  # always the estimate


def test_export_of_the_plan_part_only(tmp_path):
    target = tmp_path / "plan.docx"
    result = kehoach("export", str(SAMPLE), "--to", "docx", "--part", "plan", "--out", str(target))
    assert result.returncode == 0, result.stderr
    assert len(docx.Document(target).sections) == 1


def test_export_of_an_unreadable_file_exits_2_with_one_line(tmp_path):
    result = kehoach("export", str(tmp_path / "missing.txt"), "--to", "pdf")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "missing.txt" in result.stderr
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = kehoach("export", str(empty), "--to", "docx", "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.strip() == "kehoach: The file 'empty.txt' is empty."


def test_export_to_an_unwritable_place_exits_2_and_leaves_nothing(tmp_path):
    target = tmp_path / "no-such-folder" / "plan.docx"
    result = kehoach("export", str(SAMPLE), "--to", "docx", "--out", str(target), "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.startswith("kehoach: Cannot write")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not target.parent.exists()


def test_export_without_a_format_is_refused(tmp_path):
    result = kehoach("export", str(SAMPLE))
    assert result.returncode != 0
    assert "--to" in result.stderr
