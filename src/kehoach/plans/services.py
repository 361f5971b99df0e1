"""Services write (docs/conventions.md §4): each runs in one transaction, checks the state
transition, writes the audit entry and raises a DomainError a view can show."""

from __future__ import annotations

import csv
import hashlib
import io
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_noop

from kehoach.accounts.access import duty_conflict, require
from kehoach.audit import comments
from kehoach.audit.models import AuditEntry
from kehoach.audit.readable import describe
from kehoach.audit.services import _json, log_action, snapshot
from kehoach.core import bounds
from kehoach.core.checks import run_checks
from kehoach.core.citations import parse_date_text
from kehoach.core.findings import Severity, stored_finding
from kehoach.core.messages import Clause, joined, stored
from kehoach.core.money import NumberFormatError, parse_number
from kehoach.core.text import fold
from kehoach.documents.readers import ReadError, ooxml, read_plan
from kehoach.documents.report import to_json
from kehoach.documents.writers import get_renderer
from kehoach.errors import DomainError as DomainError  # re-exported: older imports
from kehoach.errors import Message
from kehoach.plans.figures import FIGURES, PlanFigures
from kehoach.plans.mapping import build_estimate, document_to_plan, plan_to_document
from kehoach.plans.models import (
    EDITABLE,
    EstimateLine,
    EstimateSection,
    ImportJob,
    ImportStatus,
    IssuedFile,
    Plan,
    PlanStatus,
    PlanVersion,
    PriceNorm,
)
from kehoach.plans.selectors import plan_findings
from kehoach.web.files import clean_name

STALE_PLAN = Message(
    "plans.plan.stale",
    gettext_noop(
        "Kế hoạch vừa được người khác sửa sau khi bạn mở trang; thay đổi của bạn chưa được "
        "lưu. Xem các thay đổi bên dưới, tải lại trang rồi sửa lại."
    ),
)
STALE_LINE = Message(
    "plans.line.stale",
    gettext_noop(
        "Dòng dự toán vừa được người khác sửa sau khi bạn mở trang; thay đổi của bạn chưa "
        "được lưu. Xem các thay đổi bên dưới, tải lại trang rồi sửa lại."
    ),
)
LINE_DELETED = Message(
    "plans.line.deleted", gettext_noop("Dòng này vừa bị người khác xóa; tải lại trang.")
)
# Issuing a plan or a report: the records clerk gives the number from the register.
NUMBER_MISSING = Message(
    "issue.number_missing", gettext_noop("Hãy nhập số văn bản theo sổ đăng ký văn bản đi.")
)


class StaleEdit(DomainError):
    """Someone else saved the record after this page was opened: the save is refused, with
    what changed since in words (field, before → after, who, when)."""

    def __init__(self, changes: list[str], message: Message = STALE_PLAN) -> None:
        super().__init__(message)
        self.changes = changes


# The actions that change the plan's own version (its header and its lists).
PLAN_VERSIONED = (
    "plans.plan.changed",
    "plans.legal_bases.changed",
    "plans.objectives.changed",
    "plans.activities.changed",
    "plans.responsibilities.changed",
    "plans.recipients.changed",
    "plans.activity.items_changed",
)


def changes_since(entries: Any) -> list[str]:
    """The entries newer than the version a page showed, in words, oldest first."""
    return [d.text for d in describe(list(entries)[::-1])]


def _touch(plan: Plan) -> Plan:
    """Count a change of the plan (``lock_version``: kept page parts are keyed by it) and lock
    its row for the rest of the transaction. Returns the locked row."""
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    Plan.objects.filter(pk=plan.pk).update(lock_version=current.lock_version + 1)
    plan.lock_version = current.lock_version + 1
    return current


def _bump(plan: Plan, expected: int | None) -> int:
    """The plan's own version (header and lists): refuse a save from a page that showed an
    older one, listing what changed since; otherwise the next version, returned."""
    current = _touch(plan)
    if expected is not None and current.version != expected:
        entries = (
            AuditEntry.objects.filter(plan=plan, action__in=PLAN_VERSIONED, version__gt=expected)
            .select_related("actor")
            .order_by("-id")[:30]
        )
        raise StaleEdit(changes_since(entries))
    Plan.objects.filter(pk=plan.pk).update(version=current.version + 1)
    plan.version = current.version + 1
    return plan.version


def _line_version(line: EstimateLine, expected: int | None) -> EstimateLine:
    """The line as stored, locked; refused with what changed since when the page showed an
    older version of it."""
    current = EstimateLine.objects.select_for_update().filter(pk=line.pk).first()
    if current is None:
        raise DomainError(LINE_DELETED)
    if expected is not None and current.version != expected:
        entries = (
            AuditEntry.objects.filter(
                object_type="plans.estimateline", object_id=str(line.pk), version__gt=expected
            )
            .select_related("actor")
            .order_by("-id")[:30]
        )
        raise StaleEdit(changes_since(entries), STALE_LINE)
    return current


# A field's name in a refusal of its value (kehoach.core.bounds), said in the reader's language.
YEAR = Message("plans.field.year", gettext_noop("Năm"))
ISSUED_ON = Message("plans.field.issued_on", gettext_noop("Ngày ban hành"))
FIGURE_LABELS = {
    "quantity": Message("plans.field.quantity", gettext_noop("Số lượng")),
    "unit_price": Message("plans.field.unit_price", gettext_noop("Đơn giá")),
    "airings": Message("plans.field.airings", gettext_noop("Số lần phát sóng")),
    "airing_unit_price": Message(
        "plans.field.airing_unit_price", gettext_noop("Đơn giá phát sóng")
    ),
    "lump_sum": Message("plans.field.lump_sum", gettext_noop("Khoán")),
}

NOT_EDITABLE = Message(
    "plans.plan.not_editable",
    gettext_noop(
        "Kế hoạch đang ở trạng thái '{status}', không sửa được. "
        "Kế hoạch đã ban hành chỉ thay đổi bằng một kế hoạch điều chỉnh."
    ),
)


def _require_editable(plan: Plan) -> None:
    if plan.status not in EDITABLE:
        raise DomainError(NOT_EDITABLE.with_params(status=plan.get_status_display()))


