"""The web import (issue 18): a statistics file is previewed (detected periods, total rows, every
column and the field it feeds with the file's own words, the findings) and nothing is saved
until confirmed; the person corrects a column; the mapping is saved as a named source profile
and reused; a dossier export runs as a background job whose page shows counts and the error
file; an import is undone from its page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kehoach.outcomes.models import ImportState, MonthlyStat, OutcomeImport, SourceProfile

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).with_name("corpus")


def post_file(client, name, content, kind="monthly", **extra):
    return client.post(
        "/ket-qua/nhap/",
        {"kind": kind, "on_error": "keep", "file": SimpleUploadedFile(name, content), **extra},
    )


def test_a_report_is_previewed_corrected_confirmed_and_its_profile_reused(editor, department):
    content = (CORPUS / "bao-cao-quy-1-2020-so-nganh.csv").read_bytes()
    before = MonthlyStat.objects.count()
    post_file(editor, "quy1.csv", content)
    job = OutcomeImport.objects.latest("id")
    assert job.status == ImportState.PREVIEW and MonthlyStat.objects.count() == before
    page = editor.get(f"/ket-qua/nhap/{job.pk}/").content.decode()
    for words in (
        "Đã xử lý Tổng số",
        "Tồn kỳ trước chuyển sang",
        "Màu",
        "Quý I/2020",
        "STATS_TOTAL_ROW",
    ):
        assert words in page
    columns = job.summary["columns"]
    online = next(i for i, c in enumerate(columns) if c["field"] == "rate_online")
    editor.post(
        f"/ket-qua/nhap/{job.pk}/xac-nhan/",
        {f"col-{online}": "ignore", "profile_name": "Cổng DVC tỉnh (Excel)"},
    )
    job.refresh_from_db()
    assert job.status == ImportState.DONE and job.source == "Cổng DVC tỉnh (Excel)"
    assert MonthlyStat.objects.filter(job=job).count() == 2
    assert not any(
        f["code"] == "STATS_RATE_MISMATCH" and "trực tuyến" in f["message"] for f in job.findings
    )
    profile = SourceProfile.objects.get(name="Cổng DVC tỉnh (Excel)")
    assert profile.columns["Tỷ lệ hồ sơ trực tuyến (%)"] == "ignore"
    post_file(editor, "quy1-lai.csv", content, profile=profile.pk)
    again = OutcomeImport.objects.latest("id")
    statuses = {c["header"]: c["status"] for c in again.summary["columns"]}
    assert statuses["Tỷ lệ hồ sơ trực tuyến (%)"] == "ignored" and again.source == profile.name


def test_a_dossier_export_runs_as_a_background_job_and_can_be_undone(editor, department):
    from tests.outcomes.test_dossiers_tolerant import portal_text

    response = post_file(editor, "ho-so.csv", portal_text().encode("utf-8-sig"), kind="dossiers")
    job = OutcomeImport.objects.latest("id")
    assert response["Location"] == f"/ket-qua/nhap/{job.pk}/"
    assert job.status == ImportState.PREVIEW  # nothing read in full, nothing saved yet
    assert not MonthlyStat.objects.filter(job=job).exists()
    editor.post(f"/ket-qua/nhap/{job.pk}/xac-nhan/")
    job.refresh_from_db()
    assert job.status == ImportState.PARTIAL and job.progress == 100  # the test runs it at once
    page = editor.get(f"/ket-qua/nhap/{job.pk}/").content.decode()
    assert "Tải báo cáo lỗi (CSV)" in page and "Hoàn tác cả lần nhập này" in page
    errors = editor.get(f"/ket-qua/nhap/{job.pk}/loi.csv").content.decode("utf-8-sig")
    assert "31/02/2021" in errors and "abc" in errors
    assert MonthlyStat.objects.filter(job=job).exists()
    editor.post(f"/ket-qua/nhap/{job.pk}/hoan-tac/")
    job.refresh_from_db()
    assert job.status == ImportState.UNDONE and not MonthlyStat.objects.filter(job=job).exists()


def test_a_reader_cannot_confirm_or_undo(viewer, editor, department):
    post_file(editor, "quy1.csv", (CORPUS / "quy-trong-cot.csv").read_bytes())
    job = OutcomeImport.objects.latest("id")
    assert viewer.post(f"/ket-qua/nhap/{job.pk}/xac-nhan/", {}).status_code in (403, 404)
    assert viewer.post(f"/ket-qua/nhap/{job.pk}/hoan-tac/").status_code in (403, 404)


def test_a_dossier_export_is_previewed_column_by_column_before_anything_is_saved(
    editor, department
):
    from tests.outcomes.test_dossiers_tolerant import HEADER, PORTAL, _cp1258

    text = "\r\n".join([HEADER + ",Ghi chú", *(line + "," for line in PORTAL[:2])]) + "\r\n"
    before = MonthlyStat.objects.count()
    post_file(editor, "ho-so-1258.csv", _cp1258(text), kind="dossiers")
    job = OutcomeImport.objects.latest("id")
    assert job.status == ImportState.PREVIEW and MonthlyStat.objects.count() == before
    page = editor.get(f"/ket-qua/nhap/{job.pk}/").content.decode()
    assert "cp1258" in page  # the encoding detected
    for header, field in (
        ("Ngày hẹn trả", "hạn trả"),
        ("Kênh nộp", "kênh nộp"),
        ("Mã hồ sơ", "mã hồ sơ (đếm mỗi mã một lần)"),
    ):
        assert f"<td>{header}</td><td>{field}</td>" in page
    assert "Ghi chú" in job.summary["dossiers"]["ignored"]  # not understood: listed, not guessed
    assert "Mã thủ tục" in job.summary["dossiers"]["ignored"]  # the table is by agency
    assert job.summary["dossiers"]["rows_estimate"] == 2
    assert "Xác nhận và nhập trong nền" in page
    editor.post(f"/ket-qua/nhap/{job.pk}/xac-nhan/")
    job.refresh_from_db()
    assert job.status == ImportState.DONE and MonthlyStat.objects.filter(job=job).exists()
    assert editor.post(f"/ket-qua/nhap/{job.pk}/xac-nhan/").status_code == 302  # once only
    job.refresh_from_db()
    assert job.status == ImportState.DONE


def test_a_dossier_export_without_a_required_column_cannot_be_confirmed(editor, department):
    text = "Mã hồ sơ,Cơ quan,Ngày tiếp nhận\r\nH1,Sở Tư pháp,01/03/2021\r\n"
    post_file(editor, "thieu-cot.csv", text.encode(), kind="dossiers")
    job = OutcomeImport.objects.latest("id")
    page = editor.get(f"/ket-qua/nhap/{job.pk}/").content.decode()
    assert "Tệp thiếu cột bắt buộc:" in page and "kênh nộp" in page
    assert "Xác nhận và nhập trong nền" not in page
    editor.post(f"/ket-qua/nhap/{job.pk}/xac-nhan/")
    job.refresh_from_db()
    assert job.status == ImportState.PREVIEW
