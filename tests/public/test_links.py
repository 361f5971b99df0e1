"""Short links and QR codes: scanning a code reaches the service and adds one visit; bots,
prefetches and HEAD requests add none; unknown links are 404; links never leave kehoach."""

from __future__ import annotations

import io
import re
from urllib.parse import urlparse

import pytest
import zxingcpp
from django.contrib.auth.models import User
from django.db.models import Sum
from django.test import Client
from PIL import Image

from kehoach.audit.models import AuditEntry
from kehoach.outcomes.models import Service
from kehoach.public import selectors, services
from kehoach.public.models import LinkKind, LinkVisit, ShortLink

from .conftest import PHONE

pytestmark = pytest.mark.django_db


def visits(link: ShortLink) -> int:
    return LinkVisit.objects.filter(link=link).aggregate(n=Sum("count"))["n"] or 0


def scan(png: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(results) == 1
    return results[0].text


@pytest.fixture
def service_link(plan) -> ShortLink:
    service = Service.objects.filter(organisation=plan.organisation).order_by("code")[3]
    return services.link_create(
        user=User.objects.get(username="bcxb"),
        organisation=plan.organisation,
        kind=LinkKind.PAGE,
        label="Phóng sự truyền hình: " + service.name,
        plan=plan,
        service=service,
    )


def test_scanning_the_qr_code_reaches_the_service_and_adds_one_visit(editor, service_link):
    png = editor.get(f"/lien-ket/{service_link.pk}/qr.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    url = scan(png.content)
    assert url == f"http://testserver/l/{service_link.code}"

    phone = Client(HTTP_USER_AGENT=PHONE)
    response = phone.get(urlparse(url).path, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][1] == 302
    assert service_link.service.name in response.content.decode()
    assert response.redirect_chain[0][0] == selectors.link_target(service_link)
    assert visits(service_link) == 1

    for bot in (
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "",
    ):
        assert Client(HTTP_USER_AGENT=bot).get(urlparse(url).path).status_code == 302
    assert phone.head(urlparse(url).path).status_code == 302
    assert phone.get(urlparse(url).path, HTTP_SEC_PURPOSE="prefetch").status_code == 302
    assert visits(service_link) == 1

    phone.get(urlparse(url).path)
    assert visits(service_link) == 2
    assert LinkVisit.objects.filter(link=service_link).count() == 1  # one row per day


def test_the_svg_for_print_is_a_vector_image_of_the_same_address(editor, service_link):
    response = editor.get(f"/lien-ket/{service_link.pk}/qr.svg")
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.startswith("<svg")
    assert re.search(r'width="(\d+)mm"', svg) and int(re.search(r'width="(\d+)mm"', svg)[1]) >= 25
    assert "<title>Phóng sự truyền hình" in svg
    assert response["Content-Disposition"].endswith(f'qr-{service_link.code}.svg"')


def test_qr_codes_use_the_configured_public_address(editor, service_link, settings):
    settings.KEHOACH_PUBLIC_BASE_URL = "https://dvc.example.gov.vn/"
    url = scan(editor.get(f"/lien-ket/{service_link.pk}/qr.png").content)
    assert url == f"https://dvc.example.gov.vn/l/{service_link.code}"


def test_a_link_is_case_insensitive_and_stores_nothing_personal(service_link):
    client = Client(HTTP_USER_AGENT=PHONE, REMOTE_ADDR="203.0.113.7")
    response = client.get(f"/l/{service_link.code.upper()}")
    assert response.status_code == 302
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"
    row = LinkVisit.objects.get(link=service_link)
    assert {f.name for f in LinkVisit._meta.fields} == {"id", "link", "day", "count"}
    assert "203.0.113.7" not in str(row.__dict__)


def test_unknown_and_malformed_links_are_404(demo):
    client = Client(HTTP_USER_AGENT=PHONE)
    for path in (
        "/l/khongco",
        "/l/x",
        "/l/..%2F..%2Fetc",
        "/l/a" * 1,
        "/l/" + "a" * 60,
        "/l/%3Cscript%3E",
    ):
        assert client.get(path).status_code == 404, path
    assert LinkVisit.objects.count() == 0


def test_links_only_go_to_pages_of_the_catalogue(plan):
    link = services.link_create(
        user=None,
        organisation=plan.organisation,
        kind=LinkKind.PAGE,
        label="x",
        plan=plan,
        filters={"q": "kinh doanh", "next": "https://evil.example/", "muc_do": "full"},
    )
    target = selectors.link_target(link)
    assert target.startswith("/dich-vu-cong/tg-stttt/?")
    assert "evil" not in target and "next" not in target
    response = Client(HTTP_USER_AGENT=PHONE).get(f"/l/{link.code}", follow=True)
    assert response.status_code == 200


def test_outlets_get_speakable_addresses_for_the_radio(plan):
    codes = dict(
        ShortLink.objects.filter(plan=plan, kind=LinkKind.OUTLET).values_list(
            "outlet__code", "code"
        )
    )
    assert codes["TG-DAI-CHO-GAO"] == "chogao"
    assert codes["TG-BAO-AP-BAC"] == "apbac"
    assert codes["TG-DAI-PTTH"] == "tiengiang"
    # two outlets of one place name: the district keeps it, the town says what it is
    assert codes["TG-DAI-CAI-LAY"] == "cailay"
    assert codes["TG-DAI-TX-CAI-LAY"] == "thixacailay"
    assert all(services.CODE_RE.match(c) and c.isalpha() for c in codes.values())
    assert len(codes) == 13  # the newspaper, the provincial station, 11 district stations


def test_a_second_plan_gets_its_own_codes(plan):
    from kehoach.plans import services as plan_services

    again = plan_services.plan_clone(user=User.objects.get(username="bcxb"), source=plan, year=2017)
    assert services.plan_links_create(user=None, plan=again) == 13
    assert ShortLink.objects.get(plan=again, outlet__code="TG-DAI-CHO-GAO").code == "chogao2"
    assert services.plan_links_create(user=None, plan=again) == 0  # idempotent


def test_deliverables_get_links_of_their_outlet_and_visits_add_up_per_channel(plan):
    from kehoach.execution import services as execution_services
    from kehoach.plans import services as plan_services

    editor = User.objects.get(username="bcxb")
    plan_services.plan_submit(user=editor, plan=plan)
    plan_services.plan_approve(user=User.objects.get(username="giamdoc"), plan=plan)
    execution_services.contracts_propose(user=editor, plan=plan)
    made = services.plan_links_create(user=editor, plan=plan)
    deliverable_links = ShortLink.objects.filter(plan=plan, kind=LinkKind.DELIVERABLE)
    assert made == deliverable_links.count() > 0
    assert AuditEntry.objects.filter(action="public.link.created").count() >= made

    chogao = deliverable_links.filter(outlet__code="TG-DAI-CHO-GAO").first()
    outlet_link = ShortLink.objects.get(plan=plan, code="chogao")
    phone = Client(HTTP_USER_AGENT=PHONE)
    for _ in range(3):
        phone.get(f"/l/{chogao.code}")
    phone.get("/l/chogao")
    phone.get("/l/apbac")

    result = selectors.visits_by_channel(plan)
    assert result.total == 5
    by_name = {c.name: c for c in result.channels}
    assert by_name[outlet_link.outlet.short_name].visits == 4
    assert result.channels[0].name == outlet_link.outlet.short_name  # most visits first
    assert result.deliverables[0].label == chogao.label and result.deliverables[0].visits == 3
    assert sum(n for _day, n in result.by_day) == 5
    assert result.to_dict()["total"] == 5
    # The dashboard's light version (one aggregate query) gives the same channels.
    light = selectors.channel_totals(plan)
    assert light.total == 5
    assert [(c.name, c.kind, c.links, c.visits) for c in light.channels] == [
        (c.name, c.kind, c.links, c.visits) for c in result.channels
    ]


def test_the_status_command_reports_links_and_visits(plan):
    from kehoach.plans.management.commands.status import plan_status

    Client(HTTP_USER_AGENT=PHONE).get("/l/chogao")
    status = plan_status(plan)
    chogao = next(s for s in status["short_links"] if s["code"] == "chogao")
    assert chogao["visits"] == 1 and chogao["path"] == "/l/chogao"
    assert status["visits"]["total"] == 1


def test_the_demo_links_are_made_once(plan):
    from kehoach.public import demo as public_demo

    before = ShortLink.objects.count()
    public_demo.load()
    public_demo.load()
    assert ShortLink.objects.count() == before
    assert ShortLink.objects.filter(code="dangkykinhdoanh", is_demo=True).exists()


# -- the staff page -------------------------------------------------------------------------


def test_editors_make_links_and_page_links(editor, plan):
    url = f"/lien-ket/ke-hoach/{plan.pk}/"
    ShortLink.objects.filter(plan=plan).delete()
    assert editor.post(url, {"action": "all"}).status_code == 302
    assert ShortLink.objects.filter(plan=plan).count() == 13
    service = Service.objects.filter(organisation=plan.organisation).first()
    response = editor.post(
        url,
        {
            "label": "Chuyên trang số 2",
            "service_code": service.code.lower(),
            "code": "chuyentrang2",
        },
    )
    assert response.status_code == 302
    link = ShortLink.objects.get(code="chuyentrang2")
    assert link.service == service and link.speakable
    # a taken or malformed code is refused with a message, nothing made
    for code in ("chuyentrang2", "Có Dấu", "a/b"):
        response = editor.post(url, {"label": "x", "code": code})
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()
    page = editor.get(url).content.decode()
    assert "/l/chogao" in page and "qr.svg" in page and "qr.png" in page


def test_read_only_people_see_but_cannot_make_links(viewer, outsider, plan):
    url = f"/lien-ket/ke-hoach/{plan.pk}/"
    assert viewer.get(url).status_code == 200
    assert viewer.post(url, {"action": "all"}).status_code == 403
    assert outsider.get(url).status_code == 404
    link = ShortLink.objects.filter(plan=plan).first()
    assert outsider.get(f"/lien-ket/{link.pk}/qr.png").status_code == 404
    assert viewer.get(f"/lien-ket/{link.pk}/qr.gif").status_code == 404
    assert Client().get(url).status_code == 302
