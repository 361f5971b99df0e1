"""Backups byte for byte (issue 21) and backups an operator can live with (issue 25): the
restore compares every field of every row (a hash of each row; on PostgreSQL a digest of each
table) and names the row and field that differ; the backup's memory does not grow with the
files' sizes. The command-line round trips with awkward text are in test_backup.py."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from kehoach.web import backup as backups
from kehoach.web import backup_pg


@pytest.mark.django_db
def test_the_check_names_the_table_row_and_field_that_differ(tmp_path):
    from kehoach.accounts.models import Organisation

    Organisation.objects.create(code="A", name="Sở A\r\n")
    second = Organisation.objects.create(code="B", name="Sở B")
    backups.backup(tmp_path / "bk")
    codec = backups.Codec(Organisation)
    columns = json.loads((tmp_path / "bk" / "manifest.json").read_text())["tables"][
        "accounts.organisation"
    ]["fields"]
    backups._compare_table(tmp_path / "bk", codec, columns, 2)  # equal: no error
    Organisation.objects.filter(pk=second.pk).update(name="Sở B ")
    with pytest.raises(backups.BackupError) as caught:
        backups._compare_table(tmp_path / "bk", codec, columns, 2)
    assert "accounts.organisation" in caught.value.message_vi
    assert (
        f"khoá {second.pk}" in caught.value.message_vi and "trường name" in caught.value.message_vi
    )


def _organisations_backed_up(tmp_path: Path) -> tuple[Any, dict[str, Any]]:
    """Two organisations (one name ending in CR LF) and a backup of them: the second
    organisation and the manifest's entry for their table."""
    from kehoach.accounts.models import Organisation

    Organisation.objects.create(code="A", name="Sở A\r\n")
    second = Organisation.objects.create(code="B", name="Sở B")
    backups.backup(tmp_path / "bk")
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    return second, manifest["tables"]["accounts.organisation"]


@pytest.mark.django_db
def test_a_changed_byte_in_a_restored_table_is_found_by_the_verification(tmp_path):
    """The verification a restore runs (on PostgreSQL by the table's digest, then row by row
    to name the place; elsewhere row by row) catches one byte changed in one field."""
    from django.db import connection

    from kehoach.accounts.models import Organisation

    second, table = _organisations_backed_up(tmp_path)
    codec = backups.Codec(Organisation)
    assert (backup_pg.DIGEST in table) == (connection.vendor == "postgresql")
    backups._verify_table(tmp_path / "bk", codec, table["fields"], table, digests=True)
    Organisation.objects.filter(pk=second.pk).update(name="Sở C")  # "B" -> "C": one byte
    with pytest.raises(backups.BackupError) as caught:
        backups._verify_table(tmp_path / "bk", codec, table["fields"], table, digests=True)
    assert "accounts.organisation" in caught.value.message_vi
    assert f"khoá {second.pk}" in caught.value.message_vi
    assert "trường name" in caught.value.message_vi


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_digest_tells_a_restored_table_from_its_source_even_when_the_records_agree(tmp_path):
    """PostgreSQL: a records file edited after the backup, its checksum in the manifest edited
    to match, restores what it says; every row agrees with the edited records, so the restore
    goes ahead, but the table's digest (taken from the database at backup time) differs and the
    operator is told which table no longer matches the database the backup was made from."""
    from django.db import connection

    from kehoach.accounts.models import Organisation

    if connection.vendor != "postgresql":
        pytest.skip("the digest is PostgreSQL's canonical text")
    second, table = _organisations_backed_up(tmp_path)
    Organisation.objects.filter(pk=second.pk).update(name="Sở C")  # the records still say B
    records = tmp_path / "bk" / "records" / "accounts.organisation.jsonl"
    records.write_text(records.read_text("utf-8").replace('"Sở B"', '"Sở C"'), "utf-8")
    notes: list = []
    codec = backups.Codec(Organisation)
    backups._verify_table(tmp_path / "bk", codec, table["fields"], table, True, notes)
    assert notes and str(notes[0]).startswith("accounts.organisation:")


@pytest.mark.django_db
def test_the_backup_keeps_files_as_files_and_its_memory_does_not_grow_with_them(tmp_path):
    from kehoach.accounts.models import Organisation
    from kehoach.plans.models import ImportJob

    organisation = Organisation.objects.create(code="M", name="Sở M")

    def peak(count: int, folder: str) -> int:
        ImportJob.objects.all().delete()
        for i in range(count):
            ImportJob.objects.create(
                organisation=organisation,
                filename=f"{i}.docx",
                content=bytes([i % 256]) * (1 << 20),
                status=ImportJob._meta.get_field("status").choices[0][0],
            )
        tracemalloc.start()
        backups.backup(tmp_path / folder)
        _current, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small = peak(12, "small")  # 12 MB of files
    large = peak(36, "large")  # 36 MB of files
    # Files are read at most 8 MB at a time: the peak stays there, not at the files' total.
    assert large < 1.2 * small and large < backups.BLOB_BYTES + (2 << 20), (small, large)
    blobs = sorted((tmp_path / "large" / "blobs" / "plans.importjob").glob("*.bin"))
    assert len(blobs) == 36 and all(b.stat().st_size == 1 << 20 for b in blobs)
