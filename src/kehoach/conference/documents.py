"""The invitation (Giấy mời, document type GM) as DOCX and PDF with its recipient list and one
card per delegate carrying the QR code used at the door; the printable sign-in sheet (PDF).

The header follows the official format (Decree 30/2020/NĐ-CP, Appendix I: governing body and
agency on the left, national title and motto on the right, number and symbol, place and date
in italics); the date is written by :func:`kehoach.documents.writers.layout.long_date`.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field
from typing import Any

import segno

from kehoach.conference.models import Conference
from kehoach.documents.writers.layout import long_date, slug_join
from kehoach.documents.writers.official import (
    Annex,
    Block,
    Closing,
    Figure,
    Grid,
    Head,
    OfficialDocument,
    PageBreak,
    Para,
    signature,
)
from kehoach.documents.writers.official import render_docx as official_docx
from kehoach.documents.writers.official import render_html as official_html
from kehoach.documents.writers.official import render_pdf as official_pdf

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def qr_png(text: str, scale: int = 5) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def qr_svg_uri(text: str) -> str:
    """A data URI for the PDF (WeasyPrint reads it; no file, no network)."""
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
    when: str = ""
    place: str = ""
    agency_name: str = ""
    owner_id: int | None = None


def check_in_url(base: str, conference: Conference, token: str) -> str:
    return f"{base.rstrip('/')}/hoi-nghi/{conference.pk}/diem-danh/?token={token}"


def _agency(plan: Any) -> tuple[str, str, Any]:
    """The governing body and the agency (full names) from the plan, else its organisation."""
    org = plan.organisation.root()
    return plan.governing_body or org.governing_body, plan.agency or org.name, org


def _sentence_name(name: str, org: Any) -> str:
    """The agency as a sentence names it: "Sở Thông tin và Truyền thông tỉnh Tiền Giang"."""
    if name and not name.isupper():
        return name
    return str(org.name)


_CONTENT_LABEL = re.compile(r"^\s*nội dung\s*:\s*", re.IGNORECASE)


def invitation(conference: Conference, *, base_url: str) -> Invitation:
    plan = conference.plan
    governing_body, agency, org = _agency(plan)
    agency_code = plan.symbol.split("-", 1)[1] if "-" in plan.symbol else plan.symbol
    symbol = f"GM-{agency_code}" if agency_code else "GM"
    number = conference.invitation_number or "\u00a0" * 6
    when = f"{conference.start_time}, " if conference.start_time else ""
    when_text = f"{when}{long_date(conference.date)}"
    who = _sentence_name(agency, org)
    body = [
        f"{who} trân trọng kính mời đại biểu theo danh sách đính kèm đến dự "
        f"{conference.title[:1].lower()}{conference.title[1:]}.",
        f"Thời gian: {when_text}.",
        f"Địa điểm: {conference.place}.",
    ]
    content = _CONTENT_LABEL.sub("", conference.content or "").strip()
    if content:
        body.append(f"Nội dung: {content.rstrip('.')}.")
    body.append(
        "Đề nghị đại biểu mang theo giấy mời có mã QR để điểm danh khi đến hội nghị. "
        "Rất mong đại biểu đến dự đúng thời gian."
    )
    recipients = ["- Như thành phần mời;"]
    recipients += [f"- {g.name} ({g.planned} đại biểu);" for g in conference.groups.all()]
    recipients.append("- Lưu: VT, BCXB.")
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
    place = plan.place or org.province or ""
    # The invitation is dated when the clerk issues it (before the meeting): the day is left
    # for the clerk, the year is the meeting's.
    blank = "\u00a0" * 6
    date_line = f"ngày{blank}tháng{blank}năm {conference.date.year}"
    return Invitation(
        governing_body=governing_body,
        agency=agency,
        number_line=f"Số: {number}/{symbol}",
        place_date=f"{place}, {date_line}" if place else date_line.capitalize(),
        subject=f"V/v mời dự {conference.title[:1].lower()}{conference.title[1:]}",
        body=body,
        recipients=recipients,
        signer_prefix=plan.signer_prefix,
        signer_title=plan.signer_title,
        signer_name=plan.signer_name,
        cards=cards,
        stem=slug_join(
            "giay-moi", org.short_name or org.name, conference.title, conference.date.isoformat()
        ),
        when=when_text,
        place=conference.place,
        agency_name=who,
        owner_id=org.pk,
    )


DELEGATE_HEADER = ["STT", "Họ và tên", "Chức vụ, đơn vị", "Thành phần"]
DELEGATE_WIDTHS = [12.0, 48.0, 65.0, 40.0]


def official(data: Invitation) -> OfficialDocument:
    """The invitation, its list of delegates and one card a page, as one description."""
    head = Head(data.governing_body, data.agency, data.number_line, data.place_date)
    signer = signature(data.signer_prefix, data.signer_title, data.signer_name)
    blocks: list[Block] = [Para("Kính gửi: Các đại biểu theo danh sách đính kèm.", "center")]
    blocks += [Para(text) for text in data.body]
    blocks.append(Closing(recipients=data.recipients, signatures=[signer]))
    annexes = []
    if data.cards:
        rows = [
            [
                str(i),
                card.name,
                ", ".join(x for x in (card.position_title, card.unit) if x),
                card.group,
            ]
            for i, card in enumerate(data.cards, start=1)
        ]
        annexes.append(
            Annex(
                label="Danh sách",
                title_lines=["ĐẠI BIỂU ĐƯỢC MỜI"],
                reference=f"(Kèm theo Giấy mời {data.number_line.removeprefix('Số: ')})",
                blocks=[
                    Grid(DELEGATE_HEADER, rows, DELEGATE_WIDTHS, ["center", "left", "left", "left"])
                ],
            )
        )
        card_blocks: list[Block] = []
        event = data.subject.removeprefix("V/v mời dự ")
        for index, card in enumerate(data.cards):
            if index:
                card_blocks.append(PageBreak())
            card_blocks += [
                Para("GIẤY MỜI", "center_bold"),
                Para(f"Kính gửi: {card.name}", "center_bold"),
            ]
            if card.position_title or card.unit:
                card_blocks.append(
                    Para(", ".join(x for x in (card.position_title, card.unit) if x), "center")
                )
            card_blocks += [
                Para(f"{data.agency_name} trân trọng kính mời đến dự {event}."),
                Para(f"Thời gian: {data.when}."),
                Para(f"Địa điểm: {data.place}."),
                Figure(qr_png(card.url), 40, "Mã điểm danh: xuất trình khi đến hội nghị."),
                Closing(signatures=[signer]),
            ]
        annexes.append(Annex(blocks=card_blocks))
    return OfficialDocument(
        head=head,
        type_name="Giấy mời",
        summary=data.subject,
        blocks=blocks,
        annexes=annexes,
        title=data.subject,
        author=data.agency_name,
        owner_id=data.owner_id,
        kind="invitation",
    )


def render_docx(data: Invitation) -> tuple[str, str, bytes]:
    return f"{data.stem}.docx", DOCX, official_docx(official(data))


def invitation_html(data: Invitation) -> str:
    return official_html(official(data))


def render_pdf(data: Invitation) -> tuple[str, str, bytes]:
    return f"{data.stem}.pdf", "application/pdf", official_pdf(official(data))


SIGN_IN_HEADER = ["STT", "Họ và tên", "Chức vụ, đơn vị", "Ký tên"]
SIGN_IN_WIDTHS = [12.0, 50.0, 68.0, 35.0]


def sign_in_document(conference: Conference) -> OfficialDocument:
    """The sign-in sheet: per group, every invited delegate with a column to sign (the same
    column widths in every table), under the agency's header."""
    plan = conference.plan
    governing_body, agency, org = _agency(plan)
    place = plan.place or org.province or ""
    blocks: list[Block] = [
        Para(
            f"Thời gian: {conference.start_time + ', ' if conference.start_time else ''}"
            f"{long_date(conference.date)}.",
            "center_italic",
        ),
        Para(f"Địa điểm: {conference.place}.", "center_italic"),
    ]
    for number, group in enumerate(conference.groups.all(), start=1):
        delegates = list(group.delegates.filter(anonymised=False).order_by("full_name"))
        blocks.append(Para(f"{number}. {group.name} ({group.planned} đại biểu)", "bold"))
        rows = [
            [str(i), d.full_name, ", ".join(x for x in (d.position_title, d.unit) if x), ""]
            for i, d in enumerate(delegates, start=1)
        ]
        rows.append([str(len(delegates) + 1), "", "", ""])
        blocks.append(
            Grid(
                SIGN_IN_HEADER,
                rows,
                SIGN_IN_WIDTHS,
                ["center", "left", "left", "left"],
                font_pt=12,
                min_row_mm=11,
            )
        )
    return OfficialDocument(
        head=Head(
            governing_body,
            agency,
            "",
            f"{place}, {long_date(conference.date)}" if place else long_date(conference.date),
        ),
        type_name="Danh sách đại biểu dự hội nghị",
        summary=conference.title,
        blocks=blocks,
        title=f"Danh sách đại biểu ký tên — {conference.title}",
        author=_sentence_name(agency, org),
        owner_id=org.pk,
        kind="sign_in",
    )


def sign_in_html(conference: Conference) -> str:
    return official_html(sign_in_document(conference))


def sign_in_stem(conference: Conference) -> str:
    org = conference.plan.organisation.root()
    return slug_join(
        "danh-sach-ky-ten",
        org.short_name or org.name,
        conference.title,
        conference.date.isoformat(),
    )


def render_sign_in(conference: Conference) -> tuple[str, str, bytes]:
    return (
        f"{sign_in_stem(conference)}.pdf",
        "application/pdf",
        official_pdf(sign_in_document(conference)),
    )


def render_sign_in_docx(conference: Conference) -> tuple[str, str, bytes]:
    return f"{sign_in_stem(conference)}.docx", DOCX, official_docx(sign_in_document(conference))
