"""An agency's own Word template (issue 19): refused at upload when a required field is
missing, with the list; used for the organisation's documents once stored; the built-in
layout again when it is removed."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kehoach.accounts.models import DocumentTemplate, Organisation
from kehoach.audit.models import AuditEntry
from kehoach.execution import demo as execution_demo
from kehoach.execution.documents import render_docx
from kehoach.execution.models import Contract
from kehoach.execution.selectors import minutes_data
from kehoach.plans.models import Plan
from tests.web.conftest import demo, login, plan  # noqa: F401  (fixtures)

LETTERHEAD = "MẪU RIÊNG CỦA SỞ"


def template(*fields: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(LETTERHEAD)
    lines = {
        "co_quan": "{{ co_quan }}",
        "so": "{{ so }}",
        "dia_danh_ngay": "{{ dia_danh_ngay }}",
        "trich_yeu": "{{ trich_yeu }}",
        "noi_dung": "{% for p in noi_dung %}{{ p }} {% endfor %}",
        "nguoi_ky": "{% for k in nguoi_ky %}{{ k.ho_ten }} {% endfor %}",
    }
    for name in fields:
        document.add_paragraph(lines[name])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(client, org: Organisation, content: bytes):
    return client.post(
        f"/to-chuc/{org.pk}/",
        {"kind": "acceptance", "file": SimpleUploadedFile("mau.docx", content)},
    )


def _text(content: bytes) -> str:
    return " ".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


@pytest.fixture
def executed(plan: Plan) -> Plan:  # noqa: F811
    execution_demo.load(force=True)
    plan.refresh_from_db()
    return plan


def test_a_template_missing_required_fields_is_refused_with_their_list(demo):  # noqa: F811
    dept = Organisation.objects.get(code="TG-STTTT")
    page = _upload(login("quantri"), dept, template("co_quan", "so")).content.decode()
    assert "Mẫu thiếu trường bắt buộc" in page
    for name in ("dia_danh_ngay", "trich_yeu", "noi_dung", "nguoi_ky"):
        assert "{{ " + name + " }}" in page
    assert not DocumentTemplate.objects.exists()


def test_a_file_that_is_not_a_word_template_is_refused(demo):  # noqa: F811
    dept = Organisation.objects.get(code="TG-STTTT")
    response = login("quantri").post(
        f"/to-chuc/{dept.pk}/",
        {"kind": "acceptance", "file": SimpleUploadedFile("mau.docx", b"not a docx")},
    )
    assert "Tệp không phải mẫu Word" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_the_organisation_s_template_fills_its_minutes_and_falls_back_when_removed(executed):
    dept = Organisation.objects.get(code="TG-STTTT")
    admin = login("quantri")
    full = template("co_quan", "so", "dia_danh_ngay", "trich_yeu", "noi_dung", "nguoi_ky")
    assert _upload(admin, dept, full).status_code == 302
    assert AuditEntry.objects.filter(action="accounts.template.uploaded").count() == 1
    contract = Contract.objects.get(plan=executed, contractor__code="TG-DAI-CHO-GAO")
    data = minutes_data(contract, kind="acceptance", on=date(2016, 12, 15))
    text = _text(render_docx(data)[2])
    assert LETTERHEAD in text
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in text and "Trần Văn Dũng" in text
    assert "Hôm nay, ngày 15 tháng 12 năm 2016" in text
    # The liquidation minutes have no template of their own: the built-in layout.
    liquidation = minutes_data(contract, kind="liquidation", on=date(2016, 12, 22))
    assert LETTERHEAD not in _text(render_docx(liquidation)[2])
    admin.post(f"/to-chuc/{dept.pk}/", {"delete_kind": "acceptance"})
    assert LETTERHEAD not in _text(render_docx(data)[2])
