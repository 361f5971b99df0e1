"""Every document a clerk signs, in the form Decree 30/2020 sets (issue 19): for each kind, the
PDF (WeasyPrint) and the DOCX through LibreOffice to PDF, measured from the positions of the
words (tests/documents/official_checks.py); every page drawn under artifacts/documents/."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest

from kehoach.conference import documents as conference_documents
from kehoach.conference.models import Conference
from kehoach.execution import documents as execution_documents
from kehoach.execution.models import AsRunRecord, Contract, Decision, Deliverable
from kehoach.execution.selectors import minutes_data
from kehoach.plans.models import Plan
from kehoach.reports import services as report_services
from tests.documents.official_checks import check_official, draw
from tests.documents.writer_support import require, soffice_convert
from tests.web.conftest import demo, login, plan  # noqa: F401  (fixtures)

TODAY = date(2016, 10, 15)
# The amounts of the minutes' lines and total, each to be found whole (never split).
AMOUNTS: dict[str, list[str]] = {}
KINDS = ["minutes", "liquidation", "invitation", "sign_in", "final_report", "outline", "plan"]


@pytest.fixture
def executed(plan: Plan, executed_module) -> Plan:  # noqa: F811
    """The executed sample, shared by the module (``executed_module``, tests/conftest.py)."""
    plan.refresh_from_db()
    return plan


def _accepted_contract(plan_: Plan) -> Contract:
    """A contract of the demo with its airings reported, verified and accepted."""
    contract = Contract.objects.get(plan=plan_, contractor__code="TG-DAI-CHO-GAO")
    reporter, supervisor = login("dai-chogao"), login("bcxb")
    for i, d in enumerate(Deliverable.objects.filter(contract_line__contract=contract)):
        if not AsRunRecord.objects.filter(deliverable=d).exists():
            reporter.post(
                f"/thuc-hien/hop-dong/{contract.pk}/bao-cao/{d.pk}/",
                {"aired_at": f"2016-09-{i % 28 + 1:02d}T19:{i % 60:02d}", "duration": "5 phút"},
            )
        for record in AsRunRecord.objects.filter(deliverable=d).exclude(decision=Decision.VERIFIED):
            supervisor.post(
                f"/thuc-hien/hop-dong/{contract.pk}/ban-ghi/{record.pk}/xac-nhan/",
                {"decision": "verified"},
            )
    finance = login("khtc")
    finance.post(f"/thuc-hien/hop-dong/{contract.pk}/nghiem-thu/", {"on": "2016-12-15"})
    contract.refresh_from_db()
    return contract


def produce(kind: str, plan: Plan, fmt: str) -> tuple[str, bytes, str]:  # noqa: F811
    """(file name, bytes, the signer's name) of one document kind in one format."""
    if kind in ("minutes", "liquidation"):
        contract = _accepted_contract(plan)
        data = minutes_data(
            contract,
            kind="acceptance" if kind == "minutes" else "liquidation",
            on=date(2016, 12, 15),
        )
        render = (
            execution_documents.render_docx if fmt == "docx" else execution_documents.render_pdf
        )
        name, _, content = render(data)
        assert data.buyer is not None
        AMOUNTS[kind] = [v for row in execution_documents.line_rows(data) for v in row[5:] if v]
        return name, content, data.buyer.representative
    if kind == "invitation":
        conference = Conference.objects.get(plan=plan)
        data = conference_documents.invitation(conference, base_url="https://kehoach.example/")
        render = (
            conference_documents.render_docx if fmt == "docx" else conference_documents.render_pdf
        )
        name, _, content = render(data)
        return name, content, data.signer_name
    if kind == "sign_in":
        conference = Conference.objects.get(plan=plan)
        render = (
            conference_documents.render_sign_in_docx
            if fmt == "docx"
            else conference_documents.render_sign_in
        )
        name, _, content = render(conference)
        return name, content, ""
    if kind == "final_report":
        name, _, content = report_services.final_document(plan, fmt, TODAY)
        return name, content, plan.signer_name
    if kind == "outline":
        name, _, content = report_services.outline_document(plan, fmt, TODAY)
        return name, content, ""
    if kind == "plan":
        from kehoach.documents.writers import get_renderer
        from kehoach.plans.mapping import plan_to_document

        name, _, content = get_renderer(fmt).render(plan_to_document(plan), part="plan")
        return name, content, plan.signer_name
    raise AssertionError(kind)


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require("soffice")
    return tmp_path_factory.mktemp("libreoffice-profile")


@pytest.mark.parametrize("kind", KINDS)
def test_the_pdf_of_each_document_kind_has_the_decree_s_page_header_and_signature(
    kind, executed, tmp_path
):
    name, content, signer = produce(kind, executed, "pdf")
    assert name.endswith(".pdf")
    pdf = tmp_path / name
    pdf.write_bytes(content)
    assert draw(pdf, f"{kind}-pdf")
    document = check_official(pdf, signer=signer, number_line=kind not in ("outline", "sign_in"))
    words = {w.text for page in document for w in page.words}
    assert not [a for a in AMOUNTS.get(kind, []) if a not in words], "an amount split"


@pytest.mark.parametrize("kind", KINDS)
def test_the_docx_of_each_document_kind_in_libreoffice_has_the_same_form(
    kind, executed, tmp_path, profile
):
    name, content, signer = produce(kind, executed, "docx")
    assert name.endswith(".docx")
    source = tmp_path / name
    source.write_bytes(content)
    properties = docx.Document(io.BytesIO(content)).core_properties
    assert properties.created is not None and properties.created.year >= 2024
    assert properties.author and "python-docx" not in properties.author
    result = soffice_convert(source, "pdf", tmp_path / "pdf", profile)
    pdf = tmp_path / "pdf" / (source.stem + ".pdf")
    assert result.returncode == 0 and pdf.exists(), result.stderr
    assert draw(pdf, f"{kind}-docx")
    document = check_official(pdf, signer=signer, number_line=kind not in ("outline", "sign_in"))
    words = {w.text for page in document for w in page.words}
    assert not [a for a in AMOUNTS.get(kind, []) if a not in words], "an amount split"


@pytest.mark.parametrize("username", ["vanthu", "khtc", "giamdoc"])
def test_the_clerk_finance_and_the_director_get_the_invitation_and_the_sign_in_sheet(
    username, executed
):
    conference = Conference.objects.get(plan=executed)
    client = login(username)
    for url in (
        f"/hoi-nghi/{conference.pk}/giay-moi/docx/",
        f"/hoi-nghi/{conference.pk}/danh-sach-ky-ten/",
    ):
        response = client.get(url)
        assert response.status_code == 200, (username, url)
        assert "cai-lay" not in response["Content-Disposition"]  # the organiser's own name
        assert "stttt" in response["Content-Disposition"]
