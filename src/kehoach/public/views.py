"""Views: the public catalogue and the redirector (no login, rate limited, nothing personal
kept), and the staff pages that make links and QR codes for a plan. Access for the staff pages
is decided by kehoach.accounts.access: outsiders 404, read-only writers 403."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from kehoach.accounts.access import can, get_plan_for_user, require
from kehoach.errors import DomainError
from kehoach.outcomes.models import Level
from kehoach.outcomes.selectors import catalogue_is_synthetic
from kehoach.public import selectors, services
from kehoach.public.bots import is_bot
from kehoach.public.forms import PageLinkForm
from kehoach.public.models import LinkKind
from kehoach.public.ratelimit import limited
from kehoach.web.language import say

PUBLIC_CACHE = "public, max-age=300"


def _public(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = PUBLIC_CACHE
    return response


# -- the public catalogue -------------------------------------------------------------------


@limited("pages")
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    organisations = [(o, selectors.slug_of(o)) for o in selectors.public_organisations()]
    return _public(render(request, "public/index.html", {"organisations": organisations}))


@limited("pages")
@require_GET
def catalogue(request: HttpRequest, org: str) -> HttpResponse:
    organisation = selectors.organisation_by_slug(org)
    options = selectors.filter_options(organisation)
    q = request.GET.get("q", "")[:200]
    field = request.GET.get("linh_vuc", "")[:200]
    agency = request.GET.get("co_quan", "")[:255]
    level = request.GET.get("muc_do", "")
    level = level if level in Level.values else ""
    entries = selectors.search(organisation, q=q, field=field, agency=agency, level=level)
    page = Paginator(entries, selectors.PAGE_SIZE).get_page(request.GET.get("trang"))
    query = {
        k: v
        for k, v in (("q", q), ("linh_vuc", field), ("co_quan", agency), ("muc_do", level))
        if v
    }
    return _public(
        render(
            request,
            "public/catalogue.html",
            {
                "organisation": organisation,
                "slug": org.lower(),
                "options": options,
                "q": q,
                "field": field,
                "agency": agency,
                "level": level,
                "page": page,
                "count": len(entries),
                "query": urlencode(query),
                "synthetic": catalogue_is_synthetic(organisation),
                "portal": selectors.portal_for(organisation),
            },
        )
    )


@limited("pages")
@require_GET
def service(request: HttpRequest, org: str, service_pk: int) -> HttpResponse:
    organisation = selectors.organisation_by_slug(org)
    found = selectors.service_of(organisation, service_pk)
    level = selectors.current_level(found, timezone.localdate())
    entry = selectors.Entry(found, level)
    portal = selectors.portal_for(organisation)
    return _public(
        render(
            request,
            "public/service.html",
            {
                "organisation": organisation,
                "slug": org.lower(),
                "entry": entry,
                "service": found,
                "steps": selectors.HOW_TO_FILE.get(level or "", []),
                "portal_url": found.portal_url or portal["url"],
                "portal": portal,
                "synthetic": found.synthetic,
            },
        )
    )


@limited("links")
@require_safe
def short_link(request: HttpRequest, code: str) -> HttpResponse:
    """Follow a short link: count the visit (not a bot's, not a prefetch) and redirect to the
    catalogue page it was made for. Unknown or malformed codes: 404 without more work."""
    code = code.lower()
    if not services.CODE_RE.match(code):
        raise Http404
    link = selectors.link_by_code(code)
    if link is None:
        raise Http404
    prefetch = "prefetch" in request.headers.get("Sec-Purpose", request.headers.get("Purpose", ""))
    if request.method == "GET" and not prefetch and not is_bot(request.headers.get("User-Agent")):
        services.visit_record(link, timezone.localdate())
    response = HttpResponseRedirect(selectors.link_target(link))
    response["Cache-Control"] = "no-store"
    return response


# -- staff: links and QR codes for a plan ---------------------------------------------------


def _base_url(request: HttpRequest) -> str:
    base = getattr(settings, "KEHOACH_PUBLIC_BASE_URL", "") or request.build_absolute_uri("/")
    return base.rstrip("/")


@login_required
@require_http_methods(["GET", "POST"])
def plan_links(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    can_edit = can(request.user, plan.organisation, "links_edit")
    outlets = services.plan_outlets(plan)
    form = PageLinkForm(organisation=plan.organisation, outlets=outlets)
    if request.method == "POST":
        require(request.user, plan.organisation, "links_edit")
        try:
            if request.POST.get("action") == "all":
                made = services.plan_links_create(user=request.user, plan=plan)
                messages.success(request, _("Đã tạo %(count)d liên kết.") % {"count": made})
                return redirect("public:plan_links", pk=plan.pk)
            form = PageLinkForm(request.POST, organisation=plan.organisation, outlets=outlets)
            if form.is_valid():
                data = form.cleaned_data
                link = services.link_create(
                    user=request.user,
                    organisation=plan.organisation,
                    kind=LinkKind.PAGE,
                    label=data["label"],
                    plan=plan,
                    outlet=data["outlet"],
                    service=data["service_code"],
                    filters={k: data[k] for k in ("q", "linh_vuc", "co_quan", "muc_do")},
                    code=data["code"],
                )
                messages.success(request, _("Đã tạo liên kết /l/%(code)s.") % {"code": link.code})
                return redirect("public:plan_links", pk=plan.pk)
        except DomainError as error:
            form.add_error(None, say(error))
    links = selectors.links_of_plan(plan)
    totals = selectors.link_visits(links)
    base = _base_url(request)
    rows = [
        {
            "link": link,
            "short_url": base + selectors.link_path(link),
            "target": selectors.link_target(link),
            "visits": totals.get(link.pk, 0),
        }
        for link in links
    ]
    return render(
        request,
        "public/plan_links.html",
        {
            "plan": plan,
            "rows": rows,
            "visits": selectors.visits_by_channel(plan),
            "can_edit": can_edit,
            "form": form,
            "outlets": outlets,
        },
    )


QR_KINDS = {"svg": "image/svg+xml", "png": "image/png"}


@login_required
@require_GET
def qr(request: HttpRequest, link_pk: int, fmt: str) -> HttpResponse:
    """The link's QR code: SVG (vector, 37 mm wide at version 3) for print, PNG (large, sharp
    edges) for the screen."""
    link = selectors.link_by_pk(link_pk)
    require(request.user, link.plan.organisation if link.plan else link.organisation, "view")
    if fmt not in QR_KINDS:
        raise Http404
    code = segno.make(_base_url(request) + selectors.link_path(link), error="m", micro=False)
    out = io.BytesIO()
    if fmt == "svg":
        code.save(out, kind="svg", scale=1, unit="mm", border=4, xmldecl=False, title=link.label)
    else:
        code.save(out, kind="png", scale=16, border=4)
    response = HttpResponse(out.getvalue(), content_type=QR_KINDS[fmt])
    response["Content-Disposition"] = f'attachment; filename="qr-{link.code}.{fmt}"'
    return response