# -- creating -------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, user: Any, organisation: Any, title: str, year: int) -> Plan:
    require(user, organisation, "create")
    plan = Plan.objects.create(
        organisation=organisation,
        title=title,
        year=year,
        created_by=user,
        agency=organisation.name.upper(),
    )
    log_action(
        actor=user,
        action="plans.plan.created",
        obj=plan,
        plan=plan,
        organisation=organisation,
        after=snapshot(plan, ["title", "year"]),
    )
    return plan


def plan_import_read(*, user: Any, organisation: Any, filename: str, content: bytes) -> ImportJob:
    """Read an uploaded file and keep it with what was found; nothing is created yet."""
    require(user, organisation, "create")
    job = ImportJob(organisation=organisation, user=user, filename=filename[:255], content=content)
    try:
        doc = read_plan_bytes(content, filename)
    except ReadError as exc:
        job.status = ImportStatus.FAILED
        job.error = stored(exc.message)
        job.save()
        return job
    refusal = _document_refusal(doc)
    if refusal is not None:  # bounds at the door: nothing beyond them is ever stored
        job.status = ImportStatus.FAILED
        job.error = stored(refusal.said)
        job.save()
        return job
    findings = run_checks(doc)
    job.status = ImportStatus.READ
    job.findings = [stored_finding(f) for f in findings]
    job.summary = {
        "title": doc.header.title,
        "reference": doc.header.reference,
        "date": doc.header.date.isoformat() if doc.header.date else None,
        "total": int(doc.estimate.total),
        "lines": sum(1 for _ in doc.estimate.walk_lines()),
        "sections": sum(1 for _ in doc.estimate.walk_sections()),
    }
    job.save()
    return job


def _document_refusal(doc: Any) -> Any:
    """The first bound a plan read from a file breaks (kehoach.core.bounds), or ``None``."""
    header = doc.header
    return bounds.first(
        [
            bounds.check_date(header.date, "date", ISSUED_ON),
            bounds.check_year(header.date.year if header.date else None, "year", YEAR),
            bounds.check_estimate(doc.estimate),
        ]
    )


@transaction.atomic
def plan_import_apply(*, user: Any, job: ImportJob) -> Plan:
    require(user, job.organisation, "create")
    if job.status != ImportStatus.READ or job.plan_id:
        raise DomainError(
            Message(
                "plans.import.done_or_failed",
                gettext_noop("Tệp này đã được nhập hoặc không đọc được."),
            )
        )
    try:
        doc = read_plan_bytes(bytes(job.content), job.filename)
    except ReadError as exc:  # read once, refused now (the readers grew stricter): say why
        raise DomainError(exc.message) from exc
    refusal = _document_refusal(doc)
    if refusal is not None:
        raise DomainError(refusal.said)
    plan = document_to_plan(doc, organisation=job.organisation, user=user)
    job.status = ImportStatus.APPLIED
    job.plan = plan
    job.save(update_fields=["status", "plan"])
    log_action(
        actor=user,
        action="plans.plan.imported",
        obj=plan,
        plan=plan,
        organisation=plan.organisation,
        comment=job.filename,
        after={"total": int(doc.estimate.total), "file": job.filename},
    )
    return plan


@transaction.atomic
def plan_clone(*, user: Any, source: Plan, year: int, number: str = "") -> Plan:
    """Last year's plan as this year's draft: same structure, prices and quantities; no
    number until the clerk registers one; executions are not copied."""
    require(user, source.organisation, "create")
    doc = plan_to_document(source)
    doc.header.number = number
    doc.header.date = None
    doc.header.title = source.title.replace(str(source.year), str(year))
    plan = document_to_plan(doc, organisation=source.organisation, user=user)
    plan.year = year
    plan.preamble = source.preamble
    # The closing sentence and the appendix's title name the year too ("… năm 2016./.").
    plan.closing = source.closing.replace(str(source.year), str(year))
    plan.appendix_title = source.appendix_title.replace(str(source.year), str(year))
    for field in (
        "objectives_heading",
        "content_heading",
        "activities_heading",
        "funding_heading",
        "responsibilities_heading",
    ):
        setattr(plan, field, getattr(source, field))
    plan.save()
    log_action(
        actor=user,
        action="plans.plan.cloned",
        obj=plan,
        plan=plan,
        organisation=plan.organisation,
        after={"from": source.pk, "year": year},
    )
    return plan


# -- editing --------------------------------------------------------------------------------

HEADER_FIELDS = [
    "type_name",
    "governing_body",
    "agency",
    "number",
    "symbol",
    "place",
    "date",
    "title",
    "content",
    "funding_source",
    "closing",
    "signer_prefix",
    "signer_title",
    "signer_name",
    "preamble",
    "year",
]


def _check_header(data: dict[str, Any]) -> None:
    refusal = bounds.first(
        [
            bounds.check_year(data.get("year"), "year", YEAR),
            bounds.check_date(data.get("date"), "date", ISSUED_ON),
        ]
    )
    if refusal is not None:
        raise DomainError(refusal.said)


@transaction.atomic
def plan_update(*, user: Any, plan: Plan, data: dict[str, Any], lock_version: int | None) -> Plan:
    """The header form. ``lock_version`` is the plan's ``version`` the form showed."""
    require(user, plan.organisation, "edit")
    _require_editable(plan)
    _check_header(data)
    version = _bump(plan, lock_version)
    stored = Plan.objects.get(pk=plan.pk)  # the form may have set the instance's fields already
    before = snapshot(stored, HEADER_FIELDS)
    for key, value in data.items():
        if key in HEADER_FIELDS:
            setattr(plan, key, value)
    reference = ("number", "symbol", "year")
    if any(before.get(k) != snapshot(plan, list(reference)).get(k) for k in reference):
        _require_free_number(plan, plan.number)
    plan.save()
    log_action(
        actor=user,
        action="plans.plan.changed",
        obj=plan,
        plan=plan,
        organisation=plan.organisation,
        before=before,
        after=snapshot(plan, HEADER_FIELDS),
        version=version,
    )
    return plan


LINE_FIELDS = [
    "number",
    "content",
    "duration",
    "unit",
    "quantity",
    "unit_price",
    "airings",
    "airing_unit_price",
    "lump_sum",
    "basis",
    "note",
    "executing_unit",
    "activity",
]


