"""What the outcomes commands share: finding the organisation, acting as a user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from kehoach.accounts.models import Organisation


def organisation(code: str | None) -> Organisation:
    if code:
        org = Organisation.objects.filter(code=code).first()
        if org is None:
            raise CommandError(f"Không có cơ quan mã '{code}'. / No organisation '{code}'.")
        return org
    roots = list(Organisation.objects.filter(plans__isnull=False).distinct()[:2])
    if len(roots) != 1:
        raise CommandError("Cho biết cơ quan: --org MÃ / Give the organisation: --org CODE")
    return roots[0]


def actor(username: str | None) -> Any:
    """The user the import is recorded for; without one, the command acts as the system and
    the access check is the operator's shell access."""
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Không có người dùng '{username}'. / No user '{username}'.")
    return user


def write_job(command: BaseCommand, job: Any) -> None:
    counts = job.counts
    command.stdout.write(
        f"{job.get_status_display()}: {counts.get('good', 0)} dòng/hồ sơ đúng, "
        f"{counts.get('broken', 0)} lỗi, {counts.get('applied', 0)} dòng số liệu đã ghi."
    )
    if counts.get("months"):
        command.stdout.write("Các tháng được thay: " + ", ".join(counts["months"]))
    for error in job.errors[:50]:
        command.stdout.write(f"  {error['message']}")
    for finding in job.findings[:50]:
        command.stdout.write(f"  [{finding['code']}] {finding['message']}")
