"""Previews never confirmed (issue 18): after KEHOACH_PREVIEW_MAX_AGE_DAYS (7) they are removed
with their files, by `kehoach clean-previews` and at each new preview; each removal audited;
confirmed, queued and younger previews are never touched."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from kehoach.audit.models import AuditEntry
from kehoach.outcomes import services
from kehoach.outcomes.models import ImportState, OutcomeImport
from tests.outcomes.test_dossiers_tolerant import portal_text

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).with_name("corpus")
STATS = (CORPUS / "quy-trong-cot.csv").read_bytes()


def _dossier_preview(org, name="ho-so.csv"):
    job = services.dossiers_upload(
        user=None, organisation=org, filename=name, chunks=[portal_text().encode("utf-8-sig")]
    )
    assert job.status == ImportState.PREVIEW
    return job, settings.KEHOACH_UPLOAD_DIR / job.summary["upload"]


def _stats_preview(org, name="q.csv"):
    job = services.stats_preview(user=None, organisation=org, filename=name, content=STATS)
    assert job.status == ImportState.PREVIEW
    return job


def _removed(*jobs):
    ids = [str(j.pk) for j in jobs]
    return AuditEntry.objects.filter(action="outcomes.preview.removed", object_id__in=ids)


def test_a_new_preview_removes_the_previews_older_than_seven_days_with_their_files(department):
    with time_machine.travel("2026-03-01 09:00 +07:00", tick=False):
        old_stats = _stats_preview(department, "cu.csv")
        old_dossiers, old_file = _dossier_preview(department, "ho-so-cu.csv")
        confirmed, confirmed_file = _dossier_preview(department, "ho-so-xac-nhan.csv")
        OutcomeImport.objects.filter(pk=confirmed.pk).update(status=ImportState.QUEUED)
    with time_machine.travel("2026-03-06 09:00 +07:00", tick=False):
        young = _stats_preview(department, "moi-hon.csv")  # 5 days: kept
    assert old_file.is_file() and OutcomeImport.objects.filter(pk=old_stats.pk).exists()
    with time_machine.travel("2026-03-08 09:01 +07:00", tick=False):
        _, new_file = _dossier_preview(department, "ho-so-moi.csv")  # 7 days and a minute later
    assert not OutcomeImport.objects.filter(pk__in=[old_stats.pk, old_dossiers.pk]).exists()
    assert not old_file.exists() and new_file.is_file()
    assert OutcomeImport.objects.filter(pk__in=[young.pk, confirmed.pk]).count() == 2
    assert confirmed_file.is_file()  # queued for the worker: never touched
    entries = {e.object_id: e for e in _removed(old_stats, old_dossiers)}
    assert set(entries) == {str(old_stats.pk), str(old_dossiers.pk)}
    entry = entries[str(old_dossiers.pk)]
    assert entry.actor is None and entry.organisation == department
    assert entry.after == {"status": "removed"} and "xem trước mới" in entry.comment
    new_file.unlink()


def test_the_command_removes_old_previews_and_orphan_uploads_and_can_only_list(department):
    with time_machine.travel("2026-04-01 09:00 +07:00", tick=False):
        old = _stats_preview(department, "bao-cao-cu.csv")
        dossiers, upload = _dossier_preview(department, "ho-so-cu.csv")
    orphan = settings.KEHOACH_UPLOAD_DIR / ("ab" * 16 + ".csv")  # its job never saved
    orphan.write_bytes(b"x")
    stamp = datetime(2026, 4, 1, 2, tzinfo=UTC).timestamp()  # files keep the real clock
    os.utime(orphan, (stamp, stamp))
    other = settings.KEHOACH_UPLOAD_DIR / "ghi-chu.txt"  # not an upload's name: never touched
    other.write_bytes(b"x")
    os.utime(other, (stamp, stamp))
    with time_machine.travel("2026-04-04 09:00 +07:00", tick=False):
        out = io.StringIO()
        call_command("clean-previews", "--days", "2", "--dry-run", stdout=out)
        assert "Sẽ xóa 2 bản xem trước quá 2 ngày và 1 tệp mồ côi" in out.getvalue()
        assert "bao-cao-cu.csv" in out.getvalue() and orphan.is_file()
        assert OutcomeImport.objects.filter(pk=old.pk).exists() and not _removed(old).exists()
        call_command("clean-previews", stdout=out)  # the default: 7 days, nothing yet
        assert "Đã xóa 0 bản xem trước quá 7 ngày" in out.getvalue()
        call_command("clean-previews", "--days", "2", stdout=out)
    assert "Đã xóa 2 bản xem trước quá 2 ngày và 1 tệp mồ côi" in out.getvalue()
    assert not OutcomeImport.objects.filter(pk__in=[old.pk, dossiers.pk]).exists()
    assert not upload.exists() and not orphan.exists() and other.is_file()
    assert _removed(old, dossiers).count() == 2
    assert "clean-previews" in _removed(old).get().comment
    other.unlink()
