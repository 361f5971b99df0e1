"""The product's URLs plus ``/bench/bare/``: the baseline of the web benchmark, a bare Django page
rendering a 50-row table from the database (no login, no app template, one query)."""

from django.http import HttpRequest, HttpResponse
from django.template import Context, Engine
from django.urls import path

from kehoach.plans.models import EstimateLine
from kehoach.urls import handler403, handler404, handler500
from kehoach.urls import urlpatterns as product_urlpatterns

_TEMPLATE = Engine(autoescape=True).from_string(
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>bare</title></head>'
    "<body><table><thead><tr><th>#</th><th>Nội dung</th><th>Số lượng</th><th>Đơn giá</th>"
    "</tr></thead><tbody>{% for line in lines %}<tr><td>{{ line.pk }}</td>"
    "<td>{{ line.content }}</td><td>{{ line.quantity|default_if_none:'' }}</td>"
    "<td>{{ line.unit_price|default_if_none:'' }}</td></tr>{% endfor %}</tbody></table>"
    "</body></html>"
)


def bare(request: HttpRequest) -> HttpResponse:
    lines = list(
        EstimateLine.objects.order_by("pk").only("pk", "content", "quantity", "unit_price")[:50]
    )
    return HttpResponse(_TEMPLATE.render(Context({"lines": lines})))


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *product_urlpatterns]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
