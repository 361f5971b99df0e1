"""The invitation (Giấy mời, document type GM) as DOCX and PDF with its recipient list and one
card per delegate carrying the QR code used at the door; the printable sign-in sheet (PDF).

The header follows the official format (Decree 30/2020/NĐ-CP, Appendix I: governing body and
agency on the left, national title and motto on the right, number and symbol, place and date
in italics); the date is written by :func:`kehoach.documents.writers.layout.long_date`.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from functools import partial

from django.template.loader import get_template

from kehoach.conference.models import Conference
from kehoach.core.text import fold
from kehoach.documents.writers.layout import long_date
from kehoach.documents.writers.official import add_paragraph, official_document

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def qr_png(text: str, scale: int = 5) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def qr_svg_uri(text: str) -> str:
    """A data URI for the PDF (WeasyPrint reads it; no file, no network)."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@dataclass
class Card:
    name: str
    position_title: str
    unit: str
    group: str
    url: str


@dataclass
class Invitation:
    governing_body: str
    agency: str
    number_line: str
    place_date: str
    subject: str
    body: list[str]
    recipients: list[str]
    signer_prefix: str
    signer_title: str
    signer_name: str
    cards: list[Card] = field(default_factory=list)
    stem: str = "giay-moi"


def check_in_url(base: str, conference: Conference, token: str) -> str:
    return f"{base.rstrip('/')}/hoi-nghi/{conference.pk}/diem-danh/?token={token}"


def invitation(conference: Conference, *, base_url: str) -> Invitation:
    plan = conference.plan
    agency_code = plan.symbol.split("-", 1)[1] if "-" in plan.symbol else plan.symbol
    symbol = f"GM-{agency_code}" if agency_code else "GM"
    number = conference.invitation_number or "\u00a0" * 6
    when = f"{conference.start_time}, " if conference.start_time else ""
    body = [
        f"{plan.agency.capitalize() if plan.agency.isupper() else plan.agency} trân trọng kính "
        f"mời đại biểu theo danh sách đính kèm đến dự {conference.title.lower()}.",
        f"Thời gian: {when}{long_date(conference.date)}.",
        f"Địa điểm: {conference.place}.",
    ]
    if conference.content:
        body.append(f"Nội dung: {conference.content}")
    body.append(
        "Đề nghị đại biểu mang theo giấy mời có mã QR để điểm danh khi đến hội nghị. "
        "Rất mong đại biểu đến dự đúng thời gian."
    )
    recipients = ["Như thành phần mời:"]
    recipients += [f"{g.name} ({g.planned} đại biểu);" for g in conference.groups.all()]
    recipients.append("Lưu: VT, BCXB.")
    delegates = conference.delegates.filter(anonymised=False).select_related("group")
    cards = [
        Card(
            d.full_name,
            d.position_title,
            d.unit,
            d.group.name,
            check_in_url(base_url, conference, d.token),
        )
        for d in delegates
    ]
    place = plan.place or ""
    return Invitation(
        governing_body=plan.governing_body.upper(),
        agency=plan.agency.upper(),
        number_line=f"Số: {number}/{symbol}",
        place_date=f"{place}, {long_date(conference.date)}" if place else "",
        subject=f"V/v mời dự {conference.title.lower()}",
        body=body,
        recipients=recipients,
        signer_prefix=plan.signer_prefix,
        signer_title=plan.signer_title,
        signer_name=plan.signer_name,
        cards=cards,
        stem=f"giay-moi-{fold(conference.title).replace(' ', '-')[:40]}",
    )


