"""The one mapping each way between the database and :class:`PlanDocument` (docs/design.md §3).

``document_to_plan`` stores what a reader found; ``plan_to_document`` rebuilds the document
model — with the body as paragraphs in the official order — for the checks and the writers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from kehoach.core import estimate as core_estimate
from kehoach.core import plan as core
from kehoach.core.bounds import words_or_note
from kehoach.core.findings import Where
from kehoach.core.money import format_quantity, format_vnd
from kehoach.core.text import fold
from kehoach.core.words import WordsStyle
from kehoach.documents.plan_text import _PlanBuilder
from kehoach.documents.writers import get_renderer, own_template
from kehoach.documents.writers.docx import DocxRenderer
from kehoach.documents.writers.layout import file_stem
from kehoach.plans.models import (
    Activity,
    ActivityItem,
    EstimateLine,
    EstimateSection,
    LegalBasis,
    Objective,
    Plan,
    Recipient,
    Responsibility,
)

_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _heading_titles(doc: core.PlanDocument) -> dict[str, str]:
    """The body's own heading titles by kind, to keep an imported plan's wording."""
    titles: dict[str, str] = {}
    for paragraph in doc.paragraphs:
        text = paragraph.text.strip()
        parts = text.split(".", 1)
        if (
            paragraph.heading
            and "." not in paragraph.heading
            and len(parts) == 2
            and parts[0] in _ROMAN
        ):
            kind = _PlanBuilder._section_kind(parts[1])
            titles.setdefault(kind, parts[1].strip())
    return titles


def _appendix_note(doc: core.PlanDocument) -> str:
    """The body's "(Đính kèm phụ lục kinh phí)" line (the sample writes "Dính kèm"), if any."""
    for paragraph in doc.paragraphs:
        folded = fold(paragraph.text).strip(" ()*_.")
        if folded.startswith(("dinh kem", "kem theo")) and "phu luc" in folded:
            return paragraph.text.strip()[:300]
    return ""


def _fill_plan(plan: Plan, doc: core.PlanDocument) -> None:
    """The plan's own fields from a document model (stored or not)."""
    header = doc.header
    plan.type_name = header.type_name or "KẾ HOẠCH"
    plan.governing_body = header.governing_body
    plan.agency = header.agency
    plan.number, plan.symbol = header.number, header.symbol
    plan.place, plan.date = header.place, header.date
    plan.title = header.title or doc.estimate.title or "(Chưa có trích yếu)"
    plan.year = (header.date.year if header.date else None) or organisation_year()
    plan.preamble = "\n".join(
        p.text for p in doc.paragraphs if not p.heading and p.where.part == "body"
    )
    titles = _heading_titles(doc)
    for kind, name in (
        ("objectives", "objectives_heading"),
        ("content", "content_heading"),
        ("activities", "activities_heading"),
        ("funding", "funding_heading"),
        ("responsibilities", "responsibilities_heading"),
    ):
        if kind in titles:
            setattr(plan, name, titles[kind][:200])
    plan.content = doc.content
    plan.funding_source = doc.funding_source
    plan.signer_prefix = doc.signer.prefix
    plan.signer_title = doc.signer.title
    plan.signer_name = doc.signer.name
    plan.closing = doc.closing
    # The appendix's title as the source gives it; blank when it is the one the writers give a
    # plan without one ("Dự toán kinh phí" over the plan's title).
    title = doc.estimate.title.strip()
    plan.appendix_title = "" if title == f"Dự toán kinh phí — {plan.title}" else title[:500]
    plan.appendix_note = _appendix_note(doc)


@dataclass
class _Rows:
    """A plan's rows: read from the database, or made from a document model without storing
    them (``kehoach export FILE``); :func:`_to_document` reads either the same way."""

    legal_bases: list[LegalBasis] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    activities: list[tuple[Activity, list[ActivityItem]]] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    recipients: list[Recipient] = field(default_factory=list)
    sections: list[EstimateSection] = field(default_factory=list)
    lines: list[EstimateLine] = field(default_factory=list)


def _stored_rows(plan: Plan) -> _Rows:
    return _Rows(
        legal_bases=list(plan.legal_bases.all()),
        objectives=list(plan.objectives.all()),
        activities=[(a, list(a.items.all())) for a in plan.activities.prefetch_related("items")],
        responsibilities=list(plan.responsibilities.all()),
        recipients=list(plan.recipients.all()),
        sections=list(plan.sections.all()),
        lines=list(plan.lines.all()),
    )


