"""The English addresses of the web pages before issue 24, kept for bookmarks and e-mailed links.

Every web page's address is Vietnamese now (``/ke-hoach/5/sua/``, not ``/ke-hoach/5/edit/``);
an address of before answers with a permanent redirect to its page's new one, its query string
kept: 301 to a GET or HEAD, 308 to any other method, so that a form posted from a page opened
before the change is posted again to the new address (a 301 would turn it into a GET and lose
it). The redirect changes nothing, so it asks no one's rights and no CSRF token: the new
address does both, as for any request.

``OLD`` is the one table: each English route (Django's path syntax, the same converters as
the new route, and the new route's argument names) and the name of the page it moved to.
Included last in the root URLconf, so a new address always wins."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import URLPattern, path, reverse
from django.views.decorators.csrf import csrf_exempt

app_name = "old"

OLD: list[tuple[str, str]] = [
    # plans
    ("ke-hoach/new/", "plans:create"),
    ("ke-hoach/import/", "plans:import"),
    ("ke-hoach/import/<int:pk>/", "plans:import_preview"),
    ("ke-hoach/norms/", "plans:norms"),
    ("ke-hoach/norms/import/", "plans:norms_import"),
    ("ke-hoach/norms/examples/copy/", "plans:norms_copy_examples"),
    ("ke-hoach/<int:pk>/edit/", "plans:edit"),
    ("ke-hoach/<int:pk>/parts/", "plans:parts"),
    ("ke-hoach/<int:pk>/activities/<int:activity_pk>/", "plans:activity_items"),
    ("ke-hoach/<int:pk>/estimate/", "plans:estimate"),
    ("ke-hoach/<int:pk>/estimate/lines/add/", "plans:line_add"),
    ("ke-hoach/<int:pk>/estimate/save/", "plans:estimate_save"),
    ("ke-hoach/<int:pk>/estimate/paste/", "plans:estimate_paste"),
    ("ke-hoach/<int:pk>/estimate/undo/", "plans:estimate_undo"),
    ("ke-hoach/<int:pk>/estimate/findings/", "plans:estimate_findings"),
    ("ke-hoach/<int:pk>/estimate/sections/add/", "plans:section_add"),
    ("ke-hoach/<int:pk>/estimate/lines/<int:line_pk>/", "plans:line_update"),
    ("ke-hoach/<int:pk>/estimate/lines/<int:line_pk>/delete/", "plans:line_delete"),
    ("ke-hoach/<int:pk>/estimate/lines/<int:line_pk>/move/", "plans:line_move"),
    ("ke-hoach/<int:pk>/submit/", "plans:submit"),
    ("ke-hoach/<int:pk>/approve/", "plans:approve"),
    ("ke-hoach/<int:pk>/return/", "plans:return"),
    ("ke-hoach/<int:pk>/issue/", "plans:issue"),
    ("ke-hoach/<int:pk>/revise/", "plans:revise"),
    ("ke-hoach/<int:pk>/clone/", "plans:clone"),
    ("ke-hoach/<int:pk>/history/", "plans:history"),
    ("ke-hoach/<int:pk>/print/", "plans:print"),
    ("ke-hoach/<int:pk>/download/<str:kind>/", "plans:download"),
    ("ke-hoach/<int:pk>/files/<int:file_pk>/", "plans:version_file"),
    # execution (the plan's argument was `plan_pk` then; the number is the same)
    ("thuc-hien/ke-hoach/<int:pk>/propose/", "execution:propose"),
    ("thuc-hien/ke-hoach/<int:pk>/budget/", "execution:budget"),
    ("thuc-hien/ke-hoach/<int:pk>/expenses/", "execution:expense_add"),
    ("thuc-hien/hop-dong/<int:pk>/edit/", "execution:contract_edit"),
    ("thuc-hien/hop-dong/<int:pk>/lines/<int:line_pk>/", "execution:contract_line"),
    ("thuc-hien/hop-dong/<int:pk>/report/<int:deliverable_pk>/", "execution:report"),
    ("thuc-hien/hop-dong/<int:pk>/records/<int:record_pk>/verify/", "execution:verify"),
    ("thuc-hien/hop-dong/<int:pk>/records/<int:record_pk>/evidence/", "execution:evidence"),
    ("thuc-hien/hop-dong/<int:pk>/accept/", "execution:accept"),
    ("thuc-hien/hop-dong/<int:pk>/minutes/<int:minutes_pk>/<str:kind>/", "execution:minutes_file"),
    ("thuc-hien/hop-dong/<int:pk>/annex/<str:fmt>/", "execution:annex"),
    ("thuc-hien/hop-dong/<int:pk>/payments/", "execution:payment_add"),
    ("thuc-hien/hop-dong/<int:pk>/payments/<int:payment_pk>/paid/", "execution:payment_paid"),
]


@csrf_exempt
def moved(request: HttpRequest, *, to: str, **kwargs: Any) -> HttpResponsePermanentRedirect:
    """A permanent redirect to the page ``to`` with the same arguments and query string."""
    url = reverse(to, kwargs=kwargs)
    query = request.META.get("QUERY_STRING", "")
    if query:
        url = f"{url}?{query}"
    # 308 keeps the method and the body: a form posted to the old address reaches the page
    keep = request.method not in ("GET", "HEAD")
    return HttpResponsePermanentRedirect(url, preserve_request=keep)


urlpatterns: list[URLPattern] = [
    path(old, moved, {"to": new}, name=new.replace(":", ".")) for old, new in OLD
]
