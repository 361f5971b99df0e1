"""Views: authorise, bind a form, call one service, render or redirect (docs/conventions.md §4).
Access is decided by kehoach.accounts.access: outsiders 404, read-only writers 403."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from kehoach.accounts.access import can, get_plan_for_user, organisations_for, require
from kehoach.core.indicators import (
    INDICATOR_LABELS_VI,
    INDICATORS,
    add_months,
    compare_periods,
    group,
    online_rate,
)
from kehoach.documents.cells import csv_writer
from kehoach.errors import DomainError, Message
from kehoach.outcomes import charts, selectors, services
from kehoach.outcomes.columns import field_labels
from kehoach.outcomes.forms import OutcomeImportForm, ServiceForm
from kehoach.outcomes.models import ImportKind, OutcomeImport, Service
from kehoach.outcomes.tables import parse_month
from kehoach.plans.selectors import recent_plans
from kehoach.web.language import current, say, say_kept
from kehoach.web.pages import cached_value
from kehoach.web.pagination import paginate

PERIODS = ("month", "quarter", "year")
DIMENSIONS = ("", "agency", "district", "field", "level", "service")


def _organisation(request: HttpRequest) -> Any:
    orgs = organisations_for(request.user)
    if not orgs:
        raise Http404
    wanted = request.GET.get("org") or request.POST.get("org")
    return next((o for o in orgs if str(o.pk) == wanted), orgs[0])


def _month(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return parse_month(text)
    except ValueError:
        return None


def _synthetic_note(organisation: Any) -> Message | None:
    """Said in the reader's language, on a page (the ``said`` filter) and on a chart."""
    params = selectors.synthetic_params(organisation)
    return params.said if params else None


# -- statistics and indicators --------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    require(request.user, organisation, "view")
    period = request.GET.get("period", "quarter")
    period = period if period in PERIODS else "quarter"
    by = request.GET.get("by", "")
    by = by if by in DIMENSIONS else ""
    start, end = _month(request.GET.get("from")), _month(request.GET.get("to"))

    def computed() -> dict[str, Any]:
        rows = selectors.stat_rows(organisation)
        table = [
            {
                "period": key,
                "group": value,  # a level by its code, named on the page (the level filter)
                "figures": figures,
                "rates": [fn(figures) for fn in INDICATORS.values()],
            }
            for (key, value), figures in group(rows, period=period, by=by or None).items()
        ]
        comparisons = []
        if rows and start and end and end > start:
            comparisons = [
                compare_periods(rows, start, add_months(end, 1), name) for name in INDICATORS
            ]
        return {
            "table": table,
            "comparisons": comparisons,
            "findings": selectors.statistics_findings(organisation),
            "has_rows": bool(rows),
        }

    # Kept until the data changes (kehoach.web.pages): an import is an audited change. ("-2":
    # its groups by level hold the level's code since issue 23, no longer its Vietnamese name.)
    data = cached_value(
        request, "outcomes-dashboard-2", organisation, (period, by, start, end), computed
    )
    plans = recent_plans(organisation)
    return render(
        request,
        "outcomes/dashboard.html",
        {
            "organisation": organisation,
            "table": paginate(request, data["table"]),
            "period": period,
            "by": by,
            "periods": PERIODS,
            "dimensions": DIMENSIONS,
            "labels": list(INDICATOR_LABELS_VI.values()),
            "comparisons": data["comparisons"],
            "indicator_labels": INDICATOR_LABELS_VI,
            "from": request.GET.get("from", ""),
            "to": request.GET.get("to", ""),
            "findings": paginate(request, data["findings"], param="trang_kt"),
            "synthetic": _synthetic_note(organisation),
            "plans": plans,
            "can_edit": can(request.user, organisation, "outcomes_edit"),
            "has_rows": data["has_rows"],
        },
    )


def _monthly_points(rows: list[Any]) -> list[tuple[date, Any]]:
    """The monthly online rate; a quarter, a year or a dated period has no point on a monthly
    line (nothing is spread over months), and a month without figures is a gap."""
    return [
        (date.fromisoformat(key + "-01"), online_rate(figures))
        for (key, _v), figures in group([r for r in rows if r.kind == "month"]).items()
    ]


def _chart_response(content: bytes, fmt: str) -> HttpResponse:
    """A chart, drawn in the reader's language: kept by the browser a minute, for this
    language only (the language is the cookie's: ``Vary: Cookie``)."""
    response = HttpResponse(content, content_type=charts.MIMETYPES[fmt])
    response["Cache-Control"] = "private, max-age=60"
    patch_vary_headers(response, ("Cookie",))
    return response


