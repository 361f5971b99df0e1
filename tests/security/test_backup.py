"""`kehoach backup` and `kehoach restore` give back every record and file byte for byte, on
SQLite and on PostgreSQL — awkward text (CR LF, control characters other than NUL, emoji,
combining marks) included; a damaged backup, a dangling reference and a non-empty target are
refused and nothing is half-restored.

Each engine's source (migrated, the demo loaded, awkward text written, a stored file, backed up)
is built once for the module through the command line and shared: every test restores into a
database of its own and copies the backup folder before changing it. The module runs on one
xdist worker (``xdist_group``), so the source is built once per run."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

pytestmark = pytest.mark.xdist_group("backup")

ROOT = Path(__file__).resolve().parents[2]
PG = "postgres://postgres@127.0.0.1:5432"
DUMP = [
    "dumpdata",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
    "--exclude=axes",
    "--natural-foreign",
    "--indent=1",
]
AWKWARD = (
    "Điều 1.\r\nThanh toán 2 đợt.\r\n\tDòng có tab;\x01\x02\x07\x08\x0b\x0c\x1b\x1f\x7f"
    " 😀🇻🇳👩‍👩‍👧 e\u0301 a\u0300\u0323 Hoà/Hòa \u200b cuối dòng  \r\n"
)
FILE = bytes(range(256)) * 3 + b"\r\n\r\n\x00end"
EVIDENCE = bytes(range(256)) * 40

# Awkward text in contracts, plan titles, an airing's evidence (name and bytes) and an audit
# entry's comment and JSON, written into the demo before it is backed up.
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
COUNTS = (
    "import json; from kehoach.web.backup import model_counts; print(json.dumps(model_counts()))"
)


def kehoach(url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "KEHOACH_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "kehoach.settings.dev",
        "KEHOACH_DEMO_PASSWORD": "backup-test-password",
    }
    return subprocess.run(
        [sys.executable, "-m", "kehoach", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def ok(url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = kehoach(url, data_dir, *args)
    assert result.returncode == 0, result.stderr
    return result


def _pg_database(name: str, template: str | None = None) -> str | None:
    """A new PostgreSQL database, empty or a copy of ``template`` (``KEHOACH_TEST_PG_PREFIX``
    replaces the leading ``kehoach`` of its name, so that parallel runs on one server keep
    apart)."""
    prefix = os.environ.get("KEHOACH_TEST_PG_PREFIX")
    if prefix and name.startswith("kehoach_"):
        name = prefix + name.removeprefix("kehoach")
    copy = f' TEMPLATE "{template}"' if template else ""
    try:
        with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
    except psycopg.OperationalError:
        return None
    return f"{PG}/{name}"


@dataclass(frozen=True)
class Source:
    """A database with the demo and awkward text, its files folder, its backup, and an empty
    migrated database of the same engine that targets are copied from (the restore's own
    `migrate` then has nothing to do)."""

    url: str
    files: Path
    backup: Path
    empty: str

    def target(self, tmp_path: Path, name: str) -> str:
        """A new database with the tables and no record."""
        if self.empty.startswith("sqlite:///"):
            shutil.copyfile(self.empty.removeprefix("sqlite:///"), tmp_path / f"{name}.sqlite3")
            return f"sqlite:///{tmp_path}/{name}.sqlite3"
        worker = os.environ.get("PYTEST_XDIST_WORKER", "m")
        url = _pg_database(f"kehoach_backup_{name}_{worker}", self.empty.rsplit("/", 1)[1])
        assert url is not None
        return url

    def copy_of_backup(self, tmp_path: Path) -> Path:
        folder = tmp_path / "bk"
        shutil.copytree(self.backup, folder)
        return folder


QUICK_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


def build_source(empty: str, source: str, folder: Path) -> Source:
    """``empty`` migrated; ``source`` made from it (by the caller's ``copy``) with the demo,
    awkward text and a stored file, backed up: one process for the demo, the text and the
    backup (the round trips' restores and checks each run `kehoach` anew)."""
    files = folder / "src"
    (files / "files" / "evidence").mkdir(parents=True)
    (files / "files" / "evidence" / "trang-bao.pdf").write_bytes(EVIDENCE)
    # The demo's people get quick password hashes (the production hasher's million rounds per
    # person are a second each): a hash is a text field like any other to the backup.
    script = (
        "from django.core.management import call_command\n"
        "from django.test import override_settings\n"
        f"with override_settings(PASSWORD_HASHERS=[{QUICK_HASHER!r}]):\n"
        '    call_command("demo")\n'
        f"{SETUP}\n"
        f"call_command('backup', {str(folder / 'backup')!r})\n"
    )
    ok(source, files, "shell", "-c", script)
    return Source(source, files, folder / "backup", empty)


@pytest.fixture(scope="module")
def sqlite_source(tmp_path_factory) -> Source:
    folder = tmp_path_factory.mktemp("sqlite-source")
    ok(f"sqlite:///{folder}/empty.sqlite3", folder, "migrate", "-v0")
    shutil.copyfile(folder / "empty.sqlite3", folder / "a.sqlite3")
    return build_source(
        f"sqlite:///{folder}/empty.sqlite3", f"sqlite:///{folder}/a.sqlite3", folder
    )


@pytest.fixture(scope="module")
def pg_source(tmp_path_factory) -> Source:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "m")
    empty = _pg_database(f"kehoach_backup_empty_{worker}")
    if empty is None:
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    folder = tmp_path_factory.mktemp("pg-source")
    ok(empty, folder, "migrate", "-v0")
    source = _pg_database(f"kehoach_backup_src_{worker}", empty.rsplit("/", 1)[1])
    assert source is not None
    return build_source(empty, source, folder)


def _records(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "records").glob("*.jsonl"))}


