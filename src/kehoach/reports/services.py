"""Services write (docs/conventions.md §4): the final report drafted and edited by the lead
division, issued by the records clerk — frozen like a plan: its number, its snapshot, its
files. Each runs in one transaction, checks the state, writes the audit entry."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from kehoach.accounts.access import require
from kehoach.audit.services import log_action, snapshot
from kehoach.errors import DomainError, Message
from kehoach.plans.models import Plan
from kehoach.plans.services import NUMBER_MISSING
from kehoach.reports import documents, selectors
from kehoach.reports.models import Report, ReportFile, ReportStatus

TEXT_FIELDS = ["problems", "proposals"]


def report_symbol(plan: Plan) -> str:
    """The report's symbol from the plan's: "KH-STTTT" -> "BC-STTTT" (BC = báo cáo, Decree
    30/2020/NĐ-CP Appendix III)."""
    _type, _sep, agency = plan.symbol.partition("-")
    return f"BC-{agency}" if agency else "BC-STTTT"


def current_report(plan: Plan) -> Report | None:
    """The plan's report being drafted, else the last one issued."""
    # One query: drafts first, then the newest.
    is_draft = Case(When(status=ReportStatus.DRAFT, then=Value(0)), default=Value(1))
    return Report.objects.filter(plan=plan).order_by(is_draft, "-id").first()


def unsaved_report(plan: Plan) -> Report:
    """A draft that exists only to be shown or exported (nothing saved)."""
    return Report(plan=plan, symbol=report_symbol(plan))


@transaction.atomic
def report_save(*, user: Any, plan: Plan, problems: str, proposals: str) -> Report:
    """Create the plan's draft report or change its text (problems, proposals)."""
    require(user, plan.organisation, "report_edit")
    report = (
        Report.objects.select_for_update()
        .filter(plan=plan, status=ReportStatus.DRAFT)
        .order_by("-id")
        .first()
    )
    created = report is None
    if report is None:
        report = Report(plan=plan, symbol=report_symbol(plan), created_by=user)
    before = None if created else snapshot(report, TEXT_FIELDS)
    report.problems, report.proposals = problems.strip(), proposals.strip()
    report.save()
    log_action(
        actor=user,
        action="reports.report.created" if created else "reports.report.changed",
        obj=report,
        plan=plan,
        organisation=plan.organisation,
        before=before,
        after=snapshot(report, TEXT_FIELDS),
    )
    return report


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def final_files(
    dash: selectors.Dashboard, report: Report
) -> tuple[dict[str, Any], dict[str, tuple[str, str, bytes]]]:
    content = documents.final_content(dash, report)
    charts = documents.final_charts(dash)
    stem = documents.file_stem(dash.plan, "final", report)
    files = {fmt: documents.render(content, charts, fmt, stem) for fmt in ("docx", "pdf")}
    return content, files


@transaction.atomic
def report_issue(
    *, user: Any, report: Report, number: str, issued_on: date, today: date | None = None
) -> Report:
    """The records clerk registers the number and date from the outgoing register; the
    report is frozen with its figures on that day and its DOCX and PDF."""
    plan = report.plan
    require(user, plan.organisation, "report_issue")
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.status != ReportStatus.DRAFT:
        raise DomainError(
            Message("reports.report.issued", gettext_noop("Báo cáo này đã ban hành."))
        )
    if not number.strip():
        raise DomainError(NUMBER_MISSING)
    report.number, report.date = number.strip(), issued_on
    with translation.override("vi"):  # the report is a Vietnamese document, whoever asks
        dash = selectors.dashboard(plan, today)
    content, files = final_files(dash, report)
    report.snapshot = content
    report.status = ReportStatus.ISSUED
    report.issued_by = user
    report.issued_at = timezone.now()
    report.save()
    for kind, (filename, mimetype, data) in files.items():
        ReportFile.objects.create(
            report=report,
            kind=kind,
            filename=filename,
            mimetype=mimetype,
            content=data,
            sha256=_sha(data),
        )
    log_action(
        actor=user,
        action="reports.report.issued",
        obj=report,
        plan=plan,
        organisation=plan.organisation,
        before={"status": ReportStatus.DRAFT},
        after={"status": ReportStatus.ISSUED, "number": report.reference, "date": issued_on},
    )
    return report


def final_document(plan: Plan, fmt: str, today: date | None = None) -> tuple[str, str, bytes]:
    """The final report as a file: an issued report's frozen bytes, else the current draft
    (or an unsaved one) rendered with today's figures."""
    report = current_report(plan)
    if report is not None and report.is_issued:
        frozen = report.files.filter(kind=fmt).first()
        if frozen is not None:
            return frozen.filename, frozen.mimetype, bytes(frozen.content)
    report = report or unsaved_report(plan)
    with translation.override("vi"):  # the report is a Vietnamese document, whoever asks
        dash = selectors.dashboard(plan, today)
    content = documents.final_content(dash, report)
    stem = documents.file_stem(plan, "final", report)
    return documents.render(content, documents.final_charts(dash), fmt, stem)


def outline_document(plan: Plan, fmt: str, on: date | None = None) -> tuple[str, str, bytes]:
    on = on or timezone.localdate()
    content = documents.outline_content(plan, selectors.outline_data(plan.organisation, on))
    stem = f"{documents.file_stem(plan, 'outline')}-{on.isoformat()}"
    return documents.render(content, {}, fmt, stem)