def render_docx(data: Invitation) -> tuple[str, str, bytes]:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Mm, Pt

    document = official_document()
    para = partial(add_paragraph, document)

    header = document.add_table(rows=2, cols=2)
    left = header.cell(0, 0)
    left.paragraphs[0].add_run(data.governing_body).font.size = Pt(12)
    left.add_paragraph().add_run(data.agency).bold = True
    right = header.cell(0, 1)
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    header.cell(1, 0).paragraphs[0].add_run(data.number_line)
    header.cell(1, 1).paragraphs[0].add_run(data.place_date).italic = True
    for row in header.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para("")
    para("GIẤY MỜI", bold=True, center=True)
    para(data.subject, bold=True, center=True)
    for text in data.body:
        para(text)
    footer = document.add_table(rows=1, cols=2)
    recipients = footer.cell(0, 0)
    recipients.paragraphs[0].add_run("Nơi nhận:").bold = True
    for line in data.recipients:
        recipients.add_paragraph().add_run(f"- {line}").font.size = Pt(11)
    signer = footer.cell(0, 1)
    signer.paragraphs[0].add_run(f"{data.signer_prefix} {data.signer_title}".strip()).bold = True
    signer.add_paragraph("\n\n")
    signer.add_paragraph().add_run(data.signer_name).bold = True
    for p in signer.paragraphs:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    if data.cards:
        para("").add_run().add_break(WD_BREAK.PAGE)
        para("DANH SÁCH ĐẠI BIỂU ĐƯỢC MỜI", bold=True, center=True)
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, ("STT", "Họ và tên", "Chức vụ, đơn vị", "Thành phần"), strict=True
        ):
            cell.paragraphs[0].add_run(text).bold = True
        for number, card in enumerate(data.cards, start=1):
            cells = table.add_row().cells
            cells[0].text = str(number)
            cells[1].text = card.name
            cells[2].text = ", ".join(x for x in (card.position_title, card.unit) if x)
            cells[3].text = card.group
        for card in data.cards:
            para("").add_run().add_break(WD_BREAK.PAGE)
            para("GIẤY MỜI", bold=True, center=True)
            para(f"Kính gửi: {card.name}", bold=True, center=True)
            if card.position_title or card.unit:
                para(", ".join(x for x in (card.position_title, card.unit) if x), center=True)
            para(data.subject, italic=True, center=True)
            picture = document.add_paragraph()
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            picture.add_run().add_picture(io.BytesIO(qr_png(card.url)), width=Mm(40))
            para("Mã điểm danh: xuất trình khi đến hội nghị.", italic=True, center=True)
    document.core_properties.title = data.subject
    document.core_properties.author = data.agency
    buffer = io.BytesIO()
    document.save(buffer)
    return f"{data.stem}.docx", DOCX, buffer.getvalue()


def _pdf(html: str) -> bytes:
    from kehoach.documents.writers import RenderError

    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the pango library is missing
        raise RenderError(
            f"Không tạo được PDF: thiếu WeasyPrint hoặc thư viện pango ({exc}).",
            f"Cannot produce the PDF: WeasyPrint or the pango library is missing ({exc}).",
        ) from exc
    content = weasyprint.HTML(string=html).write_pdf()
    assert content is not None
    return bytes(content)


def invitation_html(data: Invitation) -> str:
    cards = [(card, qr_svg_uri(card.url)) for card in data.cards]
    return str(
        get_template("conference/print/invitation.html").render({"data": data, "cards": cards})
    )


def render_pdf(data: Invitation) -> tuple[str, str, bytes]:
    return f"{data.stem}.pdf", "application/pdf", _pdf(invitation_html(data))


def sign_in_html(conference: Conference) -> str:
    """The printable sign-in sheet: per group, every invited delegate with a column to sign."""
    groups = [
        (group, list(group.delegates.filter(anonymised=False).order_by("full_name")))
        for group in conference.groups.all()
    ]
    return str(
        get_template("conference/print/sign_in.html").render(
            {"conference": conference, "groups": groups, "day": long_date(conference.date)}
        )
    )


def render_sign_in(conference: Conference) -> tuple[str, str, bytes]:
    stem = f"danh-sach-ky-ten-{conference.date.isoformat()}"
    return f"{stem}.pdf", "application/pdf", _pdf(sign_in_html(conference))
