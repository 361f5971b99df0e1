"""Issue 24: one language for the web pages' addresses, one name for a plan's argument, and the
English addresses of before still leading to their pages (bookmarks, e-mailed links)."""

from __future__ import annotations

import inspect
import re

import pytest
from django.test import Client
from django.urls import resolve, reverse

from kehoach.plans.models import Plan, PlanStatus
from kehoach.web import old_urls
from tests.security.urls import PLAN_ARGUMENT, all_routes
from tests.web.conftest import login

# Not the web pages' own addresses: the JSON API (English, a program's interface described by
# its OpenAPI document), Django's language switch, and the old addresses themselves.
NOT_PAGES = re.compile(r"^(api/|i18n/)")
# A Vietnamese syllable written without its marks (đ as d): an initial consonant, one to three
# vowels, a final consonant. English words rarely fit (edit, new, report, budget do not).
SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$"
)
# Not words: the short link's one letter (printed under QR codes, so it stays short), the QR
# code image and the acronym API (of `ma-api`, "mã API").
NOT_WORDS = {"l", "qr", "api"}


def _page_routes():
    return [
        r
        for r in all_routes()
        if not NOT_PAGES.match(r.route) and not r.name.startswith(("old:", "static"))
    ]


def _segments(route: str) -> list[str]:
    """The literal words of a route: converters dropped, a file's extension dropped."""
    words = []
    for part in route.split("/"):
        literal = re.sub(r"<[^>]+>", "", part).split(".")[0]
        if literal:
            words.append(literal)
    return words


def _english_words() -> set[str]:
    """The English segments of the old addresses (``edit``, ``estimate`` …)."""
    vietnamese = {word for r in _page_routes() for word in _segments(r.route)}
    return {w for old, _new in old_urls.OLD for w in _segments(old)} - vietnamese


def test_every_web_address_is_in_vietnamese_words():
    bad = {}
    for route in _page_routes():
        for word in _segments(route.route):
            if not all(s in NOT_WORDS or SYLLABLE.match(s) for s in word.split("-")):
                bad[route.name] = route.route
    assert bad == {}, f"English or unusual segments in the web addresses: {bad}"


def test_no_web_address_keeps_an_english_segment_of_before():
    english = _english_words()
    assert {"edit", "estimate", "payments", "budget", "norms"} <= english
    left = {r.name: r.route for r in _page_routes() if set(_segments(r.route)) & english}
    assert left == {}


def test_every_plan_address_names_its_plan_pk_and_so_does_its_view():
    """docs/conventions.md: a plan's number is ``pk`` in every app's address."""
    routes = [r for r in _page_routes() if PLAN_ARGUMENT.search(r.route)]
    names = {r.name: PLAN_ARGUMENT.search(r.route).group(1) for r in routes}
    apps = {"plans:detail", "execution:plan", "conference:plan", "outcomes:plan", "reports:plan"}
    assert apps | {"public:plan_links"} <= set(names)
    assert set(names.values()) == {"pk"}, {n: a for n, a in names.items() if a != "pk"}
    for route in routes:
        assert "pk" in inspect.signature(route.view).parameters, route.name


# -- the old addresses ----------------------------------------------------------------------------

SAMPLE_VALUES = {"int": "7", "str": "pdf"}


def _example(route: str) -> tuple[str, dict[str, object]]:
    """A concrete address of a route, and its arguments."""
    kwargs: dict[str, object] = {}

    def fill(match: re.Match[str]) -> str:
        converter, name = match.group(1), match.group(2)
        value = SAMPLE_VALUES[converter]
        kwargs[name] = int(value) if converter == "int" else value
        return value

    return "/" + re.sub(r"<(\w+):(\w+)>", fill, route), kwargs


@pytest.mark.parametrize(("old", "new"), old_urls.OLD, ids=[old for old, _new in old_urls.OLD])
def test_an_old_address_moved_permanently_to_its_page(old, new):
    path, kwargs = _example(old)
    target = reverse(new, kwargs=kwargs)
    assert target != path
    assert resolve(target).view_name == new  # the page, not another redirect
    got = Client().get(path)
    assert (got.status_code, got["Location"]) == (301, target)
    assert Client().head(path).status_code == 301
    posted = Client().post(path, {"x": "1"})
    assert (posted.status_code, posted["Location"]) == (308, target)


def test_every_old_address_is_english_and_every_page_has_at_most_one():
    news = [new for _old, new in old_urls.OLD]
    assert len(news) == len(set(news))
    for old, _new in old_urls.OLD:
        assert set(_segments(old)) & _english_words(), old


def test_the_query_string_follows_the_redirect():
    got = Client().get("/ke-hoach/12/estimate/?muc=3&q=b%C3%A1o")
    assert got.status_code == 301
    assert got["Location"] == "/ke-hoach/12/du-toan/?muc=3&q=b%C3%A1o"
    paid = Client().get("/thuc-hien/hop-dong/4/payments/9/paid/?voucher_number=KB-1")
    assert paid["Location"] == "/thuc-hien/hop-dong/4/thanh-toan/9/xac-nhan/?voucher_number=KB-1"


def test_an_unknown_address_under_an_old_prefix_is_not_found():
    assert Client().get("/ke-hoach/12/nonsense/").status_code == 404
    assert Client().get("/thuc-hien/hop-dong/4/edit/more/").status_code == 404


@pytest.mark.django_db
def test_a_bookmarked_page_opens_for_its_reader(demo, plan):
    response = login("bcxb").get(f"/ke-hoach/{plan.pk}/history/", follow=True)
    assert response.redirect_chain == [(f"/ke-hoach/{plan.pk}/lich-su/", 301)]
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_form_posted_to_an_old_address_is_not_lost(demo, plan):
    """A page opened before the change posts to the old address: the 308 posts it again."""
    assert plan.status == PlanStatus.DRAFT
    response = login("bcxb").post(f"/ke-hoach/{plan.pk}/submit/", follow=True)
    assert response.redirect_chain[0] == (f"/ke-hoach/{plan.pk}/trinh/", 308)
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED


@pytest.mark.django_db
def test_the_redirect_decides_nothing_the_page_does(demo, plan):
    """Someone of another province is redirected like anyone, then refused by the page."""
    response = login("dt-bcxb").get(f"/ke-hoach/{plan.pk}/edit/", follow=True)
    assert response.redirect_chain == [(f"/ke-hoach/{plan.pk}/sua/", 301)]
    assert response.status_code == 404
