"""``kehoach anonymise-delegates [--dry-run]``: anonymise the delegates of every conference
whose final report is older than KEHOACH_DELEGATE_RETENTION_DAYS (Decree 13/2023/NĐ-CP:
personal data kept only as long as its purpose needs). Each run writes audit entries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from django.utils.translation import gettext_noop

from kehoach.conference import services
from kehoach.conference.models import Conference
from kehoach.core.messages import Message
from kehoach.web.language import SaidHelp, for_command, say

DUE = Message("cli.anonymise.due", gettext_noop("Hội nghị đến hạn ẩn danh: {count}"))
DELEGATES = Message("cli.anonymise.delegates", gettext_noop("{title}: {count} đại biểu"))
DONE = Message("cli.anonymise.done", gettext_noop("Đã ẩn danh: {count} hội nghị"))


class Command(SaidHelp):
    about = Message(
        "cli.anonymise.help", gettext_noop("Ẩn danh đại biểu hội nghị đã quá thời hạn lưu.")
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        language = for_command(options)
        if options["dry_run"]:
            cutoff = timezone.localdate() - timedelta(days=services.retention_days())
            due = Conference.objects.filter(
                report_date__lte=cutoff, anonymised_at__isnull=True
            ).count()
            self.stdout.write(say(DUE.with_params(count=due), language))
            return
        done = services.anonymise_due()
        for conference, count in done:
            self.stdout.write(
                say(DELEGATES.with_params(title=conference.title, count=count), language)
            )
        self.stdout.write(say(DONE.with_params(count=len(done)), language))
