"""Views: authorise, bind a form, call one service, render or redirect (docs/conventions.md §4)."""

from __future__ import annotations

import csv
import functools
import io
import json
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kehoach.accounts.access import can, get_plan_for_user, organisations_for, require
from kehoach.core.bounds import words_or_note
from kehoach.core.findings import Finding
from kehoach.core.messages import Message
from kehoach.core.money import format_vnd
from kehoach.documents.writers.pdf import render_html
from kehoach.plans import grid, norm_examples, selectors, services
from kehoach.plans.figures import PlanFigures
from kehoach.plans.forms import (
    CloneForm,
    ImportForm,
    IssueForm,
    LineForm,
    NormForm,
    PlanCreateForm,
    PlanHeaderForm,
    ReturnForm,
    items_formset,
    parts_formsets,
)
from kehoach.plans.mapping import build_estimate, plan_to_document, render_plan
from kehoach.plans.models import (
    EstimateLine,
    ImportJob,
    PlanStatus,
)
from kehoach.plans.selectors import findings_by_line, plan_findings, plans_for_user
from kehoach.plans.tables import (
    editor_layout,
    editor_rows,
    estimate_table_rows,
    findings_html,
    findings_panel,
    section_choices,
    section_totals,
)
from kehoach.web.language import current as _lang
from kehoach.web.language import say
from kehoach.web.pages import cached_part, cached_plan_value
from kehoach.web.pagination import paginate
from kehoach.web.shortcuts import attachment as _attachment
from kehoach.web.shortcuts import refuse as _error

# Above this many lines the editor shows one top-level section at a time (11 inputs a line:
# a whole 300-line estimate would be 3,300 inputs, slow to load and to use).
EDITOR_PAGE_LINES = 120


def _organisation(request: HttpRequest) -> Any:
    orgs = organisations_for(request.user)
    if not orgs:
        raise Http404
    wanted = request.GET.get("org") or request.POST.get("org")
    for org in orgs:
        if str(org.pk) == wanted:
            return org
    return orgs[0]


# -- lists and creation ---------------------------------------------------------------------


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    status = request.GET.get("status", "")
    q = request.GET.get("q", "")
    plans = plans_for_user(
        request.user,
        year=int(year) if year.isdigit() else None,
        status=status if status in PlanStatus.values else "",
        q=q,
    )
    years = plans_for_user(request.user).order_by("-year").values_list("year", flat=True).distinct()
    orgs = organisations_for(request.user)
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": paginate(request, plans),
            "years": years,
            "year": year,
            "status": status,
            "q": q,
            "statuses": PlanStatus.choices,
            "can_create": any(can(request.user, o, "create") for o in orgs),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    require(request.user, organisation, "create")
    form = PlanCreateForm(request.POST or None, initial={"year": date.today().year})
    if request.method == "POST" and form.is_valid():
        plan = services.plan_create(
            user=request.user,
            organisation=organisation,
            title=form.cleaned_data["title"],
            year=form.cleaned_data["year"],
        )
        return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_create.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    require(request.user, organisation, "create")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = services.plan_import_read(
            user=request.user,
            organisation=organisation,
            filename=upload.name or "",
            content=upload.read(),
        )
        return redirect("plans:import_preview", pk=job.pk)
    return render(request, "plans/plan_import.html", {"form": form})


def _job_for_user(request: HttpRequest, pk: int) -> ImportJob:
    job = selectors.import_job(pk)
    require(request.user, job.organisation, "create")
    if job.user_id != request.user.pk:
        raise Http404
    return job


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for_user(request, pk)
    if request.method == "POST":
        try:
            plan = services.plan_import_apply(user=request.user, job=job)
        except services.DomainError as exc:
            _error(request, exc)
            return redirect("plans:import_preview", pk=job.pk)
        messages.success(request, _("Đã tạo kế hoạch từ tệp."))
        return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/import_preview.html", {"job": job})


# -- a plan ---------------------------------------------------------------------------------


class _Frozen(Exception):
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def _editable(request: HttpRequest, pk: int) -> Any:
    """The plan for an editing page, or a redirect to it with the reason it is frozen."""
    plan = get_plan_for_user(request.user, pk, action="edit")
    if not plan.is_editable:
        messages.error(
            request, say(services.NOT_EDITABLE.with_params(status=plan.get_status_display()))
        )
        raise _Frozen(redirect("plans:detail", pk=pk))
    return plan


def editing_page(view: Any) -> Any:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response: HttpResponse = view(request, *args, **kwargs)
        except _Frozen as frozen:
            return frozen.response
        return response

    return wrapped


def _analysis(plan: Any) -> dict[str, Any]:
    """The plan recomputed: its document, findings, totals and the amount in words."""
    doc = plan_to_document(plan)
    findings = plan_findings(plan, doc)
    estimate = doc.estimate
    totals = section_totals(estimate)
    grand = sum((totals[s.key] for s in estimate.sections), Decimal(0))
    return {
        "plan": plan,
        "doc": doc,
        "estimate": estimate,
        "totals": totals,
        "grand_total": grand,
        "total_words": words_or_note(grand),
        "findings": findings,
        "findings_by_line": findings_by_line(findings),
        "lang": _lang(),
    }


