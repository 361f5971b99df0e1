"""Content supplied by the department (a station downloads a radio story and logs its
rebroadcasts against it; the department sees who has not downloaded) and supervision (the
management line's basis from the overtime hours)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kehoach.accounts.models import Organisation
from kehoach.audit.models import AuditEntry
from kehoach.conference import demo as conference_demo
from kehoach.conference import rules, selectors, services
from kehoach.conference.models import ContentDownload, ContentKind
from kehoach.execution import services as execution_services
from kehoach.execution.models import Deliverable
from kehoach.plans import services as plan_services
from kehoach.plans.selectors import plan_findings
from kehoach.plans.services import DomainError

from .conftest import login, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(plan):
    plan_services.plan_submit(user=user("bcxb"), plan=plan)
    plan_services.plan_approve(user=user("giamdoc"), plan=plan)
    execution_services.contracts_propose(user=user("bcxb"), plan=plan)
    from tests.execution.conftest import sign_all

    sign_all(plan)
    return plan


def test_a_station_downloads_a_radio_story_and_logs_its_rebroadcasts_against_it(proposed):
    stations = list(Organisation.objects.filter(kind="district_station", province="Tiền Giang"))
    editor = login("bcxb")
    response = editor.post(
        f"/hoi-nghi/ke-hoach/{proposed.pk}/noi-dung/",
        {
            "kind": "audio",
            "title": "Câu chuyện truyền thanh số 1",
            "stations": [s.pk for s in stations],
            "file": _upload("cau-chuyen-1.mp3", b"ID3 radio story"),
        },
    )
    assert response.status_code == 302
    item = proposed.content_items.get()
    assert item.mimetype == "audio/mpeg" and item.size == len(b"ID3 radio story")
    editor.post(f"/hoi-nghi/noi-dung/{item.pk}/gan/")
    chogao = Organisation.objects.get(code="TG-DAI-CHO-GAO")
    own = Deliverable.objects.filter(
        contract_line__contract__contractor=chogao,
        contract_line__contract__plan=proposed,
        line__activity="rebroadcast",
    )
    assert own.exists() and all(d.content_assignment.item == item for d in own)

    station = login("dai-chogao")
    page = station.get("/hoi-nghi/dai/").content.decode()
    assert "Câu chuyện truyền thanh số 1" in page
    download = station.get(f"/hoi-nghi/noi-dung/{item.pk}/tai-ve/")
    assert download.status_code == 200 and download.content == b"ID3 radio story"
    logged = ContentDownload.objects.get(item=item)
    assert logged.station == chogao and logged.user.username == "dai-chogao"

    first = own.order_by("planned_date").first()
    contract = first.contract_line.contract
    response = station.post(
        f"/thuc-hien/hop-dong/{contract.pk}/bao-cao/{first.pk}/", {"aired_at": "2016-08-05T19:30"}
    )
    assert response.status_code == 302
    status = selectors.content_status(proposed)[0]
    row = next(r for r in status.stations if r.pk == chogao.pk)
    assert row.downloads == 1 and row.aired == 1 and row.assigned == own.count()
    waiting = {r.name for r in status.not_downloaded}
    assert chogao.name not in waiting and len(waiting) == len(stations) - 1

    listing = editor.get(f"/hoi-nghi/ke-hoach/{proposed.pk}/noi-dung/").content.decode()
    assert "Chưa tải về" in listing
    assert "Đài Truyền thanh - Truyền hình huyện Cái Bè" in listing


def test_a_station_that_was_not_sent_the_item_cannot_download_it(proposed):
    cai_be = Organisation.objects.get(code="TG-DAI-CAI-BE")
    item = services.content_create(
        user=user("bcxb"), plan=proposed, kind="text", title="Tin", text="x", stations=[cai_be]
    )
    assert login("dai-chogao").get(f"/hoi-nghi/noi-dung/{item.pk}/tai-ve/").status_code == 404


def test_content_files_are_limited_by_type_and_size(proposed, settings):
    with pytest.raises(DomainError):
        services.content_create(
            user=user("bcxb"),
            plan=proposed,
            kind=ContentKind.AUDIO,
            title="x",
            upload=("virus.exe", b"MZ"),
            stations=[],
        )
    settings.KEHOACH_CONTENT_MAX_BYTES = 10
    with pytest.raises(DomainError):
        services.content_create(
            user=user("bcxb"),
            plan=proposed,
            kind=ContentKind.AUDIO,
            title="x",
            upload=("a.mp3", b"x" * 11),
            stations=[],
        )


def test_the_overtime_multipliers_come_from_the_labour_code():
    assert rules.multiplier("weekday") == Decimal("1.5")
    assert rules.multiplier("rest_day") == Decimal(2)
    assert rules.multiplier("holiday") == Decimal(3)
    assert "Điều 98" in rules.overtime_rules()["source"]
    assert rules.overtime_pay(Decimal(3), Decimal(20000), "holiday") == Decimal(180000)


def test_the_management_lines_basis_comes_from_the_supervision_hours(plan):
    assert "LUMP_SUM_NO_BASIS" in [f.code for f in plan_findings(plan)]
    editor = login("bcxb")
    line = plan.lines.get(activity="management")
    response = editor.post(
        f"/hoi-nghi/ke-hoach/{plan.pk}/giam-sat/",
        {
            "line": line.pk,
            "kind": "airing",
            "subject": "Phát sóng phóng sự trên Đài PT-TH tỉnh",
            "checked_on": "2016-08-20",
            "day_type": "rest_day",
            "overtime_hours": "8",
            "hourly_wage": "20000",
        },
    )
    assert response.status_code == 302
    conference_demo._supervision(plan, user("bcxb"))
    basis = selectors.supervision_basis(plan)[line.pk]
    assert basis.hours == Decimal(33) and basis.records == 6
    assert basis.amount == Decimal(320000 + 920000)
    assert "33 giờ" in basis.text and "1.240.000" in basis.text
    assert "LUMP_SUM_NO_BASIS" not in [f.code for f in plan_findings(plan)]
    assert "LUMP_SUM_NO_BASIS" not in editor.get(f"/ke-hoach/{plan.pk}/").content.decode()
    page = editor.get(f"/hoi-nghi/ke-hoach/{plan.pk}/giam-sat/").content.decode()
    assert "Theo sổ giám sát: 6 lần kiểm tra, 33 giờ" in page
    editor.post("/i18n/setlang/", {"language": "en", "next": "/"})  # issue 23: one language
    page = editor.get(f"/hoi-nghi/ke-hoach/{plan.pk}/giam-sat/").content.decode()
    assert "From the supervision record: 6 checks, 33 overtime hours" in page
    assert "Theo sổ giám sát: 6" not in page
    assert AuditEntry.objects.filter(action="conference.supervision.recorded").count() == 6


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)
