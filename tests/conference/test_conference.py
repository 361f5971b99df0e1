"""The training conference: groups against the total, the invitation with its recipients and
QR codes, check-in at the door, attendance by group, costs from the norms, the two funding
choices, anonymisation, and `kehoach status`."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from kehoach.audit.models import AuditEntry
from kehoach.conference import documents, selectors, services
from kehoach.conference.models import Conference, Delegate, Funding
from kehoach.core.text import fold
from kehoach.plans import services as plan_services
from kehoach.plans.mapping import plan_to_document
from kehoach.plans.models import PlanStatus
from kehoach.plans.selectors import plan_findings

from .conftest import login, user

pytestmark = pytest.mark.django_db


def codes(plan):
    return [f.code for f in plan_findings(plan)]


def test_the_demo_conference_has_120_delegates_in_7_groups_that_add_up(conference):
    att = selectors.attendance(conference)
    assert att.planned_total == 120
    assert len(att.groups) == 7
    assert att.groups_planned == 120 and att.adds_up
    assert "CONFERENCE_GROUPS_MISMATCH" not in codes(conference.plan)


def test_it_reports_groups_that_do_not_add_up_to_the_total(conference):
    client = login("bcxb")
    lines = [f"{g.name}: {g.planned}" for g in conference.groups.all()]
    lines[0] = "Lãnh đạo UBND tỉnh: 10"
    response = client.post(
        f"/hoi-nghi/{conference.pk}/", {"planned_total": "120", "groups": "\n".join(lines)}
    )
    assert response.status_code == 302
    finding = next(
        f for f in plan_findings(conference.plan) if f.code == "CONFERENCE_GROUPS_MISMATCH"
    )
    assert finding.data == {"total": 120, "groups": 122}
    page = client.get(f"/hoi-nghi/{conference.pk}/").content.decode()
    assert "khác tổng số 120" in page


def test_the_invitation_docx_has_the_recipients_and_a_qr_code_that_decodes(conference):
    response = login("bcxb").get(f"/hoi-nghi/{conference.pk}/giay-moi/docx/")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    xml = archive.read("word/document.xml").decode()
    assert "GIẤY MỜI" in xml and "/GM-STTTT" in xml
    assert "Nơi nhận:" in xml and "Lãnh đạo Bưu điện tỉnh (5 đại biểu)" in xml
    delegate = conference.delegates.order_by("id").first()
    assert delegate.full_name in xml
    images = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(images) == conference.delegates.count()
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp decodes the QR codes")
    from PIL import Image

    decoded = set()
    for name in images:
        for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(archive.read(name)))):
            decoded.add(result.text)
    assert (
        f"http://testserver/hoi-nghi/{conference.pk}/diem-danh/?token={delegate.token}" in decoded
    )


def test_the_invitation_and_the_sign_in_sheet_are_pdfs_with_the_names(conference):
    client = login("bcxb")
    for url in (
        f"/hoi-nghi/{conference.pk}/giay-moi/pdf/",
        f"/hoi-nghi/{conference.pk}/danh-sach-ky-ten/",
    ):
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    # What the PDFs are printed from (no PDF text extractor is installed):
    invitation = documents.invitation_html(
        documents.invitation(conference, base_url="https://kehoach.example/")
    )
    assert "Nguyễn Văn An" in invitation and "Lãnh đạo Bưu điện tỉnh (5 đại biểu)" in invitation
    # One QR code per card (the same PNG in the PDF and the DOCX).
    assert invitation.count("data:image/png;base64,") == conference.delegates.count()
    sheet = documents.sign_in_html(conference)
    assert "Nguyễn Văn An" in sheet and "Ký tên" in sheet and "Lãnh đạo Bưu điện tỉnh" in sheet


def test_check_in_by_a_name_typed_without_diacritics(conference):
    client = login("bcxb")
    target = conference.delegates.get(full_name="Trần Thị Bích")
    assert target.checked_in_at is None
    page = client.get(f"/hoi-nghi/{conference.pk}/diem-danh/", {"q": "TRAN thi bich"})
    assert "Trần Thị Bích" in page.content.decode()
    client.post(f"/hoi-nghi/{conference.pk}/diem-danh/", {"delegate": target.pk})
    target.refresh_from_db()
    assert target.checked_in_at is not None
    assert AuditEntry.objects.filter(
        action="conference.delegate.checked_in", object_id=str(target.pk)
    ).exists()


def test_check_in_by_the_qr_codes_token(conference):
    client = login("bcxb")
    target = conference.delegates.filter(checked_in_at__isnull=True).first()
    page = client.get(f"/hoi-nghi/{conference.pk}/diem-danh/", {"token": target.token})
    assert target.full_name in page.content.decode()
    client.post(f"/hoi-nghi/{conference.pk}/diem-danh/", {"token": target.token})
    target.refresh_from_db()
    assert target.checked_in_at is not None


def test_the_check_in_page_has_no_inline_script_or_style(conference):
    html = login("bcxb").get(f"/hoi-nghi/{conference.pk}/diem-danh/").content.decode()
    assert "<script>" not in html and "style=" not in html and "<style" not in html
    assert 'name="viewport"' in html


def test_attendance_is_counted_by_group(conference):
    att = selectors.attendance(conference)
    assert [g.attended for g in att.groups] == [1] * 7
    assert att.attended == 7 and att.invited == 14
    page = login("ubnd").get(f"/hoi-nghi/{conference.pk}/").content.decode()
    assert "Lãnh đạo Bưu điện tỉnh" in page


def test_costs_come_from_the_norms_in_force_on_the_conference_date(conference):
    costs = selectors.costs(conference)
    amounts = {c.kind: c.amount for c in costs.lines}
    assert amounts == {
        "conference_meal": Decimal(12000000),
        "conference_hall": Decimal(3000000),
        "conference_materials": Decimal(3600000),
    }
    assert costs.total == Decimal(18600000) and costs.complete
    assert all(c.is_example for c in costs.lines)
    conference.date = date(2015, 6, 1)  # before the example norms' validity
    assert not selectors.costs(conference).complete


def test_funded_elsewhere_silences_unfunded_activity(conference):
    plan = conference.plan
    assert "UNFUNDED_ACTIVITY" in codes(plan)
    login("bcxb").post(
        f"/hoi-nghi/{conference.pk}/kinh-phi/",
        {"choice": "elsewhere", "source": "Kinh phí hội nghị của Văn phòng Sở năm 2016"},
    )
    conference.refresh_from_db()
    assert conference.funding == Funding.ELSEWHERE
    found = codes(plan)
    assert "UNFUNDED_ACTIVITY" not in found and "FUNDED_ELSEWHERE" in found
    assert plan_to_document(plan).estimate.total == Decimal(188500000)
    assert AuditEntry.objects.filter(action="conference.funding.elsewhere").exists()


def test_the_revision_choice_refuses_an_approved_plan_that_is_not_issued(conference):
    assert conference.plan.status == PlanStatus.APPROVED
    with pytest.raises(plan_services.DomainError):
        services.funding_revision(user=user("bcxb"), conference=conference)
    assert not conference.plan.lines.filter(activity="conference").exists()


def test_anonymisation_removes_names_and_contacts_after_the_retention(conference, settings):
    settings.KEHOACH_DELEGATE_RETENTION_DAYS = 30
    conference.report_date = timezone.localdate() - timedelta(days=10)
    conference.save()
    call_command("anonymise-delegates", stdout=io.StringIO())
    assert Delegate.objects.filter(conference=conference, anonymised=True).count() == 0
    conference.report_date = timezone.localdate() - timedelta(days=31)
    conference.save()
    out = io.StringIO()
    call_command("anonymise-delegates", stdout=out)
    assert "14" in out.getvalue()
    names = list(conference.delegates.values_list("full_name", flat=True))
    assert all(n.startswith("Đại biểu ") for n in names)
    assert not conference.delegates.exclude(phone="", email="", unit="").exists()
    assert selectors.attendance(conference).attended == 7  # the report's figures stay
    assert AuditEntry.objects.filter(action="conference.delegates.anonymised").exists()
    assert Conference.objects.get(pk=conference.pk).anonymised_at is not None


def test_status_includes_the_conference(conference):
    out = io.StringIO()
    call_command("status", "46a/KH-STTTT", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())["conference"]
    assert data["planned_total"] == 120
    assert len(data["groups"]) == 7
    assert sum(g["planned"] for g in data["groups"]) == 120
    assert data["attended"] == 7 and data["groups"][0]["attended"] == 1
    assert data["costs"]["total"] == 18600000


def test_the_qr_png_decodes_with_segnos_own_matrix_too():
    png = documents.qr_png("https://example.invalid/x")
    assert png.startswith(b"\x89PNG")
    assert fold("Châu") == "chau"


def test_status_says_what_people_read_in_the_command_lines_language(conference, monkeypatch):
    """Issue 23, one language per output: `kehoach status --format json` run in English says
    the plan's findings, the indicators' findings and synthetic label, what is not done, the
    supervision basis and the channels' names in English (every app's part); its codes stay as
    they are. Vietnamese stays the default."""
    from kehoach.outcomes.models import Service, ServiceLevel
    from tests.test_said_in_one_language import english, vietnamese

    # A finding of the plan (the groups no longer add up) and one of the indicators (five
    # level-3 services lose their level: the stated baseline differs from the catalogue).
    group = conference.groups.first()
    group.planned += 1
    group.save()
    ids = list(
        Service.objects.filter(
            organisation=conference.plan.organisation, levels__level="3"
        ).values_list("pk", flat=True)[:5]
    )
    ServiceLevel.objects.filter(service_id__in=ids).delete()

    def status() -> dict:
        out = io.StringIO()
        call_command("status", "46a/KH-STTTT", "--format", "json", stdout=out)
        return json.loads(out.getvalue())

    def texts(data: dict, codes: tuple[str, ...]) -> list[str]:
        """The texts kehoach says: the findings of ``codes`` (the others quote the plan's own
        words), the synthetic label, what is not done, the supervision basis."""
        findings = [
            f for f in data["findings"] + data["indicators"]["findings"] if f["code"] in codes
        ]
        return [
            *(f["message"] for f in findings),
            *(f["where"]["label"] for f in findings),
            data["indicators"]["synthetic"]["label"],
            *data["reports"]["not_done"],
            *(s["basis"] for s in data["conference"]["supervision"]),
        ]

    vi = status()
    monkeypatch.setenv("KEHOACH_LANG", "en")
    en = status()
    codes = ("CONFERENCE_GROUPS_MISMATCH", "BASELINE_MISMATCH")
    assert len(texts(en, codes)) == len(texts(vi, codes)) >= 2 * len(codes) + 3
    assert [f["code"] for f in en["findings"]] == [f["code"] for f in vi["findings"]]
    assert all(  # every finding said in the other language
        e["message"] != v["message"]
        for e, v in zip(
            en["findings"] + en["indicators"]["findings"],
            vi["findings"] + vi["indicators"]["findings"],
            strict=True,
        )
    )
    assert en["status"] == vi["status"] and en["reports"]["final"] == vi["reports"]["final"]
    names = [conference.title, *conference.groups.values_list("name", flat=True)]
    for text in texts(en, codes):
        english(text, *names, "Bộ luật Lao động số 45/2019/QH14")
    for text in texts(vi, codes):
        vietnamese(text)
    # The catalogue page's link has no channel: kehoach names it.
    assert [c["outlet"] for c in en["visits"]["channels"] if c["kind"] == "other"] == ["Other"]
    assert [c["outlet"] for c in vi["visits"]["channels"] if c["kind"] == "other"] == ["Khác"]