def _permissions(request: HttpRequest, plan: Any) -> dict[str, Any]:
    user = request.user
    return {
        "plan": plan,
        "lang": _lang(),
        "can_edit": plan.is_editable and can(user, plan.organisation, "edit"),
        "can_submit": plan.is_editable and can(user, plan.organisation, "submit"),
        "can_approve": plan.status == PlanStatus.SUBMITTED
        and can(user, plan.organisation, "approve"),
        "can_issue": plan.status == PlanStatus.APPROVED and can(user, plan.organisation, "issue"),
        "can_revise": plan.status == PlanStatus.ISSUED and can(user, plan.organisation, "revise"),
        "can_clone": can(user, plan.organisation, "create"),
    }


def _plan_context(request: HttpRequest, plan: Any) -> dict[str, Any]:
    return {**_analysis(plan), **_permissions(request, plan)}


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan page. Its body (findings, estimate, parts) is the same for everyone who may see
    the plan and is kept until the data changes (kehoach.web.pages)."""
    plan = get_plan_for_user(request.user, pk)
    context = _permissions(request, plan)

    def body() -> str:
        part = _analysis(plan)
        part["estimate_rows"] = estimate_table_rows(
            part["estimate"], part["totals"], part["findings_by_line"], part["lang"]
        )
        return render_to_string("plans/_plan_body.html", part)

    context["body"] = cached_part(request, "plan-body", plan, body)
    context["versions"] = plan.versions.prefetch_related("files")
    context["return_form"] = ReturnForm()
    context["revision_of"] = plan.revision_of
    context["revisions"] = list(plan.revisions.order_by("id"))
    context["effective"] = (
        services.effective_version(plan) if plan.status == PlanStatus.SUPERSEDED else None
    )
    if context["can_approve"]:
        refusal = services.approval_refusal(request.user, plan)
        if refusal is not None:
            context["can_approve"] = False
            context["approve_refusal"] = say(refusal)
    return render(request, "plans/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@editing_page
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable(request, pk)
    form = PlanHeaderForm(request.POST or None, instance=plan, initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        fresh = get_plan_for_user(request.user, pk, action="edit")
        try:
            services.plan_update(
                user=request.user,
                plan=fresh,
                data=data,
                lock_version=form.cleaned_data["version"],
            )
        except services.StaleEdit as exc:
            _error(request, exc)
            return render(
                request,
                "plans/plan_edit.html",
                {"plan": fresh, "form": form, "changes": exc.changes},
                status=409,
            )
        except services.DomainError as exc:
            _error(request, exc)
            return redirect("plans:detail", pk=pk)
        return redirect("plans:detail", pk=pk)
    return render(request, "plans/plan_edit.html", {"plan": plan, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@editing_page
def plan_parts(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable(request, pk)
    formsets = parts_formsets(plan, request.POST or None)
    version = _shown_version(request, plan)
    context = {"plan": plan, "formsets": formsets, "version": version}
    if request.method == "POST":
        if all(f.is_valid() for f in formsets.values()):
            try:
                services.plan_parts_update(
                    user=request.user, plan=plan, formsets=formsets, lock_version=version
                )
            except services.DomainError as exc:
                _error(request, exc)
                context["changes"] = getattr(exc, "changes", [])
                return render(request, "plans/plan_parts.html", context, status=409)
            return redirect("plans:detail", pk=pk)
        messages.error(request, _("Có ô nhập chưa đúng; xem thông báo cạnh từng ô."))
    return render(request, "plans/plan_parts.html", context)


def _shown_version(request: HttpRequest, plan: Any) -> int:
    """The plan's version the submitted page showed (a page kept stale stays stale: the refusal
    renders it again with the same version), or the current one for a new page."""
    if request.method != "POST":
        return int(plan.version)
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() and len(value) < 12 else 0


@login_required
@require_http_methods(["GET", "POST"])
@editing_page
def activity_items(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    plan = _editable(request, pk)
    activity = selectors.activity_of(plan, activity_pk)
    formset = items_formset(activity, request.POST or None)
    version = _shown_version(request, plan)
    context = {"plan": plan, "activity": activity, "formset": formset, "version": version}
    if request.method == "POST" and formset.is_valid():
        try:
            services.activity_items_update(
                user=request.user, activity=activity, formset=formset, lock_version=version
            )
        except services.DomainError as exc:
            _error(request, exc)
            context["changes"] = getattr(exc, "changes", [])
            return render(request, "plans/activity_items.html", context, status=409)
        return redirect("plans:parts", pk=pk)
    return render(request, "plans/activity_items.html", context)


@login_required
@require_GET
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    entries = paginate(request, selectors.plan_history(plan))
    return render(request, "plans/plan_history.html", {"plan": plan, "entries": entries})


# -- the estimate editor --------------------------------------------------------------------


@login_required
@require_GET
@editing_page
def estimate_editor(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor. Its rows hold no per-person data (the forms' CSRF token is in one form of
    the page, which every row's buttons name), so they are kept until the data changes."""
    plan = _editable(request, pk)
    context = _permissions(request, plan)
    analysis: dict[str, Any] = {}

    def computed() -> dict[str, Any]:
        if not analysis:
            analysis.update(_analysis(plan))
        return analysis

    layout = cached_plan_value(
        request,
        "editor-layout",
        plan,
        lambda: editor_layout(computed()["estimate"], computed()["totals"]),
    )
    tops = [top["id"] for top in layout["tops"]]
    current: int | None = None
    if layout["lines"] > EDITOR_PAGE_LINES and tops:
        wanted = request.GET.get("muc", "")
        current = int(wanted) if wanted.isdigit() and int(wanted) in tops else tops[0]
    context["layout"] = layout
    context["current"] = current

    context.update(_editor_parts(request, plan, current, computed))
    context["undo"] = services.undo_state(request.user, plan)
    return render(request, "plans/estimate_editor.html", context)


