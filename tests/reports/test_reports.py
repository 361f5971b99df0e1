"""The dashboard, the final report and the outline, on the demo plan with its execution and
its (synthetic) statistics: the report's figures equal the dashboard's and the records'."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from docx import Document

from kehoach.audit.models import AuditEntry
from kehoach.core.money import format_vnd
from kehoach.execution.models import Deliverable, DeliverableStatus, Expense, Payment
from kehoach.plans.demo import load_demo
from kehoach.plans.services import DomainError
from kehoach.reports import documents, selectors, services
from kehoach.reports.models import Report, ReportStatus
from tests.web.conftest import PASSWORD, login

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def docx_tables(content: bytes) -> dict[str, list[list[str]]]:
    """The DOCX's tables by their first header cell after STT ("Hình thức", "Mục" …)."""
    document = Document(io.BytesIO(content))
    out = {}
    for table in document.tables[1:]:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        out[" | ".join(rows[0][:2])] = rows
    return out


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def records_of(plan):
    deliverables = Deliverable.objects.filter(line__plan=plan)
    paid = sum(
        (p.amount for p in Payment.objects.filter(contract__plan=plan) if p.is_paid), Decimal(0)
    ) + sum((e.amount for e in Expense.objects.filter(line__plan=plan)), Decimal(0))
    return {
        "planned": deliverables.count(),
        "accepted": deliverables.filter(status=DeliverableStatus.ACCEPTED).count(),
        "aired": deliverables.filter(
            status__in=[DeliverableStatus.VERIFIED, DeliverableStatus.ACCEPTED]
        ).count(),
        "paid": paid,
    }


def test_the_final_report_figures_equal_the_dashboard_and_the_records(executed, tmp_path):
    dash = selectors.dashboard(executed, TODAY)
    records = records_of(executed)
    assert records["planned"] == dash.total.planned > 0
    assert records["accepted"] == dash.total.accepted > 0
    assert records["aired"] == dash.total.aired
    assert records["paid"] == dash.money.paid > 0

    _name, _mime, content = services.final_document(executed, "docx", TODAY)
    tables = docx_tables(content)
    activities = tables["STT | Hình thức"]
    assert activities[0] == documents.ACTIVITY_HEADER
    total = activities[-1]
    assert total[1] == "Tổng cộng"
    assert total[2:6] == [
        str(records["planned"]),
        str(dash.total.produced),
        str(records["aired"]),
        str(records["accepted"]),
    ]
    assert tables["STT | Đơn vị thực hiện"][-1][2:6] == total[2:6]
    money = tables["Mục | Nội dung"][-1]
    assert money[1] == "Tổng cộng"
    assert money[2:7] == [
        "188.500.000",
        format_vnd(dash.money.committed),
        format_vnd(dash.money.accepted),
        format_vnd(records["paid"]),
        format_vnd(dash.money.remaining),
    ]
    text = docx_text(content)
    unspent = format_vnd(dash.overview.unspent_at_year_end)
    assert f"kinh phí chưa sử dụng hết tại thời điểm kết thúc năm ngân sách là {unspent}" in text
    assert "Bằng chữ: Một trăm tám mươi tám triệu năm trăm nghìn đồng" in text
    assert "Tỷ lệ hồ sơ trực tuyến" in str(tables)  # indicators before / during the campaign
    assert "SYNTHETIC" in text
    # Two charts (deliverables by month, online rate) embedded as PNG.
    images = [
        rel.target_part.blob
        for rel in Document(io.BytesIO(content)).part.rels.values()
        if "image" in rel.reltype
    ]
    assert len(images) == 2 and all(blob.startswith(b"\x89PNG") for blob in images)

    _name, _mime, pdf = services.final_document(executed, "pdf", TODAY)
    text = pdf_text(pdf, tmp_path)
    assert "BÁO CÁO" in text and "Số:" in text and "/BC-STTTT" in text
    for figure in ("188.500.000", format_vnd(records["paid"]), unspent):
        assert figure in text
    assert f"{records['accepted']}" in text


def test_the_dashboard_shows_the_same_figures_each_a_link_to_its_records(executed):
    client = login("ubnd")
    html = client.get(f"/bao-cao/ke-hoach/{executed.pk}/").content.decode()
    dash = selectors.dashboard(executed)
    records = records_of(executed)
    base = f"/bao-cao/ke-hoach/{executed.pk}/san-pham/"
    assert f'<a href="{base}?stage=accepted">{records["accepted"]}</a>' in html
    assert f'<a href="{base}">{records["planned"]}</a>' in html
    assert f">{format_vnd(records['paid'])}</a>" in html
    assert f"/thuc-hien/ke-hoach/{executed.pk}/" in html
    assert f"/ket-qua/ke-hoach/{executed.pk}/" in html
    assert format_vnd(dash.overview.unspent_at_year_end) in html
    if dash.attendance is None:
        assert 'id="attendance-unavailable"' in html
    # The records behind a figure: as many rows as the figure says, over every page (the list
    # is paginated, 50 a page), and the total the page shows is the same.
    rows, url, pages = 0, f"{base}?stage=accepted&trang=1", 0
    while url:
        page = client.get(url).content.decode()
        rows += page.count("<tr>") - 1
        pages += 1
        following = re.search(r'<a href="\?([^"]*)" rel="next">', page)
        url = f"{base}?{following.group(1).replace('&amp;', '&')}" if following else ""
        assert pages <= 100
    assert rows == records["accepted"]
    assert pages > 1 or records["accepted"] <= 50
    first = client.get(f"{base}?stage=accepted").content.decode()
    assert f"trong {records['accepted']} mục" in first


