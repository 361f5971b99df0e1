"""Issue 23: "Việc cần làm", the home of every role — each role logs in, lands on its list,
sees its item and follows it to a page that answers; every link of every role's menu and home
answers (no 403/404); e-mail notices when something lands in a person's list."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from kehoach.execution.models import (
    Contract,
    ContractStatus,
    Deliverable,
    DeliverableStatus,
    Payment,
)
from kehoach.plans import services as plan_services
from kehoach.plans.models import Plan, PlanStatus
from kehoach.reports.models import Report, ReportStatus
from kehoach.web.todo import items_for
from tests.web.conftest import PASSWORD, ROLES
from tests.web.test_what_people_read import problems_of, untranslated, visible_text

HREF = re.compile(r'href="(/[^"#]*)"')
# Files and charts are generated documents, not pages; the logout link is a form.
# A document's print view is the Vietnamese administrative document itself, on every screen.
DOCUMENT = re.compile(r"/ban-in/")
SKIP = re.compile(r"/tai-ve/|/tep/|\.(pdf|docx|xlsx|csv|png|svg)$|^/static/|/qr\.")


def sign_in(username: str) -> tuple[Client, str]:
    """Log in through the login form; returns the client and where it landed."""
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client, response["Location"]


def follow_item(username: str, kind: str) -> str:
    client, landed = sign_in(username)
    assert landed == reverse("todo")
    page = client.get(landed).content.decode()
    row = re.search(rf'<tr class="todo-{kind}">(.*?)</tr>', page, re.S)
    assert row is not None, f"{username} sees no {kind} item"
    url = HREF.findall(row.group(1))[-1]
    assert client.get(url).status_code == 200
    return row.group(1)


def submit(plan: Plan) -> None:
    plan_services.plan_submit(
        user=User.objects.get(username="bcxb"), plan=plan, reason="Trình để thử"
    )


def test_the_clerk_sees_the_approved_plan_and_the_draft_final_report(executed):
    follow_item("vanthu", "issue_plan")
    follow_item("vanthu", "issue_report")


def test_finance_sees_an_accepted_contract_to_pay_and_a_voucher_to_confirm(executed):
    unpaid = Contract.objects.get(plan=executed, contractor__code="TG-DAI-PTTH")
    unconfirmed = Contract.objects.filter(plan=executed, status=ContractStatus.LIQUIDATED).first()
    Payment.objects.filter(contract=unpaid).delete()
    Payment.objects.filter(contract=unconfirmed).update(voucher_number="", voucher_date=None)
    follow_item("khtc", "pay")
    follow_item("khtc", "confirm_payment")


def test_the_editor_sees_airings_to_verify_and_late_deliverables(executed):
    # the demo's pending reports are the lead division's own (bcxb): separation of duties says
    # another person verifies them, so they wait on the administrator's list, not on bcxb's
    follow_item("quantri", "verify")
    client, landed = sign_in("bcxb")
    assert 'class="todo-verify"' not in client.get(landed).content.decode()
    follow_item("bcxb", "late")


def test_the_station_sees_what_to_report_next_on_its_signed_contract(executed):
    contract = Contract.objects.get(plan=executed, contractor__code="TG-DAI-CHO-GAO")
    Contract.objects.filter(pk=contract.pk).update(status=ContractStatus.SIGNED)
    last = Deliverable.objects.filter(contract_line__contract=contract).order_by("-id").first()
    Deliverable.objects.filter(pk=last.pk).update(status=DeliverableStatus.PLANNED)
    client, landed = sign_in("dai-chogao")
    page = client.get(landed).content.decode()
    assert "Định mức" not in page and "Kết quả" not in page
    follow_item("dai-chogao", "report_next")


def test_the_ubnd_sees_the_issued_plan_and_the_issued_report(executed):
    Plan.objects.filter(pk=executed.pk).update(status=PlanStatus.ISSUED)
    Report.objects.filter(plan=executed).update(status=ReportStatus.ISSUED, number="12")
    follow_item("ubnd", "issued_plan")
    follow_item("ubnd", "issued_report")


def test_the_menu_counts_the_items_waiting(executed):
    clerk = User.objects.get(username="vanthu")
    count = len(items_for(clerk))
    # at least the executed plan's two (the module's shared demo may hold more)
    assert count >= 2
    client, landed = sign_in("vanthu")
    assert f'<span class="count">({count})</span>' in client.get(landed).content.decode()


@pytest.mark.parametrize("username", ROLES)
def test_every_link_of_the_menu_the_home_and_the_plan_page_answers_and_reads_well(
    executed, username, settings
):
    client, landed = sign_in(username)
    pages = [landed]
    first = client.get(landed).content.decode()
    links = set(HREF.findall(first))
    plan_page = reverse("plans:detail", args=[executed.pk])
    if client.get(plan_page).status_code == 200:
        links |= set(HREF.findall(client.get(plan_page).content.decode()))
    broken = []
    html_pages = [landed]
    unreadable: dict[str, list[str]] = {}
    for url in sorted(links):
        url = url.replace("&amp;", "&")
        if SKIP.search(url):
            continue
        response = client.get(url)
        status = response.status_code
        pages.append(url)
        if status in (403, 404):
            broken.append((url, status))
        elif status == 200 and "text/html" in response.get("Content-Type", ""):
            if not DOCUMENT.search(url):
                html_pages.append(url)
            # what a person reads there: no ISO date, no ungrouped count, no name from the code
            found = problems_of(visible_text(response.content.decode()))
            if found:
                unreadable[url] = found[:5]
    assert broken == [], broken
    assert unreadable == {}, unreadable
    assert len(pages) > 3
    # Issue 23, one language per screen: the same pages on the English screen (the language
    # switch's cookie) show no Vietnamese UI string and no message in both languages.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    vietnamese: dict[str, list[str]] = {}
    for url in html_pages:
        response = client.get(url)
        page = response.content.decode()
        left = untranslated(page) + [
            p for p in problems_of(visible_text(page)) if "both languages" in p
        ]
        if left:
            vietnamese[url] = left[:5]
    assert vietnamese == {}, vietnamese


# -- menus and buttons -----------------------------------------------------------------------


def test_the_plan_page_links_every_page_of_the_plan(executed):
    client, _landed = sign_in("ubnd")
    page = client.get(reverse("plans:detail", args=[executed.pk])).content.decode()
    for name in (
        "conference:plan",
        "conference:content",
        "conference:supervision",
        "public:plan_links",
        "execution:plan",
        "reports:plan",
        "reports:final",
    ):
        assert f'href="{reverse(name, args=[executed.pk])}"' in page, name


def test_the_clerk_sees_the_final_reports_issue_button_and_the_editor_does_not(executed):
    issue = f'href="{reverse("reports:final_issue", args=[executed.pk])}"'
    final = reverse("reports:final", args=[executed.pk])
    clerk, _landed = sign_in("vanthu")
    assert issue in clerk.get(final).content.decode()
    editor, _landed = sign_in("bcxb")
    assert issue not in editor.get(final).content.decode()


def test_the_airing_report_button_is_not_labelled_like_the_reports_menu(executed):
    contract = Contract.objects.filter(plan=executed, status=ContractStatus.SIGNED).first()
    client, _landed = sign_in("bcxb")
    page = client.get(reverse("execution:contract", args=[contract.pk])).content.decode()
    assert ">Báo cáo phát sóng</a>" in page
    assert 'class="button small" href="/thuc-hien/' in page
    assert not re.search(r'class="button small"[^>]*>Báo cáo</a>', page)
