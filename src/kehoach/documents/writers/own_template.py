"""An agency's own Word template (issue 19): a DOCX with docxtpl (Jinja) fields, uploaded by
an administrator for one organisation and one kind of document, filled by kehoach from the
same description as the built-in layout (:class:`~kehoach.documents.writers.official.
OfficialDocument`). A template that lacks a required field is refused at upload with the list
of what is missing; without a template the built-in layout is used.

The fields (Vietnamese names, as a clerk reads them in the template):

``co_quan_chu_quan``, ``co_quan`` (in capitals), ``so`` ("Số: …/…"), ``dia_danh_ngay``,
``ten_loai``, ``trich_yeu``, ``noi_dung`` (the paragraphs, a list: ``{% for p in noi_dung %}``),
``bang`` (the tables: ``tieu_de`` and ``dong``), ``noi_nhan`` (a list), ``nguoi_ky`` (the
signers: ``dong`` — authority and title lines — and ``ho_ten``), ``phu_luc`` (the annexes:
``tieu_de``, ``kem_theo``, ``bang``, ``noi_dung``).

The plan itself (kind ``plan``) takes the same fields, its body as ``noi_dung``, and must also
have ``cau_ket`` (the closing sentence, "Trên đây là Kế hoạch …./.") and ``phu_luc`` (the
estimate appendix: its title lines, "(Kèm theo …)", the table — header and rows, figures
formatted — and the amount in words in ``noi_dung``): a plan template without them would
drop a part of the plan.
"""

from __future__ import annotations

import io
from typing import Any

from docxtpl import DocxTemplate

from kehoach.core.messages import Message, Refusal, declare
from kehoach.core.plan import PlanDocument
from kehoach.core.words import WordsStyle
from kehoach.documents.writers import layout
from kehoach.documents.writers.official import Closing, Grid, OfficialDocument, Para

REQUIRED = ("co_quan", "so", "dia_danh_ngay", "trich_yeu", "noi_dung", "nguoi_ky")
# What a kind needs beyond REQUIRED.
REQUIRED_MORE = {"plan": ("cau_ket", "phu_luc")}
KNOWN = (
    "co_quan_chu_quan",
    "co_quan",
    "so",
    "dia_danh_ngay",
    "ten_loai",
    "trich_yeu",
    "noi_dung",
    "bang",
    "noi_nhan",
    "nguoi_ky",
    "phu_luc",
    "cau_ket",
)


def required(kind: str = "") -> tuple[str, ...]:
    """The fields a template for ``kind`` must have."""
    return REQUIRED + REQUIRED_MORE.get(kind, ())


class TemplateError(Refusal):
    """A template that cannot be used; its message is one line (``exc.text(lang)``)."""

    code = "template"
    str_language = "en"

    def __init__(
        self, message: Message | str, message_en: str = "", missing: list[str] | None = None
    ):
        super().__init__(message, message_en)
        self.missing = missing or []


# What a template refused is told with (English in the catalogue only).
NOT_A_TEMPLATE = declare(
    "template.unusable", "Tệp không phải mẫu Word (.docx) dùng được: {reason}."
)
FIELDS_MISSING = declare("template.fields", "Mẫu thiếu trường bắt buộc: {fields}.")


def fields_of(content: bytes) -> set[str]:
    """The fields a template uses; a file that is not a Word template is refused."""
    try:
        template = DocxTemplate(io.BytesIO(content))
        return set(template.get_undeclared_template_variables())
    except Exception as exc:  # a damaged file or a broken {{ … }}: refused, never a traceback
        raise TemplateError(NOT_A_TEMPLATE.with_params(reason=str(exc))) from exc


def check(content: bytes, kind: str = "") -> None:
    """Refuses a template that lacks a field ``kind`` requires, naming every missing one."""
    found = fields_of(content)
    missing = [name for name in required(kind) if name not in found]
    if missing:
        listed = ", ".join("{{ " + name + " }}" for name in missing)
        raise TemplateError(FIELDS_MISSING.with_params(fields=listed), missing=missing)