def check_line_bounds(
    line: EstimateLine, values: dict[str, Any], stored: PlanFigures | None = None
) -> PlanFigures:
    """Refuse figures whose line total, section total (each section holding the line) or grand
    total would exceed the bounds (kehoach.core.bounds), naming the line and the limit.
    Returns the plan's figures with the change (two queries of plain values: see
    kehoach.plans.figures), from which the grid's answer is computed. ``stored``: the plan's
    figures as stored now, when the caller knows them (read again otherwise)."""
    labels = FIGURE_LABELS
    figures = {f: values.get(f, getattr(line, f)) for f in FIGURES}
    checks = [bounds.check_quantity(figures[f], f, labels[f]) for f in ("quantity", "airings")] + [
        bounds.check_amount(figures[f], f, labels[f])
        for f in ("unit_price", "airing_unit_price", "lump_sum")
    ]
    refusal = bounds.first(checks)
    where = line.number or line.content[:40]
    total = bounds.line_total(*(figures[f] for f in FIGURES))
    refusal = refusal or bounds.check_line_total(total, where)
    if refusal is not None:
        raise DomainError(refusal.said)
    after = (stored or PlanFigures.read(line.plan_id)).with_line(
        line.pk,
        values.get("section_id", line.section_id),
        tuple(figures[f] for f in FIGURES),  # type: ignore[arg-type]
    )
    refusal = after.refusal(line.pk)
    if refusal is not None:
        raise DomainError(refusal.said)
    return after


def line_update(
    *,
    user: Any,
    line: EstimateLine,
    data: dict[str, Any],
    version: int | None,
    comment: str = "",
) -> EstimateLine:
    """One line's fields. ``version``: the line's version the page showed (``None``: not
    checked); a stale one is refused with what changed since, and nothing is saved.
    ``comment``: kept with the audit entry (an undo or redo names the entry it reverses).

    Outside any transaction (a save from the editor), the plan's figures the bounds need are
    read before the write lock is taken, with the plan's ``lock_version`` known before the
    read: under the lock, the same ``lock_version`` means no change has committed since (every
    change of a plan bumps it in its own transaction), so the figures read are the current
    ones; otherwise they are read again under the lock. The lock is held for less time."""
    seen = None
    wanted = {k: v for k, v in data.items() if k in LINE_FIELDS}
    before = snapshot(line, list(wanted))
    if not transaction.get_connection().in_atomic_block and any(
        before[k] != snapshot_value(v) for k, v in wanted.items()
    ):
        lock_version = line.plan.lock_version
        seen = (lock_version, PlanFigures.read(line.plan_id))
    return _line_update(
        user=user, line=line, data=data, version=version, comment=comment, seen=seen
    )


@transaction.atomic
def _line_update(
    *,
    user: Any,
    line: EstimateLine,
    data: dict[str, Any],
    version: int | None,
    comment: str,
    seen: tuple[int, PlanFigures] | None,
) -> EstimateLine:
    plan = line.plan
    require(user, plan.organisation, "edit")
    _require_editable(plan)
    stored = _line_version(line, version)
    data = {k: v for k, v in data.items() if k in LINE_FIELDS}
    before = snapshot(stored, LINE_FIELDS)
    if all(before[k] == snapshot_value(v) for k, v in data.items()):
        return stored  # nothing changed: no version, no entry
    # First: the plan's row locked, so the bounds below see every other change.
    current = _touch(plan)
    known = seen[1] if seen is not None and seen[0] == current.lock_version else None
    figures = check_line_bounds(stored, data, known)
    for key, value in data.items():
        setattr(stored, key, value)
    stored.version += 1
    stored.save(update_fields=[*data, "version"])
    log_action(
        actor=user,
        action="plans.line.changed",
        obj=stored,
        plan=plan,
        organisation=plan.organisation,
        before=before,
        after=snapshot(stored, LINE_FIELDS),
        version=stored.version,
        comment=comment,
    )
    line.__dict__.update({k: getattr(stored, k) for k in [*LINE_FIELDS, "version"]})
    # The plan's figures after the change, current under the plan's lock: the grid's answer
    # (plans.views._totals_refresh) is computed from them without reading the plan again.
    stored.__dict__["plan_figures"] = figures
    return stored


def snapshot_value(value: Any) -> Any:
    return _json(value)


@transaction.atomic
def line_create(
    *, user: Any, section: EstimateSection, content: str, lock_version: int | None = None
) -> EstimateLine:
    """A new line at the end of its section (nothing anyone saw is overwritten: no version)."""
    plan = section.plan
    require(user, plan.organisation, "edit")
    _require_editable(plan)
    _touch(plan)
    last = section.lines.aggregate(m=Max("position"))["m"]
    line = EstimateLine.objects.create(
        plan=plan,
        section=section,
        content=content,
        position=(last or 0) + 1,
        number=str(section.lines.count() + 1),
    )
    log_action(
        actor=user,
        action="plans.line.created",
        obj=line,
        plan=plan,
        organisation=plan.organisation,
        after=_placed(line),
    )
    return line


@transaction.atomic
def line_insert(
    *, user: Any, line: EstimateLine, where: str, content: str = "Dòng mới"
) -> EstimateLine:
    """A new line just above or below ``line`` in its section (``where``: "above"/"below");
    the section's lines after it move down one place. Nothing anyone saw is overwritten."""
    if where not in ("above", "below"):
        raise DomainError(
            Message("plans.line.insert_where", gettext_noop("Chọn chèn phía trên hay phía dưới."))
        )
    plan = line.plan
    require(user, plan.organisation, "edit")
    _require_editable(plan)
    _touch(plan)
    siblings = list(
        EstimateLine.objects.select_for_update()
        .filter(section_id=line.section_id)
        .order_by("position", "id")
    )
    index = next((i for i, s in enumerate(siblings) if s.pk == line.pk), None)
    if index is None:
        raise DomainError(LINE_DELETED)
    new = EstimateLine(plan=plan, section_id=line.section_id, content=content, position=0)
    siblings.insert(index if where == "above" else index + 1, new)
    for position, sibling in enumerate(siblings):
        if sibling.pk is None:
            sibling.position = position
            sibling.save()
        elif sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    log_action(
        actor=user,
        action="plans.line.created",
        obj=new,
        plan=plan,
        organisation=plan.organisation,
        after=_placed(new),
    )
    return new


