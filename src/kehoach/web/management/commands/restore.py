"""``kehoach restore SRC``: restore a backup onto an empty installation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kehoach.web.backup import BackupError, restore


class Command(BaseCommand):
    help = "Khôi phục bản sao lưu SRC vào cài đặt trống / Restore SRC onto an empty install"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = restore(Path(options["src"]))
        except BackupError as exc:
            raise CommandError(exc.message_vi, returncode=2) from exc
        self.stdout.write(f"Đã khôi phục {sum(counts.values())} bản ghi.")
