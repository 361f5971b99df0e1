"""Imports through the web and the command line: a broken row reported by its line number, the
good rows kept or the whole file refused as the user chose, the error report downloadable,
duplicates and conflicts in a catalogue, and a re-import that replaces a month atomically."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from kehoach.outcomes import services
from kehoach.outcomes.models import ImportState, MonthlyStat, OutcomeImport, Service

from .conftest import stats_csv

pytestmark = pytest.mark.django_db

GOOD_JAN = "01/2018,Sở Tư pháp,,10,30,0,40,5,20,10,35,5,20,4,25"
BROKEN = "02/2018,Sở Tư pháp,,mười,30,0,40,5,20,10,35,5,20,4,25"  # line 3
GOOD_MAR = "03/2018,Sở Tư pháp,,12,28,0,40,5,20,10,35,5,20,4,30"


def upload(client, content: bytes, *, kind="monthly", on_error="keep", name="so-lieu.csv"):
    """Upload; statistics are previewed first, then confirmed as detected (issue 18)."""
    response = client.post(
        "/ket-qua/nhap/",
        {"kind": kind, "on_error": on_error, "file": SimpleUploadedFile(name, content)},
    )
    job = OutcomeImport.objects.order_by("-id").first()
    if kind == "monthly" and job is not None and job.status == ImportState.PREVIEW:
        preview = client.get(f"/ket-qua/nhap/{job.pk}/").content.decode()
        assert "Xác nhận và nhập" in preview and "Chưa có gì được ghi" in preview
        return client.post(f"/ket-qua/nhap/{job.pk}/xac-nhan/", {})
    return response


def test_a_broken_row_is_reported_by_line_and_the_good_rows_are_kept(editor, department):
    response = upload(editor, stats_csv(GOOD_JAN, BROKEN, GOOD_MAR))
    job = OutcomeImport.objects.latest("id")
    assert response.status_code == 302 and response["Location"] == f"/ket-qua/nhap/{job.pk}/"
    assert job.status == ImportState.PARTIAL
    assert job.counts["good"] == 2 and job.counts["broken"] == 1
    assert job.errors[0]["line"] == 3 and "'mười'" in job.errors[0]["message"]
    months = set(
        MonthlyStat.objects.filter(organisation=department, month__year=2018).values_list(
            "month", flat=True
        )
    )
    assert months == {date(2018, 1, 1), date(2018, 3, 1)}
    page = editor.get(f"/ket-qua/nhap/{job.pk}/").content.decode()
    assert "dòng 3" in page
    # The stated 30% of March cannot be reproduced from 12/40 = 30%: it can; January's 25 too.
    assert job.findings == [
        f for f in job.findings if f["code"] == "STATS_MONTH_MISSING"
    ]  # only February missing


def test_the_error_report_downloads_as_csv_with_the_line_number(editor, department):
    upload(editor, stats_csv(GOOD_JAN, BROKEN))
    job = OutcomeImport.objects.latest("id")
    response = editor.get(f"/ket-qua/nhap/{job.pk}/loi.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["dòng", "cột", "giá trị", "lý do"]  # issue 18: the column and value
    assert rows[1][:3] == ["3", "D (Tiếp nhận trực tuyến)", "mười"]
    assert editor.get(f"/ket-qua/nhap/{job.pk}/tep/").content == stats_csv(GOOD_JAN, BROKEN)


def test_refusing_the_file_applies_nothing_when_a_row_is_broken(editor, department):
    before = MonthlyStat.objects.count()
    upload(editor, stats_csv(GOOD_JAN, BROKEN, GOOD_MAR), on_error="refuse")
    job = OutcomeImport.objects.latest("id")
    assert job.status == ImportState.REFUSED
    assert job.counts["applied"] == 0 and job.errors[0]["line"] == 3
    assert MonthlyStat.objects.count() == before


def test_a_re_import_replaces_the_month(editor, department):
    upload(editor, stats_csv(GOOD_JAN, "01/2018,Sở Xây dựng,,1,1,0,2,0,1,0,1,1,0,0,"))
    assert MonthlyStat.objects.filter(month=date(2018, 1, 1)).count() == 2
    upload(editor, stats_csv("01/2018,Sở Tư pháp,,99,1,0,100,0,1,0,1,99,0,0,99"))
    rows = MonthlyStat.objects.filter(month=date(2018, 1, 1))
    assert [(r.agency, r.received_online) for r in rows] == [("Sở Tư pháp", 99)]


def test_a_re_import_that_fails_half_way_leaves_the_month_as_it_was(
    editor, department, monkeypatch
):
    upload(editor, stats_csv(GOOD_JAN))
    original = MonthlyStat.objects.bulk_create

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(MonthlyStat.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        services.stats_import(
            user=User.objects.get(username="bcxb"),
            organisation=department,
            filename="again.csv",
            content=stats_csv("01/2018,Sở Tư pháp,,77,3,0,80,0,1,0,1,79,0,0,"),
        )
    monkeypatch.setattr(MonthlyStat.objects, "bulk_create", original)
    rows = MonthlyStat.objects.filter(month=date(2018, 1, 1))
    assert [(r.agency, r.received_online) for r in rows] == [("Sở Tư pháp", 10)]


def test_the_command_line_reports_the_broken_line_and_refuses_when_asked(tmp_path, department):
    path = tmp_path / "thang.csv"
    path.write_bytes(stats_csv(GOOD_JAN, BROKEN, GOOD_MAR))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import-statistics", str(path), "--org", "TG-STTTT", "--on-error", "refuse", stdout=out
        )
    assert "dòng 3" in out.getvalue()
    assert not MonthlyStat.objects.filter(month__year=2018).exists()
    out = io.StringIO()
    call_command("import-statistics", str(path), "--org", "TG-STTTT", stdout=out)
    # the periods replaced as a person reads them, never their keys ("2018-01")
    assert "dòng 3" in out.getvalue() and "Tháng 01/2018, Tháng 03/2018" in out.getvalue()
    assert MonthlyStat.objects.filter(month__year=2018).count() == 2


def test_an_xlsx_file_is_read_by_its_vietnamese_headers(editor, department):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ"])
    sheet.append(["Kỳ báo cáo", "Đơn vị", "Trực tuyến", "Trực tiếp", "Bưu chính", "Trễ hạn"])
    sheet.append(["05/2018", "Sở Y tế", 7, 13, 0, 1])
    sheet.append(["06/2018", "Sở Y tế", "x", 13, 0, 1])
    buffer = io.BytesIO()
    book.save(buffer)
    upload(editor, buffer.getvalue(), name="bao-cao.xlsx")
    job = OutcomeImport.objects.latest("id")
    assert job.counts["good"] == 1 and job.errors[0]["line"] == 4
    row = MonthlyStat.objects.get(month=date(2018, 5, 1))
    assert (row.received_online, row.received_counter, row.resolved_late) == (7, 13, 1)


CATALOGUE = (
    "Mã thủ tục,Tên thủ tục,Lĩnh vực,Cơ quan thực hiện,Mức độ,Từ ngày,Đường dẫn\n"
    "T-001,Cấp phiếu lý lịch tư pháp,Lý lịch tư pháp,Sở Tư pháp,Mức độ 3,01/01/2016,"
    "https://dichvucong.tiengiang.gov.vn/t-001\n"
    "T-001,Cấp phiếu lý lịch tư pháp,Lý lịch tư pháp,Sở Tư pháp,Mức độ 3,01/01/2016,"
    "https://dichvucong.tiengiang.gov.vn/t-001\n"
    "T-001,Cấp phiếu LLTP,Lý lịch tư pháp,Sở Tư pháp,Mức độ 4,01/01/2016,\n"
    "T-002,Đăng ký khai sinh,Hộ tịch,UBND cấp huyện,cao,01/01/2016,\n"
    "T-001,Cấp phiếu lý lịch tư pháp,Lý lịch tư pháp,Sở Tư pháp,Toàn trình,01/08/2022,\n"
)


def test_a_catalogue_import_reports_duplicates_and_conflicts_and_keeps_history(editor, department):
    upload(editor, CATALOGUE.encode(), kind="catalogue", name="danh-muc.csv")
    job = OutcomeImport.objects.latest("id")
    kinds = [(e["line"], e["kind"]) for e in job.errors]
    assert kinds == [(3, "duplicate"), (4, "conflict"), (5, "broken")]
    service = Service.objects.get(organisation=department, code="T-001")
    periods = [(p.level, p.original, p.valid_from, p.valid_to) for p in service.levels.all()]
    assert periods == [
        ("3", "Mức độ 3", date(2016, 1, 1), date(2022, 8, 1)),
        ("full", "Toàn trình", date(2022, 8, 1), None),
    ]
    assert service.portal_url.endswith("/t-001")


def test_the_catalogue_is_searched_without_diacritics(editor, department):
    upload(editor, CATALOGUE.encode(), kind="catalogue", name="danh-muc.csv")
    page = editor.get("/ket-qua/dich-vu/", {"q": "cap phieu ly lich"}).content.decode()
    assert "T-001" in page and "Cấp phiếu lý lịch tư pháp" in page
    assert "Thủ tục tổng hợp" not in page  # the synthetic services do not match


def test_a_service_is_edited_by_hand_with_a_new_level_period(editor, department):
    response = editor.post(
        "/ket-qua/dich-vu/them/",
        {
            "code": "H-1",
            "name": "Thủ tục nhập tay",
            "field": "Hộ tịch",
            "agency": "Sở Tư pháp",
            "level": "3",
            "level_from": "2016-01-01",
        },
    )
    service = Service.objects.get(code="H-1")
    assert response.status_code == 302
    editor.post(
        f"/ket-qua/dich-vu/{service.pk}/",
        {
            "code": "H-1",
            "name": "Thủ tục nhập tay",
            "level": "4",
            "level_from": "2017-01-01",
            "level_source": "QĐ 1/2017",
        },
    )
    assert [(p.level, p.valid_to) for p in service.levels.all()] == [
        ("3", date(2017, 1, 1)),
        ("4", None),
    ]