def _document_rows(doc: core.PlanDocument, plan: Plan) -> _Rows:
    """The rows :func:`document_to_plan` stores for ``doc``, unsaved (sections and lines carry
    ids of their own, so that :func:`build_estimate` can put the tree together)."""
    rows = _list_rows(doc, plan)
    rows.activities = _activity_rows(doc, plan)
    _add_estimate_rows(doc, plan, rows)
    return rows


def _list_rows(doc: core.PlanDocument, plan: Plan) -> _Rows:
    """The body's plain lists: legal bases, objectives, responsibilities and recipients."""
    return _Rows(
        legal_bases=[
            LegalBasis(
                plan=plan,
                position=i,
                type_name=c.type_name,
                number=c.number,
                symbol=c.symbol,
                year=c.year,
                date=c.date,
                issuer=c.issuer[:255],
                summary=c.summary,
            )
            for i, c in enumerate(doc.legal_bases)
        ],
        objectives=[
            Objective(
                plan=plan,
                position=i,
                text=o.text,
                is_baseline=o.is_baseline,
                target_value=o.figures[0].value if o.figures and not o.is_baseline else None,
                target_unit=o.figures[0].unit[:60] if o.figures and not o.is_baseline else "",
            )
            for i, o in enumerate(doc.objectives)
        ],
        responsibilities=[
            Responsibility(plan=plan, position=i, text=r.text)
            for i, r in enumerate(doc.responsibilities)
        ],
        recipients=[
            Recipient(
                plan=plan,
                position=i,
                text=r.text[:300],
                purpose=r.purpose[:60],
                is_archive=r.is_archive,
            )
            for i, r in enumerate(doc.recipients)
        ],
    )


def _activity_rows(doc: core.PlanDocument, plan: Plan) -> list[tuple[Activity, list[ActivityItem]]]:
    """The activities, each with its items."""
    activities: list[tuple[Activity, list[ActivityItem]]] = []
    for i, a in enumerate(doc.activities):
        activity = Activity(
            plan=plan,
            position=i,
            number=a.number,
            title=a.title[:300],
            kind=a.kind or "",
            medium=a.medium or "",
            audience=a.audience,
            quantity=a.quantity,
            unit=a.unit[:60],
            description=a.description,
        )
        items = [
            ActivityItem(
                activity=activity,
                position=j,
                text=item.text[:300],
                kind=item.kind or "",
                medium=item.medium or "",
                quantity=item.quantity,
                unit=item.unit[:120],
            )
            for j, item in enumerate(a.items)
        ]
        activities.append((activity, items))
    return activities


def _add_estimate_rows(doc: core.PlanDocument, plan: Plan, rows: _Rows) -> None:
    """The estimate tree's sections and lines, appended to ``rows`` in the order they are
    stored, each with an id of its own (its position in its list, from 1)."""

    def add(section: core_estimate.EstimateSection, parent: int | None, position: int) -> None:
        row = _section_row(plan, section, None, position)
        row.id, row.parent_id = len(rows.sections) + 1, parent
        rows.sections.append(row)
        for line in _line_rows(plan, row, section):
            line.id = len(rows.lines) + 1
            line.section_id = row.id
            rows.lines.append(line)
        for j, sub in enumerate(section.sections):
            add(sub, row.id, j)

    for i, section in enumerate(doc.estimate.sections):
        add(section, None, i)


@transaction.atomic
def document_to_plan(
    doc: core.PlanDocument, *, organisation: Any, user: Any = None, plan: Plan | None = None
) -> Plan:
    """Create (or refill) a plan from a document model. Stated figures are not stored: the
    database keeps quantities and prices, and every amount is computed from them."""
    plan = plan or Plan(organisation=organisation, created_by=user)
    _fill_plan(plan, doc)
    plan.save()
    _delete_rows(plan)
    _store_lists(_document_rows(doc, plan))
    for i, section in enumerate(doc.estimate.sections):
        _store_section(plan, section, None, i)
    return plan


def _delete_rows(plan: Plan) -> None:
    """A refilled plan's old rows, all of them (sub-sections before the sections they sit in)."""
    for related in (
        "legal_bases",
        "objectives",
        "activities",
        "responsibilities",
        "recipients",
        "lines",
    ):
        getattr(plan, related).all().delete()
    plan.sections.filter(parent__isnull=False).delete()
    plan.sections.all().delete()


