"""``kehoach restore SRC``: restore a backup onto an empty installation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kehoach.web.backup import BackupError, restore
from kehoach.web.language import command_error


class Command(BaseCommand):
    help = "Khôi phục bản sao lưu SRC vào cài đặt trống / Restore SRC onto an empty install"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src")

    def handle(self, *args: Any, **options: Any) -> None:
        timings: dict[str, float] = {}
        notes: list[str] = []
        try:
            counts = restore(Path(options["src"]), timings, notes)
        except BackupError as exc:
            raise command_error(exc, returncode=2) from exc
        total = sum(counts.values())
        load = timings.get("load", 0.0)
        self.stdout.write(
            f"Đã khôi phục {total} bản ghi. Kiểm tra mã: {timings.get('check', 0.0):.1f} s; "
            f"nạp và so từng trường: {load:.1f} s ({total / load if load else 0:.0f} bản ghi/giây)."
        )
        if "insert" in timings:
            insert = timings["insert"]
            self.stdout.write(
                f"Ghi: {insert:.1f} s ({total / insert if insert else 0:.0f} bản ghi/giây); "
                f"khoá ngoại: {timings['constraints']:.1f} s; "
                f"chỉ mục: {timings['indexes']:.1f} s; "
                f"so từng trường: {timings['compare']:.1f} s."
            )
        for note in notes:
            self.stdout.write(note)
