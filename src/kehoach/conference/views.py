"""Views: authorise, bind a form, call one service, render or redirect (docs/conventions.md §4).
Access is decided by :mod:`kehoach.accounts.access`: delegates' names and contacts only for
the organisers (``conference_organise``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kehoach.accounts.access import can, get_plan_for_user, require, require_content
from kehoach.accounts.selectors import organisations_by_pk, stations_of_province
from kehoach.conference import documents, selectors, services
from kehoach.conference.forms import (
    ConferenceCreateForm,
    ContentForm,
    DelegateForm,
    FundingForm,
    GroupsForm,
    SupervisionForm,
)
from kehoach.conference.models import Conference, ContentItem, Funding
from kehoach.conference.rules import overtime_rules
from kehoach.errors import DomainError
from kehoach.plans.models import Plan
from kehoach.web.language import say
from kehoach.web.shortcuts import attachment as _file
from kehoach.web.shortcuts import refuse as _error


def _conference(user: Any, pk: int, action: str = "view") -> Conference:
    conference = selectors.conference(pk)
    if conference is None:
        raise Http404
    require(user, conference.plan.organisation, action)
    return conference


def _stations(plan: Plan) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in stations_of_province(plan.organisation.province)]


# -- the plan's own part: conference, content, supervision ----------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    if request.method == "POST":
        require(request.user, plan.organisation, "conference_organise")
        form = ConferenceCreateForm(request.POST)
        if form.is_valid():
            try:
                conference = services.conference_from_plan(
                    user=request.user,
                    plan=plan,
                    on=form.cleaned_data["date"],
                    place=form.cleaned_data["place"],
                )
                return redirect("conference:detail", pk=conference.pk)
            except DomainError as exc:
                _error(request, exc)
        else:
            messages.error(request, form.errors.as_text())
        return redirect("conference:plan", pk=plan.pk)
    conferences = [(c, selectors.attendance(c), selectors.costs(c)) for c in plan.conferences.all()]
    return render(
        request,
        "conference/plan.html",
        {
            "plan": plan,
            "conferences": conferences,
            "can_organise": can(request.user, plan.organisation, "conference_organise"),
            "create_form": ConferenceCreateForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request.user, pk)
    plan = conference.plan
    if request.method == "POST":
        require(request.user, plan.organisation, "conference_organise")
        form = GroupsForm(request.POST)
        if form.is_valid():
            try:
                services.groups_update(
                    user=request.user,
                    conference=conference,
                    planned_total=form.cleaned_data["planned_total"],
                    groups=form.cleaned_data["groups"],
                )
            except DomainError as exc:
                _error(request, exc)
        else:
            messages.error(request, form.errors.as_text())
        return redirect("conference:detail", pk=conference.pk)
    attendance = selectors.attendance(conference)
    groups_text = "\n".join(f"{g.name}: {g.planned}" for g in attendance.groups)
    return render(
        request,
        "conference/detail.html",
        {
            "plan": plan,
            "conference": conference,
            "attendance": attendance,
            "costs": selectors.costs(conference),
            "can_organise": can(request.user, plan.organisation, "conference_organise"),
            "groups_form": GroupsForm(
                initial={"planned_total": conference.planned_total, "groups": groups_text}
            ),
            "funding_form": FundingForm(),
            "retention_days": services.retention_days(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegates(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request.user, pk, "conference_organise")
    groups = [(g.pk, g.name) for g in conference.groups.all()]
    if request.method == "POST":
        form = DelegateForm(request.POST, groups=groups)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.delegate_add(
                    user=request.user,
                    conference=conference,
                    group=conference.groups.get(pk=data["group"]),
                    full_name=data["full_name"],
                    position_title=data["position_title"],
                    unit=data["unit"],
                    phone=data["phone"],
                    email=data["email"],
                )
            except DomainError as exc:
                _error(request, exc)
        else:
            messages.error(request, form.errors.as_text())
        return redirect("conference:delegates", pk=conference.pk)
    return render(
        request,
        "conference/delegates.html",
        {
            "plan": conference.plan,
            "conference": conference,
            "delegates": conference.delegates.select_related("group"),
            "form": DelegateForm(groups=groups),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """At the door, on a phone: search a name (without diacritics) or scan the QR code."""
    conference = _conference(request.user, pk, "conference_organise")
    if request.method == "POST":
        token = request.POST.get("token", "")
        raw_pk = request.POST.get("delegate", "")
        try:
            delegate = services.delegate_check_in(
                user=request.user,
                conference=conference,
                delegate_pk=int(raw_pk) if raw_pk.isdigit() else None,
                token=token[:40],
            )
            messages.success(request, _("Đã điểm danh: %(name)s") % {"name": delegate.full_name})
        except DomainError as exc:
            _error(request, exc)
        return redirect("conference:check_in", pk=conference.pk)
    q = request.GET.get("q", "")[:100]
    token = request.GET.get("token", "")[:40]
    found = conference.delegates.filter(token=token, anonymised=False).first() if token else None
    results = list(selectors.search_delegates(conference, q)[:30]) if q.strip() else []
    return render(
        request,
        "conference/check_in.html",
        {
            "conference": conference,
            "q": q,
            "token": token,
            "found": found,
            "results": results,
            "attendance": selectors.attendance(conference),
        },
    )


def _base_url(request: HttpRequest) -> str:
    return str(getattr(settings, "KEHOACH_PUBLIC_BASE_URL", "")) or request.build_absolute_uri("/")


@login_required
@require_GET
def invitation(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    conference = _conference(request.user, pk, "conference_documents")
    data = documents.invitation(conference, base_url=_base_url(request))
    if fmt == "docx":
        return _file(*documents.render_docx(data))
    if fmt == "pdf":
        return _file(*documents.render_pdf(data))
    raise Http404


@login_required
@require_GET
def sign_in(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request.user, pk, "conference_documents")
    return _file(*documents.render_sign_in(conference))


@login_required
@require_POST
def funding(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request.user, pk, "conference_organise")
    form = FundingForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("conference:detail", pk=conference.pk)
    try:
        if form.cleaned_data["choice"] == Funding.ELSEWHERE:
            services.funding_elsewhere(
                user=request.user, conference=conference, source=form.cleaned_data["source"]
            )
        else:
            revision = services.funding_revision(user=request.user, conference=conference)
            messages.success(
                request,
                _("Đã bổ sung dòng hội nghị vào kế hoạch (bản điều chỉnh nếu đã ban hành)."),
            )
            return redirect("plans:detail", pk=revision.pk)
    except DomainError as exc:
        _error(request, exc)
    return redirect("conference:detail", pk=conference.pk)


@login_required
@require_POST
def anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request.user, pk, "conference_organise")
    count = services.delegates_anonymise(user=request.user, conference=conference)
    messages.success(request, _("Đã ẩn danh %(count)s đại biểu.") % {"count": count})
    return redirect("conference:detail", pk=conference.pk)


# -- content supplied by the department -----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def content(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    stations = _stations(plan)
    if request.method == "POST":
        require(request.user, plan.organisation, "content_edit")
        form = ContentForm(request.POST, request.FILES, stations=stations)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.content_create(
                    user=request.user,
                    plan=plan,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    upload=(upload.name, upload.read()) if upload else None,
                    stations=organisations_by_pk(form.cleaned_data["stations"]),
                )
            except DomainError as exc:
                _error(request, exc)
        else:
            messages.error(request, form.errors.as_text())
        return redirect("conference:content", pk=plan.pk)
    return render(
        request,
        "conference/content.html",
        {
            "plan": plan,
            "items": selectors.content_status(plan),
            "can_edit": can(request.user, plan.organisation, "content_edit"),
            "form": ContentForm(stations=stations),
        },
    )


def _item(user: Any, item_pk: int) -> ContentItem:
    item = selectors.content_item(item_pk)
    if item is None:
        raise Http404
    return item


@login_required
@require_GET
def content_download(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = services.content_download(user=request.user, item=_item(request.user, item_pk))
    if item.data is None:
        return _file(f"noi-dung-{item.pk}.txt", "text/plain; charset=utf-8", item.text.encode())
    return _file(item.filename, item.mimetype, bytes(item.data))


@login_required
@require_POST
def content_assign(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = _item(request.user, item_pk)
    require_content(request.user, item.plan.organisation, [])
    count = services.content_assign(user=request.user, item=item)
    messages.success(
        request, _("Đã gắn nội dung cho %(count)s sản phẩm phát lại.") % {"count": count}
    )
    return redirect("conference:content", pk=item.plan_id)


@login_required
@require_GET
def station(request: HttpRequest) -> HttpResponse:
    """A station's own page: what the department sent it, and what each rebroadcast airs."""
    return render(
        request, "conference/station.html", {"pages": selectors.station_items(request.user)}
    )