def _store_lists(rows: _Rows) -> None:
    """The body's rows (not the estimate's: :func:`_store_section` stores those)."""
    LegalBasis.objects.bulk_create(rows.legal_bases)
    Objective.objects.bulk_create(rows.objectives)
    for activity, items in rows.activities:
        activity.save()
        for item in items:
            item.activity = activity
        ActivityItem.objects.bulk_create(items)
    Responsibility.objects.bulk_create(rows.responsibilities)
    Recipient.objects.bulk_create(rows.recipients)


def document_as_stored(
    doc: core.PlanDocument, *, organisation: Any = None, style: WordsStyle | None = None
) -> core.PlanDocument:
    """The document the web download gives once ``doc`` is imported (into ``organisation``),
    made by the same mapping without storing anything: ``kehoach export FILE`` writes it, so
    that the file and the web download of the plan imported from it are the same document
    (issue 19). Without an organisation the source's own appendix reference names the issuer."""
    plan = Plan(organisation=organisation)
    _fill_plan(plan, doc)
    root = organisation.root() if organisation is not None else None
    style = style or WordsStyle(thousand=(root.thousand_word if root else "") or "nghìn")
    out = _to_document(plan, _document_rows(doc, plan), root, style)
    if root is None:
        out.estimate_reference = doc.estimate_reference
    return out


def organisation_year() -> int:
    return timezone.localdate().year


def _section_row(
    plan: Plan,
    section: core_estimate.EstimateSection,
    parent: EstimateSection | None,
    position: int,
) -> EstimateSection:
    return EstimateSection(
        plan=plan, parent=parent, position=position, code=section.code, title=section.title[:300]
    )


def _line_rows(
    plan: Plan, row: EstimateSection, section: core_estimate.EstimateSection
) -> list[EstimateLine]:
    return [
        EstimateLine(
            plan=plan,
            section=row,
            position=i,
            number=line.number,
            content=line.content[:300],
            duration=line.duration[:60],
            unit=line.unit[:60],
            quantity=line.quantity,
            unit_price=line.unit_price,
            airings=line.airings,
            airing_unit_price=line.airing_unit_price,
            lump_sum=line.total if line.is_lump_sum else None,
            basis=line.basis[:300],
            note=line.note[:300],
            executing_unit=line.executing_unit[:255],
            activity=line.activity or "",
        )
        for i, line in enumerate(section.lines)
    ]


def _store_section(
    plan: Plan,
    section: core_estimate.EstimateSection,
    parent: EstimateSection | None,
    position: int,
) -> None:
    row = _section_row(plan, section, parent, position)
    row.save()
    EstimateLine.objects.bulk_create(_line_rows(plan, row, section))
    for j, sub in enumerate(section.sections):
        _store_section(plan, sub, row, j)


# -- database -> document ------------------------------------------------------------------


def build_estimate(
    plan: Plan,
    sections: list[EstimateSection] | None = None,
    lines: list[EstimateLine] | None = None,
) -> core_estimate.Estimate:
    """The estimate tree from two queries, whatever the number of lines."""
    sections = sections if sections is not None else list(plan.sections.all())
    lines = lines if lines is not None else list(plan.lines.all())
    by_parent: dict[int | None, list[EstimateSection]] = {}
    for s in sorted(sections, key=lambda s: (s.position, s.pk)):
        by_parent.setdefault(s.parent_id, []).append(s)
    lines_by_section: dict[int, list[EstimateLine]] = {}
    for ln in sorted(lines, key=lambda ln: (ln.position, ln.pk)):
        lines_by_section.setdefault(ln.section_id, []).append(ln)

    def convert(row: EstimateSection, prefix: str) -> core_estimate.EstimateSection:
        key = (
            f"{prefix}.{row.code or row.position + 1}"
            if prefix
            else (row.code or str(row.position + 1))
        )
        section = core_estimate.EstimateSection(
            code=row.code,
            title=row.title,
            key=key,
            where=Where(part="appendix", section=key, text=row.title[:60]),
            db_id=row.pk,
        )
        for i, ln in enumerate(lines_by_section.get(row.pk, []), start=1):
            line_key = f"{key}.{ln.number or i}"
            line = core_estimate.EstimateLine(
                content=ln.content,
                number=ln.number,
                key=line_key,
                duration=ln.duration,
                unit=ln.unit,
                quantity=ln.quantity,
                unit_price=ln.unit_price,
                airings=ln.airings,
                airing_unit_price=ln.airing_unit_price,
                lump_sum=ln.lump_sum,
                basis=ln.basis,
                note=ln.note,
                executing_unit=ln.executing_unit,
                activity=ln.activity or None,
                where=Where(part="appendix", line=line_key, text=ln.content[:60]),
                db_id=ln.pk,
                version=ln.version,  # the editor's rows carry it (Versions)
            )
            section.lines.append(line)
        section.sections = [convert(child, key) for child in by_parent.get(row.pk, [])]
        return section

    estimate = core_estimate.Estimate(title=plan.title)
    estimate.sections = [convert(s, "") for s in by_parent.get(None, [])]
    return estimate


