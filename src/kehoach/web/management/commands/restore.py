"""``kehoach restore SRC``: restore a backup onto an empty installation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext_noop

from kehoach.core.messages import Message
from kehoach.web.backup import BackupError, restore
from kehoach.web.language import SaidHelp, command_error, for_command, say

DONE = Message(
    "cli.restore.done",
    gettext_noop(
        "Đã khôi phục {records} bản ghi. Kiểm tra mã: {check} s; nạp và so từng trường: "
        "{load} s ({rate} bản ghi/giây)."
    ),
)
TIMINGS = Message(
    "cli.restore.timings",
    gettext_noop(
        "Ghi: {insert} s ({rate} bản ghi/giây); khoá ngoại: {constraints} s; chỉ mục: "
        "{indexes} s; so từng trường: {compare} s."
    ),
)


class Command(SaidHelp):
    about = Message(
        "cli.restore.help", gettext_noop("Khôi phục bản sao lưu SRC vào cài đặt trống.")
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src")

    def handle(self, *args: Any, **options: Any) -> None:
        timings: dict[str, float] = {}
        notes: list[Message] = []
        try:
            counts = restore(Path(options["src"]), timings, notes)
        except BackupError as exc:
            raise command_error(exc, returncode=2) from exc
        total = sum(counts.values())
        load = timings.get("load", 0.0)
        language = for_command(options)
        done = DONE.with_params(
            records=total,
            check=f"{timings.get('check', 0.0):.1f}",
            load=f"{load:.1f}",
            rate=f"{total / load if load else 0:.0f}",
        )
        self.stdout.write(say(done, language))
        if "insert" in timings:
            insert = timings["insert"]
            said = TIMINGS.with_params(
                insert=f"{insert:.1f}",
                rate=f"{total / insert if insert else 0:.0f}",
                constraints=f"{timings['constraints']:.1f}",
                indexes=f"{timings['indexes']:.1f}",
                compare=f"{timings['compare']:.1f}",
            )
            self.stdout.write(say(said, language))
        for note in notes:
            self.stdout.write(say(note, language))
