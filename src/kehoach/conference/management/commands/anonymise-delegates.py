"""``kehoach anonymise-delegates [--dry-run]``: anonymise the delegates of every conference
whose final report is older than KEHOACH_DELEGATE_RETENTION_DAYS (Decree 13/2023/NĐ-CP:
personal data kept only as long as its purpose needs). Each run writes audit entries."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kehoach.conference import services


class Command(BaseCommand):
    help = "Ẩn danh đại biểu hội nghị đã quá thời hạn lưu / Anonymise delegates past retention"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            from datetime import timedelta

            from django.utils import timezone

            from kehoach.conference.models import Conference

            cutoff = timezone.localdate() - timedelta(days=services.retention_days())
            due = Conference.objects.filter(
                report_date__lte=cutoff, anonymised_at__isnull=True
            ).count()
            self.stdout.write(f"Hội nghị đến hạn ẩn danh / due: {due}")
            return
        done = services.anonymise_due()
        for conference, count in done:
            self.stdout.write(f"{conference.title}: {count} đại biểu / delegates")
        self.stdout.write(f"Đã ẩn danh / anonymised: {len(done)} hội nghị / conferences")
