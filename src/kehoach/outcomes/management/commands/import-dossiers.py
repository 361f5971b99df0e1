"""``kehoach import-dossiers FILE``: dossier-level records (CSV or Parquet) aggregated with
DuckDB into the monthly table, with a progress bar."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext_noop

from kehoach.core.messages import Message
from kehoach.outcomes.management.commands._common import actor, organisation, write_job
from kehoach.outcomes.models import ImportState
from kehoach.web.language import command_error


class Command(BaseCommand):
    help = "Tổng hợp hồ sơ (CSV/Parquet) thành số liệu theo tháng / Aggregate dossier records"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--org", help="mã cơ quan (TG-STTTT)")
        parser.add_argument("--user", help="người nhập (tên đăng nhập)")
        parser.add_argument("--on-error", choices=["keep", "refuse"], default="keep")
        parser.add_argument("--by-service", action="store_true", help="tách theo thủ tục")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from kehoach.outcomes.dossiers import progress_bar
        from kehoach.outcomes.services import dossiers_import

        path = Path(options["file"])
        if not path.is_file():
            raise command_error(
                Message("cli.no_file", gettext_noop("Không có tệp {path}.")).with_params(
                    path=str(path)
                ),
                returncode=2,
            )
        quiet = options["no_progress"]
        stream: TextIO = getattr(self.stderr, "_out", sys.stderr)
        job = dossiers_import(
            user=actor(options["user"]),
            organisation=organisation(options["org"]),
            path=path,
            on_error=options["on_error"],
            by_service=options["by_service"],
            progress=None if quiet else progress_bar(stream, "Tổng hợp hồ sơ (DuckDB)"),
            insert_progress=None if quiet else progress_bar(stream, "Ghi số liệu tháng    "),
        )
        write_job(self, job)
        if job.status in (ImportState.FAILED, ImportState.REFUSED):
            raise CommandError(job.get_status_display(), returncode=1)
