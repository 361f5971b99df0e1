"""Backup and restore: the whole database (uploaded files included — kehoach keeps them in the
database, outside the web root) and any files in the data folder, consistent, with a checksum
manifest. A backup restores onto an empty installation on SQLite or PostgreSQL alike."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


class BackupError(Exception):
    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi, self.message_en = message_vi, message_en


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files_dir() -> Path:
    return Path(settings.DATA_DIR) / "files"


def model_counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if any(label == e or label.startswith(e + ".") for e in EXCLUDED):
            continue
        counts[label] = model._default_manager.count()
    return counts


def backup(dest: Path) -> dict[str, Any]:
    """Write into a temporary folder beside DEST and rename it at the end: a backup that fails
    half-way leaves nothing that could be mistaken for a backup."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(
            f"Thư mục '{dest}' đã có dữ liệu; hãy chọn thư mục trống.",
            f"'{dest}' is not empty; choose an empty folder.",
        )
    partial = dest.with_name(dest.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        manifest = _write(partial)
    except Exception:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if dest.exists():
        dest.rmdir()
    partial.rename(dest)
    return manifest


def _write(dest: Path) -> dict[str, Any]:
    data = dest / "data.xml"
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        # XML, not JSON: Django's JSON encoder keeps only milliseconds of a time, XML all of it
        call_command(
            "dumpdata",
            *[f"--exclude={e}" for e in EXCLUDED],
            "--natural-foreign",
            "--format=xml",
            "--indent=1",
            f"--output={data}",
            verbosity=0,
        )
        counts = model_counts()
    files: dict[str, str] = {}
    source = _files_dir()
    if source.is_dir():
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            relative = path.relative_to(source).as_posix()
            target = dest / "files" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            files[relative] = _sha256(target)
    migrations = dict(
        MigrationRecorder.Migration.objects.order_by("applied").values_list("app", "name")
    )
    manifest = {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(),
        "kehoach": metadata.version("kehoach"),
        "database": connection.vendor,
        "migrations": migrations,
        "counts": counts,
        "data_sha256": _sha256(data),
        "files": files,
    }
    (dest / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return manifest


def _verify(src: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((src / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(
            f"'{src}' không phải là bản sao lưu của kehoach (thiếu manifest).",
            f"'{src}' is not a kehoach backup (no manifest).",
        ) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError("Định dạng bản sao lưu không được hỗ trợ.", "Unsupported backup format.")
    if _sha256(src / "data.xml") != manifest["data_sha256"]:
        raise BackupError(
            "Tệp dữ liệu của bản sao lưu bị hỏng (sai mã kiểm tra).",
            "The backup's data file is damaged (checksum mismatch).",
        )
    for relative, digest in manifest["files"].items():
        if _sha256(src / "files" / relative) != digest:
            raise BackupError(
                f"Tệp '{relative}' của bản sao lưu bị hỏng.",
                f"The backup's file '{relative}' is damaged.",
            )
    return manifest


def restore(src: Path) -> dict[str, int]:
    manifest = _verify(src)
    call_command("migrate", interactive=False, verbosity=0)
    if any(count for count in model_counts().values()):
        raise BackupError(
            "Cơ sở dữ liệu đích đã có dữ liệu; chỉ khôi phục vào cài đặt trống.",
            "The target database is not empty; restore onto an empty install.",
        )
    with transaction.atomic():
        call_command("loaddata", str(src / "data.xml"), verbosity=0)
        counts = model_counts()
        expected = {k: v for k, v in manifest["counts"].items() if k in counts}
        if counts != {k: counts[k] for k in counts if k in manifest["counts"]} or any(
            counts[k] != v for k, v in expected.items()
        ):
            raise BackupError(
                "Số bản ghi sau khi khôi phục khác bản sao lưu.",
                "Record counts after restore differ from the backup.",
            )
    target = _files_dir()
    for relative in manifest["files"]:
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / "files" / relative, destination)
    return counts