def _blocks(blocks: list[Any]) -> dict[str, Any]:
    paragraphs = [b.text for b in blocks if isinstance(b, Para)]
    tables = [{"tieu_de": b.header, "dong": b.rows} for b in blocks if isinstance(b, Grid)]
    closings = [b for b in blocks if isinstance(b, Closing)]
    return {"noi_dung": paragraphs, "bang": tables, "closings": closings}


def context(doc: OfficialDocument) -> dict[str, Any]:
    head = doc.head
    body = _blocks(doc.blocks)
    closing = body["closings"][0] if body["closings"] else Closing()
    return {
        "co_quan_chu_quan": (head.governing_body if head else "").upper(),
        "co_quan": (head.agency if head else "").upper(),
        "so": head.number_line if head else "",
        "dia_danh_ngay": head.place_date if head else "",
        "ten_loai": doc.type_name.upper(),
        "trich_yeu": doc.summary,
        "noi_dung": body["noi_dung"],
        "bang": body["bang"],
        "noi_nhan": closing.recipients,
        "nguoi_ky": [{"dong": s.lines, "ho_ten": s.name} for s in closing.signatures],
        "phu_luc": [
            {
                "tieu_de": [a.label, *a.title_lines],
                "kem_theo": a.reference,
                **{k: v for k, v in _blocks(a.blocks).items() if k != "closings"},
            }
            for a in doc.annexes
        ],
    }


def render(content: bytes, doc: OfficialDocument) -> bytes:
    template = DocxTemplate(io.BytesIO(content))
    template.render(context(doc), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def template_for(organisation_id: int | None, kind: str) -> bytes | None:
    """The organisation's own template for this kind, if it has one."""
    if organisation_id is None or not kind:
        return None
    # inside: the documents load without Django; the app's model only here
    from kehoach.accounts.models import DocumentTemplate

    found = DocumentTemplate.objects.filter(organisation_id=organisation_id, kind=kind).first()
    return bytes(found.content) if found is not None else None


def plan_context(doc: PlanDocument, style: WordsStyle, *, appendix: bool = True) -> dict[str, Any]:
    """The plan's fields: the same words, order and figures as the built-in writers
    (:mod:`kehoach.documents.writers.layout`)."""
    header = doc.header
    annexes: list[dict[str, Any]] = []
    if appendix and not doc.estimate.is_empty:
        table = layout.appendix_layout(doc, style)
        columns = table.columns
        annexes.append(
            {
                "tieu_de": ["PHỤ LỤC", *table.title_lines],
                "kem_theo": table.reference,
                "bang": [
                    {
                        "tieu_de": [c.label for c in columns],
                        "dong": [[row.display(c) for c in columns] for row in table.rows],
                    }
                ],
                "noi_dung": [table.words_line],
            }
        )
    return {
        "co_quan_chu_quan": header.governing_body.upper(),
        "co_quan": header.agency.upper(),
        "so": layout.number_line(header),
        "dia_danh_ngay": layout.place_date_line(header),
        "ten_loai": (header.type_name or "KẾ HOẠCH").upper(),
        "trich_yeu": header.title,
        "noi_dung": [block.text for block in layout.body_blocks(doc)],
        "bang": [],
        "cau_ket": doc.closing,
        "noi_nhan": layout.recipient_lines(doc),
        "nguoi_ky": [{"dong": layout.signer_lines(doc), "ho_ten": doc.signer.name}],
        "phu_luc": annexes,
    }


def render_plan(
    content: bytes, doc: PlanDocument, style: WordsStyle, *, appendix: bool = True
) -> bytes:
    """The plan in the organisation's own template."""
    template = DocxTemplate(io.BytesIO(content))
    template.render(plan_context(doc, style, appendix=appendix), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