@transaction.atomic
def lines_apply(
    *,
    user: Any,
    plan: Plan,
    changes: list[tuple[EstimateLine, dict[str, Any], int | None]],
    additions: list[tuple[EstimateSection, dict[str, Any]]],
) -> list[EstimateLine]:
    """Several lines changed and new lines added at the end of their sections, all or none
    (one transaction; each changed line checked against the version the page showed). Used by
    the grid's paste and by the editor's "save" without JavaScript. Returns the new lines."""
    require(user, plan.organisation, "edit")
    _require_editable(plan)
    for line, data, version in changes:
        line_update(user=user, line=line, data=data, version=version)
    created = []
    for section, data in additions:
        content = str(data.get("content") or "").strip() or "Dòng mới"
        new = line_create(user=user, section=section, content=content[:300])
        rest = {k: v for k, v in data.items() if k != "content"}
        if rest:
            line_update(user=user, line=new, data=rest, version=None)
        created.append(new)
    return created


# -- undo and redo: a person's own line changes, reversed through line_update ---------------

UNDO_DEPTH = 200
# A line's change of figures or texts, its addition (new line, insert, paste), its deletion and
# its move: each can be undone and redone by the person who made it.
UNDOABLE = ("plans.line.changed", "plans.line.created", "plans.line.deleted", "plans.line.moved")


def _placed(line: EstimateLine) -> dict[str, Any]:
    """A line's fields and its place (section, position): what an undo needs to bring it back."""
    return {**snapshot(line, LINE_FIELDS), "section": line.section_id, "position": line.position}


def _undo_stacks(user: Any, plan: Plan) -> tuple[list[Any], list[Any]]:
    """The person's undoable and redoable line changes on ``plan``, newest last, read from the
    audit history: a change pushes itself (and clears the redo stack), an undo ("undo:<id>")
    moves its entry to the redo stack, a redo ("redo:<id>") moves it back."""
    entries = list(
        AuditEntry.objects.filter(plan=plan, actor=user, action__in=UNDOABLE)
        .order_by("-id")
        .only("id", "action", "object_id", "before", "after", "comment")[:UNDO_DEPTH]
    )
    entries.reverse()
    by_id = {e.id: e for e in entries}
    undo: list[Any] = []
    redo: list[Any] = []
    for entry in entries:
        kind, _sep, target = entry.comment.partition(":")
        if kind in ("undo", "redo") and target.isdigit():
            source, dest = (undo, redo) if kind == "undo" else (redo, undo)
            wanted = by_id.get(int(target))
            if wanted is not None and wanted in source:
                source.remove(wanted)
                dest.append(wanted)
            continue
        undo.append(entry)
        redo.clear()
    return undo, redo


def undo_state(user: Any, plan: Plan) -> dict[str, int]:
    undo, redo = _undo_stacks(user, plan)
    return {"undo": len(undo), "redo": len(redo)}


def _figure(name: str, value: Any) -> Any:
    if name in FIGURES:
        return Decimal(value) if value not in (None, "") else None
    return value if value is not None else ""


@transaction.atomic
def line_undo(*, user: Any, plan: Plan, redo: bool = False) -> EstimateLine:
    """Undo (or redo) the person's last line change on ``plan``, as an audited change naming
    the entry it reverses (``undo:<id>``/``redo:<id>``): a change of fields takes back the
    entry's ``before`` (``after`` for a redo) through ``line_update``; an added line is deleted
    and a deleted line comes back in its place (a new row: later undos find it by the entry
    that brought it back); a moved line goes back. Refused when the line changed since."""
    require(user, plan.organisation, "edit")
    _require_editable(plan)
    _touch(plan)
    undo, redos = _undo_stacks(user, plan)
    stack = redos if redo else undo
    if not stack:
        raise DomainError(
            Message(
                "plans.line.nothing_to_redo", gettext_noop("Không còn thay đổi nào để làm lại.")
            )
            if redo
            else Message(
                "plans.line.nothing_to_undo", gettext_noop("Không còn thay đổi nào để hoàn tác.")
            )
        )
    entry = stack[-1]
    comment = f"{'redo' if redo else 'undo'}:{entry.id}"
    line_id = _current_line_id(plan, int(entry.object_id))
    if entry.action == "plans.line.changed":
        return _undo_change(user, plan, entry, line_id, redo, comment)
    if entry.action == "plans.line.moved":
        line = _undo_line(plan, line_id)
        place = entry.after if redo else entry.before
        return _put_back(user, line, place, comment)
    if (entry.action == "plans.line.created") != redo:
        # an added line undone, or a deletion redone: the line goes, as the entry left it
        line = _undo_line(plan, line_id)
        _undo_unchanged(line, entry.after if not redo else entry.before)
        line_delete(user=user, line=line, comment=comment)
        return line
    # a deleted line undone, or an addition redone: it comes back where it was
    return _bring_back(user, plan, entry.before if not redo else entry.after, comment)


def _current_line_id(plan: Plan, line_id: int) -> int:
    """The row a line lives in now: a line deleted and brought back by an undo (or a redo) is
    a new row, named by the entry that brought it back (its comment names the entry reversed)."""
    returns = dict(
        AuditEntry.objects.filter(
            plan=plan, action="plans.line.created", comment__regex=r"^(undo|redo):[0-9]+$"
        )
        .order_by("id")
        .values_list("comment", "object_id")
    )
    if not returns:
        return line_id
    brought_back = {int(c.partition(":")[2]): int(o) for c, o in returns.items()}
    now_in: dict[int, int] = {}  # the row a line was, the row it is now
    for reversed_id, object_id in (
        AuditEntry.objects.filter(pk__in=brought_back).order_by("id").values_list("id", "object_id")
    ):
        now_in[int(object_id)] = brought_back[reversed_id]
    seen: set[int] = set()
    while line_id in now_in and line_id not in seen:
        seen.add(line_id)
        line_id = now_in[line_id]
    return line_id


def _undo_line(plan: Plan, line_id: int) -> EstimateLine:
    line = EstimateLine.objects.select_for_update().filter(pk=line_id, plan=plan).first()
    if line is None:
        raise DomainError(
            Message(
                "plans.line.undo_deleted",
                gettext_noop("Dòng của thay đổi này đã bị xóa; không hoàn tác được."),
            )
        )
    return line


def _undo_unchanged(line: EstimateLine, expected: dict[str, Any] | None) -> None:
    now = snapshot(line, LINE_FIELDS)
    if any(now.get(k) != v for k, v in (expected or {}).items() if k in LINE_FIELDS):
        raise DomainError(
            Message(
                "plans.line.undo_changed",
                gettext_noop(
                    "Dòng {line} đã được sửa sau thay đổi đó; không hoàn tác được. "
                    "Hãy sửa trực tiếp."
                ),
            ).with_params(line=line.number or line.content[:40])
        )