def _editor_parts(
    request: HttpRequest, plan: Any, current: int | None, computed: Any = None
) -> dict[str, Any]:
    """The editor's kept parts: rows (one top-level section on large plans), footer, findings
    (summary bar and list) and the sections' lists."""
    analysis: dict[str, Any] = {}

    def fresh() -> dict[str, Any]:
        if not analysis:
            analysis.update(_analysis(plan))
        return analysis

    part = computed or fresh

    def rows() -> str:
        return editor_rows(
            plan.pk,
            part()["estimate"],
            part()["totals"],
            part()["findings_by_line"],
            part()["lang"],
            only=current,
        )

    panel = cached_plan_value(
        request,
        "editor-findings-panel",
        plan,
        lambda: findings_panel(part()["estimate"], part()["findings"], part()["lang"]),
    )
    return {
        "editor_rows": cached_part(request, f"editor-rows-{current or 'all'}", plan, rows),
        "editor_footer": cached_part(
            request,
            "editor-footer",
            plan,
            lambda: render_to_string("plans/_editor_footer.html", part()),
        ),
        "editor_findings": mark_safe(panel["list"]),  # built and escaped by findings_panel
        "findings_bar": mark_safe(panel["bar"]),
        "section_choices": cached_part(
            request, "editor-sections", plan, lambda: section_choices(part()["estimate"])
        ),
    }


def _current_section(request: HttpRequest, plan: Any) -> int | None:
    """The top-level section a large plan's editor shows (``muc``), ``None`` for a small plan."""

    def compute() -> dict[str, Any]:
        part = _analysis(plan)
        return editor_layout(part["estimate"], part["totals"])

    layout = cached_plan_value(request, "editor-layout", plan, compute)
    tops = [top["id"] for top in layout["tops"]]
    if layout["lines"] <= EDITOR_PAGE_LINES or not tops:
        return None
    wanted = request.POST.get("muc", "") or request.GET.get("muc", "")
    return int(wanted) if wanted.isdigit() and int(wanted) in tops else tops[0]


def _editor_refresh(
    request: HttpRequest,
    plan: Any,
    line_pk: int | None = None,
    errors: dict[str, Any] | None = None,
    message: str = "",
    changes: list[str] | None = None,
    version: int | None = None,
) -> HttpResponse:
    """What the server recomputed after a change of one line: its total and findings, the
    totals of the sections that hold it, the grand total, the words and the lock — swapped in
    place (out of band) so the row being typed in keeps its focus. A line's own findings depend
    only on that line; findings about the whole plan are refreshed in their panel."""
    context = _plan_context(request, plan)
    line = None
    for _section, candidate in context["estimate"].walk_lines():
        if candidate.db_id == line_pk:
            line = candidate
    sections = [
        {"id": s.db_id, "total": context["totals"][s.key]}
        for s in context["estimate"].walk_sections()
        if line is not None and line.key.startswith(s.key + ".")
    ]
    panel = findings_panel(context["estimate"], context["findings"], context["lang"])
    context.update(
        {
            "findings_bar": mark_safe(panel["bar"]),  # built and escaped by findings_panel
            "findings_list": mark_safe(panel["list"]),
            "line_pk": line_pk,
            "line": line,
            "line_findings": mark_safe(  # built and escaped by findings_html
                findings_html(
                    context["findings_by_line"].get(line.key, []) if line else [],
                    context["lang"],
                )
            ),
            "chain": sections,
            "errors": errors or {},
            "message": message,
            "changes": changes or [],
            # The row's new version after a save; after a refusal the row keeps the version it
            # showed, so no later save from that page goes through until it is reloaded.
            "version": version,
        }
    )
    return render(request, "plans/_editor_refresh.html", context)