def plan_to_document(plan: Plan) -> core.PlanDocument:
    return _to_document(plan, _stored_rows(plan), plan.organisation.root(), _style(plan))


def _to_document(plan: Plan, rows: _Rows, org: Any, style: WordsStyle) -> core.PlanDocument:
    """The document model of a plan and its rows, stored or not (:func:`document_as_stored`):
    the body in the official order, the closing, the appendix's title."""
    # The governing body and the agency from the plan's organisation when the plan's source
    # lacks them (issue 19): a plan always belongs to a known organisation.
    header = core.Header(
        governing_body=plan.governing_body or (org.governing_body if org else ""),
        agency=plan.agency or (org.name if org else ""),
        number=plan.number,
        symbol=plan.symbol,
        type_name=plan.type_name,
        place=plan.place,
        date=plan.date,
        title=plan.title,
        national_motto=True,
    )
    doc = core.PlanDocument(header=header, source_name=str(plan), source_format="db")
    doc.legal_bases = [
        core.Citation(
            type_name=b.type_name,
            number=b.number,
            symbol=b.symbol,
            year=b.year,
            date=b.date,
            issuer=b.issuer,
            summary=b.summary,
            raw=f"{b.type_name} số {b.number}/{b.symbol}",
            where=Where(part="legal_bases", text=f"{b.type_name} {b.number}"),
        )
        for b in rows.legal_bases
    ]
    doc.estimate = build_estimate(plan, rows.sections, rows.lines)
    # The appendix's own title, or "Dự toán kinh phí" over the plan's title (the writers' lines).
    doc.estimate.title = plan.appendix_title or f"Dự toán kinh phí — {plan.title}"
    doc.closing = plan.closing
    doc.content = plan.content
    doc.funding_source = plan.funding_source
    doc.signer = core.Signer(
        prefix=plan.signer_prefix, title=plan.signer_title, name=plan.signer_name
    )
    doc.recipients = [
        core.Recipient(
            text=r.text,
            purpose=r.purpose,
            is_archive=r.is_archive,
            where=Where(part="recipients", text=r.text[:60]),
        )
        for r in rows.recipients
    ]
    total = doc.estimate.total
    doc.body_total = core.BodyTotal(
        amount=total, amount_text=format_vnd(total), words=words_or_note(total, style)
    )
    _body(plan, rows, doc, style)
    return doc


def _para(doc: core.PlanDocument, text: str, heading: str = "") -> core.Paragraph:
    paragraph = core.Paragraph(
        text=text,
        heading=heading,
        where=Where(part="body", heading=heading or None, text=text[:60]),
    )
    doc.paragraphs.append(paragraph)
    return paragraph


def _style(plan: Plan) -> WordsStyle:
    """ "nghìn" or "ngàn" as the plan's organisation chooses: the same in the body and the
    appendix (issue 19)."""
    return WordsStyle(thousand=plan.organisation.root().thousand_word or "nghìn")


def _body(plan: Plan, rows: _Rows, doc: core.PlanDocument, style: WordsStyle) -> None:
    """The body in the official order, as paragraphs (what the writers lay out): the
    preamble, then the parts numbered I, II, … (the content only when there is one)."""
    for text in plan.preamble.splitlines():
        if text.strip():
            _para(doc, text.strip())
    roman = iter(_ROMAN)
    _body_objectives(plan, rows, doc, next(roman))
    if plan.content.strip():
        h = next(roman)
        _para(doc, f"{h}. {plan.content_heading}", h)
        for text in plan.content.splitlines():
            if text.strip():
                _para(doc, text.strip(), h)
    h = next(roman)
    _para(doc, f"{h}. {plan.activities_heading}", h)
    for a, items in rows.activities:
        doc.activities.append(_body_activity(doc, a, items, h))
    _body_funding(plan, doc, next(roman), style)
    h = next(roman)
    _para(doc, f"{h}. {plan.responsibilities_heading}", h)
    for r in rows.responsibilities:
        p = _para(doc, f"- {r.text}", h)
        doc.responsibilities.append(core.Responsibility(text=r.text, where=p.where))


