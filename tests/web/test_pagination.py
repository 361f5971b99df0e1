"""Every list of the web pages, says how many there are and reaches its last item (issue 25):
walked page by page through its "next" links, each list shows items 1–N of N, every item on
exactly one page, and keeps its filters in the links."""

from __future__ import annotations

import re

import pytest

from kehoach.accounts.models import Organisation
from kehoach.audit.models import AuditEntry
from kehoach.core.indicators import group
from kehoach.core.periods import Period
from kehoach.execution.models import Contract, Deliverable
from kehoach.execution.selectors import contracts_for_user
from kehoach.outcomes import selectors as outcome_selectors
from kehoach.outcomes import services as outcome_services
from kehoach.outcomes.models import OutcomeImport, Service
from kehoach.plans.selectors import plans_for_user
from kehoach.web import pagination
from tests.outcomes.conftest import stats_csv
from tests.reports.conftest import executed  # noqa: F401  (fixture)
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="pages".*?</nav>', re.S)
STATUS = re.compile(r"(\d+)–(\d+) trong (\d+) mục")


def walk(client, url: str, param: str = "trang", which: int = 0) -> tuple[int, list[str]]:
    """Follow the ``which``-th page bar's "next" links from the first page to the last; the
    pages' HTML, and the total the bar states."""
    pages, seen_to, total = [], 0, None
    while True:
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        bar = NAV.findall(html)[which]
        first, last, n = (int(x) for x in STATUS.search(bar).groups())
        assert total in (None, n) and first == seen_to + 1
        total, seen_to = n, last
        pages.append(html)
        follow = re.search(rf'href="\?([^"]*?{param}=\d+)" rel="next"', bar)
        if follow is None:
            break
        url = url.split("?")[0] + "?" + follow.group(1).replace("&amp;", "&")
    assert seen_to == total
    return total, pages


def small_pages(monkeypatch, total: int) -> None:
    assert total >= 2, "the list must be longer than a page"
    monkeypatch.setattr(pagination, "PAGE_SIZE", max(1, total // 3))


def test_the_plan_list_reaches_its_last_plan_and_keeps_its_filter(executed, monkeypatch):  # noqa: F811
    from django.contrib.auth.models import User

    from tests.web.conftest import make_plan_with_lines

    for _i in range(3):
        make_plan_with_lines(executed.organisation, 2)
    user = User.objects.get(username="bcxb")
    expected = plans_for_user(user, year=2016)
    small_pages(monkeypatch, expected.count())
    total, pages = walk(login("bcxb"), "/ke-hoach/?year=2016")
    assert total == expected.count()
    last = expected.order_by("year", "id").first()  # the list is newest first
    assert f"/ke-hoach/{last.pk}/" in pages[-1]
    assert all("year=2016" in p for p in pages)


def test_the_plan_history_reaches_its_first_entry(executed, monkeypatch):  # noqa: F811
    entries = AuditEntry.objects.filter(plan=executed)
    small_pages(monkeypatch, entries.count())
    total, pages = walk(login("bcxb"), f"/ke-hoach/{executed.pk}/lich-su/")
    assert total == entries.count()
    oldest = entries.order_by("at", "id").first()
    assert oldest.action in pages[-1]


def test_the_contract_list_reaches_its_last_contract(executed, monkeypatch):  # noqa: F811
    from django.contrib.auth.models import User

    expected = contracts_for_user(User.objects.get(username="bcxb"))
    small_pages(monkeypatch, expected.count())
    total, pages = walk(login("bcxb"), "/thuc-hien/")
    assert total == expected.count()
    assert f"/thuc-hien/hop-dong/{list(expected)[-1].pk}/" in pages[-1]


def test_a_contracts_deliverables_and_airings_reach_the_last_one(executed, monkeypatch):  # noqa: F811
    contract = max(
        Contract.objects.filter(plan=executed),
        key=lambda c: Deliverable.objects.filter(contract_line__contract=c).count(),
    )
    deliverables = Deliverable.objects.filter(contract_line__contract=contract)
    small_pages(monkeypatch, deliverables.count())
    total, pages = walk(login("bcxb"), f"/thuc-hien/hop-dong/{contract.pk}/")
    assert total == deliverables.count()
    last = deliverables.order_by("-planned_date", "-line_id", "-sequence").first()
    assert last.label in pages[-1]
    # The contract's history pages on its own (?trang_ls=), next to the deliverables.
    assert "trang_ls=" in "".join(pages) or AuditEntry.objects.filter(plan=executed).count() <= 1


def test_the_records_behind_a_figure_reach_the_last_one(executed, monkeypatch):  # noqa: F811
    deliverables = Deliverable.objects.filter(line__plan=executed)
    small_pages(monkeypatch, deliverables.count())
    total, _pages = walk(login("bcxb"), f"/bao-cao/ke-hoach/{executed.pk}/san-pham/")
    assert total == deliverables.count()


def test_the_catalogue_reaches_its_last_service(executed, monkeypatch):  # noqa: F811
    services = Service.objects.filter(organisation=executed.organisation)
    small_pages(monkeypatch, services.count())
    total, pages = walk(login("bcxb"), "/ket-qua/dich-vu/")
    assert total == services.count()
    assert services.order_by("-code").first().name in pages[-1]


def test_the_statistics_table_reaches_its_last_period(executed, monkeypatch):  # noqa: F811
    rows = outcome_selectors.stat_rows(executed.organisation)
    periods = list(group(rows, period="quarter"))
    small_pages(monkeypatch, len(periods))
    total, pages = walk(login("bcxb"), "/ket-qua/?period=quarter")
    assert total == len(periods)
    # the last period as a person reads it ("Quý IV/2017", not its key "2017-Q4")
    assert f"<td>{Period.from_key(periods[-1][0]).label_vi}</td>" in pages[-1]


def test_the_import_list_and_an_imports_errors_reach_the_last_one(executed, monkeypatch):  # noqa: F811
    from django.contrib.auth.models import User

    organisation = Organisation.objects.get(pk=executed.organisation_id)
    user = User.objects.get(username="bcxb")
    broken = [f"{m:02d}/2015,Sở Tư pháp,,mười,30,0,40,5,20,10,35,5,20,4,25" for m in range(1, 7)]
    for _i in range(3):
        job = outcome_services.stats_import(
            user=user, organisation=organisation, filename="x.csv", content=stats_csv(*broken)
        )
    jobs = OutcomeImport.objects.filter(organisation=organisation)
    small_pages(monkeypatch, jobs.count())
    total, pages = walk(login("bcxb"), "/ket-qua/nhap/")
    assert total == jobs.count()
    monkeypatch.setattr(pagination, "PAGE_SIZE", 2)
    total, pages = walk(login("bcxb"), f"/ket-qua/nhap/{job.pk}/")
    assert total == len(job.errors) == 6
    assert 'class="num">7<' in pages[-1]  # the file's line 7: its last broken row
