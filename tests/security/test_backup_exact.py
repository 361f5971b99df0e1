"""Backups byte for byte (issue 21) and backups an operator can live with (issue 25): awkward
text — CR LF, control characters other than NUL, emoji, combining marks — and stored files come
back exactly on SQLite and PostgreSQL; the restore compares every field of every row (a hash of
each row) and names the row and field that differ; the backup's memory does not grow with the
files' sizes."""

from __future__ import annotations

import hashlib
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from kehoach.web import backup as backups
from kehoach.web import backup_pg

from .test_backup import _pg_database, kehoach

AWKWARD = (
    "Điều 1.\r\nThanh toán 2 đợt.\r\n\tDòng có tab;\x01\x02\x07\x08\x0b\x0c\x1b\x1f\x7f"
    " 😀🇻🇳👩‍👩‍👧 e\u0301 a\u0300\u0323 Hoà/Hòa \u200b cuối dòng  \r\n"
)
FILE = bytes(range(256)) * 3 + b"\r\n\r\n\x00end"

SETUP = f"""
import json
from kehoach.audit.models import AuditEntry
from kehoach.execution.models import AsRunRecord, Contract
from kehoach.plans.models import Plan
text = json.loads({json.dumps(json.dumps(AWKWARD))})
Contract.objects.update(terms=text)
Plan.objects.update(title=text[:400])
record = AsRunRecord.objects.order_by("id").first()
AsRunRecord.objects.filter(pk=record.pk).update(
    evidence_name=text[:200], evidence_file=bytes.fromhex({FILE.hex()!r}), title=text[:300]
)
AuditEntry.objects.filter(pk=AuditEntry.objects.order_by("id").first().pk).update(
    comment=text, after={{"terms": text, "n": 1.5}}
)
"""

PRINT = """
import hashlib, json
from kehoach.execution.models import AsRunRecord, Contract
from kehoach.plans.models import Plan
record = AsRunRecord.objects.order_by("id").first()
print(json.dumps({
    "terms": sorted(set(Contract.objects.values_list("terms", flat=True))),
    "titles": sorted(set(Plan.objects.values_list("title", flat=True))),
    "evidence_name": record.evidence_name,
    "evidence": hashlib.sha256(bytes(record.evidence_file)).hexdigest(),
}))
"""


def _records(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "records").glob("*.jsonl"))}


def exact_roundtrip(source: str, target: str, tmp_path: Path) -> None:
    src_dir, dst_dir = tmp_path / "src", tmp_path / "dst"
    for args in (["migrate", "-v0"], ["demo"], ["shell", "-c", SETUP]):
        result = kehoach(source, src_dir, *args)
        assert result.returncode == 0, result.stderr
    assert kehoach(source, src_dir, "backup", str(tmp_path / "a")).returncode == 0
    restored = kehoach(target, dst_dir, "restore", str(tmp_path / "a"))
    assert restored.returncode == 0, restored.stderr
    # Read back from the restored database: the very characters and bytes.
    printed = kehoach(target, dst_dir, "shell", "-v0", "-c", PRINT).stdout
    shown = json.loads(printed.strip().splitlines()[-1])
    assert shown["terms"] == [AWKWARD]
    assert shown["titles"] == [AWKWARD[:400]]
    assert shown["evidence_name"] == AWKWARD[:200]
    assert shown["evidence"] == hashlib.sha256(FILE).hexdigest()
    # Field by field: a backup of the restored database has the same line for every row.
    assert kehoach(target, dst_dir, "backup", str(tmp_path / "b")).returncode == 0
    assert _records(tmp_path / "a") == _records(tmp_path / "b")
    assert "\\r\\n" in (tmp_path / "a" / "records" / "execution.contract.jsonl").read_text()


def test_awkward_text_and_files_come_back_byte_for_byte_on_sqlite(tmp_path):
    exact_roundtrip(f"sqlite:///{tmp_path}/a.sqlite3", f"sqlite:///{tmp_path}/b.sqlite3", tmp_path)


@pytest.mark.postgres
def test_awkward_text_and_files_come_back_byte_for_byte_on_postgresql(tmp_path, worker_id):
    source = _pg_database(f"kehoach_exact_src_{worker_id}")
    target = _pg_database(f"kehoach_exact_dst_{worker_id}")
    if source is None or target is None:
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    exact_roundtrip(source, target, tmp_path)


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