@login_required
@require_GET
def online_chart(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in charts.MIMETYPES:
        raise Http404
    organisation = _organisation(request)
    require(request.user, organisation, "view")
    points = _monthly_points(selectors.stat_rows(organisation))
    return _chart_response(
        charts.online_rate_chart(
            points, note=_synthetic_note(organisation), fmt=fmt, language=current()
        ),
        fmt,
    )


# -- the catalogue --------------------------------------------------------------------------


@login_required
@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    require(request.user, organisation, "view")
    q = request.GET.get("q", "")
    try:
        on = date.fromisoformat(request.GET.get("on", "")) if request.GET.get("on") else None
    except ValueError:
        on = None
    on = on or date.today()
    services_qs = paginate(request, selectors.search_services(organisation, q))
    rows = []
    for service in services_qs:
        current = next(
            (
                p
                for p in service.levels.all()
                if p.valid_from <= on and (p.valid_to is None or on < p.valid_to)
            ),
            None,
        )
        rows.append((service, current))
    counts = selectors.catalogue_counts(organisation, on)
    return render(
        request,
        "outcomes/service_list.html",
        {
            "rows": rows,
            "page": services_qs,
            "q": q,
            "on": on,
            "counts": counts,
            "levels": sorted(counts.by_level.items()),
            "roadmap": selectors.roadmap(organisation),
            "synthetic": selectors.catalogue_is_synthetic(organisation),
            "can_edit": can(request.user, organisation, "outcomes_edit"),
        },
    )


def _service_form(request: HttpRequest, organisation: Any, service: Service | None) -> Any:
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.service_save(
                user=request.user,
                organisation=organisation,
                service=service,
                data=form.cleaned_data,
            )
        except DomainError as exc:
            messages.error(request, say(exc))
        else:
            messages.success(request, _("Đã lưu dịch vụ công."))
            return redirect("outcomes:service_edit", pk=saved.pk)
    return render(
        request,
        "outcomes/service_form.html",
        {"form": form, "service": service, "levels": service.levels.all() if service else []},
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    require(request.user, organisation, "outcomes_edit")
    return _service_form(request, organisation, None)  # type: ignore[no-any-return]


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_by_pk(pk)
    require(request.user, service.organisation, "view")
    if request.method == "POST" or not can(request.user, service.organisation, "outcomes_edit"):
        if request.method == "POST":
            require(request.user, service.organisation, "outcomes_edit")
        else:
            return render(
                request,
                "outcomes/service_form.html",
                {"service": service, "levels": service.levels.all(), "form": None},
            )
    return _service_form(request, service.organisation, service)  # type: ignore[no-any-return]


# -- imports --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    require(request.user, organisation, "view")
    editable = can(request.user, organisation, "outcomes_edit")
    form = OutcomeImportForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            kind = form.cleaned_data["kind"]
            if kind == ImportKind.DOSSIERS:
                # Never read into memory, never imported in the request: a preview of its
                # columns first, then, confirmed, a background job.
                job = services.dossiers_upload(
                    user=request.user,
                    organisation=organisation,
                    filename=upload.name,
                    chunks=upload.chunks(),
                    on_error=form.cleaned_data["on_error"],
                )
                return redirect("outcomes:import_detail", pk=job.pk)
            common = {
                "user": request.user,
                "organisation": organisation,
                "filename": upload.name,
                "content": upload.read(),
                "on_error": form.cleaned_data["on_error"],
            }
            if kind == ImportKind.CATALOGUE:
                job = services.catalogue_import(**common, as_of=form.cleaned_data["as_of"])
            else:
                # Preview first: nothing is saved until the person confirms the columns.
                job = services.stats_preview(**common, profile=form.cleaned_data["profile"])
            return redirect("outcomes:import_detail", pk=job.pk)
    jobs = paginate(request, selectors.imports_of(organisation))
    return render(
        request, "outcomes/import_list.html", {"form": form, "jobs": jobs, "editable": editable}
    )


def _job_for(request: HttpRequest, pk: int) -> OutcomeImport:
    job = selectors.import_job(pk)
    require(request.user, job.organisation, "view")
    return job


FIELD_CHOICES_ORDER = (
    "period",
    "agency",
    "service",
    "district",
    "carried_over",
    "stated_total",
    "stated_received",
    "received_online",
    "received_counter",
    "received_post",
    "stated_resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending",
    "pending_in_time",
    "pending_overdue",
    "with_fee",
    "paid_online",
    "rate_online",
    "rate_on_time",
    "rate_on_time_only",
    "rate_early",
    "rate_late",
    "rate_payment",
)


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    editable = can(request.user, job.organisation, "outcomes_edit")
    labels = field_labels()
    context = {
        "job": job,
        "errors": paginate(request, job.errors),
        "findings": paginate(request, job.findings, param="trang_kt"),
        "editable": editable,
        "running": job.status in ("queued", "running"),
        "undoable": editable
        and job.undone_at is None
        and job.status in ("done", "partial")
        and job.kind != ImportKind.CATALOGUE,
        "field_choices": [(name, labels[name]) for name in FIELD_CHOICES_ORDER],
        "has_error_file": bool(job.error_file) or bool(job.errors),
    }
    return render(request, "outcomes/import_detail.html", context)


@login_required
@require_http_methods(["POST"])
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview confirmed, with the columns as the person corrected them."""
    job = _job_for(request, pk)
    if not can(request.user, job.organisation, "outcomes_edit"):
        raise PermissionDenied
    if job.kind == ImportKind.DOSSIERS:
        # The columns are read by their header words; confirmed, the import runs in the
        # background and this page shows its progress.
        try:
            job = services.dossiers_confirm(user=request.user, job=job)
        except DomainError as exc:
            messages.error(request, say(exc))
        return redirect("outcomes:import_detail", pk=job.pk)
    columns: dict[str, str] = {}
    for i, column in enumerate(job.summary.get("columns", [])):
        if column.get("status") == "empty":
            continue
        chosen = request.POST.get(f"col-{i}", column.get("field") or "ignore")
        columns[column["header"]] = chosen if chosen in FIELD_CHOICES_ORDER else "ignore"
    try:
        job = services.stats_confirm(
            user=request.user,
            job=job,
            columns=columns,
            profile_name=request.POST.get("profile_name", "").strip()[:200],
            period=request.POST.get("period", "").strip()[:120],
        )
    except DomainError as exc:
        messages.error(request, say(exc))
    return redirect("outcomes:import_detail", pk=job.pk)


@login_required
@require_http_methods(["POST"])
def import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    if not can(request.user, job.organisation, "outcomes_edit"):
        raise PermissionDenied
    try:
        deleted = services.import_undo(user=request.user, job=job)
        messages.success(
            request, _("Đã hoàn tác lần nhập: xóa %(n)s dòng số liệu.") % {"n": deleted}
        )
    except DomainError as exc:
        messages.error(request, say(exc))
    return redirect("outcomes:import_detail", pk=job.pk)


@login_required
@require_GET
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    if job.error_file:
        response = HttpResponse(bytes(job.error_file), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="loi-nhap-{job.pk}.csv"'
        return response
    # No error file kept (a job written before, a catalogue's rows): the list is written now,
    # in the reader's language — its header and each problem (said from its parts, or as
    # written when kept before); the kind is the problem's code.
    buffer = io.StringIO()
    writer = csv_writer(buffer)  # a cell "=…" of the uploaded file stays text (issue 21)
    writer.writerow(
        [
            pgettext("error file", "dòng"),
            pgettext("error file", "loại"),
            pgettext("error file", "lỗi"),
        ]
    )
    for error in job.errors:
        writer.writerow([error.get("line", ""), error.get("kind", ""), say_kept(error)])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="loi-nhap-{job.pk}.csv"'
    return response


@login_required
@require_GET
def import_file(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    content = bytes(job.content or b"")
    if not content:
        raise Http404
    response = HttpResponse(content, content_type="application/octet-stream")
    safe = "".join(c for c in job.filename if c.isalnum() or c in "._-") or "tep"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


# -- a plan ---------------------------------------------------------------------------------


@login_required
@require_GET
def plan_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    data = selectors.plan_indicators(plan)
    synthetic = data["synthetic"]
    return render(
        request,
        "outcomes/plan_indicators.html",
        {
            "plan": plan,
            **data,
            "synthetic_note": synthetic.said if synthetic else None,
            "deliveries": selectors.campaign_deliveries(plan),
            "has_airings": bool(selectors.district_airings(plan)),
        },
    )


@login_required
@require_GET
def plan_chart(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in charts.MIMETYPES:
        raise Http404
    plan = get_plan_for_user(request.user, pk)
    points = _monthly_points(selectors.stat_rows(plan.organisation))
    deliveries = [(d.day, d.label) for d in selectors.campaign_deliveries(plan)]
    title = charts.PLAN_TITLE.with_params(plan=plan.reference or plan.title[:40])
    content = charts.online_rate_chart(
        points,
        title=title,
        period=None if deliveries else selectors.plan_period(plan),
        deliveries=deliveries,
        note=_synthetic_note(plan.organisation),
        fmt=fmt,
        language=current(),
    )
    return _chart_response(content, fmt)


@login_required
@require_GET
def plan_district_chart(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in charts.MIMETYPES:
        raise Http404
    plan = get_plan_for_user(request.user, pk)
    period = selectors.plan_period(plan)
    rows = [r for r in selectors.stat_rows(plan.organisation) if r.district]
    if period:
        rows = [r for r in rows if period[0] <= r.month < period[1]]
    airings = selectors.district_airings(plan)
    data = [
        (district, airings.get(district) if airings else None, online_rate(figures))
        for (_k, district), figures in group(rows, period="year", by="district").items()
    ]
    content = charts.district_chart(
        data, note=_synthetic_note(plan.organisation), fmt=fmt, language=current()
    )
    return _chart_response(content, fmt)