def test_charts_render_with_vietnamese_labels(executed):
    client = login("bcxb")
    svg = client.get(f"/bao-cao/ke-hoach/{executed.pk}/tien-do.svg").content.decode()
    for label in ("Sản phẩm tuyên truyền theo tháng", "Đã nghiệm thu", "Số sản phẩm"):
        assert label in svg
    png = client.get(f"/bao-cao/ke-hoach/{executed.pk}/tien-do.png")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    online = documents.online_chart(executed, "svg").decode()
    assert "Tỷ lệ hồ sơ trực tuyến" in online and "Thời gian chiến dịch" in online


def test_the_progress_chart_is_drawn_in_the_readers_language_and_the_reports_in_vietnamese(
    executed,
):
    from tests.test_said_in_one_language import english, svg_words

    client = login("bcxb")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(f"/bao-cao/ke-hoach/{executed.pk}/tien-do.svg")
    words = english(svg_words(response.content))
    assert "Deliverables by month" in words and "Planned" in words and "Accepted" in words
    assert "Cookie" in response["Vary"]
    # the final report, a Vietnamese document, embeds its charts in Vietnamese whoever asks
    online = svg_words(documents.online_chart(executed, "svg"))
    assert "Tỷ lệ hồ sơ trực tuyến và kế hoạch" in online and "Thời gian chiến dịch" in online


def test_a_report_over_an_unfinished_campaign_says_what_is_not_done(executed, plan):
    dash = selectors.dashboard(executed, TODAY)
    text = docx_text(services.final_document(executed, "docx", TODAY)[2])
    not_accepted = dash.total.planned - dash.total.accepted
    assert "Kế hoạch chưa thực hiện xong" in text
    assert f"{not_accepted}/{dash.total.planned} sản phẩm chưa được nghiệm thu." in text
    # A newspaper line with nothing accepted says so instead of 0.
    newspaper = next(
        r
        for r in docx_tables(services.final_document(executed, "docx", TODAY)[2])["STT | Hình thức"]
        if r[1] == "Chuyên trang"
    )
    assert newspaper[5] == "chưa có"


def test_the_report_is_vietnamese_and_the_dashboard_english_on_the_english_screen(executed):
    """Issue 23: the dashboard says the activity kinds in the reader's language; the report is
    a Vietnamese document whoever asks for it."""
    from django.utils import translation

    with translation.override("en"):
        labels = {g.label for g in selectors.dashboard(executed, TODAY).by_activity}
        rows = docx_tables(services.final_document(executed, "docx", TODAY)[2])["STT | Hình thức"]
    assert "Segment" in labels and "Chuyên mục" not in labels
    assert "Chuyên trang" in {r[1] for r in rows} and "Segment" not in {r[1] for r in rows}


