"""``kehoach import-statistics FILE``: monthly dossier statistics (CSV/XLSX) as a tracked job;
``kehoach import-statistics --catalogue FILE`` imports the services catalogue."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext_noop

from kehoach.core.messages import Message
from kehoach.errors import DomainError
from kehoach.outcomes.management.commands._common import (
    actor,
    organisation,
    write_job,
    write_preview,
)
from kehoach.outcomes.models import ImportState
from kehoach.web.language import command_error


class Command(BaseCommand):
    help = "Nhập số liệu hồ sơ theo tháng hoặc danh mục dịch vụ công / Import statistics"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--catalogue", action="store_true", help="tệp là danh mục dịch vụ")
        parser.add_argument("--as-of", help="ngày hiệu lực mức độ khi tệp không có (YYYY-MM-DD)")
        parser.add_argument("--org", help="mã cơ quan (TG-STTTT)")
        parser.add_argument("--user", help="người nhập (tên đăng nhập)")
        parser.add_argument("--on-error", choices=["keep", "refuse"], default="keep")
        parser.add_argument(
            "--profile", help="tên hồ sơ nguồn đã lưu (cách đọc các cột) / a saved source profile"
        )
        parser.add_argument(
            "--save-profile",
            help="lưu cách đọc các cột vừa nhận ra thành hồ sơ nguồn tên này rồi nhập",
        )
        parser.add_argument("--source", help="tên nguồn số liệu (mặc định: tên hồ sơ hoặc tệp)")
        parser.add_argument(
            "--preview", action="store_true", help="chỉ xem trước, không ghi gì / preview only"
        )
        parser.add_argument(
            "--undo", action="store_true", help="FILE là số của lần nhập cần hoàn tác / undo"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from kehoach.outcomes import services
        from kehoach.outcomes.models import OutcomeImport, SourceProfile

        if options["undo"]:
            job = OutcomeImport.objects.filter(pk=int(options["file"])).first()
            if job is None:
                raise CommandError(f"Không có lần nhập số {options['file']}.", returncode=2)
            try:
                deleted = services.import_undo(user=actor(options["user"]), job=job)
            except DomainError as exc:
                raise command_error(exc) from exc
            self.stdout.write(f"Đã hoàn tác lần nhập {job.pk}: xóa {deleted} dòng số liệu.")
            return
        path = Path(options["file"])
        if not path.is_file():
            raise command_error(
                Message("cli.no_file", gettext_noop("Không có tệp {path}.")).with_params(
                    path=str(path)
                ),
                returncode=2,
            )
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
            org = common["organisation"]
            profile = None
            if options["profile"]:
                saved = SourceProfile.objects.filter(
                    organisation=org, name=options["profile"]
                ).first()
                if saved is None:
                    raise command_error(
                        Message(
                            "cli.no_profile", gettext_noop("Không có hồ sơ nguồn '{profile}'.")
                        ).with_params(profile=options["profile"]),
                        returncode=2,
                    )
                profile = saved.as_profile()
            reading = services.preview_statistics(path.name, common["content"], profile=profile)
            unsure = [c for c in reading.columns if c.status in ("unknown", "duplicate")]
            if options["preview"] or (profile is None and unsure and not options["save_profile"]):
                write_preview(self, reading)
                if options["preview"]:
                    return
                raise command_error(
                    Message(
                        "cli.statistics.unsure_columns",
                        gettext_noop(
                            "Có cột không hiểu hoặc trùng nghĩa: không đoán. Xem lại rồi nhập với "
                            "--profile TÊN, hoặc --save-profile TÊN để lưu cách đọc trên (cột "
                            "không hiểu sẽ bị bỏ qua)."
                        ),
                    )
                )
            if options["save_profile"]:
                profile = services.profile_save(
                    user=common["user"],
                    organisation=org,
                    name=options["save_profile"],
                    reading=reading,
                ).as_profile()
            job = services.stats_import(**common, profile=profile, source=options["source"] or "")
        write_job(self, job)
        if job.status in (ImportState.FAILED, ImportState.REFUSED):
            raise CommandError(job.get_status_display(), returncode=1)