# -- supervision ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def supervision(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    lines = [(ln.pk, f"{ln.number} {ln.content}") for ln in selectors.management_lines(plan)]
    if request.method == "POST":
        require(request.user, plan.organisation, "supervision_record")
        form = SupervisionForm(request.POST, lines=lines)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.supervision_record(
                    user=request.user,
                    plan=plan,
                    line=plan.lines.get(pk=data["line"]),
                    supervisor_name=data["supervisor_name"],
                    kind=data["kind"],
                    subject=data["subject"],
                    checked_on=data["checked_on"],
                    overtime_hours=data["overtime_hours"],
                    hourly_wage=data["hourly_wage"],
                    day_type=data["day_type"],
                )
            except DomainError as exc:
                _error(request, exc)
        else:
            messages.error(request, form.errors.as_text())
        return redirect("conference:supervision", pk=plan.pk)
    return render(
        request,
        "conference/supervision.html",
        {
            "plan": plan,
            "records": plan.supervision_records.select_related("line"),
            # Each line's basis with its text in the reader's language (issue 23).
            "bases": [(b, say(b.said)) for b in selectors.supervision_basis(plan).values()],
            "rules": overtime_rules(),
            "can_record": can(request.user, plan.organisation, "supervision_record"),
            "form": SupervisionForm(lines=lines),
        },
    )
