"""What the outcomes commands share: finding the organisation, acting as a user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.utils.translation import gettext_noop

from kehoach.accounts.models import Organisation
from kehoach.core.messages import Message
from kehoach.web.language import command_error, for_command


def organisation(code: str | None) -> Organisation:
    if code:
        org = Organisation.objects.filter(code=code).first()
        if org is None:
            raise command_error(
                Message(
                    "cli.no_organisation", gettext_noop("Không có cơ quan mã '{code}'.")
                ).with_params(code=code)
            )
        return org
    roots = list(Organisation.objects.filter(plans__isnull=False).distinct()[:2])
    if len(roots) != 1:
        raise command_error(
            Message("cli.which_organisation", gettext_noop("Cho biết cơ quan: --org MÃ"))
        )
    return roots[0]


def actor(username: str | None) -> Any:
    """The user the import is recorded for; without one, the command acts as the system and
    the access check is the operator's shell access."""
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise command_error(
            Message("cli.no_user", gettext_noop("Không có người dùng '{username}'.")).with_params(
                username=username
            )
        )
    return user


def write_job(command: BaseCommand, job: Any) -> None:
    counts = job.counts
    command.stdout.write(
        f"{job.get_status_display()}: {counts.get('good', 0)} dòng/hồ sơ đúng, "
        f"{counts.get('broken', 0)} lỗi, {counts.get('applied', 0)} dòng số liệu đã ghi."
    )
    if counts.get("months"):
        command.stdout.write("Các kỳ được thay: " + ", ".join(counts["months"]))
    if getattr(job, "source", ""):
        command.stdout.write(f"Nguồn: {job.source} (lần nhập số {job.pk})")
    for error in job.errors[:50]:
        command.stdout.write(f"  {error['message']}")
    for finding in job.findings[:50]:
        command.stdout.write(f"  [{finding['code']}] {finding['message']}")


def write_preview(command: BaseCommand, reading: Any) -> None:
    """The same preview the web shows: what was detected, every column and the field it feeds
    (with the file's own header words), the periods, the total rows and the findings."""
    out = command.stdout.write
    if reading.fatal:
        out(f"Không nhập được: {reading.fatal}")
        return
    detected = [reading.source]
    if reading.encoding:
        detected.append(f"bảng mã {reading.encoding}")
    if reading.header:
        detected.append(f"dòng tiêu đề {reading.header.line}")
    out("Xem trước — " + ", ".join(detected))
    out(
        "Kỳ: " + ", ".join(p.label_vi for p in reading.periods) + f" (lấy từ {reading.period_from})"
    )
    if reading.totals:
        out(
            "Dòng tổng cộng (kiểm tra, không lưu): "
            + ", ".join(str(t.line) for t in reading.totals)
        )
    out("Cột:")
    for c in reading.columns:
        if c.status == "empty":
            continue
        target = c.to_dict()["label"] or "—"
        note = f" ({c.reason})" if c.reason else ""
        out(f"  {c.letter}  {c.header!r:45} → {target} [{c.status}]{note}")
    for error in reading.errors[:50]:
        out(f"  {error['message']}")
    for finding in reading.findings[:50]:
        out(f"  [{finding.code}] {finding.message(for_command())}")
