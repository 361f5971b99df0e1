"""``kehoach import-statistics FILE``: monthly dossier statistics (CSV/XLSX) as a tracked job;
``kehoach import-statistics --catalogue FILE`` imports the services catalogue."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kehoach.outcomes.management.commands._common import actor, organisation, write_job
from kehoach.outcomes.models import ImportState


class Command(BaseCommand):
    help = "Nhập số liệu hồ sơ theo tháng hoặc danh mục dịch vụ công / Import statistics"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--catalogue", action="store_true", help="tệp là danh mục dịch vụ")
        parser.add_argument("--as-of", help="ngày hiệu lực mức độ khi tệp không có (YYYY-MM-DD)")
        parser.add_argument("--org", help="mã cơ quan (TG-STTTT)")
        parser.add_argument("--user", help="người nhập (tên đăng nhập)")
        parser.add_argument("--on-error", choices=["keep", "refuse"], default="keep")

    def handle(self, *args: Any, **options: Any) -> None:
        from kehoach.outcomes import services

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}. / No file {path}.", returncode=2)
        common = {
            "user": actor(options["user"]),
            "organisation": organisation(options["org"]),
            "filename": path.name,
            "content": path.read_bytes(),
            "on_error": options["on_error"],
        }
        if options["catalogue"]:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else None
            job = services.catalogue_import(**common, as_of=as_of)
        else:
            job = services.stats_import(**common)
        write_job(self, job)
        if job.status in (ImportState.FAILED, ImportState.REFUSED):
            raise CommandError(job.get_status_display(), returncode=1)