def test_issuing_freezes_the_number_the_snapshot_and_the_bytes(executed):
    editor, clerk = login("bcxb"), login("vanthu")
    url = f"/bao-cao/ke-hoach/{executed.pk}/bao-cao-ket-qua/"
    response = editor.post(url, {"problems": "Đài huyện phát chậm.", "proposals": "Tăng kinh phí."})
    assert response.status_code == 302
    report = Report.objects.get(plan=executed)
    assert report.status == ReportStatus.DRAFT and report.symbol == "BC-STTTT"
    assert "Đài huyện phát chậm." in docx_text(services.final_document(executed, "docx")[2])
    assert login("ubnd").post(url, {"problems": "x"}).status_code == 403
    response = clerk.post(url + "ban-hanh/", {"number": "15", "issued_on": "2016-12-30"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ISSUED and report.reference == "15/BC-STTTT"
    assert report.snapshot["header"]["number_line"] == "Số: 15/BC-STTTT"
    assert (
        report.snapshot["figures"]["deliverables"]["accepted"] == records_of(executed)["accepted"]
    )
    files = {f.kind: f for f in report.files.all()}
    assert set(files) == {"docx", "pdf"}
    frozen = bytes(files["docx"].content)
    assert "Số: 15/BC-STTTT" in str(docx_tables(frozen)) or "Số: 15/BC-STTTT" in str(
        [c.text for c in Document(io.BytesIO(frozen)).tables[0]._cells]
    )
    # The records change afterwards; the issued report does not.
    Deliverable.objects.filter(line__plan=executed).update(status=DeliverableStatus.ACCEPTED)
    download = editor.get(f"/bao-cao/ke-hoach/{executed.pk}/bao-cao-ket-qua.docx")
    assert download.content == frozen
    assert editor.get(
        f"/bao-cao/ke-hoach/{executed.pk}/bao-cao-ket-qua.pdf?report={report.pk}"
    ).content == bytes(files["pdf"].content)
    with pytest.raises(DomainError):
        services.report_issue(
            user=report.issued_by, report=report, number="16", issued_on=date(2017, 1, 2)
        )
    actions = set(AuditEntry.objects.filter(plan=executed).values_list("action", flat=True))
    assert {"reports.report.created", "reports.report.issued"} <= actions


def test_the_command_line_writes_the_report_and_the_outline(executed, tmp_path):
    for fmt in ("docx", "pdf"):
        out = tmp_path / f"bao-cao.{fmt}"
        call_command("report", "46a/KH-STTTT", "--to", fmt, "--out", str(out))
        assert out.stat().st_size > 1000
    assert "BÁO CÁO" in docx_text((tmp_path / "bao-cao.docx").read_bytes()) or "Kết quả" in (
        docx_text((tmp_path / "bao-cao.docx").read_bytes())
    )
    call_command(
        "report",
        "46a/KH-STTTT",
        "--to",
        "docx",
        "--kind",
        "outline",
        "--on",
        "2016-08-01",
        "--out",
        str(tmp_path),
    )
    outline = next(tmp_path.glob("de-cuong-*.docx")).read_bytes()
    text = docx_text(outline)
    data = selectors.outline_data(executed.organisation, date(2016, 8, 1))
    assert "tính đến ngày 01/08/2016" in text
    assert f"có {data.total} dịch vụ công trực tuyến" in text
    assert f"{data.level3_or_above} dịch vụ mức độ 3 trở lên" in text
    assert "SYNTHETIC" in text
    call_command(
        "report",
        "46a/KH-STTTT",
        "--to",
        "pdf",
        "--kind",
        "outline",
        "--out",
        str(tmp_path / "o.pdf"),
    )
    assert (tmp_path / "o.pdf").read_bytes().startswith(b"%PDF")


def test_the_department_dashboard_puts_the_years_side_by_side(demo):
    from django.contrib.auth.models import User

    from kehoach.plans import services as plan_services
    from kehoach.plans.models import Plan

    plan = Plan.objects.get(number="46a", symbol="KH-STTTT")
    clone = plan_services.plan_clone(user=User.objects.get(username="bcxb"), source=plan, year=2017)
    from kehoach.reports.selectors import department_years

    client = login("ubnd")
    # by default the latest year with plans (the module's shared demo may hold later ones)
    latest = department_years(plan.organisation)[0]
    assert latest >= 2017
    html = client.get("/bao-cao/").content.decode()
    assert f'<option value="{latest}" selected>' in html
    html = client.get("/bao-cao/?year=2017").content.decode()
    assert 'id="years"' in html and '<option value="2016"' in html and ">2017<" in html
    assert f"/bao-cao/ke-hoach/{clone.pk}/" in html and f"/bao-cao/ke-hoach/{plan.pk}/" not in html
    html = client.get("/bao-cao/?year=2016").content.decode()
    assert f"/bao-cao/ke-hoach/{plan.pk}/" in html and f"/bao-cao/ke-hoach/{clone.pk}/" not in html
    assert "188.500.000" in html


def test_the_department_figures_equal_the_plan_dashboard(executed):
    """The department's aggregates give each plan the figures its own dashboard gives."""
    dash = selectors.dashboard(executed, TODAY)
    dept = selectors.department(executed.organisation, 2016, TODAY)
    row = next(r for r in dept.year.plans if r.plan.pk == executed.pk)
    assert row.counts == dash.total
    for name in ("estimated", "committed", "accepted", "paid"):
        assert getattr(row.money, name) == getattr(dash.money, name), name
    assert row.counts.late > 0 and row.money.paid > 0


def _department_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/bao-cao/?year=2016")
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_department_dashboard_costs_the_same_queries_for_3_and_30_plans(executed):
    from tests.web.conftest import make_plan_with_lines

    client = login("ubnd")
    for _i in range(2):
        make_plan_with_lines(executed.organisation, 3)
    assert len(selectors.department(executed.organisation, 2016).year.plans) == 3
    few = _department_queries(client)
    for _i in range(27):
        make_plan_with_lines(executed.organisation, 3)
    assert len(selectors.department(executed.organisation, 2016).year.plans) == 30
    assert _department_queries(client) == few


def test_the_reports_demo_is_idempotent(executed):
    from kehoach.reports import demo

    demo.load()
    demo.load()
    assert Report.objects.filter(plan=executed, is_demo=True).count() == 1
    load_demo(PASSWORD)
    assert Report.objects.filter(plan=executed).count() == 1