def _body_objectives(plan: Plan, rows: _Rows, doc: core.PlanDocument, h: str) -> None:
    """Part ``h``: the objectives, each with its target as a figure."""
    _para(doc, f"{h}. {plan.objectives_heading}", h)
    for o in rows.objectives:
        p = _para(doc, f"- {o.text}", h)
        figures = []
        if o.target_value is not None:
            figures.append(
                core.Figure(
                    value=o.target_value,
                    unit=o.target_unit,
                    text=f"{format_quantity(o.target_value)} {o.target_unit}",
                )
            )
        doc.objectives.append(
            core.Objective(text=o.text, figures=figures, is_baseline=o.is_baseline, where=p.where)
        )


def _body_activity(
    doc: core.PlanDocument, a: Activity, items: list[ActivityItem], h: str
) -> core.Activity:
    """An activity of part ``h``: its title, audience, quantity, description and items."""
    path = f"{h}.{a.number}" if a.number else h
    p = _para(doc, f"{a.number}. {a.title}" if a.number else a.title, path)
    activity = core.Activity(
        number=a.number,
        title=a.title,
        kind=a.kind or None,
        medium=a.medium or None,
        audience=a.audience,
        quantity=a.quantity,
        unit=a.unit,
        description=a.description,
        where=p.where,
    )
    if a.audience:
        _para(doc, f"- Đối tượng: {a.audience}", path)
    if a.quantity is not None:
        _para(doc, f"- Số lượng: {format_quantity(a.quantity)} {a.unit}".rstrip() + ".", path)
    for text in a.description.splitlines():
        if text.strip():
            _para(doc, text.strip() if text.strip().startswith("-") else f"- {text.strip()}", path)
    for item in items:
        ip = _para(doc, f"- {item.text}", path)
        activity.items.append(
            core.ActivityItem(
                text=item.text,
                kind=item.kind or None,
                medium=item.medium or None,
                quantity=item.quantity,
                unit=item.unit,
                where=ip.where,
            )
        )
    return activity


def _body_funding(plan: Plan, doc: core.PlanDocument, h: str, style: WordsStyle) -> None:
    """Part ``h``: the total in figures and words, the appendix note and the funding source."""
    _para(doc, f"{h}. {plan.funding_heading}", h)
    total = doc.estimate.total
    words = words_or_note(total, style)
    p = _para(doc, f"- Tổng kinh phí: {format_vnd(total)} đồng ({words})", h)
    doc.body_total.where = Where(part="funding", text=p.text[:60])
    if plan.appendix_note.strip():
        _para(doc, plan.appendix_note.strip(), h)
    if plan.funding_source.strip():
        _para(doc, plan.funding_source.strip(), h)


def section_totals(estimate: core_estimate.Estimate) -> dict[str, Decimal]:
    return {s.key: s.total for s in estimate.walk_sections()}


def render_plan(plan: Plan, fmt: str, part: str = "all") -> tuple[str, str, bytes]:
    """A stored plan as a file, the same for the web download and ``kehoach export REF``
    (issue 19): its document, "nghìn"/"ngàn" as its organisation chooses."""
    return render_document(
        plan_to_document(plan), fmt, part, _style(plan), plan.organisation.root().pk
    )


def render_document(
    doc: core.PlanDocument,
    fmt: str,
    part: str,
    style: WordsStyle,
    organisation_id: int | None,
) -> tuple[str, str, bytes]:
    """A plan's document as a file: the plan's DOCX in its organisation's own Word template
    when it has one (kind "plan"; the appendix alone keeps the built-in layout), the built-in
    writers otherwise. The web download, ``kehoach export REF`` and ``kehoach export FILE
    --organisation`` all come here."""
    if fmt == "docx" and part != "appendix":
        template = own_template.template_for(organisation_id, "plan")
        if template is not None:
            content = own_template.render_plan(template, doc, style, appendix=part == "all")
            return f"{file_stem(doc, 'all')}.docx", DocxRenderer.mimetype, content
    renderer = get_renderer(fmt, words_style=style)
    return renderer.render(doc, part=part)  # type: ignore[arg-type]
