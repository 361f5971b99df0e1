"""`kehoach backup` and `kehoach restore` give back every record and file byte for byte, on
SQLite and on PostgreSQL; a damaged backup or a non-empty target is refused."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

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


def roundtrip(source: str, target: str, tmp_path: Path) -> None:
    src_dir, dst_dir = tmp_path / "src", tmp_path / "dst"
    (src_dir / "files" / "evidence").mkdir(parents=True)
    (src_dir / "files" / "evidence" / "trang-bao.pdf").write_bytes(bytes(range(256)) * 40)
    for args in (["migrate", "-v0"], ["demo"], ["backup", str(tmp_path / "backup")]):
        result = kehoach(source, src_dir, *args)
        assert result.returncode == 0, result.stderr
    result = kehoach(target, dst_dir, "restore", str(tmp_path / "backup"))
    assert result.returncode == 0, result.stderr
    before = kehoach(source, src_dir, *DUMP)
    after = kehoach(target, dst_dir, *DUMP)
    assert before.returncode == after.returncode == 0
    records = json.loads(before.stdout)
    assert len(records) > 100
    assert json.loads(after.stdout) == records  # record by record: zero differences
    assert (dst_dir / "files/evidence/trang-bao.pdf").read_bytes() == (
        src_dir / "files/evidence/trang-bao.pdf"
    ).read_bytes()
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["counts"]["plans.plan"] >= 1
    assert "evidence/trang-bao.pdf" in manifest["files"]
    # Stored files (issued DOCX/PDF, evidence) are files beside the records, with their hashes.
    blobs = list((tmp_path / "backup" / "blobs").rglob("*.bin"))
    assert blobs


def test_a_backup_of_the_demo_restores_record_by_record_on_sqlite(tmp_path):
    roundtrip(f"sqlite:///{tmp_path}/a.sqlite3", f"sqlite:///{tmp_path}/b.sqlite3", tmp_path)


def _pg_database(name: str) -> str | None:
    """A new, empty PostgreSQL database (``KEHOACH_TEST_PG_PREFIX`` replaces the leading
    ``kehoach`` of its name, so that parallel runs on one server keep apart)."""
    prefix = os.environ.get("KEHOACH_TEST_PG_PREFIX")
    if prefix and name.startswith("kehoach_"):
        name = prefix + name.removeprefix("kehoach")
    try:
        with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        return None
    return f"{PG}/{name}"


@pytest.mark.postgres
def test_a_backup_of_the_demo_restores_record_by_record_on_postgresql(tmp_path, worker_id):
    source = _pg_database(f"kehoach_backup_src_{worker_id}")
    target = _pg_database(f"kehoach_backup_dst_{worker_id}")
    if source is None or target is None:
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    roundtrip(source, target, tmp_path)


def test_a_damaged_backup_and_a_non_empty_target_are_refused(tmp_path):
    url = f"sqlite:///{tmp_path}/a.sqlite3"
    kehoach(url, tmp_path, "migrate", "-v0")
    kehoach(url, tmp_path, "demo")
    assert kehoach(url, tmp_path, "backup", str(tmp_path / "bk")).returncode == 0
    refused = kehoach(url, tmp_path, "restore", str(tmp_path / "bk"))
    assert refused.returncode == 2
    assert "đã có dữ liệu" in refused.stderr
    data = tmp_path / "bk" / "records" / "accounts.organisation.jsonl"
    data.write_text(data.read_text("utf-8").replace("Tiền Giang", "Tien Giang", 1), "utf-8")
    damaged = kehoach(f"sqlite:///{tmp_path}/c.sqlite3", tmp_path, "restore", str(tmp_path / "bk"))
    assert damaged.returncode == 2
    assert "mã kiểm tra" in damaged.stderr
    assert kehoach(url, tmp_path, "backup", str(tmp_path / "bk")).returncode == 2  # not empty


SMALL = """
from django.contrib.auth.models import User
from kehoach.accounts.models import Membership, Organisation
organisation = Organisation.objects.create(code="TG", name="Sở Thông tin và Truyền thông")
user = User.objects.create(username="lanh-dao")
role = Membership._meta.get_field("role").choices[0][0]
Membership.objects.create(user=user, organisation=organisation, role=role)
"""
COUNTS = (
    "import json; from kehoach.web.backup import model_counts; print(json.dumps(model_counts()))"
)


def refuse_a_dangling_reference(source: str, target: str, tmp_path: Path) -> None:
    src_dir, dst_dir, folder = tmp_path / "src", tmp_path / "dst", tmp_path / "bk"
    for args in (["migrate", "-v0"], ["shell", "-c", SMALL], ["backup", str(folder)]):
        result = kehoach(source, src_dir, *args)
        assert result.returncode == 0, result.stderr
    # The membership now points at an organisation the backup does not hold; the manifest's
    # checksum is made to match, so only the restore's own check can find it.
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    table = manifest["tables"]["accounts.membership"]
    records = folder / "records" / "accounts.membership.jsonl"
    row = json.loads(records.read_text("utf-8"))
    row[table["fields"].index("organisation_id")] = 999999
    records.write_text(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    table["sha256"] = hashlib.sha256(records.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    refused = kehoach(target, dst_dir, "restore", str(folder))
    assert refused.returncode == 2, refused.stdout
    assert "accounts.membership" in refused.stderr, refused.stderr
    assert "organisation_id = 999999" in refused.stderr
    assert "accounts_organisation" in refused.stderr
    assert "Traceback" not in refused.stderr
    # Nothing half-restored: the organisation, the user and the membership are all absent.
    counted = kehoach(target, dst_dir, "shell", "-c", COUNTS)
    assert counted.returncode == 0, counted.stderr
    counts = json.loads(counted.stdout.strip().splitlines()[-1])
    assert counts["accounts.organisation"] == counts["auth.user"] == 0
    assert not any(counts.values()), counts


def test_a_dangling_reference_refuses_the_whole_restore_on_sqlite(tmp_path):
    source, target = f"sqlite:///{tmp_path}/a.sqlite3", f"sqlite:///{tmp_path}/b.sqlite3"
    refuse_a_dangling_reference(source, target, tmp_path)


@pytest.mark.postgres
def test_a_dangling_reference_refuses_the_whole_restore_on_postgresql(tmp_path, worker_id):
    source = _pg_database(f"kehoach_dangling_src_{worker_id}")
    target = _pg_database(f"kehoach_dangling_dst_{worker_id}")
    if source is None or target is None:
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    refuse_a_dangling_reference(source, target, tmp_path)
