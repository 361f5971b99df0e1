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
def executed(executed_module, plan: Plan) -> Plan:  # noqa: F811
    """The demo executed, loaded once for the module (``executed_module``, tests/conftest.py)."""
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


# -- the plan (kind "plan") ------------------------------------------------------------------

PLAN_FIELDS = {
    "cau_ket": "{{ cau_ket }}",
    "noi_nhan": "{% for r in noi_nhan %}{{ r }} {% endfor %}",
    "phu_luc": (
        "{% for a in phu_luc %}{{ a.tieu_de|join(' / ') }} {{ a.kem_theo }} "
        "{% for b in a.bang %}{{ b.tieu_de|join(' | ') }} "
        "{% for r in b.dong %}{{ r|join(' | ') }} ;; {% endfor %}{% endfor %}"
        "{% for n in a.noi_dung %}{{ n }}{% endfor %}{% endfor %}"
    ),
}


def plan_template(*extra: str) -> bytes:
    document = docx.Document(io.BytesIO(template(*GENERIC)))
    for name in extra:
        document.add_paragraph(PLAN_FIELDS[name])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


GENERIC = ("co_quan", "so", "dia_danh_ngay", "trich_yeu", "noi_dung", "nguoi_ky")


def _upload_plan(client, org: Organisation, content: bytes):
    return client.post(
        f"/to-chuc/{org.pk}/",
        {"kind": "plan", "file": SimpleUploadedFile("mau-ke-hoach.docx", content)},
    )


def test_a_plan_template_without_its_closing_and_appendix_is_refused(demo):  # noqa: F811
    dept = Organisation.objects.get(code="TG-STTTT")
    page = _upload_plan(login("quantri"), dept, plan_template("noi_nhan")).content.decode()
    assert "Mẫu thiếu trường bắt buộc" in page
    assert "{{ cau_ket }}" in page and "{{ phu_luc }}" in page
    assert "{{ co_quan }}" not in page.split("Mẫu thiếu trường bắt buộc")[1].split(".")[0]
    assert not DocumentTemplate.objects.filter(kind="plan").exists()
    # The same fields are enough for the minutes: the plan asks for more.
    assert _upload(login("quantri"), dept, template(*GENERIC)).status_code == 302


def test_the_organisation_s_plan_template_fills_the_plan_and_falls_back_when_removed(
    plan: Plan,  # noqa: F811
    tmp_path,
):
    from django.core.management import call_command

    dept = Organisation.objects.get(code="TG-STTTT")
    admin = login("quantri")
    full = plan_template("cau_ket", "noi_nhan", "phu_luc")
    assert _upload_plan(admin, dept, full).status_code == 302
    web = login("bcxb").get(f"/ke-hoach/{plan.pk}/tai-ve/docx/")
    assert web.status_code == 200
    text = _text(web.content)
    assert LETTERHEAD in text
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH TIỀN GIANG" in text  # the organisation's name
    assert "Số: 46a/KH-STTTT" in text and "Tiền Giang, ngày 21 tháng 7 năm 2016" in text
    assert "IV. KINH PHÍ" in text and "Trần Văn Dũng" in text
    assert "Trên đây là Kế hoạch Tuyên truyền dịch vụ công trực tuyến năm 2016" in text
    assert "- Lưu: VT; KHTC, BCXB, CNTT." in text
    # The appendix: its title, the table's rows with Vietnamese figures, the words.
    assert "PHỤ LỤC / Dự toán kinh phí / Tuyên truyền dịch vụ công trực tuyến năm 2016" in text
    assert "Phát lại câu chuyện truyền thanh | 15 phút | 110 | 150.000 | 16.500.000" in text
    assert "TỔNG CỘNG (A+B+C+D)" in text and "188.500.000" in text
    assert "(Bằng chữ: Một trăm tám mươi tám triệu năm trăm" in text
    # kehoach export REF gives the same file.
    call_command("export", plan.reference, "--to", "docx", "--out", str(tmp_path))
    exported = next(tmp_path.glob("*.docx"))
    assert _text(exported.read_bytes()) == text
    # The appendix alone keeps the built-in layout; so does the plan once the template goes.
    appendix = login("bcxb").get(f"/ke-hoach/{plan.pk}/tai-ve/docx/?part=appendix")
    assert LETTERHEAD not in _text(appendix.content)
    admin.post(f"/to-chuc/{dept.pk}/", {"delete_kind": "plan"})
    again = login("bcxb").get(f"/ke-hoach/{plan.pk}/tai-ve/docx/")
    assert LETTERHEAD not in _text(again.content)
    assert "Trên đây là Kế hoạch" in " ".join(
        p.text for p in docx.Document(io.BytesIO(again.content)).paragraphs
    )
