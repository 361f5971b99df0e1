"""Issue 23, one language per screen: the pages of a plan on the English screen (the language
switch's cookie) say everything in English — a message kehoach keeps, an amount's unit, a
level's name, a status — while data people typed (a plan's title and lines, an organisation's
name) stays as written, marked ``lang="vi"`` where it could read as UI text."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from kehoach.conference.models import Conference
from kehoach.execution.models import Contract, Deliverable, DeliverableStatus
from kehoach.outcomes.models import MonthlyStat, OutcomeImport, Service
from kehoach.plans.models import Plan, PlanStatus
from tests.test_said_in_one_language import english
from tests.web.conftest import signed_in
from tests.web.test_what_people_read import (
    DATA_IN_VIETNAMESE,
    VIETNAMESE,
    problems_of,
    untranslated,
    visible_text,
)

# An amount followed by its unit in Vietnamese ("42.400.000 đ", "5.500.000 đồng").
AMOUNT_IN_DONG = re.compile(r"\d[\d.]*\s?(đ|đồng|VNĐ)(?!\w)")
AMOUNT_IN_VND = re.compile(r"\d[\d.]*\sVND\b")

SAY = re.compile(r'data-say-(\w+)="([^"]*)"')


def client_in(language: str | None, username: str | None = None) -> Client:
    client = signed_in(User.objects.get(username=username)) if username else Client()
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def read(html: str) -> str:
    """What a person reads, without the data a page marks as Vietnamese."""
    return " ".join(visible_text(DATA_IN_VIETNAMESE.sub(" ", html)).split())


def test_the_synthetic_data_note_is_said_in_the_readers_language(executed):
    """The note names the generator's parameters; a Message given to a template was called by
    it (Messages are callable) and said in Vietnamese before the ``said`` filter could say it in
    the reader's language."""
    for url in (reverse("outcomes:dashboard"), reverse("outcomes:plan", args=[executed.pk])):
        html = page(client_in("en", "bcxb"), url)
        note = re.search(r'<p class="msg error synthetic"[^>]*>(.*?)</p>', html, re.S)
        assert note is not None, url
        assert "Parameters: seed=" in english(visible_text(note.group(1)))
        vietnamese = page(client_in(None, "bcxb"), url)
        assert "Tham số: seed=" in vietnamese


@pytest.mark.parametrize(
    ("username", "where"),
    [
        ("bcxb", "contract"),
        ("bcxb", "execution:plan"),
        ("bcxb", "conference:plan"),
        ("bcxb", "conference:supervision"),
        ("dai-chogao", "execution:home"),
    ],
)
def test_an_amount_says_its_unit_in_the_readers_language(executed, username, where):
    """An amount reads "42.400.000 đ" on the Vietnamese screen, "42.400.000 VND" on the English
    one: the unit comes from the catalogue (the ``dong`` filter), never a "đ" written after an
    amount in a template."""
    if where == "contract":
        url = reverse("execution:contract", args=[Contract.objects.filter(plan=executed)[0].pk])
    elif where == "execution:home":
        url = reverse(where)
    else:
        url = reverse(where, args=[executed.pk])
    vietnamese = read(page(client_in(None, username), url))
    shown = read(page(client_in("en", username), url))
    assert AMOUNT_IN_DONG.search(vietnamese) and not AMOUNT_IN_VND.search(vietnamese)
    assert AMOUNT_IN_VND.search(shown), shown
    assert not AMOUNT_IN_DONG.search(shown), AMOUNT_IN_DONG.search(shown)


def test_the_dashboard_grouped_by_level_names_each_level_in_the_readers_language(executed):
    organisation = executed.organisation
    service = Service.objects.filter(organisation=organisation, levels__level="3").first()
    MonthlyStat.objects.filter(organisation=organisation).update(service=service.code)
    url = reverse("outcomes:dashboard") + "?by=level&period=year"
    shown = read(page(client_in("en", "bcxb"), url))
    assert "Level 3" in shown and "Mức độ" not in shown
    vietnamese = read(page(client_in(None, "bcxb"), url))
    assert "Mức độ 3" in vietnamese


