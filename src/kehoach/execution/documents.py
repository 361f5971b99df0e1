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
from typing import Any

from kehoach.core.money import format_quantity, format_vnd
from kehoach.documents.cells import append_text_row, csv_writer
from kehoach.documents.writers.layout import long_date, slug_join
from kehoach.documents.writers.official import (
    Align,
    Annex,
    Block,
    Closing,
    Grid,
    Head,
    OfficialDocument,
    Para,
    signature,
)
from kehoach.documents.writers.official import render_docx as official_docx
from kehoach.documents.writers.official import render_html as official_html
from kehoach.documents.writers.official import render_pdf as official_pdf
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


def _party_lines(label: str, party: Any, fallback: str) -> list[str]:
    """ "Bên A (bên đặt hàng): Sở …", then its representative, address, account, tax code."""
    if party is None:
        return [f"{label} {fallback}"]
    lines = [f"{label} {party.name}"]
    if party.representative:
        who = f"- Đại diện: Ông (Bà) {party.representative}"
        if party.representative_title:
            who += f" — Chức vụ: {party.representative_title}"
        lines.append(who)
    if party.address:
        lines.append(f"- Địa chỉ: {party.address}")
    if party.account:
        lines.append(f"- Tài khoản: {party.account}")
    if party.tax_code:
        lines.append(f"- Mã số thuế: {party.tax_code}")
    return lines


def _plan_ref(data: MinutesData) -> str:
    ref = f"Kế hoạch số {data.plan_reference}" if data.plan_reference else "Kế hoạch"
    if data.plan_date:
        ref += f" {long_date(data.plan_date)}"
    return ref


def paragraphs(data: MinutesData) -> dict[str, Any]:
    """The words of the minutes, once, for both formats."""
    subject = (
        f"Nghiệm thu sản phẩm thông tin, tuyên truyền theo {_contract_ref(data)}"
        if data.kind == MinutesKind.ACCEPTANCE
        else f"Thanh lý {_contract_ref(data)}"
    )
    bases = [
        f"Căn cứ {_plan_ref(data)} của {data.agency_name} về {data.plan_title};",
        f"Căn cứ {_contract_ref(data)} giữa {data.agency_name} và {data.contractor}"
        f" (hình thức lựa chọn: {data.selection_method.lower()}"
        + (f", theo {data.legal_basis}" if data.legal_basis else "")
        + ");",
    ]
    if data.kind == MinutesKind.LIQUIDATION:
        bases.append("Căn cứ biên bản nghiệm thu khối lượng hoàn thành của hợp đồng;")
    today = f"Hôm nay, {long_date(data.on)}, chúng tôi gồm:"
    parties = [
        ("Bên A (bên đặt hàng):", data.buyer, data.agency_name),
        ("Bên B (đơn vị thực hiện):", data.seller, data.contractor),
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
        "parties": [(label, _party_lines(label, p, fb)) for label, p, fb in parties],
        "conclusions": conclusions,
        "findings": list(data.findings),
        "place_date": f"{data.place}, {long_date(data.on)}" if data.place else long_date(data.on),
    }


