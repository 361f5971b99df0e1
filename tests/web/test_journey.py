"""The whole journey through the real views: an editor imports the sample and submits, the
approver approves, the clerk registers and issues, the documents download, the history
shows every step."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kehoach.audit.models import AuditEntry
from kehoach.plans.models import ImportJob, Plan, PlanStatus
from tests.uploads import pdf_bytes

from .conftest import PASSWORD, SAMPLE, login

DEMO = "plans"  # the lighter demo: these tests need only the plans (tests/conftest.py)


@pytest.mark.django_db
def test_an_editor_imports_submits_and_the_plan_is_approved_issued_and_downloaded(demo):
    client = Client()
    response = client.post("/dang-nhap/", {"username": "bcxb", "password": PASSWORD})
    assert response.status_code == 302

    upload = SimpleUploadedFile("ke-hoach.txt", SAMPLE.read_bytes(), "text/plain")
    response = client.post("/ke-hoach/nhap/", {"file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.latest("id")
    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert "188.500.000" in text
    assert "REF_INCONSISTENT" in text  # findings shown before anything is saved
    assert job.plan is None
    before = Plan.objects.count()

    response = client.post(f"/ke-hoach/nhap/{job.pk}/")
    assert response.status_code == 302
    assert Plan.objects.count() == before + 1
    plan = Plan.objects.latest("id")
    assert response["Location"] == f"/ke-hoach/{plan.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "188.500.000" in page
    assert "Một trăm tám mươi tám triệu năm trăm nghìn đồng" in page

    assert client.post(f"/ke-hoach/{plan.pk}/trinh/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    approver = login("giamdoc")
    assert approver.post(f"/ke-hoach/{plan.pk}/phe-duyet/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED

    clerk = login("vanthu")
    signed = SimpleUploadedFile(
        "46-KH-STTTT-signed.pdf",
        pdf_bytes(),
        "application/pdf",  # a PDF that opens
    )
    response = clerk.post(
        f"/ke-hoach/{plan.pk}/ban-hanh/",
        {"number": "46", "issued_on": "2016-07-21", "signed_file": signed},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED
    version = plan.versions.get()
    assert (version.number, version.symbol, version.date) == ("46", "KH-STTTT", date(2016, 7, 21))
    assert version.snapshot["estimate"]["total"] == 188500000
    kinds = {f.kind: f for f in version.files.all()}
    assert set(kinds) == {"docx", "xlsx", "pdf", "signed"}

    for kind in ("docx", "pdf"):
        response = client.get(f"/ke-hoach/{plan.pk}/tep/{kinds[kind].pk}/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
    assert bytes(kinds["pdf"].content).startswith(b"%PDF")
    assert bytes(kinds["docx"].content).startswith(b"PK")

    # An issued plan is frozen: the editing pages send the editor back with the reason.
    response = client.get(f"/ke-hoach/{plan.pk}/sua/", follow=True)
    assert response.redirect_chain[-1][0] == f"/ke-hoach/{plan.pk}/"
    assert "không sửa được" in response.content.decode()

    actions = list(
        AuditEntry.objects.filter(plan=plan).order_by("id").values_list("action", "actor__username")
    )
    assert actions == [
        ("plans.plan.imported", "bcxb"),
        ("plans.plan.submitted", "bcxb"),
        ("plans.plan.approved", "giamdoc"),
        ("plans.plan.issued", "vanthu"),
    ]
    history = client.get(f"/ke-hoach/{plan.pk}/lich-su/").content.decode()
    for action, _user in actions:
        assert action in history


@pytest.mark.django_db
def test_the_approver_can_return_a_plan_with_a_comment(plan, editor, approver):
    editor.post(f"/ke-hoach/{plan.pk}/trinh/")
    approver.post(f"/ke-hoach/{plan.pk}/tra-lai/", {"comment": "Bổ sung dòng kinh phí hội nghị"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    entry = AuditEntry.objects.filter(plan=plan, action="plans.plan.returned").get()
    assert entry.comment == "Bổ sung dòng kinh phí hội nghị"


@pytest.mark.django_db
def test_returning_without_a_comment_is_refused_and_changes_nothing(plan, editor, approver):
    editor.post(f"/ke-hoach/{plan.pk}/trinh/")
    response = approver.post(f"/ke-hoach/{plan.pk}/tra-lai/", {"comment": " "}, follow=True)
    assert "lý do" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


@pytest.mark.django_db
def test_an_issued_plan_changes_only_through_a_revision(plan, editor, approver, clerk):
    editor.post(f"/ke-hoach/{plan.pk}/trinh/")
    approver.post(f"/ke-hoach/{plan.pk}/phe-duyet/")
    clerk.post(f"/ke-hoach/{plan.pk}/ban-hanh/", {"number": "46", "issued_on": "2016-07-21"})
    plan.refresh_from_db()
    assert editor.get(f"/ke-hoach/{plan.pk}/du-toan/").status_code == 302
    line = plan.lines.first()
    response = editor.post(
        f"/ke-hoach/{plan.pk}/du-toan/dong/{line.pk}/",
        {f"line-{line.pk}-content": "x", f"line-{line.pk}-unit_price": "1"},
    )
    assert "không sửa được" in response.content.decode()
    line.refresh_from_db()
    assert line.content != "x"
    response = editor.post(f"/ke-hoach/{plan.pk}/dieu-chinh/")
    revision = Plan.objects.get(revision_of=plan)
    assert response["Location"] == f"/ke-hoach/{revision.pk}/"
    assert revision.status == PlanStatus.DRAFT
    assert revision.revision == 1
    assert revision.lines.count() == plan.lines.count()


@pytest.mark.django_db
def test_cloning_last_years_plan_keeps_structure_prices_and_quantities(plan, editor):
    response = editor.post(f"/ke-hoach/{plan.pk}/sao-chep/", {"year": 2017})
    clone = Plan.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))
    assert clone.year == 2017
    assert clone.number == ""
    assert clone.title.endswith("2017")
    assert [(ln.content, ln.quantity, ln.unit_price) for ln in clone.lines.all()] == [
        (ln.content, ln.quantity, ln.unit_price) for ln in plan.lines.all()
    ]
    assert clone.sections.count() == plan.sections.count()


@pytest.mark.django_db
def test_a_file_that_cannot_be_read_is_reported_and_nothing_is_created(editor):
    before = Plan.objects.count()
    upload = SimpleUploadedFile("rac.txt", b"\x00\x01\x02" * 100, "text/plain")
    response = editor.post("/ke-hoach/nhap/", {"file": upload}, follow=True)
    assert "không phải là văn bản" in response.content.decode()
    assert Plan.objects.count() == before


@pytest.mark.django_db
def test_the_plan_list_is_searched_without_diacritics(plan, editor):
    response = editor.get("/ke-hoach/", {"q": "tuyen truyen dich vu cong"})
    assert plan.title in response.content.decode()
    response = editor.get("/ke-hoach/", {"q": "khong co gi nhu vay"})
    assert plan.title not in response.content.decode()
