"""``kehoach clean-previews`` removes the previews (statistics and dossier uploads) not
confirmed within KEHOACH_PREVIEW_MAX_AGE_DAYS (7 by default) with their files, each removal
audited; run it from a daily timer (docs/operators.md). A new preview also cleans the old."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Xóa các bản xem trước nhập số liệu/hồ sơ không được xác nhận quá hạn cùng tệp của chúng "
        "/ Remove unconfirmed import previews and their files"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=(
                "tuổi tối đa của bản xem trước, tính bằng ngày (mặc định "
                "KEHOACH_PREVIEW_MAX_AGE_DAYS)"
            ),
        )
        parser.add_argument("--dry-run", action="store_true", help="chỉ liệt kê, không xóa")

    def handle(self, *args: Any, **options: Any) -> None:
        from kehoach.outcomes.services import previews_clean

        days = options["days"]
        if days is None:
            days = settings.KEHOACH_PREVIEW_MAX_AGE_DAYS
        if days < 1:
            raise CommandError("--days phải từ 1 trở lên. / --days must be at least 1.")
        dry = options["dry_run"]
        cleaned = previews_clean(
            max_age=timedelta(days=days),
            dry_run=dry,
            reason=f"kehoach clean-previews: không được xác nhận sau {days} ngày.",
        )
        verb = "Sẽ xóa" if dry else "Đã xóa"
        for job in cleaned.jobs:
            self.stdout.write(
                f"{verb} bản xem trước #{job['id']} ({job['kind']}, {job['organisation']}) "
                f"{job['filename']} — tạo lúc {job['created_at']}"
            )
        for name in cleaned.files:
            self.stdout.write(f"{verb} tệp tải lên không còn lần nhập nào chờ: {name}")
        self.stdout.write(
            f"{verb} {len(cleaned.jobs)} bản xem trước quá {days} ngày và "
            f"{len(cleaned.files)} tệp mồ côi; giải phóng {cleaned.bytes_freed} byte."
        )