def line_rows(data: MinutesData) -> list[list[str]]:
    rows = [
        [
            str(ln.number),
            ln.content,
            ln.unit,
            format_quantity(ln.quantity),
            format_quantity(ln.accepted_quantity),
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
    """ "bien-ban-nghiem-thu-hd-01-2016-HD-STTTT-dai-truyen-thanh-truyen-hinh-huyen-cai-be-…":
    the contract number and the contractor's name in full (Cái Bè and Cai Lậy differ)."""
    kind = "bien-ban-nghiem-thu" if data.kind == MinutesKind.ACCEPTANCE else "bien-ban-thanh-ly"
    return slug_join(
        kind,
        f"hd-{data.contract_number}" if data.contract_number else "",
        data.contractor,
        data.on.isoformat(),
    )


# -- the one description, rendered to DOCX and PDF ------------------------------------------

LINE_WIDTHS = [12.0, 45.0, 18.0, 20.0, 20.0, 25.0, 25.0]
LINE_ALIGN: list[Align] = ["center", "left", "center", "right", "right", "right", "right"]
ANNEX_WIDTHS = [12.0, 40.0, 50.0, 22.0, 14.0, 22.0, 52.0, 40.0]
ANNEX_ALIGN: list[Align] = ["center", "left", "left", "center", "center", "center", "left", "left"]


def official(data: MinutesData) -> OfficialDocument:
    words = paragraphs(data)
    blocks: list[Block] = [Para(b, "legal_basis") for b in words["bases"]]
    blocks.append(Para(words["today"]))
    for _label, lines in words["parties"]:
        blocks.append(Para(lines[0], "bold"))
        blocks += [Para(line) for line in lines[1:]]
    blocks.append(Para("Hai bên cùng xác nhận khối lượng, giá trị như sau:"))
    rows = line_rows(data)
    blocks.append(
        Grid(
            LINE_HEADER,
            rows,
            LINE_WIDTHS,
            LINE_ALIGN,
            bold_rows=[len(rows) - 1],
            keep_last=1,
        )
    )
    blocks += [Para(text) for text in words["conclusions"]]
    if words["findings"]:
        blocks.append(Para("Các lần phát sóng, đăng tải không đưa vào bảng kê:", "bold"))
        blocks += [Para(f"- {text}") for text in words["findings"]]
    hint = "(Ký, ghi rõ họ tên, đóng dấu)"
    buyer, seller = data.buyer, data.seller
    blocks.append(
        Closing(
            signatures=[
                signature("ĐẠI DIỆN BÊN A", "", buyer.representative if buyer else "", hint),
                signature("ĐẠI DIỆN BÊN B", "", seller.representative if seller else "", hint),
            ]
        )
    )
    for sig, p in zip(blocks[-1].signatures, (buyer, seller), strict=True):  # type: ignore[union-attr]
        if p is not None and p.representative_title:
            sig.lines.append(p.representative_title.upper())
    annex_rows_ = annex_rows(data)
    annex_blocks: list[Block] = [
        Grid(ANNEX_HEADER, annex_rows_, ANNEX_WIDTHS, ANNEX_ALIGN, font_pt=10.5),
        Para(f"Tổng số: {format_quantity(len(annex_rows_))} lần phát sóng, đăng tải."),
    ]
    return OfficialDocument(
        head=Head(
            governing_body=data.governing_body,
            agency=data.agency,
            number_line="Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BB-"
            + ("NT" if data.kind == MinutesKind.ACCEPTANCE else "TL"),
            place_date=words["place_date"],
        ),
        type_name=words["title"],
        summary=words["subject"],
        blocks=blocks,
        annexes=[
            Annex(
                label="Phụ lục",
                title_lines=["BẢNG KÊ SẢN PHẨM ĐÃ PHÁT SÓNG, ĐĂNG TẢI"],
                reference=f"(Kèm theo {words['title'].lower()} {long_date(data.on)})",
                blocks=annex_blocks,
                landscape=True,
            )
        ],
        title=f"{words['title']} — {data.contractor}",
        author=data.agency_name,
        owner_id=data.owner_id,
        kind=str(data.kind),
    )


def render_docx(data: MinutesData) -> tuple[str, str, bytes]:
    return f"{stem(data)}.docx", DOCX, official_docx(official(data))


def render_html(data: MinutesData) -> str:
    return official_html(official(data))


def render_pdf(data: MinutesData) -> tuple[str, str, bytes]:
    return f"{stem(data)}.pdf", "application/pdf", official_pdf(official(data))


def render_minutes(data: MinutesData) -> dict[str, tuple[str, str, bytes]]:
    return {"docx": render_docx(data), "pdf": render_pdf(data)}


# -- the annex as data ----------------------------------------------------------------------


def annex_csv(data: MinutesData) -> tuple[str, str, bytes]:
    buffer = io.StringIO()
    writer = csv_writer(buffer)  # cells a spreadsheet would run are made text (issue 21)
    writer.writerow(ANNEX_HEADER)
    writer.writerows(annex_rows(data))
    # A byte-order mark so that Excel opens the Vietnamese text as UTF-8.
    return f"{stem(data)}-phu-luc.csv", "text/csv", ("\ufeff" + buffer.getvalue()).encode()


def annex_xlsx(data: MinutesData) -> tuple[str, str, bytes]:
    # inside: heavy (openpyxl, ~0.2 s), only when the annex is asked as XLSX
    from openpyxl import Workbook
    from openpyxl.styles import Font  # inside: the same

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