def _line_for_user(request: HttpRequest, pk: int, line_pk: int) -> tuple[Any, EstimateLine]:
    """The line with its plan and organisation in one query; the person's right to edit is
    checked as ``get_plan_for_user`` checks it (which also answers a line not found: 404 for
    outsiders, 403 for members without the right, then 404)."""
    line = selectors.line_with_plan(pk, line_pk)
    if line is None:
        get_plan_for_user(request.user, pk, action="edit")
        raise Http404
    require(request.user, line.plan.organisation, "edit")
    return line.plan, line  # the same plan object: the services' changes show in the view's


def _lock(request: HttpRequest) -> int | None:
    value = request.POST.get("lock_version", "")
    return int(value) if value.isdigit() else None


def _row_version(request: HttpRequest, line_pk: int) -> int | None:
    """The line's version its row showed (``line-<id>-version``), ``None`` when not sent."""
    value = request.POST.get(f"line-{line_pk}-version", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


# What the estimate editor's structure buttons say when a field is missing (issue 24: one
# language per screen; the text is chosen at the edge).
CHOOSE_SECTION = Message("plans.line.no_section", gettext_noop("Hãy chọn mục để thêm dòng."))
SECTION_TITLE = Message("plans.section.no_title", gettext_noop("Hãy nhập tên mục."))


def no_section(key: str) -> Message:
    return Message(
        "plans.section.unknown", gettext_noop("Không có mục '{key}' trong dự toán.")
    ).with_params(key=key)


def _said(exc: services.DomainError) -> str:
    return say(exc)


def _refuse_row(request: HttpRequest, exc: services.DomainError) -> None:
    """A refused move or delete: the message, and what changed since when it was stale."""
    changes = getattr(exc, "changes", [])
    messages.error(request, " ".join([_said(exc), *changes]))


@login_required
@require_POST
def line_update(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    plan, line = _line_for_user(request, pk, line_pk)
    prefix = f"line-{line.pk}"
    form = LineForm(request.POST, instance=line, prefix=prefix)
    if not form.is_valid():
        return _editor_refresh(request, plan, line.pk, errors=form.errors, message="")
    sent = [k for k in form.changed_data if f"{prefix}-{k}" in request.POST]
    try:
        saved = services.line_update(
            user=request.user,
            line=line,
            data={k: form.cleaned_data[k] for k in sent},
            version=_row_version(request, line.pk),
        )
    except services.StaleEdit as exc:
        plan.refresh_from_db()
        return _editor_refresh(request, plan, line.pk, message=_said(exc), changes=exc.changes)
    except services.DomainError as exc:
        plan.refresh_from_db()
        return _editor_refresh(request, plan, line.pk, message=_said(exc))
    if request.headers.get("X-Kehoach-Findings") == "later":
        # The service locked and bumped ``plan`` itself (line.plan is plan): no reload.
        return _totals_refresh(request, plan, line.pk, saved.version, saved)
    plan.refresh_from_db()
    return _editor_refresh(request, plan, line.pk, version=saved.version)


def _totals_refresh(
    request: HttpRequest, plan: Any, line_pk: int, version: int, saved: EstimateLine
) -> HttpResponse:
    """After a saved change, for the grid (which asks for the findings in a second request,
    ``plans:estimate_findings``, once the person pauses): only the figures — the line's total,
    its sections' totals, the grand total and the words — without building the estimate,
    rebuilding the document or rerunning the checks (issue 22). They come from the plan's
    figures the service read under the plan's lock for the bounds (kehoach.plans.figures: no
    query more), computed by the core's own arithmetic; a save that changed nothing reads
    them (two queries)."""
    figures = saved.__dict__.get("plan_figures") or PlanFigures.read(plan.pk)
    totals = figures.section_totals()
    grand = figures.grand_total(totals)
    known = line_pk in figures.lines
    chain = [
        {"id": section, "total": totals[section]}
        for section in (figures.chain(figures.lines[line_pk][0]) if known else [])
    ]
    context = {
        "plan": plan,
        "line_pk": line_pk,
        "line": {"total": figures.line_total(line_pk)} if known else None,
        "chain": chain,
        "grand_total": grand,
        "total_words": words_or_note(grand),
        "version": version,
        "findings_later": True,
    }
    return render(request, "plans/_editor_refresh.html", context)


@login_required
@require_GET
def estimate_findings(request: HttpRequest, pk: int) -> HttpResponse:
    """The findings after the grid's saves: beside each line asked for (``lines``: ids), the
    summary bar and the list, swapped in place (out of band)."""
    plan = get_plan_for_user(request.user, pk, action="edit")
    wanted = {
        int(x) for x in request.GET.get("lines", "").split(",")[:500] if x.isdigit() and len(x) < 12
    }
    analysis = _analysis(plan)
    panel = findings_panel(analysis["estimate"], analysis["findings"], analysis["lang"])
    parts = [
        f'<div id="findings-{line.db_id}" hx-swap-oob="true">'
        + findings_html(analysis["findings_by_line"].get(line.key, []), analysis["lang"])
        + "</div>"
        for _section, line in analysis["estimate"].walk_lines()
        if line.db_id in wanted
    ]
    parts.append(f'<div id="all-findings" hx-swap-oob="true">{panel["list"]}</div>')
    parts.append(f'<div id="findings-bar" hx-swap-oob="true">{panel["bar"]}</div>')
    return HttpResponse("".join(parts))  # built and escaped by findings_html/findings_panel


def _after_structure_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Back to the editor, on the top-level section the person was editing (large plans)."""
    response = redirect("plans:estimate", pk=pk)
    section = request.POST.get("muc", "")
    if section.isdigit():
        response["Location"] += f"?muc={section}"
    return response


@login_required
@require_POST
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, action="edit")
    for where in ("above", "below"):  # a row's "insert above / below"
        wanted = request.POST.get(where, "")
        if wanted.isdigit():
            line = selectors.line_of(plan, int(wanted))
            try:
                services.line_insert(user=request.user, line=line, where=where)
            except services.DomainError as exc:
                _error(request, exc)
            return _after_structure_change(request, pk)
    section_id = request.POST.get("section", "")
    section = plan.sections.filter(pk=section_id).first() if section_id.isdigit() else None
    filled = [
        k.removeprefix("content-")
        for k, v in request.POST.items()
        if k.startswith("content-") and str(v).strip()
    ]
    # Enter in a section's "new line" box submits the page's form with its first button
    # (section A's): the line goes to the one section whose box was filled.
    pressed_empty = section is not None and not request.POST.get(f"content-{section.pk}", "")
    if pressed_empty and len(filled) == 1 and filled[0].isdigit():
        section = plan.sections.filter(pk=int(filled[0])).first() or section
    if section is None:
        messages.error(request, say(CHOOSE_SECTION))
        return _after_structure_change(request, pk)
    content = (
        request.POST.get(f"content-{section.pk}", "").strip()
        or request.POST.get("content", "").strip()
        or "Dòng mới"
    )
    try:
        services.line_create(
            user=request.user, section=section, content=content[:300], lock_version=_lock(request)
        )
    except services.DomainError as exc:
        _error(request, exc)
    return _after_structure_change(request, pk)


@login_required
@require_POST
def line_delete(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    _plan, line = _line_for_user(request, pk, line_pk)
    try:
        services.line_delete(user=request.user, line=line, version=_row_version(request, line.pk))
    except services.DomainError as exc:
        _refuse_row(request, exc)
    return _after_structure_change(request, pk)


@login_required
@require_POST
def line_move(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    plan, line = _line_for_user(request, pk, line_pk)
    section = None
    if request.POST.get("section"):
        section = selectors.section_of(plan, request.POST["section"])
    elif request.POST.get(f"to-{line_pk}", "").strip():
        # The editor's "move to section" field: a section's key as the page shows it (A.II).
        wanted = request.POST[f"to-{line_pk}"].strip().upper()
        keys = {s.key.upper(): s.db_id for s in build_estimate(plan).walk_sections()}
        if wanted not in keys:
            messages.error(request, say(no_section(wanted[:20])))
            return _after_structure_change(request, pk)
        section = selectors.section_of(plan, keys[wanted])
    try:
        services.line_move(
            user=request.user,
            line=line,
            direction=request.POST.get("direction", ""),
            section=section,
            version=_row_version(request, line.pk),
        )
    except services.DomainError as exc:
        _refuse_row(request, exc)
    return _after_structure_change(request, pk)


@login_required
@require_POST
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, action="edit")
    parent = None
    if request.POST.get("parent"):
        parent = selectors.section_of(plan, request.POST["parent"])
    title = request.POST.get("title", "").strip()
    if not title:
        messages.error(request, say(SECTION_TITLE))
        return _after_structure_change(request, pk)
    try:
        services.section_create(
            user=request.user,
            plan=plan,
            code=request.POST.get("code", "").strip()[:10],
            title=title[:300],
            parent=parent,
            lock_version=_lock(request),
        )
    except services.DomainError as exc:
        _error(request, exc)
    return _after_structure_change(request, pk)


def _cells_refused(reading: Any, created: list[Any]) -> list[dict[str, str]]:
    for new, errors in zip(created, reading.addition_errors, strict=False):
        for error in errors:
            error.line = new
    cells = [*reading.errors, *(e for errs in reading.addition_errors for e in errs)]
    return [
        {"name": e.name(), "text": e.text, "message": e.message, "field": e.field}
        for e in cells
        if e.line is not None
    ]


@login_required
@require_POST
def estimate_save(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor page saved whole, as a browser without JavaScript sends it (its "save"
    button, or Enter in any cell): changed lines and filled "new line" boxes, all or none."""
    plan = get_plan_for_user(request.user, pk, action="edit")
    reading = grid.read_page(plan, request.POST)
    try:
        created = services.lines_apply(
            user=request.user, plan=plan, changes=reading.changes, additions=reading.additions
        )
    except services.DomainError as exc:
        _refuse_row(request, exc)
        return _after_structure_change(request, pk)
    refused = _cells_refused(reading, created)
    for cell in refused:
        messages.error(request, f"{cell['text'][:40]!r}: {cell['message']}")
    if reading.changes or reading.additions:
        messages.success(request, _("Đã lưu các thay đổi."))
    return _after_structure_change(request, pk)


def _json_parts(request: HttpRequest, plan: Any, **extra: Any) -> JsonResponse:
    """What the grid repaints after a change of several lines: rows, footer, findings, lock,
    and how many changes can be undone / redone."""
    plan.refresh_from_db()
    current = _current_section(request, plan)
    parts = _editor_parts(request, plan, current)
    return JsonResponse(
        {
            "rows": str(parts["editor_rows"]),
            "footer": str(parts["editor_footer"]),
            "findings": str(parts["editor_findings"]),
            "bar": str(parts["findings_bar"]),
            "lock": plan.lock_version,
            "undo": services.undo_state(request.user, plan),
            **extra,
        }
    )


@login_required
@require_POST
def estimate_paste(request: HttpRequest, pk: int) -> HttpResponse:
    """A block pasted from a spreadsheet into the grid: ``line`` and ``field`` name its top-left
    cell, ``text`` is the clipboard's tab-separated text, ``versions`` the rows' versions as
    the page showed them (JSON). Readable cells are saved in one transaction; the others come
    back by cell name with the reason."""
    plan = get_plan_for_user(request.user, pk, action="edit")
    line_pk = request.POST.get("line", "")
    anchor = selectors.find_line(
        plan, int(line_pk) if line_pk.isdigit() and len(line_pk) < 12 else 0
    )
    rows = grid.parse_block(request.POST.get("text", "")[:1_000_000])
    if anchor is None or not rows or sum(len(r) for r in rows) > grid.MAX_CELLS:
        # Nothing is saved; the grid says why (an answer, not an error page).
        return JsonResponse(
            {
                "message": _(
                    "Không dán được: hãy chọn ô bắt đầu trong bảng, rồi dán một khối ô "
                    "(tối đa 10.000 ô)."
                ),
                "errors": [],
            }
        )
    try:
        shown = json.loads(request.POST.get("versions", "{}") or "{}")
        versions = {int(k): int(v) for k, v in shown.items() if str(v).isdigit()}
    except (ValueError, AttributeError, TypeError):
        versions = {}
    reading = grid.read_paste(anchor, request.POST.get("field", ""), rows, versions)
    try:
        created = services.lines_apply(
            user=request.user, plan=plan, changes=reading.changes, additions=reading.additions
        )
    except services.StaleEdit as exc:
        return JsonResponse({"message": _said(exc), "changes": exc.changes}, status=409)
    except services.DomainError as exc:
        return JsonResponse({"message": _said(exc)}, status=409)
    errors = _cells_refused(reading, created)
    message = _("Đã dán %(rows)s dòng: %(changed)s dòng sửa, %(added)s dòng thêm.") % {
        "rows": len(rows),
        "changed": len(reading.changes),
        "added": len(created),
    }
    if errors:
        message += " " + _("%(n)s ô không đọc được, đã đánh dấu trên bảng.") % {"n": len(errors)}
    if reading.ignored_columns:
        message += " " + _("%(n)s cột thừa bên phải bị bỏ qua.") % {"n": reading.ignored_columns}
    return _json_parts(request, plan, message=message, errors=errors)


@login_required
@require_POST
def estimate_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo (``redo=1``: redo) the person's own last line change, as an audited change."""
    plan = get_plan_for_user(request.user, pk, action="edit")
    redo = request.POST.get("redo") == "1"
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        line = services.line_undo(user=request.user, plan=plan, redo=redo)
    except services.DomainError as exc:
        if wants_json:
            return JsonResponse({"message": _said(exc)}, status=409)
        _error(request, exc)
        return _after_structure_change(request, pk)
    said = (
        _("Đã làm lại thay đổi ở dòng %(line)s.")
        if redo
        else _("Đã hoàn tác thay đổi ở dòng %(line)s.")
    )
    message = said % {"line": line.number or line.content[:40]}
    if wants_json:
        return _json_parts(request, plan, message=message, line=line.pk)
    messages.success(request, message)
    return _after_structure_change(request, pk)


# -- workflow -------------------------------------------------------------------------------


def _ref(plan: Any) -> str:
    return str(plan.reference or plan.title)


def _confirm(request: HttpRequest, plan: Any, **context: Any) -> HttpResponse:
    """The confirmation page of a workflow step (no JavaScript: the plan page links here)."""
    analysis = _analysis(plan)
    facts = [
        (pgettext("a plan", "Kế hoạch"), f"{plan.type_name} {_ref(plan)}"),
        (_("Trích yếu"), plan.title),
        (_("Trạng thái"), plan.get_status_display()),
        (_("Tổng dự toán"), _("%(amount)s đồng") % {"amount": format_vnd(analysis["grand_total"])}),
    ]
    base = {
        "plan": plan,
        "facts": facts,
        "hidden": [],
        "cancel_url": reverse("plans:detail", args=[plan.pk]),
    }
    return render(request, "confirm.html", {**base, **context})


def _workflow(
    request: HttpRequest, pk: int, action: str, call: Any, done: Any, confirm: Any
) -> HttpResponse:
    """GET: the confirmation page; POST: the step, then a message saying what happened."""
    plan = get_plan_for_user(request.user, pk, action=action)
    if request.method == "GET":
        return confirm(plan)
    try:
        call(plan)
    except services.DomainError as exc:
        _error(request, exc)
        return redirect(request.path) if action == "submit" else redirect("plans:detail", pk=pk)
    messages.success(request, done(plan))
    return redirect("plans:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    def confirm(plan: Any) -> HttpResponse:
        errors = services.error_findings(plan) if plan.is_editable else []
        warnings = [f.message(_lang()) for f in errors[:20]]
        return _confirm(
            request,
            plan,
            heading=_("Trình duyệt kế hoạch %(ref)s") % {"ref": _ref(plan)},
            warnings=warnings,
            consequence=_(
                "Sau khi trình, kế hoạch không sửa được nữa cho đến khi người phê duyệt trả "
                "lại. Người phê duyệt sẽ được thấy kế hoạch ngay."
            ),
            blocked=""
            if plan.is_editable
            else _("Kế hoạch đang ở trạng thái '%(status)s', không trình được.")
            % {"status": plan.get_status_display()},
            reason_field="reason" if errors else "",
            reason_label=_("Kế hoạch còn %(count)d lỗi. Lý do vẫn trình (người phê duyệt sẽ thấy):")
            % {"count": len(errors)},
            reason_required=True,
            button=_("Xác nhận trình"),
            action_url=request.path,
        )

    return _workflow(
        request,
        pk,
        "submit",
        lambda plan: services.plan_submit(
            user=request.user, plan=plan, reason=request.POST.get("reason", "")
        ),
        lambda plan: _("Đã trình kế hoạch %(ref)s để phê duyệt.") % {"ref": _ref(plan)},
        confirm,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    def confirm(plan: Any) -> HttpResponse:
        refusal = services.approval_refusal(request.user, plan)
        blocked = ""
        if plan.status != PlanStatus.SUBMITTED:
            blocked = _("Kế hoạch đang ở trạng thái '%(status)s', không phê duyệt được.") % {
                "status": plan.get_status_display()
            }
        elif refusal is not None:
            blocked = say(refusal)
        warnings = []
        if plan.submit_reason:
            warnings.append(
                _("Người trình ghi lý do trình khi còn lỗi: %(reason)s")
                % {"reason": plan.submit_reason}
            )
        return _confirm(
            request,
            plan,
            heading=_("Phê duyệt kế hoạch %(ref)s") % {"ref": _ref(plan)},
            warnings=warnings,
            consequence=_(
                "Sau khi phê duyệt, kế hoạch không sửa được nữa; văn thư vào sổ và ban hành. "
                "Muốn thay đổi phải lập kế hoạch điều chỉnh."
            ),
            blocked=blocked,
            button=_("Xác nhận phê duyệt"),
            action_url=request.path,
        )

    return _workflow(
        request,
        pk,
        "approve",
        lambda plan: services.plan_approve(user=request.user, plan=plan),
        lambda plan: (
            _("Đã phê duyệt kế hoạch %(ref)s; văn thư có thể vào sổ và ban hành.")
            % {"ref": _ref(plan)}
        ),
        confirm,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReturnForm(request.POST)
    comment = form.data.get("comment", "")

    def confirm(plan: Any) -> HttpResponse:
        return _confirm(
            request,
            plan,
            heading=_("Trả lại kế hoạch %(ref)s") % {"ref": _ref(plan)},
            consequence=_(
                "Kế hoạch trở lại người soạn để sửa, kèm lý do bạn ghi; sau đó người soạn "
                "trình lại."
            ),
            blocked=""
            if plan.status == PlanStatus.SUBMITTED
            else _("Kế hoạch đang ở trạng thái '%(status)s', không trả lại được.")
            % {"status": plan.get_status_display()},
            reason_field="comment",
            reason_label=_("Lý do trả lại"),
            reason_required=True,
            reason_value=request.GET.get("comment", ""),
            button=_("Xác nhận trả lại"),
            action_url=request.path,
        )

    return _workflow(
        request,
        pk,
        "return",
        lambda plan: services.plan_return(user=request.user, plan=plan, comment=comment),
        lambda plan: (
            _("Đã trả lại kế hoạch %(ref)s cho người soạn, kèm lý do.") % {"ref": _ref(plan)}
        ),
        confirm,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, action="issue")
    form = IssueForm(
        request.POST or None,
        request.FILES or None,
        initial={"number": plan.number, "issued_on": plan.date or date.today()},
    )
    if request.method == "POST" and form.is_valid():
        signed = form.cleaned_data.get("signed_file")
        try:
            services.plan_issue(
                user=request.user,
                plan=plan,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
                signed_name=signed.name if signed else "",
                signed_content=signed.read() if signed else None,
            )
        except services.DomainError as exc:
            _error(request, exc)
            return render(
                request, "plans/plan_issue.html", {"plan": plan, "form": form}, status=400
            )
        plan.refresh_from_db()
        messages.success(
            request,
            _("Đã ban hành kế hoạch %(ref)s ngày %(date)s.")
            % {"ref": _ref(plan), "date": plan.date.strftime("%d/%m/%Y") if plan.date else ""},
        )
        if plan.revision_of_id:
            messages.info(
                request,
                _("Kế hoạch %(old)s chuyển sang 'Đã điều chỉnh': bản này là bản có hiệu lực.")
                % {"old": _ref(plan.revision_of)},
            )
        return redirect("plans:detail", pk=pk)
    return render(request, "plans/plan_issue.html", {"plan": plan, "form": form})


@login_required
@require_POST
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, action="revise")
    try:
        revision = services.plan_revise(user=request.user, plan=plan)
    except services.DomainError as exc:
        _error(request, exc)
        return redirect("plans:detail", pk=pk)
    messages.success(
        request,
        _("Đã lập kế hoạch điều chỉnh lần %(n)d của %(ref)s (dự thảo).")
        % {"n": revision.revision, "ref": _ref(plan)},
    )
    return redirect("plans:detail", pk=revision.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_clone(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    require(request.user, plan.organisation, "create")
    form = CloneForm(request.POST or None, initial={"year": plan.year + 1})
    if request.method == "POST" and form.is_valid():
        clone = services.plan_clone(user=request.user, source=plan, year=form.cleaned_data["year"])
        return redirect("plans:detail", pk=clone.pk)
    return render(request, "plans/plan_clone.html", {"plan": plan, "form": form})


# -- documents ------------------------------------------------------------------------------


@login_required
@require_GET
def plan_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    if kind not in ("docx", "xlsx", "pdf"):
        raise Http404

    part = request.GET.get("part", "all")
    if part not in ("plan", "appendix", "all"):
        part = "all"
    # The same file as ``kehoach export REF`` (issue 19).
    filename, mimetype, content = render_plan(plan, kind, part)
    return _attachment(filename, mimetype, content)


@login_required
@require_GET
def version_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    issued = selectors.issued_file_of(plan, file_pk)
    return _attachment(issued.filename, issued.mimetype, bytes(issued.content))


@login_required
@require_GET
def plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    return HttpResponse(render_html(plan_to_document(plan)))


# -- norms ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def norm_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    require(request.user, organisation, "view")
    editable = can(request.user, organisation, "norms_edit")
    form = NormForm(request.POST or None)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            services.norm_save(user=request.user, organisation=organisation, form=form)
            return redirect("plans:norms")
    norms = selectors.price_norms(organisation)
    # issue 23: the organisation's own set apart from the built-in examples
    own = [n for n in norms if not n.is_example]
    context = {"norms": own, "examples": [n for n in norms if n.is_example]}
    return render(request, "plans/norm_list.html", {**context, "form": form, "editable": editable})


@login_required
@require_POST
def norm_import(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    require(request.user, organisation, "norms_edit")
    upload = request.FILES.get("file")
    if upload is None or upload.size is None or upload.size > ImportForm.MAX_BYTES:
        messages.error(request, _("Chọn một tệp CSV hoặc XLSX (tối đa 20 MB)."))
        return redirect("plans:norms")
    try:
        count = services.norms_import(
            user=request.user,
            organisation=organisation,
            filename=upload.name or "",
            content=upload.read(),
        )
    except services.DomainError as exc:
        _error(request, exc)
        return redirect("plans:norms")
    messages.success(request, _("Đã nhập %(count)s định mức.") % {"count": count})
    return redirect("plans:norms")


_KEPT_IMPORTS = (csv, io, Decimal, Finding)


@login_required
@require_POST
def norms_copy_examples(request: HttpRequest) -> HttpResponse:
    """Finance copies the example norms into the organisation's own set (issue 23)."""
    organisation = _organisation(request)
    require(request.user, organisation, "norms_edit")
    try:
        count = norm_examples.copy_examples(user=request.user, organisation=organisation)
    except services.DomainError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("Đã sao chép %(n)s định mức minh họa vào bộ định mức của đơn vị.") % {"n": count},
        )
    return redirect("plans:norms")
