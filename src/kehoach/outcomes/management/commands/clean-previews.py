"""``kehoach clean-previews`` removes the previews (statistics and dossier uploads) not
confirmed within KEHOACH_PREVIEW_MAX_AGE_DAYS (7 by default) with their files, each removal
audited; run it from a daily timer (docs/operators.md). A new preview also cleans the old."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.utils.translation import gettext_noop

from kehoach.audit.comments import PREVIEWS_CLEANED
from kehoach.core.messages import Message
from kehoach.outcomes.services import previews_clean
from kehoach.web.language import SaidHelp, command_error, command_help, for_command, say

DAYS = Message(
    "cli.clean.days",
    gettext_noop(
        "tuổi tối đa của bản xem trước, tính bằng ngày (mặc định KEHOACH_PREVIEW_MAX_AGE_DAYS)"
    ),
)
DRY_RUN = Message("cli.clean.dry_run", gettext_noop("chỉ liệt kê, không xóa"))
AT_LEAST_ONE = Message("cli.clean.days_min", gettext_noop("--days phải từ 1 trở lên."))
# What was (or, with --dry-run, would be) removed: one whole message for each case.
REMOVED = {
    False: (
        Message(
            "cli.clean.removed.preview",
            gettext_noop(
                "Đã xóa bản xem trước #{id} ({kind}, {organisation}) {filename} — tạo lúc {created}"
            ),
        ),
        Message(
            "cli.clean.removed.file",
            gettext_noop("Đã xóa tệp tải lên không còn lần nhập nào chờ: {name}"),
        ),
        Message(
            "cli.clean.removed.total",
            gettext_noop(
                "Đã xóa {previews} bản xem trước quá {days} ngày và {files} tệp mồ côi; giải "
                "phóng {bytes} byte."
            ),
        ),
    ),
    True: (
        Message(
            "cli.clean.would.preview",
            gettext_noop(
                "Sẽ xóa bản xem trước #{id} ({kind}, {organisation}) {filename} — tạo lúc {created}"
            ),
        ),
        Message(
            "cli.clean.would.file",
            gettext_noop("Sẽ xóa tệp tải lên không còn lần nhập nào chờ: {name}"),
        ),
        Message(
            "cli.clean.would.total",
            gettext_noop(
                "Sẽ xóa {previews} bản xem trước quá {days} ngày và {files} tệp mồ côi; giải "
                "phóng {bytes} byte."
            ),
        ),
    ),
}


class Command(SaidHelp):
    about = Message(
        "cli.clean.help",
        gettext_noop(
            "Xóa các bản xem trước nhập số liệu/hồ sơ không được xác nhận quá hạn cùng tệp của "
            "chúng."
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help=command_help(DAYS))
        parser.add_argument("--dry-run", action="store_true", help=command_help(DRY_RUN))

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is None:
            days = settings.KEHOACH_PREVIEW_MAX_AGE_DAYS
        if days < 1:
            raise command_error(AT_LEAST_ONE, options=options)
        dry = options["dry_run"]
        cleaned = previews_clean(
            max_age=timedelta(days=days),
            dry_run=dry,
            reason=PREVIEWS_CLEANED.with_params(days=days),
        )
        language = for_command(options)
        preview, upload, total = REMOVED[dry]
        for job in cleaned.jobs:
            said = preview.with_params(
                id=job["id"],
                kind=job["kind"],
                organisation=job["organisation"],
                filename=job["filename"],
                created=job["created_at"],
            )
            self.stdout.write(say(said, language))
        for name in cleaned.files:
            self.stdout.write(say(upload.with_params(name=name), language))
        said = total.with_params(
            previews=len(cleaned.jobs),
            days=days,
            files=len(cleaned.files),
            bytes=cleaned.bytes_freed,
        )
        self.stdout.write(say(said, language))