def roundtrip(source: Source, tmp_path: Path) -> None:
    target, files = source.target(tmp_path, "dst"), tmp_path / "dst"
    ok(target, files, "restore", str(source.backup))
    # Record by record: zero differences.
    records = json.loads(ok(source.url, source.files, *DUMP).stdout)
    assert len(records) > 100
    assert json.loads(ok(target, files, *DUMP).stdout) == records
    # The very characters and bytes, read back from the restored database.
    printed = ok(target, files, "shell", "-v0", "-c", PRINT).stdout
    shown = json.loads(printed.strip().splitlines()[-1])
    assert shown["terms"] == [AWKWARD]
    assert shown["titles"] == [AWKWARD[:400]]
    assert shown["evidence_name"] == AWKWARD[:200]
    assert shown["evidence"] == hashlib.sha256(FILE).hexdigest()
    assert (files / "files/evidence/trang-bao.pdf").read_bytes() == EVIDENCE
    # Field by field: a backup of the restored database has the same line for every row.
    ok(target, files, "backup", str(tmp_path / "again"))
    assert _records(source.backup) == _records(tmp_path / "again")
    assert "\\r\\n" in (source.backup / "records" / "execution.contract.jsonl").read_text()
    manifest = json.loads((source.backup / "manifest.json").read_text())
    assert manifest["counts"]["plans.plan"] >= 1
    assert "evidence/trang-bao.pdf" in manifest["files"]
    # Stored files (issued DOCX/PDF, evidence) are files beside the records, with their hashes.
    assert list((source.backup / "blobs").rglob("*.bin"))


def test_a_backup_of_the_demo_comes_back_record_by_record_and_byte_for_byte_on_sqlite(
    sqlite_source, tmp_path
):
    roundtrip(sqlite_source, tmp_path)


@pytest.mark.postgres
def test_a_backup_of_the_demo_comes_back_record_by_record_and_byte_for_byte_on_postgresql(
    pg_source, tmp_path
):
    roundtrip(pg_source, tmp_path)


def test_a_damaged_backup_and_a_non_empty_target_are_refused(sqlite_source, tmp_path):
    refused = kehoach(sqlite_source.url, sqlite_source.files, "restore", str(sqlite_source.backup))
    assert refused.returncode == 2
    assert "đã có dữ liệu" in refused.stderr
    folder = sqlite_source.copy_of_backup(tmp_path)
    data = folder / "records" / "accounts.organisation.jsonl"
    data.write_text(data.read_text("utf-8").replace("Tiền Giang", "Tien Giang", 1), "utf-8")
    damaged = kehoach(sqlite_source.target(tmp_path, "c"), tmp_path, "restore", str(folder))
    assert damaged.returncode == 2
    assert "mã kiểm tra" in damaged.stderr
    # A backup into a folder that already holds one is refused.
    not_empty = kehoach(sqlite_source.url, sqlite_source.files, "backup", str(folder))
    assert not_empty.returncode == 2


def refuse_a_dangling_reference(source: Source, tmp_path: Path) -> None:
    # A membership now points at an organisation the backup does not hold; the manifest's
    # checksum is made to match, so only the restore's own check can find it.
    folder = source.copy_of_backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    table = manifest["tables"]["accounts.membership"]
    records = folder / "records" / "accounts.membership.jsonl"
    rows = records.read_text("utf-8").splitlines()
    row = json.loads(rows[0])
    row[table["fields"].index("organisation_id")] = 999999
    rows[0] = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
    records.write_text("\n".join(rows) + "\n", "utf-8")
    table["sha256"] = hashlib.sha256(records.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    target, files = source.target(tmp_path, "dangling"), tmp_path / "dst"
    refused = kehoach(target, files, "restore", str(folder))
    assert refused.returncode == 2, refused.stdout
    assert "accounts.membership" in refused.stderr, refused.stderr
    assert "organisation_id = 999999" in refused.stderr
    assert "accounts_organisation" in refused.stderr
    assert "Traceback" not in refused.stderr
    # Nothing half-restored: no organisation, no user, no plan, no row at all.
    counted = ok(target, files, "shell", "-c", COUNTS)
    counts = json.loads(counted.stdout.strip().splitlines()[-1])
    assert counts["accounts.organisation"] == counts["auth.user"] == 0
    assert not any(counts.values()), counts


def test_a_dangling_reference_refuses_the_whole_restore_on_sqlite(sqlite_source, tmp_path):
    refuse_a_dangling_reference(sqlite_source, tmp_path)


@pytest.mark.postgres
def test_a_dangling_reference_refuses_the_whole_restore_on_postgresql(pg_source, tmp_path):
    refuse_a_dangling_reference(pg_source, tmp_path)
