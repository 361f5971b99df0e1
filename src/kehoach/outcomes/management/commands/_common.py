"""What the outcomes commands share: finding the organisation, acting as a user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext_noop

from kehoach.accounts.models import Organisation
from kehoach.core.messages import Message, translate
from kehoach.core.periods import Period
from kehoach.web.language import command_error, for_command, say, say_kept

# What the commands say (English in the catalogue only), in the command's language.
ORG = Message("cli.option.org", gettext_noop("mã cơ quan (TG-STTTT)"))
USER = Message("cli.option.user", gettext_noop("người nhập (tên đăng nhập)"))
COUNTS = Message(
    "cli.import.counts",
    gettext_noop("{status}: {good} dòng/hồ sơ đúng, {broken} lỗi, {applied} dòng số liệu đã ghi."),
)
PERIODS_REPLACED = Message("cli.import.periods", gettext_noop("Các kỳ được thay: {periods}"))
SOURCE = Message("cli.import.source", gettext_noop("Nguồn: {source} (lần nhập số {number})"))
NOT_IMPORTED = Message("cli.preview.refused", gettext_noop("Không nhập được: {why}"))
DETECTED = Message("cli.preview.detected", gettext_noop("Xem trước — {what}"))
ENCODING = Message("cli.preview.encoding", gettext_noop("bảng mã {encoding}"))
HEADER_LINE = Message("cli.preview.header", gettext_noop("dòng tiêu đề {line}"))
PERIODS = Message("cli.preview.periods", gettext_noop("Kỳ: {periods} (lấy từ {origin})"))
TOTAL_ROWS = Message(
    "cli.preview.totals", gettext_noop("Dòng tổng cộng (kiểm tra, không lưu): {lines}")
)
COLUMNS = Message("cli.preview.columns", gettext_noop("Cột:"))
# Where the periods were read (Reading.period_from: "column B", "title", "profile").
FROM_COLUMN = Message("cli.preview.from_column", gettext_noop("cột {letter}"))
FROM_TITLE = Message("cli.preview.from_title", gettext_noop("tiêu đề"))
FROM_PROFILE = Message("cli.preview.from_profile", gettext_noop("hồ sơ nguồn"))


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


def status_text(job: Any) -> str:
    """The job's state in the command's language."""
    with translation.override(for_command()):
        return str(job.get_status_display())


def write_job(command: BaseCommand, job: Any) -> None:
    """The job's counts, periods, source, problems and findings, in the command's language."""
    language = for_command()
    out = command.stdout.write
    counts = job.counts
    said = COUNTS.with_params(
        status=status_text(job),
        good=counts.get("good", 0),
        broken=counts.get("broken", 0),
        applied=counts.get("applied", 0),
    )
    out(say(said, language))
    if counts.get("months"):
        periods = ", ".join(_period(key, language) for key in counts["months"])
        out(say(PERIODS_REPLACED.with_params(periods=periods), language))
    if getattr(job, "source", ""):
        out(say(SOURCE.with_params(source=job.source, number=job.pk), language))
    for error in job.errors[:50]:
        out(f"  {say_kept(error, language)}")
    for finding in job.findings[:50]:
        out(f"  [{finding['code']}] {say_kept(finding, language)}")


def _period(key: str, language: str) -> str:
    try:
        return Period.from_key(key).label(language)
    except ValueError:
        return key


def _origin(period_from: str) -> Message | str:
    if period_from.startswith("column "):
        return FROM_COLUMN.with_params(letter=period_from.removeprefix("column "))
    return {"title": FROM_TITLE, "profile": FROM_PROFILE}.get(period_from, period_from)


def write_preview(command: BaseCommand, reading: Any) -> None:
    """The same preview the web shows: what was detected, every column and the field it feeds
    (with the file's own header words), the periods, the total rows and the findings, in the
    command's language."""
    language = for_command()
    out = command.stdout.write
    if reading.fatal:
        out(say(NOT_IMPORTED.with_params(why=reading.fatal), language))
        return
    detected: list[Message] = [reading.said_source]
    if reading.encoding:
        detected.append(ENCODING.with_params(encoding=reading.encoding))
    if reading.header:
        detected.append(HEADER_LINE.with_params(line=reading.header.line))
    out(say(DETECTED.with_params(what=", ".join(say(d, language) for d in detected)), language))
    periods = ", ".join(p.label(language) for p in reading.periods)
    out(say(PERIODS.with_params(periods=periods, origin=_origin(reading.period_from)), language))
    if reading.totals:
        lines = ", ".join(str(t.line) for t in reading.totals)
        out(say(TOTAL_ROWS.with_params(lines=lines), language))
    out(say(COLUMNS, language))
    for c in reading.columns:
        if c.status == "empty":
            continue
        label = c.to_dict()["label"]
        target = translate(label, language) if label else "—"
        note = f" ({c.why.text(language)})" if c.why is not None else ""
        out(f"  {c.letter}  {c.header!r:45} → {target} [{c.status}]{note}")
    for error in reading.errors[:50]:
        out(f"  {say_kept(error, language)}")
    for finding in reading.findings[:50]:
        out(f"  [{finding.code}] {finding.message(language)}")
