"""Acceptance minutes (biên bản nghiệm thu) and liquidation minutes (biên bản thanh lý hợp
đồng) as DOCX and PDF, with the proof-of-broadcast annex; the annex also as CSV and XLSX.

The header block follows the official format (Decree 30/2020/NĐ-CP, Appendix I: agency on the
left, national title and motto on the right, place and date in italics); the date is written
by :func:`kehoach.documents.writers.layout.long_date`. Every figure comes from
:class:`~kehoach.execution.selectors.MinutesData`: nothing here adds up anything.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from django.template.loader import get_template

from kehoach.core.money import format_quantity, format_vnd
from kehoach.core.text import fold
from kehoach.documents.writers.layout import long_date
from kehoach.documents.writers.official import add_paragraph, official_document
from kehoach.execution.models import MinutesKind
from kehoach.execution.selectors import MinutesData

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ANNEX_HEADER = [
    "STT",
    "Sản phẩm",
    "Đài / số báo",
    "Ngày",
    "Giờ",
    "Thời lượng / số trang",
    "Tiêu đề",
    "Minh chứng",
]
LINE_HEADER = [
    "STT",
    "Nội dung",
    "Đơn vị tính",
    "Số lượng theo hợp đồng",
    "Số lượng nghiệm thu",
    "Giá trị hợp đồng (đồng)",
    "Giá trị nghiệm thu (đồng)",
]


def to_json(data: MinutesData) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    result: dict[str, Any] = plain(dataclasses.asdict(data))
    return result


def title(data: MinutesData) -> str:
    return (
        "BIÊN BẢN NGHIỆM THU"
        if data.kind == MinutesKind.ACCEPTANCE
        else "BIÊN BẢN THANH LÝ HỢP ĐỒNG"
    )


def _contract_ref(data: MinutesData) -> str:
    ref = f"Hợp đồng số {data.contract_number or '…'}"
    if data.contract_date:
        ref += f" {long_date(data.contract_date)}"
    return ref


def paragraphs(data: MinutesData) -> dict[str, Any]:
    """The words of the minutes, once, for both formats."""
    subject = (
        f"Nghiệm thu sản phẩm thông tin, tuyên truyền theo {_contract_ref(data)}"
        if data.kind == MinutesKind.ACCEPTANCE
        else f"Thanh lý {_contract_ref(data)}"
    )
    bases = [
        f"Căn cứ Kế hoạch số {data.plan_reference} về {data.plan_title};"
        if data.plan_reference
        else f"Căn cứ Kế hoạch {data.plan_title};",
        f"Căn cứ {_contract_ref(data)} giữa {data.agency_name} và {data.contractor}"
        f" (hình thức lựa chọn: {data.selection_method.lower()}"
        + (f", theo {data.legal_basis}" if data.legal_basis else "")
        + ");",
    ]
    if data.kind == MinutesKind.LIQUIDATION:
        bases.append("Căn cứ biên bản nghiệm thu khối lượng hoàn thành của hợp đồng;")
    today = f"Hôm nay, {long_date(data.on)}, chúng tôi gồm:"
    parties = [
        ("Bên A (bên đặt hàng):", data.agency_name),
        ("Bên B (đơn vị thực hiện):", data.contractor),
    ]
    words = data.accepted_words
    if data.kind == MinutesKind.ACCEPTANCE:
        conclusions = [
            "Bên B đã thực hiện, phát sóng, đăng tải các sản phẩm theo bảng kê đính kèm; bên A "
            "đã giám sát, đối chiếu và xác nhận.",
            f"Giá trị nghiệm thu: {format_vnd(data.accepted_value)} đồng (Bằng chữ: {words}).",
        ]
    else:
        conclusions = [
            f"Giá trị hợp đồng: {format_vnd(data.contract_value)} đồng.",
            f"Giá trị nghiệm thu: {format_vnd(data.accepted_value)} đồng (Bằng chữ: {words}).",
            f"Bên A đã thanh toán: {format_vnd(data.paid)} đồng.",
            f"Bên A còn phải thanh toán cho bên B: {format_vnd(data.to_pay)} đồng.",
            "Hai bên thống nhất thanh lý hợp đồng; biên bản được lập thành 04 bản có giá trị "
            "pháp lý như nhau, mỗi bên giữ 02 bản.",
        ]
    if data.funding_source:
        conclusions.append(f"Nguồn kinh phí: {data.funding_source}.")
    return {
        "title": title(data),
        "subject": subject,
        "bases": bases,
        "today": today,
        "parties": parties,
        "conclusions": conclusions,
        "place_date": f"{data.place}, {long_date(data.on)}" if data.place else long_date(data.on),
    }


def line_rows(data: MinutesData) -> list[list[str]]:
    rows = [
        [
            str(ln.number),
            ln.content,
            ln.unit,
            format_quantity(ln.quantity),
            str(ln.accepted_quantity),
            format_vnd(ln.amount),
            format_vnd(ln.accepted_amount),
        ]
        for ln in data.lines
    ]
    rows.append(
        [
            "",
            "Tổng cộng",
            "",
            "",
            "",
            format_vnd(data.contract_value),
            format_vnd(data.accepted_value),
        ]
    )
    return rows


def annex_rows(data: MinutesData) -> list[list[str]]:
    return [
        [
            str(a.number),
            a.label,
            a.outlet,
            a.day.strftime("%d/%m/%Y"),
            a.time,
            a.duration,
            a.title,
            a.evidence,
        ]
        for a in data.airings
    ]


def stem(data: MinutesData) -> str:
    kind = "bien-ban-nghiem-thu" if data.kind == MinutesKind.ACCEPTANCE else "bien-ban-thanh-ly"
    who = fold(data.contractor).replace(" ", "-")[:40]
    return f"{kind}-{who}-{data.on.isoformat()}"


# -- DOCX -----------------------------------------------------------------------------------


def render_docx(data: MinutesData) -> tuple[str, str, bytes]:
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    words = paragraphs(data)
    document = official_document()
    para = partial(add_paragraph, document)

    header = document.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left = header.cell(0, 0)
    left.paragraphs[0].add_run(data.governing_body.upper()).font.size = Pt(12)
    agency = left.add_paragraph().add_run(data.agency.upper())
    agency.bold = True
    agency.font.size = Pt(12)
    right = header.cell(0, 1)
    national = right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    national.bold = True
    national.font.size = Pt(12)
    right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    header.cell(1, 1).paragraphs[0].add_run(words["place_date"]).italic = True
    for row in header.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para("")
    para(words["title"], bold=True, center=True)
    para(words["subject"], bold=True, center=True)
    for basis in words["bases"]:
        para(basis, italic=True)
    para(words["today"])
    for label, name in words["parties"]:
        p = document.add_paragraph()
        p.add_run(f"{label} ").bold = True
        p.add_run(name)
    para("Hai bên cùng xác nhận khối lượng, giá trị như sau:")
    table = document.add_table(rows=1, cols=len(LINE_HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, LINE_HEADER, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for values in line_rows(data):
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    for text in words["conclusions"]:
        para(text)
    signatures = document.add_table(rows=1, cols=2)
    for cell, text in zip(
        signatures.rows[0].cells, ("ĐẠI DIỆN BÊN A", "ĐẠI DIỆN BÊN B"), strict=True
    ):
        cell.paragraphs[0].add_run(text).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        hint = cell.add_paragraph()
        hint.add_run("(Ký, ghi rõ họ tên, đóng dấu)").italic = True
        hint.alignment = WD_ALIGN_PARAGRAPH.CENTER

    annex = document.add_section()
    annex.orientation = WD_ORIENT.LANDSCAPE
    annex.page_width, annex.page_height = Mm(297), Mm(210)
    para("PHỤ LỤC", bold=True, center=True)
    para("BẢNG KÊ SẢN PHẨM ĐÃ PHÁT SÓNG, ĐĂNG TẢI", bold=True, center=True)
    para(f"(Kèm theo {words['title'].lower()} {long_date(data.on)})", italic=True, center=True)
    rows = annex_rows(data)
    grid = document.add_table(rows=1, cols=len(ANNEX_HEADER))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, ANNEX_HEADER, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    para(f"Tổng số: {len(rows)} lần phát sóng, đăng tải.")
    document.core_properties.title = f"{words['title']} — {data.contractor}"
    document.core_properties.author = data.agency
    buffer = io.BytesIO()
    document.save(buffer)
    return f"{stem(data)}.docx", DOCX, buffer.getvalue()


# -- PDF ------------------------------------------------------------------------------------


def render_html(data: MinutesData) -> str:
    context = {
        "data": data,
        "words": paragraphs(data),
        "line_header": LINE_HEADER,
        "line_rows": line_rows(data),
        "annex_header": ANNEX_HEADER,
        "annex_rows": annex_rows(data),
        "annex_date": long_date(data.on),
    }
    return str(get_template("execution/print/minutes.html").render(context))


def render_pdf(data: MinutesData) -> tuple[str, str, bytes]:
    from kehoach.documents.writers import RenderError

    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the pango library is missing
        raise RenderError(
            f"Không tạo được PDF: thiếu WeasyPrint hoặc thư viện pango ({exc}).",
            f"Cannot produce the PDF: WeasyPrint or the pango library is missing ({exc}).",
        ) from exc
    content = weasyprint.HTML(string=render_html(data)).write_pdf()
    assert content is not None
    return f"{stem(data)}.pdf", "application/pdf", content


def render_minutes(data: MinutesData) -> dict[str, tuple[str, str, bytes]]:
    return {"docx": render_docx(data), "pdf": render_pdf(data)}


# -- the annex as data ----------------------------------------------------------------------


def annex_csv(data: MinutesData) -> tuple[str, str, bytes]:
    from kehoach.documents.cells import csv_writer

    buffer = io.StringIO()
    writer = csv_writer(buffer)  # cells a spreadsheet would run are made text (issue 21)
    writer.writerow(ANNEX_HEADER)
    writer.writerows(annex_rows(data))
    # A byte-order mark so that Excel opens the Vietnamese text as UTF-8.
    return f"{stem(data)}-phu-luc.csv", "text/csv", ("\ufeff" + buffer.getvalue()).encode()


def annex_xlsx(data: MinutesData) -> tuple[str, str, bytes]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from kehoach.documents.cells import append_text_row

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Bảng kê phát sóng"
    sheet.append(ANNEX_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for a in data.airings:
        row = [a.number, a.label, a.outlet, a.day, a.time, a.duration, a.title, a.evidence]
        append_text_row(sheet, row)  # a title "=HYPERLINK(…)" stays text (issue 21)
        sheet.cell(row=sheet.max_row, column=4).number_format = "DD/MM/YYYY"
    for column, width in zip("ABCDEFGH", (6, 40, 30, 12, 8, 16, 40, 40), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"{stem(data)}-phu-luc.xlsx", XLSX, buffer.getvalue()
