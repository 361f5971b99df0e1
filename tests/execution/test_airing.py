"""The as-run record: a district station's reporter logs an airing in one short form; he cannot
see or change another station's contract; supervisors verify or reject with a reason."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from kehoach.audit.models import AuditEntry
from kehoach.execution.models import AsRunRecord, Contract, Deliverable

from .conftest import login


def _contract(plan, code: str) -> Contract:
    return Contract.objects.get(plan=plan, contractor__code=code)


def test_a_district_reporter_logs_an_airing_in_the_short_form(signed):
    contract = _contract(signed, "TG-DAI-CHO-GAO")
    deliverable = Deliverable.objects.filter(contract_line__contract=contract).first()
    reporter = login("dai-chogao")
    page = reporter.get(f"/thuc-hien/hop-dong/{contract.pk}/bao-cao/{deliverable.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert deliverable.label in html
    assert 'name="viewport"' in html and 'type="datetime-local"' in html
    now = timezone.localtime().strftime("%Y-%m-%dT%H:")
    assert now in html  # date and time default to now
    form = html.split('class="short-form"')[1].split("</form>")[0]
    assert form.count("<input") <= 7  # one short form: six fields and the CSRF token
    response = reporter.post(
        f"/thuc-hien/hop-dong/{contract.pk}/bao-cao/{deliverable.pk}/",
        {"aired_at": "2016-08-05T19:30", "outlet": "Đài Chợ Gạo", "duration": "5 phút"},
    )
    assert response.status_code == 302
    deliverable.refresh_from_db()
    assert deliverable.status == "reported"
    record = AsRunRecord.objects.get(deliverable=deliverable)
    assert timezone.localtime(record.aired_at).replace(tzinfo=None) == datetime(2016, 8, 5, 19, 30)
    assert record.reported_by.username == "dai-chogao"
    entry = AuditEntry.objects.get(action="execution.airing.reported")
    assert entry.before["status"] == "planned" and entry.after["status"] == "reported"
    assert entry.after["outlet"] == "Đài Chợ Gạo"


def test_a_reporter_can_attach_a_file_as_evidence_within_limits(signed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    contract = _contract(signed, "TG-DAI-CHO-GAO")
    first, second = Deliverable.objects.filter(contract_line__contract=contract)[:2]
    reporter = login("dai-chogao")
    url = f"/thuc-hien/hop-dong/{contract.pk}/bao-cao/{{}}/"
    from tests.uploads import pdf_bytes

    content = pdf_bytes()  # a real PDF: evidence is accepted by what it is (issue 21)
    pdf = SimpleUploadedFile("trang.pdf", content, content_type="application/pdf")
    reporter.post(url.format(first.pk), {"aired_at": "2016-08-05T19:30", "evidence_file": pdf})
    record = AsRunRecord.objects.get(deliverable=first)
    assert record.evidence_size == len(content)
    got = reporter.get(f"/thuc-hien/hop-dong/{contract.pk}/ban-ghi/{record.pk}/minh-chung/")
    assert got.content == content
    exe = SimpleUploadedFile("x.exe", b"MZ", content_type="application/x-msdownload")
    reporter.post(url.format(second.pk), {"aired_at": "2016-08-05T19:30", "evidence_file": exe})
    assert not AsRunRecord.objects.filter(deliverable=second).exists()


def test_a_reporter_gets_404_on_another_stations_contract(signed):
    other = _contract(signed, "TG-DAI-CAI-BE")
    deliverable = Deliverable.objects.filter(contract_line__contract=other).first()
    reporter = login("dai-chogao")
    assert reporter.get(f"/thuc-hien/hop-dong/{other.pk}/").status_code == 404
    url = f"/thuc-hien/hop-dong/{other.pk}/bao-cao/{deliverable.pk}/"
    assert reporter.get(url).status_code == 404
    assert reporter.post(url, {"aired_at": "2016-08-05T19:30"}).status_code == 404
    deliverable.refresh_from_db()
    assert deliverable.status == "planned"
    # Nor through his own contract's address with another station's deliverable.
    own = _contract(signed, "TG-DAI-CHO-GAO")
    url = f"/thuc-hien/hop-dong/{own.pk}/bao-cao/{deliverable.pk}/"
    assert reporter.post(url, {"aired_at": "2016-08-05T19:30"}).status_code == 404
    # And the plan as a whole is not his to see.
    assert reporter.get(f"/thuc-hien/ke-hoach/{signed.pk}/").status_code == 404


def test_a_contractors_home_lists_only_their_own_contracts(signed):
    html = login("dai-chogao").get("/thuc-hien/").content.decode()
    assert "Chợ Gạo" in html
    assert "Cái Bè" not in html and "Báo Ấp Bắc" not in html


def test_a_supervisor_verifies_or_rejects_with_a_reason_and_the_contractor_reports_again(
    signed,
):
    contract = _contract(signed, "TG-DAI-CHO-GAO")
    first, second = Deliverable.objects.filter(contract_line__contract=contract)[:2]
    reporter = login("dai-chogao")
    for d in (first, second):
        reporter.post(
            f"/thuc-hien/hop-dong/{contract.pk}/bao-cao/{d.pk}/", {"aired_at": "2016-08-05T19:30"}
        )
    supervisor = login("bcxb")
    r1 = AsRunRecord.objects.get(deliverable=first)
    r2 = AsRunRecord.objects.get(deliverable=second)
    base = f"/thuc-hien/hop-dong/{contract.pk}/ban-ghi"
    # The reporter cannot verify his own airing.
    assert reporter.post(f"{base}/{r1.pk}/xac-nhan/", {"decision": "verified"}).status_code == 403
    supervisor.post(f"{base}/{r1.pk}/xac-nhan/", {"decision": "verified"})
    supervisor.post(f"{base}/{r2.pk}/xac-nhan/", {"decision": "rejected", "reason": ""})
    second.refresh_from_db()
    assert second.status == "reported"  # a rejection needs a reason
    supervisor.post(
        f"{base}/{r2.pk}/xac-nhan/", {"decision": "rejected", "reason": "Không đúng khung giờ"}
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("verified", "rejected")
    rejected = AuditEntry.objects.get(action="execution.airing.rejected")
    assert rejected.after["status"] == "rejected" and rejected.comment == "Không đúng khung giờ"
    response = reporter.post(
        f"/thuc-hien/hop-dong/{contract.pk}/bao-cao/{second.pk}/", {"aired_at": "2016-08-06T19:30"}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "reported"