def _undo_change(
    user: Any, plan: Plan, entry: Any, line_id: int, redo: bool, comment: str
) -> EstimateLine:
    target, expected = (entry.after, entry.before) if redo else (entry.before, entry.after)
    line = _undo_line(plan, line_id)
    _undo_unchanged(line, expected)
    data = {
        k: _figure(k, v) for k, v in (target or {}).items() if k in LINE_FIELDS and k != "activity"
    }
    return line_update(user=user, line=line, data=data, version=line.version, comment=comment)


def _placed_in(plan: Plan, place: dict[str, Any] | None) -> EstimateSection:
    kept = (place or {}).get("section")
    section = (
        EstimateSection.objects.filter(plan=plan, pk=int(kept)).first()
        if isinstance(kept, int)
        else None
    )
    if section is None:
        raise DomainError(
            Message(
                "plans.line.undo_no_section",
                gettext_noop("Mục chứa dòng này không còn; không hoàn tác được."),
            )
        )
    return section


def _reorder(line: EstimateLine, section: EstimateSection, position: int) -> None:
    """``line`` in ``section`` before the first other line whose position is ``position`` or
    more; the section's lines numbered again in that order."""
    others = list(
        EstimateLine.objects.select_for_update()
        .filter(section=section)
        .exclude(pk=line.pk)
        .order_by("position", "id")
    )
    index = next((i for i, o in enumerate(others) if o.position >= position), len(others))
    others.insert(index, line)
    line.section = section
    for place, sibling in enumerate(others):
        if sibling.pk == line.pk:
            sibling.position = place
            sibling.save(update_fields=["section", "position"])
        elif sibling.position != place:
            sibling.position = place
            sibling.save(update_fields=["position"])


def _log_move(user: Any, line: EstimateLine, before: dict[str, Any], comment: str) -> None:
    log_action(
        actor=user,
        action="plans.line.moved",
        obj=line,
        plan=line.plan,
        organisation=line.plan.organisation,
        before=before,
        after={"section": line.section_id, "position": line.position},
        comment=comment,
    )


def _put_back(user: Any, line: EstimateLine, place: dict[str, Any], comment: str) -> EstimateLine:
    plan = line.plan
    before = {"section": line.section_id, "position": line.position}
    _reorder(line, _placed_in(plan, place), int(place.get("position") or 0))
    _log_move(user, line, before, comment)
    return line


def _bring_back(user: Any, plan: Plan, kept: dict[str, Any] | None, comment: str) -> EstimateLine:
    """A line as an entry kept it (fields and place), back in its section."""
    section = _placed_in(plan, kept)
    assert kept is not None  # _placed_in refused an entry without a place
    values = {k: _figure(k, kept.get(k)) for k in LINE_FIELDS}
    line = EstimateLine.objects.create(plan=plan, section=section, position=0, **values)
    # the bounds hold as for any change (the transaction undoes the row when they do not)
    check_line_bounds(line, {k: v for k, v in values.items() if k in FIGURES})
    _reorder(line, section, int(kept.get("position") or 0))
    log_action(
        actor=user,
        action="plans.line.created",
        obj=line,
        plan=plan,
        organisation=plan.organisation,
        after=_placed(line),
        comment=comment,
    )
    return line


@transaction.atomic
def line_delete(
    *, user: Any, line: EstimateLine, version: int | None = None, comment: str = ""
) -> None:
    """The line deleted; its entry keeps every field and its place, so an undo brings it back."""
    plan = line.plan
    require(user, plan.organisation, "edit")
    _require_editable(plan)
    line = _line_version(line, version)
    _touch(plan)
    log_action(
        actor=user,
        action="plans.line.deleted",
        obj=line,
        plan=plan,
        organisation=plan.organisation,
        before=_placed(line),
        comment=comment,
    )
    line.delete()


