"""``kehoach import-statistics FILE``: monthly dossier statistics (CSV/XLSX) as a tracked job;
``kehoach import-statistics --catalogue FILE`` imports the services catalogue."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext_noop

from kehoach.core.messages import Message
from kehoach.errors import DomainError
from kehoach.outcomes import services
from kehoach.outcomes.management.commands._common import (
    ORG,
    USER,
    actor,
    organisation,
    status_text,
    write_job,
    write_preview,
)
from kehoach.outcomes.models import ImportState, OutcomeImport, SourceProfile
from kehoach.web.language import SaidHelp, command_error, command_help, for_command, say

# What the command's options mean (English in the catalogue only).
CATALOGUE = Message("cli.statistics.catalogue", gettext_noop("tệp là danh mục dịch vụ"))
AS_OF = Message(
    "cli.statistics.as_of", gettext_noop("ngày hiệu lực mức độ khi tệp không có (YYYY-MM-DD)")
)
PROFILE = Message(
    "cli.statistics.profile", gettext_noop("tên hồ sơ nguồn đã lưu (cách đọc các cột)")
)
SAVE_PROFILE = Message(
    "cli.statistics.save_profile",
    gettext_noop("lưu cách đọc các cột vừa nhận ra thành hồ sơ nguồn tên này rồi nhập"),
)
SOURCE = Message(
    "cli.statistics.source", gettext_noop("tên nguồn số liệu (mặc định: tên hồ sơ hoặc tệp)")
)
PREVIEW = Message("cli.statistics.preview", gettext_noop("chỉ xem trước, không ghi gì"))
UNDO = Message("cli.statistics.undo", gettext_noop("FILE là số của lần nhập cần hoàn tác"))
NO_IMPORT = Message("cli.statistics.no_import", gettext_noop("Không có lần nhập số {number}."))
UNDONE = Message(
    "cli.statistics.undone", gettext_noop("Đã hoàn tác lần nhập {number}: xóa {rows} dòng số liệu.")
)


class Command(SaidHelp):
    about = Message(
        "cli.statistics.help",
        gettext_noop("Nhập số liệu hồ sơ theo tháng hoặc danh mục dịch vụ công."),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--catalogue", action="store_true", help=command_help(CATALOGUE))
        parser.add_argument("--as-of", help=command_help(AS_OF))
        parser.add_argument("--org", help=command_help(ORG))
        parser.add_argument("--user", help=command_help(USER))
        parser.add_argument("--on-error", choices=["keep", "refuse"], default="keep")
        parser.add_argument("--profile", help=command_help(PROFILE))
        parser.add_argument("--save-profile", help=command_help(SAVE_PROFILE))
        parser.add_argument("--source", help=command_help(SOURCE))
        parser.add_argument("--preview", action="store_true", help=command_help(PREVIEW))
        parser.add_argument("--undo", action="store_true", help=command_help(UNDO))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["undo"]:
            job = OutcomeImport.objects.filter(pk=int(options["file"])).first()
            if job is None:
                raise command_error(NO_IMPORT.with_params(number=options["file"]), returncode=2)
            try:
                deleted = services.import_undo(user=actor(options["user"]), job=job)
            except DomainError as exc:
                raise command_error(exc) from exc
            undone = UNDONE.with_params(number=job.pk, rows=deleted)
            self.stdout.write(say(undone, for_command(options)))
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
            raise CommandError(status_text(job), returncode=1)
