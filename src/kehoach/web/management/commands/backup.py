"""``kehoach backup DEST``: a consistent copy of the database and files, with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kehoach.web.backup import BackupError, backup
from kehoach.web.language import command_error


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp vào thư mục DEST / Back up into DEST"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(Path(options["dest"]))
        except BackupError as exc:
            raise command_error(exc, returncode=2) from exc
        total = sum(manifest["counts"].values())
        self.stdout.write(
            f"Đã sao lưu {total} bản ghi và {len(manifest['files'])} tệp vào {options['dest']}"
        )