def pages_of(plan: Plan) -> dict[str, list[str]]:
    """Every main page of the plan and of the pages it leads to, by who sees them."""
    pk = plan.pk
    contracts = Contract.objects.filter(plan=plan).order_by("id")
    conferences = Conference.objects.filter(plan=plan).order_by("id")
    station = contracts.get(contractor__code="TG-DAI-CHO-GAO")
    planned = Deliverable.objects.filter(
        contract_line__contract=station, status=DeliverableStatus.PLANNED
    ).first()
    staff = [
        reverse(name, args=[pk])
        for name in (
            "plans:detail",
            "plans:history",
            "execution:plan",
            "conference:plan",
            "conference:content",
            "conference:supervision",
            "public:plan_links",
            "reports:plan",
            "reports:records",
            "reports:final",
            "outcomes:plan",
        )
    ]
    staff += [reverse("execution:contract", args=[c.pk]) for c in contracts]
    staff += [
        reverse(name, args=[c.pk])
        for c in conferences
        for name in ("conference:detail", "conference:delegates", "conference:check_in")
    ]
    staff += [
        reverse(name)
        for name in (
            "todo",
            "plans:list",
            "plans:norms",
            "execution:home",
            "outcomes:dashboard",
            "outcomes:services",
            "outcomes:imports",
            "reports:department",
        )
    ]
    staff += [
        reverse("outcomes:import_detail", args=[job.pk])
        for job in OutcomeImport.objects.filter(organisation=plan.organisation)[:3]
    ]
    staff.append(
        reverse("outcomes:service_edit", args=[Service.objects.filter(levels__isnull=False)[0].pk])
    )
    station_pages = [
        reverse("execution:home"),
        reverse("conference:station"),
        reverse("execution:contract", args=[station.pk]),
    ]
    if planned is not None:
        station_pages.append(reverse("execution:report", args=[station.pk, planned.pk]))
    catalogue = reverse("public:catalogue", args=[plan.organisation.code.lower()])
    service = Service.objects.filter(organisation=plan.organisation).order_by("id")[0]
    public = [
        reverse("public:index"),
        catalogue,
        reverse("public:service", args=[plan.organisation.code.lower(), service.pk]),
    ]
    return {"bcxb": staff, "dai-chogao": station_pages, "": public}


def test_every_main_page_of_a_plan_is_english_on_the_english_screen(executed):
    """The pages the role crawl (tests/web/test_todo.py) does not reach — a contract, the
    conference, its delegates and check-in, the supervision, the content supplied, the public
    links, the final report, the outcomes pages, a station's pages, the public catalogue — leave
    no Vietnamese UI text (``untranslated``: a catalogue string, or a catalogue message filled
    with its values), say no message in both languages and follow no amount by a Vietnamese
    unit."""
    left: dict[str, list[str]] = {}
    for username, urls in pages_of(executed).items():
        client = client_in("en", username or None)
        for url in urls:
            html = page(client, url)
            found = untranslated(html)
            found += [p for p in problems_of(visible_text(html)) if "both languages" in p]
            found += [m.group(0) for m in AMOUNT_IN_DONG.finditer(read(html))]
            if found:
                left[f"{username or 'anonymous'} {url}"] = found[:5]
    assert left == {}


def test_a_planned_deliverable_reads_planned_not_plans(executed):
    """The catalogue's "Kế hoạch" is a plan ("Plans" in the menu) and what is planned
    ("Planned"): a planned deliverable's status is the second."""
    contract = Contract.objects.filter(
        plan=executed, lines__deliverables__status=DeliverableStatus.PLANNED
    ).first()
    html = page(client_in("en", "bcxb"), reverse("execution:contract", args=[contract.pk]))
    assert '<span class="status s-planned">Planned</span>' in html


def test_the_estimate_grid_says_its_own_words_in_the_readers_language(executed):
    """grid.js writes no text of its own: what it says (no connection, pasting, an error) comes
    from the editor's table (``data-say-…``), said by the catalogue."""
    script = (settings.BASE_DIR / "web/static/kehoach/grid.js").read_text(encoding="utf-8")
    assert not VIETNAMESE.search(script), VIETNAMESE.search(script)
    Plan.objects.filter(pk=executed.pk).update(status=PlanStatus.DRAFT)  # the editor opens
    url = reverse("plans:estimate", args=[executed.pk])
    said = {
        language: dict(SAY.findall(page(client_in(language, "bcxb"), url)))
        for language in (None, "en")
    }
    assert set(said[None]) == set(said["en"]) == {"offline", "broken", "pasting", "error"}
    assert all(english(text) for text in said["en"].values())
    assert all(VIETNAMESE.search(text) for text in said[None].values())