@transaction.atomic
def line_move(
    *,
    user: Any,
    line: EstimateLine,
    direction: str = "",
    section: EstimateSection | None = None,
    version: int | None = None,
    comment: str = "",
) -> EstimateLine:
    """Up or down within its section, or into another section of the same plan (at its end)."""
    plan = line.plan
    require(user, plan.organisation, "edit")
    _require_editable(plan)
    _line_version(line, version)
    _touch(plan)
    before = {"section": line.section_id, "position": line.position}
    if section is not None and section.pk != line.section_id:
        if section.plan_id != plan.pk:
            raise DomainError(
                Message(
                    "plans.line.move_other_plan", gettext_noop("Mục đích không thuộc kế hoạch này.")
                )
            )
        last = section.lines.aggregate(m=Max("position"))["m"]
        line.section = section
        line.position = (last or 0) + 1
        line.save(update_fields=["section", "position"])
    elif direction in ("up", "down"):
        siblings = list(line.section.lines.order_by("position", "id"))
        index = next(i for i, s in enumerate(siblings) if s.pk == line.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(siblings):
            siblings[index], siblings[other] = siblings[other], siblings[index]
            for position, sibling in enumerate(siblings):
                if sibling.position != position:
                    sibling.position = position
                    sibling.save(update_fields=["position"])
    _log_move(user, line, before, comment)
    return line


@transaction.atomic
def section_create(
    *,
    user: Any,
    plan: Plan,
    code: str,
    title: str,
    parent: EstimateSection | None = None,
    lock_version: int | None = None,
) -> EstimateSection:
    require(user, plan.organisation, "edit")
    _require_editable(plan)
    _touch(plan)
    last = plan.sections.filter(parent=parent).aggregate(m=Max("position"))["m"]
    section = EstimateSection.objects.create(
        plan=plan,
        parent=parent,
        code=code,
        title=title,
        position=(last if last is not None else -1) + 1,
    )
    log_action(
        actor=user,
        action="plans.section.created",
        obj=section,
        plan=plan,
        organisation=plan.organisation,
        after={"code": code, "title": title},
    )
    return section


# -- workflow -------------------------------------------------------------------------------


def _transition(
    plan: Plan, user: Any, action: str, allowed: tuple[str, ...], new: str, comment: str = ""
) -> Plan:
    require(user, plan.organisation, action)
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.status not in allowed:
        raise DomainError(
            Message(
                "plans.plan.wrong_status",
                gettext_noop("Không thể thực hiện khi kế hoạch đang ở trạng thái '{status}'."),
            ).with_params(status=locked.get_status_display())
        )
    before = locked.status
    Plan.objects.filter(pk=plan.pk).update(status=new, lock_version=locked.lock_version + 1)
    plan.status, plan.lock_version = new, locked.lock_version + 1
    log_action(
        actor=user,
        action=f"plans.plan.{_PAST[action]}",
        obj=plan,
        plan=plan,
        organisation=plan.organisation,
        before={"status": before},
        after={"status": new},
        comment=comment,
    )
    return plan


_PAST = {
    "submit": "submitted",
    "approve": "approved",
    "return": "returned",
    "issue": "issued",
    "revise": "revised",
}


def error_findings(plan: Plan) -> list[Any]:
    """The checks' findings of severity error on the plan as it is now."""
    return [f for f in plan_findings(plan) if f.severity == Severity.ERROR]


@transaction.atomic
def plan_submit(*, user: Any, plan: Plan, reason: str = "") -> Plan:
    """Submit for approval. With error findings the submitter must say why it goes anyway;
    the reason is kept with the plan and in the audit entry, and shown to the approver."""
    require(user, plan.organisation, "submit")
    errors = error_findings(plan)
    reason = reason.strip()
    if errors and not reason:
        raise DomainError(
            Message(
                "plans.plan.submit_with_errors",
                gettext_noop(
                    "Kế hoạch còn {count} lỗi do kiểm tra phát hiện. Hãy sửa, hoặc ghi lý do "
                    "trình khi còn lỗi (người phê duyệt sẽ thấy lý do này)."
                ),
            ).with_params(count=len(errors))
        )
    kept = reason if errors else ""
    Plan.objects.filter(pk=plan.pk).update(submit_reason=kept)
    plan.submit_reason = kept
    said = comments.SUBMITTED_WITH_ERRORS.with_params(count=len(errors), reason=reason)
    comment = comments.kept(said) if errors else ""
    return _transition(plan, user, "submit", EDITABLE, PlanStatus.SUBMITTED, comment)


def approval_refusal(user: Any, plan: Plan) -> Message | None:
    """Why this person may not approve this plan although their role allows it."""
    return duty_conflict(user, "approve", plan)


@transaction.atomic
def plan_approve(*, user: Any, plan: Plan) -> Plan:
    require(user, plan.organisation, "approve")
    refusal = approval_refusal(user, plan)
    if refusal is not None:
        raise DomainError(refusal)
    return _transition(plan, user, "approve", (PlanStatus.SUBMITTED,), PlanStatus.APPROVED)


@transaction.atomic
def plan_return(*, user: Any, plan: Plan, comment: str) -> Plan:
    if not comment.strip():
        raise DomainError(
            Message("plans.plan.return_reason", gettext_noop("Hãy ghi lý do trả lại."))
        )
    return _transition(plan, user, "return", (PlanStatus.SUBMITTED,), PlanStatus.RETURNED, comment)


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@transaction.atomic
def plan_issue(
    *,
    user: Any,
    plan: Plan,
    number: str,
    issued_on: date,
    signed_name: str = "",
    signed_content: bytes | None = None,
) -> PlanVersion:
    """The records clerk registers the number and date from the outgoing register and
    attaches the signed file; the version is frozen with its data and its documents."""
    require(user, plan.organisation, "issue")
    if not number.strip():
        raise DomainError(NUMBER_MISSING)
    previous = _previous_in_force(plan)
    _require_free_number(plan, number.strip(), year=plan.year)
    plan.number = number.strip()
    plan.date = issued_on
    plan.save(update_fields=["number", "date", "search_key", "updated_at"])
    try:
        with transaction.atomic():
            _transition(plan, user, "issue", (PlanStatus.APPROVED,), PlanStatus.ISSUED)
    except IntegrityError as exc:  # another clerk took the number in the same instant
        holder = number_holder(plan, plan.number)
        raise _number_taken(plan, holder) from exc
    if previous is not None:
        _supersede(user, previous, plan)

    doc = plan_to_document(plan)
    version = PlanVersion.objects.create(
        plan=plan,
        number=plan.number,
        symbol=plan.symbol,
        date=issued_on,
        issued_by=user,
        snapshot=to_json(doc, run_checks(doc)),
    )
    for kind, (filename, mimetype, content) in render_documents(doc).items():
        IssuedFile.objects.create(
            version=version,
            kind=kind,
            filename=filename,
            mimetype=mimetype,
            content=content,
            sha256=_sha(content),
        )
    if signed_content:
        IssuedFile.objects.create(
            version=version,
            kind="signed",
            filename=clean_name(signed_name, "signed.pdf"),  # no CR/LF or quotes (issue 21)
            mimetype="application/pdf",
            content=signed_content,
            sha256=_sha(signed_content),
        )
    return version


IN_FORCE = (PlanStatus.ISSUED, PlanStatus.SUPERSEDED)


def number_holder(plan: Plan, number: str, year: int | None = None) -> Plan | None:
    """Another issued plan of the same organisation with this number, symbol and year."""
    if not number.strip():
        return None
    return (
        Plan.objects.filter(
            organisation_id=plan.organisation_id,
            symbol=plan.symbol,
            year=year if year is not None else plan.year,
            number=number.strip(),
            status__in=IN_FORCE,
        )
        .exclude(pk=plan.pk)
        .first()
    )


def _number_taken(plan: Plan, holder: Plan | None) -> DomainError:
    if holder is None:
        return DomainError(
            Message(
                "plans.plan.number_just_taken",
                gettext_noop(
                    "Số {reference} năm {year} vừa được dùng cho kế hoạch khác; hãy lấy số mới."
                ),
            ).with_params(reference=f"{plan.number}/{plan.symbol}", year=plan.year)
        )
    day = holder.date.strftime("%d/%m/%Y") if holder.date else "—"
    return DomainError(
        Message(
            "plans.plan.number_taken",
            gettext_noop(
                "Số {reference} năm {year} đã cấp cho kế hoạch “{title}” (ban hành ngày {day}, "
                "mã {id}). Mỗi số chỉ cấp một lần trong năm cho một ký hiệu: hãy lấy số tiếp "
                "theo trong sổ văn bản đi."
            ),
        ).with_params(
            reference=f"{holder.number}/{holder.symbol}",
            year=holder.year,
            title=holder.title,
            day=day,
            id=holder.pk,
        )
    )


def _require_free_number(plan: Plan, number: str, year: int | None = None) -> None:
    holder = number_holder(plan, number, year)
    if holder is not None:
        raise _number_taken(plan, holder)


def _previous_in_force(plan: Plan) -> Plan | None:
    """The issued version a revision replaces; refused when it was replaced already."""
    if plan.revision_of_id is None:
        return None
    previous = Plan.objects.select_for_update().get(pk=plan.revision_of_id)
    if previous.status != PlanStatus.ISSUED:
        newer = effective_version(previous)
        raise DomainError(
            Message(
                "plans.plan.revision_outdated",
                gettext_noop(
                    "Kế hoạch {plan} đã được thay thế bởi {newer}; "
                    "bản điều chỉnh này không còn ban hành được."
                ),
            ).with_params(plan=previous.reference, newer=newer.reference or newer.pk)
        )
    return previous


def _supersede(user: Any, previous: Plan, revision: Plan) -> None:
    """The earlier issued version stops being in force: one effective version of a plan."""
    Plan.objects.filter(pk=previous.pk).update(
        status=PlanStatus.SUPERSEDED, lock_version=previous.lock_version + 1
    )
    log_action(
        actor=user,
        action="plans.plan.superseded",
        obj=previous,
        plan=previous,
        organisation=previous.organisation,
        before={"status": PlanStatus.ISSUED},
        after={"status": PlanStatus.SUPERSEDED, "superseded_by": revision.pk},
        comment=revision.reference,
    )


def effective_version(plan: Plan) -> Plan:
    """The issued version in force of a plan's family (itself when it is in force or was
    never replaced)."""
    current = plan
    seen = {plan.pk}
    while current.status == PlanStatus.SUPERSEDED:
        newer = (
            Plan.objects.filter(revision_of=current, status__in=IN_FORCE).order_by("-id").first()
        )
        if newer is None or newer.pk in seen:
            break
        seen.add(newer.pk)
        current = newer
    return current


def render_documents(doc: Any) -> dict[str, tuple[str, str, bytes]]:
    """DOCX, XLSX and PDF of a plan through the writers' one interface."""
    return {kind: get_renderer(kind).render(doc) for kind in ("docx", "xlsx", "pdf")}


def read_plan_bytes(content: bytes, filename: str) -> Any:
    """An uploaded file through the same readers as ``kehoach check`` (they read paths)."""
    suffix = Path(filename).suffix.lower()[:10] or ".txt"
    with tempfile.TemporaryDirectory(prefix="kehoach-import-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        doc = read_plan(path)
    doc.source_name = filename
    return doc


@transaction.atomic
def plan_revise(*, user: Any, plan: Plan) -> Plan:
    """A revision (Kế hoạch điều chỉnh): a new draft with the same content; the issued plan
    stays as it was issued, marked superseded once the revision is issued."""
    require(user, plan.organisation, "revise")
    if plan.status != PlanStatus.ISSUED:
        raise DomainError(
            Message(
                "plans.plan.revise_not_issued",
                gettext_noop("Chỉ điều chỉnh được kế hoạch đã ban hành."),
            )
        )
    pending = plan.revisions.exclude(status__in=IN_FORCE).first()
    if pending is not None:
        raise DomainError(
            Message(
                "plans.plan.revision_pending",
                gettext_noop(
                    "Kế hoạch này đã có một bản điều chỉnh đang xử lý (mã {id}, {status}): "
                    "tiếp tục bản đó."
                ),
            ).with_params(id=pending.pk, status=pending.get_status_display())
        )
    doc = plan_to_document(plan)
    doc.header.number = ""
    doc.header.date = None
    revision = document_to_plan(doc, organisation=plan.organisation, user=user)
    revision.revision_of = plan
    revision.revision = plan.revision + 1
    revision.year = plan.year
    revision.preamble = plan.preamble
    revision.title = plan.title
    revision.save()
    _link_lines(plan, revision)
    log_action(
        actor=user,
        action="plans.plan.revised",
        obj=revision,
        plan=revision,
        organisation=plan.organisation,
        after={"revision_of": plan.pk},
    )
    return revision


def _ordered_lines(plan: Plan) -> list[EstimateLine]:
    by_id = {line.pk: line for line in plan.lines.all()}
    return [
        by_id[line.db_id]
        for _s, line in build_estimate(plan).walk_lines()
        if line.db_id is not None  # always, built from the database
    ]


def _link_lines(plan: Plan, revision: Plan) -> None:
    """Each line of the revision remembers the line it was copied from (same order, the
    document round trip keeps it): contracts follow their lines to the revision."""
    for old, new in zip(_ordered_lines(plan), _ordered_lines(revision), strict=False):
        EstimateLine.objects.filter(pk=new.pk).update(origin=old)


def money(value: Decimal | None) -> int | None:
    return int(value) if value is not None else None


@transaction.atomic
def plan_parts_update(
    *, user: Any, plan: Plan, formsets: dict[str, Any], lock_version: int
) -> None:
    """Save the plan's lists (legal bases, objectives, …) together, or nothing."""
    require(user, plan.organisation, "edit")
    _require_editable(plan)
    version = _bump(plan, lock_version)
    for name, formset in formsets.items():
        before = [snapshot(obj) for obj in formset.get_queryset()]
        formset.save()
        after = [snapshot(obj) for obj in formset.get_queryset().all()]
        if before != after:
            log_action(
                actor=user,
                action=f"plans.{name}.changed",
                obj=plan,
                plan=plan,
                organisation=plan.organisation,
                before={name: before},
                after={name: after},
                version=version,
            )


@transaction.atomic
def activity_items_update(*, user: Any, activity: Any, formset: Any, lock_version: int) -> None:
    plan = activity.plan
    require(user, plan.organisation, "edit")
    _require_editable(plan)
    version = _bump(plan, lock_version)
    before = [snapshot(obj) for obj in formset.get_queryset()]
    formset.save()
    log_action(
        actor=user,
        action="plans.activity.items_changed",
        obj=activity,
        plan=plan,
        organisation=plan.organisation,
        before={"items": before},
        after={"items": [snapshot(o) for o in activity.items.all()]},
        version=version,
    )


@transaction.atomic
def norm_save(*, user: Any, organisation: Any, form: Any) -> Any:
    require(user, organisation, "norms_edit")
    norm = form.save(commit=False)
    before = snapshot(norm) if norm.pk else None
    norm.organisation = organisation
    norm.save()
    log_action(
        actor=user,
        action="plans.norm.saved",
        obj=norm,
        organisation=organisation,
        before=before,
        after=snapshot(norm),
    )
    return norm


# What a refused norm table says (English in the catalogue only): the columns by the words of
# their headers, and each row's problem.
NORM_HEADERS = {
    "activity_kind": Message("plans.norms.column.activity_kind", gettext_noop("hình thức")),
    "unit": Message("plans.norms.column.unit", gettext_noop("đơn vị tính")),
    "max_unit_price": Message("plans.norms.column.price", gettext_noop("đơn giá")),
    "legal_source": Message("plans.norms.column.source", gettext_noop("căn cứ")),
    "valid_from": Message("plans.norms.column.valid_from", gettext_noop("hiệu lực từ")),
}
NORM_PRICE = Message(
    "plans.norms.row.price", gettext_noop("dòng {line}: đơn giá '{value}' không phải là số")
)
NORM_START = Message(
    "plans.norms.row.valid_from",
    gettext_noop("dòng {line}: ngày hiệu lực '{value}' không hợp lệ"),
)
NORM_PRICE_LABEL = Message("plans.norms.label.price", gettext_noop("dòng {line}: đơn giá"))
NORM_START_LABEL = Message(
    "plans.norms.label.valid_from", gettext_noop("dòng {line}: ngày hiệu lực")
)
NORM_END_LABEL = Message("plans.norms.label.valid_to", gettext_noop("dòng {line}: đến ngày"))

NORM_COLUMNS = {
    "activity_kind": ("hinh thuc", "loai hoat dong", "activity"),
    "medium": ("phuong tien", "medium"),
    "unit": ("don vi tinh", "dvt", "unit"),
    "max_unit_price": ("don gia", "muc chi", "max"),
    "legal_source": ("can cu", "van ban", "nguon", "source"),
    "valid_from": ("hieu luc tu", "tu ngay", "valid from"),
    "valid_to": ("den ngay", "het hieu luc", "valid to"),
    "region": ("dia ban", "region"),
}


def _norm_rows(filename: str, content: bytes) -> list[list[str]]:
    if filename.lower().endswith((".xlsx", ".xlsm")):
        import openpyxl  # inside: heavy (openpyxl, ~0.2 s), only for a workbook

        try:  # the one guard of uploaded containers: bombs, macros, encryption (issue 21)
            ooxml.open_table(content, filename)
        except ReadError as exc:
            raise DomainError(exc.message) from exc
        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            raise DomainError(
                Message("plans.norms.xlsx_unreadable", gettext_noop("Không đọc được tệp XLSX."))
            ) from exc
        sheet = book.worksheets[0]
        return [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(
            Message("plans.norms.not_utf8", gettext_noop("Tệp CSV phải mã hóa UTF-8."))
        ) from exc
    return list(csv.reader(io.StringIO(text)))


@transaction.atomic
def norms_import(*, user: Any, organisation: Any, filename: str, content: bytes) -> int:
    """Import a norm table: every row valid, or nothing saved (the errors name the rows)."""
    require(user, organisation, "norms_edit")
    rows = _norm_rows(filename, content)
    if not rows:
        raise DomainError(Message("plans.norms.empty", gettext_noop("Tệp không có dòng nào.")))
    mapping = _norm_columns(rows[0])
    errors: list[Message | Clause] = []
    norms = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        checked = _norm_row(organisation, number, row, mapping)
        if isinstance(checked, PriceNorm):
            norms.append(checked)
        else:
            errors.append(checked)
    if errors:
        raise DomainError(
            Message("plans.norms.refused", gettext_noop("Không nhập được: {errors}.")).with_params(
                errors=joined(errors[:10], "; ")
            )
        )
    PriceNorm.objects.bulk_create(norms)
    log_action(
        actor=user,
        action="plans.norm.imported",
        obj=organisation,
        organisation=organisation,
        after={"file": filename, "count": len(norms)},
    )
    return len(norms)


def _norm_columns(header_row: list[str]) -> dict[str, int]:
    """Each field's column, found by the words of the headers (a column feeds one field);
    refused when a required column is missing."""
    header = [fold(c) for c in header_row]
    mapping: dict[str, int] = {}
    for field, words in NORM_COLUMNS.items():
        for index, heading in enumerate(header):
            if any(w in heading for w in words) and index not in mapping.values():
                mapping[field] = index
                break
    missing = [NORM_HEADERS[f] for f in NORM_HEADERS if f not in mapping]
    if missing:
        raise DomainError(
            Message(
                "plans.norms.missing_columns", gettext_noop("Thiếu cột: {columns}.")
            ).with_params(columns=joined(missing, ", "))
        )
    return mapping


def _norm_row(
    organisation: Any, number: int, row: list[str], mapping: dict[str, int]
) -> PriceNorm | Message | Clause:
    """Row ``number`` checked: its norm (not saved), or what is wrong with it (its price, its
    start, or the first figure or date out of bounds)."""
    cell = {f: (row[i].strip() if i < len(row) else "") for f, i in mapping.items()}
    try:
        price = parse_number(cell["max_unit_price"]).value
    except NumberFormatError:
        return NORM_PRICE.with_params(line=number, value=cell["max_unit_price"])
    start = parse_date_text(cell["valid_from"])
    if start.value is None:
        return NORM_START.with_params(line=number, value=cell["valid_from"])
    end = parse_date_text(cell.get("valid_to", "")) if cell.get("valid_to") else None
    refusal = bounds.first(
        [
            bounds.check_amount(price, "max_unit_price", NORM_PRICE_LABEL.with_params(line=number)),
            bounds.check_date(start.value, "valid_from", NORM_START_LABEL.with_params(line=number)),
            bounds.check_date(
                end.value if end else None,
                "valid_to",
                NORM_END_LABEL.with_params(line=number),
            ),
        ]
    )
    if refusal is not None:
        return Clause(refusal.said)  # a clause of the list, without its full stop
    return PriceNorm(
        organisation=organisation,
        activity_kind=cell["activity_kind"][:30],
        medium=cell.get("medium", "")[:10],
        unit=cell["unit"][:60],
        max_unit_price=price,
        legal_source=cell["legal_source"][:300],
        valid_from=start.value,
        valid_to=end.value if end else None,
        region=cell.get("region", "")[:80],
    )
