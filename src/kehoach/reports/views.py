"""Views: authorise (kehoach.accounts.access), bind a form, call one service, render or
redirect (docs/conventions.md §4). Outsiders get 404, read-only people 403 on writes."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kehoach.accounts.access import can, get_plan_for_user, organisations_for, require
from kehoach.documents.writers import RenderError
from kehoach.errors import DomainError
from kehoach.reports import charts, selectors, services
from kehoach.reports.forms import ReportIssueForm, ReportTextForm
from kehoach.reports.models import ReportStatus
from kehoach.web.language import current as _lang
from kehoach.web.pages import cached_part
from kehoach.web.pagination import paginate
from kehoach.web.shortcuts import attachment as _attachment
from kehoach.web.shortcuts import refuse as _error

DOCUMENT_FORMATS = ("docx", "pdf")
FILTERS = ("activity", "unit", "month", "stage", "late")


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@login_required
@require_GET
def department(request: HttpRequest) -> HttpResponse:
    orgs = organisations_for(request.user)
    if not orgs:
        raise Http404
    wanted = request.GET.get("org")
    organisation = next((o for o in orgs if str(o.pk) == wanted), orgs[0])
    require(request.user, organisation, "view")
    wanted_year = request.GET.get("year", "")
    year = int(wanted_year) if wanted_year.isdigit() and len(wanted_year) == 4 else None
    return render(
        request,
        "reports/department.html",
        {
            "organisation": organisation,
            "organisations": orgs,
            "department": selectors.department(organisation, year),
        },
    )


@login_required
@require_GET
def plan_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign dashboard. Its body is kept until the data changes or the day does (a
    deliverable becomes late; kehoach.web.pages); the visits of the short links are counted
    without an audit entry, so they are read on every view."""
    plan = get_plan_for_user(request.user, pk)

    def body() -> str:
        dash = selectors.dashboard(plan)
        synthetic = dash.indicators.get("synthetic")
        return render_to_string(
            "reports/_dashboard_body.html",
            {
                "plan": plan,
                "dash": dash,
                "synthetic_note": synthetic.describe(_lang()) if synthetic else None,
            },
        )

    return render(
        request,
        "reports/plan_dashboard.html",
        {
            "plan": plan,
            "as_of": timezone.localdate(),
            "body": cached_part(request, "dashboard", plan, body, daily=True),
            "visits": selectors.plan_visits(plan, channels_only=True),
            "report": services.current_report(plan),
        },
    )


@login_required
@require_GET
def records(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    filters = {name: request.GET.get(name, "")[:40] for name in FILTERS}
    return render(
        request,
        "reports/records.html",
        {
            "plan": plan,
            "rows": paginate(request, selectors.records(plan, filters)),
            "filters": {k: v for k, v in filters.items() if v},
        },
    )


@login_required
@require_GET
def progress_chart(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in charts.MIMETYPES:
        raise Http404
    plan = get_plan_for_user(request.user, pk)
    dash = selectors.dashboard(plan)
    content = charts.progress_chart(
        [(g.label, g.counts.planned, g.counts.aired, g.counts.accepted) for g in dash.by_month],
        fmt=fmt,
        language=_lang(),
    )
    response = HttpResponse(content, content_type=charts.MIMETYPES[fmt])
    response["X-Content-Type-Options"] = "nosniff"
    patch_vary_headers(response, ("Cookie",))  # drawn in the language of the person's cookie
    return response


@login_required
@require_http_methods(["GET", "POST"])
def final(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    report = services.current_report(plan)
    editable = can(request.user, plan.organisation, "report_edit") and (
        report is None or report.status == ReportStatus.DRAFT
    )
    initial = {"problems": report.problems, "proposals": report.proposals} if report else {}
    form = ReportTextForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        require(request.user, plan.organisation, "report_edit")
        if form.is_valid():
            services.report_save(
                user=request.user,
                plan=plan,
                problems=form.cleaned_data["problems"],
                proposals=form.cleaned_data["proposals"],
            )
            messages.success(request, _("Đã lưu dự thảo báo cáo."))
            return redirect("reports:final", pk=pk)
    issued = plan.reports.filter(status=ReportStatus.ISSUED).prefetch_related("files")
    return render(
        request,
        "reports/final.html",
        {
            "plan": plan,
            "report": report,
            "form": form,
            "editable": editable,
            "can_issue": can(request.user, plan.organisation, "report_issue"),
            "issued": issued,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def final_issue(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, action="report_issue")
    report = plan.reports.filter(status=ReportStatus.DRAFT).order_by("-id").first()
    form = ReportIssueForm(
        request.POST if request.method == "POST" else None,
        initial={"issued_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        if report is None:
            messages.error(request, _("Chưa có dự thảo báo cáo để ban hành."))
        else:
            try:
                services.report_issue(
                    user=request.user,
                    report=report,
                    number=form.cleaned_data["number"],
                    issued_on=form.cleaned_data["issued_on"],
                )
            except (DomainError, RenderError) as exc:
                _error(request, exc)
            else:
                return redirect("reports:final", pk=pk)
    return render(
        request, "reports/final_issue.html", {"plan": plan, "report": report, "form": form}
    )


@login_required
@require_GET
def final_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    if fmt not in DOCUMENT_FORMATS:
        raise Http404
    wanted = request.GET.get("report", "")
    if wanted:
        frozen = selectors.report_file(plan, int(wanted) if wanted.isdigit() else 0, fmt)
        if frozen is None:
            raise Http404
        return _attachment(frozen.filename, frozen.mimetype, bytes(frozen.content))
    return _attachment(*services.final_document(plan, fmt))


@login_required
@require_GET
def outline(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    if fmt not in DOCUMENT_FORMATS:
        raise Http404
    return _attachment(*services.outline_document(plan, fmt, _day(request.GET.get("on"))))
