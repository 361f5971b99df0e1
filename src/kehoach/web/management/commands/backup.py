"""``kehoach backup DEST``: a consistent copy of the database and files, with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext_noop

from kehoach.core.messages import Message
from kehoach.web.backup import BackupError, backup
from kehoach.web.language import SaidHelp, command_error, for_command, say

DONE = Message(
    "cli.backup.done", gettext_noop("Đã sao lưu {records} bản ghi và {files} tệp vào {dest}")
)


class Command(SaidHelp):
    about = Message(
        "cli.backup.help", gettext_noop("Sao lưu cơ sở dữ liệu và tệp vào thư mục DEST.")
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(Path(options["dest"]))
        except BackupError as exc:
            raise command_error(exc, returncode=2) from exc
        total = sum(manifest["counts"].values())
        done = DONE.with_params(records=total, files=len(manifest["files"]), dest=options["dest"])
        self.stdout.write(say(done, for_command(options)))
