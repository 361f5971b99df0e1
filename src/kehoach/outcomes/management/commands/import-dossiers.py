"""``kehoach import-dossiers FILE``: dossier-level records (CSV or Parquet) aggregated with
DuckDB into the monthly table, with a progress bar."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext_noop

from kehoach.core.messages import Message
from kehoach.outcomes.dossiers import progress_bar
from kehoach.outcomes.management.commands._common import (
    ORG,
    USER,
    actor,
    organisation,
    status_text,
    write_job,
)
from kehoach.outcomes.models import ImportState
from kehoach.outcomes.services import dossiers_import
from kehoach.web.language import SaidHelp, command_error, command_help, for_command, say

BY_SERVICE = Message("cli.dossiers.by_service", gettext_noop("tách theo thủ tục"))
AGGREGATING = Message("cli.dossiers.aggregating", gettext_noop("Tổng hợp hồ sơ (DuckDB)"))
WRITING = Message("cli.dossiers.writing", gettext_noop("Ghi số liệu tháng"))


class Command(SaidHelp):
    about = Message(
        "cli.dossiers.help",
        gettext_noop("Tổng hợp hồ sơ (CSV/Parquet) thành số liệu theo tháng."),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--org", help=command_help(ORG))
        parser.add_argument("--user", help=command_help(USER))
        parser.add_argument("--on-error", choices=["keep", "refuse"], default="keep")
        parser.add_argument("--by-service", action="store_true", help=command_help(BY_SERVICE))
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
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
        language = for_command(options)
        aggregating, writing = say(AGGREGATING, language), say(WRITING, language)
        width = max(len(aggregating), len(writing))
        job = dossiers_import(
            user=actor(options["user"]),
            organisation=organisation(options["org"]),
            path=path,
            on_error=options["on_error"],
            by_service=options["by_service"],
            progress=None if quiet else progress_bar(stream, aggregating.ljust(width)),
            insert_progress=None if quiet else progress_bar(stream, writing.ljust(width)),
        )
        write_job(self, job)
        if job.status in (ImportState.FAILED, ImportState.REFUSED):
            raise CommandError(status_text(job), returncode=1)
