"""Services write (docs/conventions.md §4): imports as tracked jobs, hand edits of the catalogue,
the monthly table replaced a month at a time. Each runs in one transaction and logs."""

from __future__ import annotations

import io
import logging
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from kehoach.accounts.access import require
from kehoach.accounts.models import Organisation
from kehoach.audit import comments
from kehoach.audit.services import log_action, snapshot
from kehoach.core.checks.outcomes import StatRow, check_statistics
from kehoach.core.findings import stored_finding
from kehoach.core.indicators import Figures
from kehoach.core.messages import Unreadable
from kehoach.core.outcomes import parse_level
from kehoach.core.periods import Period
from kehoach.core.text import collapse_spaces, fold
from kehoach.documents.cells import csv_writer
from kehoach.errors import DomainError, Message
from kehoach.outcomes.dossiers import (
    DossierFileError,
    aggregate_file,
    error_csv,
    preview_file,
    reason_said,
)
from kehoach.outcomes.models import (
    FIGURE_FIELDS,
    LEVEL_BY_HAND,
    LEVEL_IMPORTED,
    ImportKind,
    ImportState,
    MonthlyStat,
    OnError,
    OutcomeImport,
    Service,
    ServiceLevel,
    SourceProfile,
    kept_source,
)
from kehoach.outcomes.statistics import read_statistics
from kehoach.outcomes.tables import TableError, find_columns, parse_day, read_rows

MAX_ERRORS_KEPT = 5000


def _authorise(user: Any, organisation: Any) -> None:
    """A person is checked by the access module; ``None`` is the operator at the command line
    (``kehoach import-…`` without --user), whose right is their shell access."""
    if user is not None:
        require(user, organisation, "outcomes_edit")


NOT_A_PREVIEW = Message(
    "imports.not_a_preview", gettext_noop("Lần nhập này không còn ở bước xem trước.")
)


def file_error(message: Message) -> dict[str, Any]:
    """What a job keeps of why its file was refused as a whole: the Vietnamese text (the error
    file and older readers) and the message's parts, said in the reader's language."""
    return {"line": 0, "kind": "file", **row_error(message)}


def row_error(message: Message) -> dict[str, Any]:
    """What a job keeps of a problem: its Vietnamese text (the error file a person downloads
    stays Vietnamese, as do the records written before) and the message's parts (``said``),
    said on a page (the ``said`` filter), by the API and by the commands in the reader's
    language."""
    return {"message": message.text("vi"), "said": message.to_dict()}


@dataclass
class Parsed:
    """What a file gave: good rows (with their line), problems (line, kind, message)."""

    rows: list[tuple[int, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    read_error: TableError | None = None

    def problem(self, line: int, kind: str, message: Message) -> None:
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append({"line": line, "kind": kind, **row_error(message)})

    @property
    def broken(self) -> int:
        return sum(1 for e in self.errors if e["kind"] in ("broken", "conflict"))


def _job(
    *, user: Any, organisation: Any, kind: str, filename: str, content: bytes, on_error: str
) -> OutcomeImport:
    return OutcomeImport(
        organisation=organisation,
        user=user if getattr(user, "is_authenticated", False) else None,
        kind=kind,
        filename=filename[:255],
        content=content,
        on_error=on_error,
        status=ImportState.FAILED,
    )


def _finish(job: OutcomeImport, parsed: Parsed, applied: int, extra: dict[str, Any]) -> None:
    job.errors = parsed.errors
    job.counts = {
        "rows": len(parsed.rows) + parsed.broken,
        "good": len(parsed.rows),
        "broken": parsed.broken,
        "duplicates": sum(1 for e in parsed.errors if e["kind"] == "duplicate"),
        "applied": applied,
        **extra,
    }


# -- the catalogue --------------------------------------------------------------------------

CATALOGUE_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("ma thu tuc", "ma tthc", "ma dich vu", "ma so", "ma", "code"),
    "name": ("ten thu tuc", "ten dich vu", "ten tthc", "ten", "thu tuc hanh chinh", "name"),
    "field": ("linh vuc", "field"),
    "agency": ("co quan thuc hien", "co quan", "don vi", "agency"),
    "level": ("muc do", "level", "muc do dvc"),
    "valid_to": ("den ngay", "het hieu luc", "valid to"),
    "valid_from": ("tu ngay", "ngay ap dung", "hieu luc", "ngay cung cap", "valid from"),
    "portal_url": ("duong dan", "lien ket", "url", "link", "cong dich vu cong"),
}


# What a row of the catalogue that is not read says (English in the catalogue only).
NO_CODE = Message("catalogue.row.no_code", gettext_noop("thiếu mã thủ tục"))
NO_NAME = Message("catalogue.row.no_name", gettext_noop("thiếu tên thủ tục"))
TWO_LEVELS = Message(
    "catalogue.row.two_levels",
    gettext_noop("mức độ '{level}' ghi nhiều mức, không lưu thành một mức nào"),
)
LEVEL_UNREADABLE = Message(
    "catalogue.row.level_unreadable", gettext_noop("mức độ '{level}' không đọc được")
)
END_NOT_AFTER_START = Message(
    "catalogue.row.end_not_after_start", gettext_noop("ngày hết hiệu lực không sau ngày bắt đầu")
)
NOT_AN_ADDRESS = Message(
    "catalogue.row.not_an_address", gettext_noop("đường dẫn '{url}' không phải là địa chỉ web")
)
ROW = Message("catalogue.row", gettext_noop("Dòng {line}: {problem}."))
ROW_REPEATED = Message(
    "catalogue.row.repeated", gettext_noop("Dòng {line}: trùng với dòng {first}, bỏ qua.")
)
ROW_CONFLICT = Message(
    "catalogue.row.conflict",
    gettext_noop(
        "Dòng {line}: mã {code} đã có ở dòng {first} với nội dung khác (tên, mức độ hoặc cơ quan)."
    ),
)


@dataclass(frozen=True)
class CatalogueRow:
    code: str
    name: str
    field: str
    agency: str
    level: str | None
    original: str
    valid_from: date
    valid_to: date | None
    portal_url: str


def parse_catalogue(filename: str, content: bytes, *, as_of: date) -> Parsed:
    parsed = Parsed()
    try:
        rows = list(read_rows(filename, content))
    except TableError as exc:
        parsed.read_error = exc
        return parsed
    columns = find_columns(rows, CATALOGUE_COLUMNS)
    if columns is None or "code" not in columns.index or "name" not in columns.index:
        parsed.read_error = TableError(
            Message(
                "catalogue.no_header",
                gettext_noop("Không tìm thấy dòng tiêu đề có cột 'Mã thủ tục' và 'Tên thủ tục'."),
            )
        )
        return parsed
    seen: dict[tuple[str, date], tuple[int, CatalogueRow]] = {}
    for line, cells in rows:
        if line <= columns.header_line or not any(c.strip() for c in cells):
            continue
        get = columns.get
        code = get(cells, "code")
        try:
            if not code:
                raise Unreadable(NO_CODE)
            name = collapse_spaces(get(cells, "name"))
            if not name:
                raise Unreadable(NO_NAME)
            original = get(cells, "level")
            level = parse_level(original) if original else None
            if original and len(set(re.findall(r"[1-4]", fold(original)))) > 1:
                # "Mức 1,2": two levels in one cell is not level 1 (issue 18): refused.
                raise Unreadable(TWO_LEVELS.with_params(level=original))
            if original and level is None:
                raise Unreadable(LEVEL_UNREADABLE.with_params(level=original))
            start_text = get(cells, "valid_from")
            start = parse_day(start_text) if start_text else as_of
            end_text = get(cells, "valid_to")
            end = parse_day(end_text) if end_text else None
            if end is not None and end <= start:
                raise Unreadable(END_NOT_AFTER_START)
            url = get(cells, "portal_url")
            if url and not url.startswith(("http://", "https://")):
                raise Unreadable(NOT_AN_ADDRESS.with_params(url=url))
        except Unreadable as exc:
            parsed.problem(line, "broken", ROW.with_params(line=line, problem=exc.message))
            continue
        row = CatalogueRow(
            code=code,
            name=name,
            field=collapse_spaces(get(cells, "field")),
            agency=collapse_spaces(get(cells, "agency")),
            level=level,
            original=original,
            valid_from=start,
            valid_to=end,
            portal_url=url,
        )
        key = (fold(code), start)
        if key in seen:
            first_line, first = seen[key]
            if first == row:
                parsed.problem(
                    line, "duplicate", ROW_REPEATED.with_params(line=line, first=first_line)
                )
            else:
                parsed.problem(
                    line,
                    "conflict",
                    ROW_CONFLICT.with_params(line=line, code=code, first=first_line),
                )
            continue
        seen[key] = (line, row)
        parsed.rows.append((line, row))
    return parsed


def _apply_level(service: Service, level: str, original: str, start: date, source: str) -> bool:
    """Give a service a level from a date, closing the period it interrupts. False when the
    level in force on that date is already this one."""
    periods = list(service.levels.all())
    current = next(
        (
            p
            for p in periods
            if p.valid_from <= start and (p.valid_to is None or start < p.valid_to)
        ),
        None,
    )
    if current is not None and current.level == level:
        return False
    same_day = next((p for p in periods if p.valid_from == start), None)
    if same_day is not None:
        same_day.level, same_day.original, same_day.source = level, original, source
        same_day.save()
        return True
    later = [p.valid_from for p in periods if p.valid_from > start]
    end = current.valid_to if current is not None else (min(later) if later else None)
    if current is not None:
        current.valid_to = start
        current.save(update_fields=["valid_to"])
    ServiceLevel.objects.create(
        service=service,
        level=level,
        original=original,
        valid_from=start,
        valid_to=end,
        source=source,
    )
    return True


def catalogue_import(
    *,
    user: Any,
    organisation: Any,
    filename: str,
    content: bytes,
    on_error: str = OnError.KEEP,
    as_of: date | None = None,
) -> OutcomeImport:
    _authorise(user, organisation)
    job = _job(
        user=user,
        organisation=organisation,
        kind=ImportKind.CATALOGUE,
        filename=filename,
        content=content,
        on_error=on_error,
    )
    parsed = parse_catalogue(filename, content, as_of=as_of or date.today())
    if parsed.read_error is not None:
        job.errors = [file_error(parsed.read_error.message)]
        job.save()
        return job
    applied = 0
    if parsed.broken and on_error == OnError.REFUSE:
        job.status = ImportState.REFUSED
    else:
        with transaction.atomic():
            job.status = ImportState.PARTIAL if parsed.broken else ImportState.DONE
            job.save()
            source = kept_source(LEVEL_IMPORTED.with_params(filename=filename))
            for _line, row in parsed.rows:
                service, created = Service.objects.get_or_create(
                    organisation=organisation,
                    code=row.code,
                    defaults={"name": row.name, "field": row.field, "agency": row.agency},
                )
                changed = created
                for attr in ("name", "field", "agency", "portal_url"):
                    value = getattr(row, attr)
                    if value and getattr(service, attr) != value:
                        setattr(service, attr, value)
                        changed = True
                if changed:
                    service.save()
                if row.level and _apply_level(
                    service, row.level, row.original, row.valid_from, source
                ):
                    changed = True
                    if row.valid_to:
                        ServiceLevel.objects.filter(
                            service=service, valid_from=row.valid_from
                        ).update(valid_to=row.valid_to)
                applied += int(changed)
    _finish(job, parsed, applied, {})
    job.save()
    log_action(
        actor=user,
        action="outcomes.catalogue.imported",
        obj=job,
        organisation=organisation,
        after={"status": job.status, **job.counts},
    )
    return job


@transaction.atomic
def service_save(
    *, user: Any, organisation: Any, service: Service | None, data: dict[str, Any]
) -> Service:
    """Create or edit a service by hand; a level given with a date starts a new period."""
    require(user, organisation, "outcomes_edit")
    before = snapshot(service) if service else None
    if service is None:
        if Service.objects.filter(organisation=organisation, code=data["code"]).exists():
            raise DomainError(
                Message(
                    "catalogue.code_taken", gettext_noop("Mã thủ tục {code} đã có trong danh mục.")
                ).with_params(code=data["code"])
            )
        service = Service(organisation=organisation)
    for attr in ("code", "name", "field", "agency", "portal_url"):
        setattr(service, attr, data.get(attr, "") or "")
    service.save()
    if data.get("level"):
        _apply_level(
            service,
            data["level"],
            "",  # entered by hand: no file wrote it, so no original value
            data.get("level_from") or date.today(),
            data.get("level_source") or kept_source(LEVEL_BY_HAND),
        )
    log_action(
        actor=user,
        action="outcomes.service.created" if before is None else "outcomes.service.changed",
        obj=service,
        organisation=organisation,
        before=before,
        after={**snapshot(service), "level": data.get("level") or None},
    )
    return service


# -- statistics (issue 18: columns by meaning, periods, totals, sources, undo) ----------------


def stat_model(
    organisation: Any, row: StatRow, job: OutcomeImport | None, source: str = ""
) -> MonthlyStat:
    f = row.figures
    return MonthlyStat(
        organisation=organisation,
        month=row.month,
        period_end=row.period_end or month_end(row.month),
        period_kind=row.kind,
        source=(source or (job.source if job is not None else ""))[:200],
        agency=row.agency[:255],
        service=row.service[:60],
        district=row.district[:120],
        **{name: getattr(f, name) for name in FIGURE_FIELDS},
        stated_received=row.stated_received,
        stated_resolved=row.stated_resolved,
        stated_total=row.stated_total,
        stated_online_rate=row.stated_online_rate,
        stated_rate_text=str(row.stated_online_rate) if row.stated_online_rate is not None else "",
        stated_rates={k: str(v) for k, v in row.stated_rates.items()},
        line=row.line,
        job=job,
        synthetic=job is not None and (job.synthetic or job.kind == ImportKind.SYNTHETIC),
    )


def replace_periods(
    organisation: Any,
    rows: Iterable[StatRow],
    job: OutcomeImport | None,
    *,
    source: str = "",
    batch: int = 2000,
    progress: Any = None,
) -> tuple[int, list[str]]:
    """Replace, for this source only, every period the rows cover by exactly these rows (a
    period is its first and last day: a quarter never replaces a month). Another source's
    figures are never touched. Call inside a transaction."""
    rows = list(rows)
    source = source or (job.source if job is not None else "")
    spans = sorted({(r.month, r.period_end or month_end(r.month), r.kind) for r in rows})
    for start, end, _kind in spans:
        MonthlyStat.objects.filter(
            organisation=organisation, source=source, month=start, period_end=end
        ).delete()
    models = [stat_model(organisation, r, job, source) for r in rows]
    for first in range(0, len(models), batch):
        MonthlyStat.objects.bulk_create(models[first : first + batch])
        if progress is not None:
            progress(min(100.0, (first + batch) * 100 / max(len(models), 1)))
    return len(rows), [Period(s, e, k).key for s, e, k in spans]


def replace_months(
    organisation: Any, rows: Iterable[StatRow], job: OutcomeImport | None, *, batch: int = 2000
) -> tuple[int, list[date]]:
    """The rows' periods replaced for the job's source (see :func:`replace_periods`)."""
    rows = list(rows)
    applied, _keys = replace_periods(organisation, rows, job, batch=batch)
    return applied, sorted({r.month for r in rows})


def _error_csv(errors: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    # a value "=…" of the uploaded file stays text in the error file (issue 21); the file a
    # person downloads is in Vietnamese whatever the page's language (each problem's
    # Vietnamese text; the page says it in the reader's language from its parts, ``said``)
    writer = csv_writer(buffer, lineterminator="\r\n")
    writer.writerow(["dòng", "cột", "giá trị", "lý do"])
    for e in errors:
        writer.writerow([e.get("line", ""), e.get("column", ""), e.get("value", ""), e["message"]])
    return buffer.getvalue().encode("utf-8-sig")


def preview_statistics(
    filename: str, content: bytes, *, profile: dict[str, Any] | None = None
) -> Any:
    """What an import of this file would do, saving nothing (the preview)."""
    return read_statistics(filename, content, profile=profile)


def stats_import(
    *,
    user: Any,
    organisation: Any,
    filename: str,
    content: bytes,
    on_error: str = OnError.KEEP,
    profile: dict[str, Any] | None = None,
    source: str = "",
    synthetic: bool = False,
    job: OutcomeImport | None = None,
) -> OutcomeImport:
    """Import a statistics report. A broken row is reported by its line; with ``keep`` the good
    rows are applied, with ``refuse`` nothing is. An unreadable period fails the whole import.
    The periods in the file replace this source's figures for those periods (the source is the
    profile's name, else ``source``, else the file's name) in one transaction."""
    _authorise(user, organisation)
    if job is None:
        job = _job(
            user=user,
            organisation=organisation,
            kind=ImportKind.MONTHLY,
            filename=filename,
            content=content,
            on_error=on_error,
        )
    job.status = ImportState.FAILED
    job.source = (source or (profile or {}).get("name") or filename)[:200]
    job.synthetic = synthetic
    reading = read_statistics(filename, content, profile=profile)
    job.summary = reading.summary()
    if reading.fatal:
        job.errors = [file_error(reading.fatal)]
        job.error_file = _error_csv(job.errors)
        job.save()
        log_action(
            actor=user,
            action="outcomes.statistics.failed",
            obj=job,
            organisation=organisation,
            after={"status": job.status, "message": reading.fatal.text("vi")},
        )
        return job
    applied = 0
    keys: list[Any] = []
    if reading.broken and on_error == OnError.REFUSE:
        job.status = ImportState.REFUSED
        job.save()
    else:
        with transaction.atomic():
            job.status = ImportState.PARTIAL if reading.broken else ImportState.DONE
            job.save()
            applied, keys = replace_periods(organisation, reading.rows, job)
    job.findings = [stored_finding(f) for f in reading.findings]
    job.errors = reading.errors[:MAX_ERRORS_KEPT]
    job.error_file = _error_csv(reading.errors) if reading.errors else b""
    job.periods = keys
    job.counts = {
        "rows": len(reading.rows) + reading.broken,
        "good": len(reading.rows),
        "broken": reading.broken,
        "duplicates": 0,
        "applied": applied,
        "total_rows": len(reading.totals),
        "ignored_columns": len(job.summary["ignored"]),
        "months": keys,
        "periods": keys,
    }
    job.save()
    log_action(
        actor=user,
        action="outcomes.statistics.imported",
        obj=job,
        organisation=organisation,
        after={"status": job.status, "source": job.source, **job.counts},
    )
    return job


def stats_preview(
    *,
    user: Any,
    organisation: Any,
    filename: str,
    content: bytes,
    on_error: str = OnError.KEEP,
    profile: Any = None,
) -> OutcomeImport:
    """Keep an uploaded statistics file as a job in preview (nothing applied): what was
    detected, every column and the field it feeds, the periods, the total rows, the findings.
    The person corrects the mapping and confirms (:func:`stats_confirm`)."""
    _authorise(user, organisation)
    _clean_old_previews()
    reading = preview_statistics(
        filename, content, profile=profile.as_profile() if profile is not None else None
    )
    job = _job(
        user=user,
        organisation=organisation,
        kind=ImportKind.MONTHLY,
        filename=filename,
        content=content,
        on_error=on_error,
    )
    job.status = ImportState.PREVIEW
    job.source = profile.name if profile is not None else filename[:200]
    job.summary = {**reading.summary(), "profile": profile.name if profile is not None else ""}
    job.findings = [stored_finding(f) for f in reading.findings]
    job.errors = reading.errors[:MAX_ERRORS_KEPT]
    if reading.fatal:
        job.errors = [file_error(reading.fatal)]
    job.counts = {
        "rows": len(reading.rows) + reading.broken,
        "good": len(reading.rows),
        "broken": reading.broken,
        "total_rows": len(reading.totals),
    }
    job.save()
    log_action(
        actor=user,
        action="outcomes.statistics.previewed",
        obj=job,
        organisation=organisation,
        after={"filename": filename, **job.counts},
    )
    return job


def stats_confirm(
    *,
    user: Any,
    job: OutcomeImport,
    columns: dict[str, str],
    profile_name: str = "",
    period: str = "",
) -> OutcomeImport:
    """Apply a previewed file with the mapping the person confirmed ({header words: field or
    "ignore"}); with a profile name the mapping is saved as that source's profile and reused."""
    if job.status != ImportState.PREVIEW:
        raise DomainError(NOT_A_PREVIEW)
    organisation = job.organisation
    profile: dict[str, Any] = {"columns": columns, "period": period}
    if profile_name:
        saved = profile_save(
            user=user, organisation=organisation, name=profile_name, columns=columns, period=period
        )
        profile = saved.as_profile()
    return stats_import(
        user=user,
        organisation=organisation,
        filename=job.filename,
        content=bytes(job.content),
        on_error=job.on_error,
        profile=profile,
        source=profile_name or job.source,
        job=job,
    )


def dossiers_upload(
    *, user: Any, organisation: Any, filename: str, chunks: Any, on_error: str = OnError.KEEP
) -> OutcomeImport:
    """Keep an uploaded dossier export on disk and show what its import would read (a
    preview, nothing saved: the encoding, every column and the field it feeds, the columns
    ignored, an estimate of the rows); the import itself runs as a background job once the
    person confirms (:func:`dossiers_confirm`). The request never reads the whole file."""
    _authorise(user, organisation)
    _clean_old_previews()
    directory = settings.KEHOACH_UPLOAD_DIR
    directory.mkdir(parents=True, exist_ok=True)
    suffix = ".parquet" if filename.lower().endswith(".parquet") else ".csv"
    path = directory / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    job = _job(
        user=user,
        organisation=organisation,
        kind=ImportKind.DOSSIERS,
        filename=filename,
        content=b"",
        on_error=on_error,
    )
    job.source = filename[:200]
    try:
        preview = preview_file(path)
    except DossierFileError as exc:
        path.unlink(missing_ok=True)
        job.status = ImportState.FAILED
        job.errors = [file_error(exc.message)]
        job.save()
        return job
    job.status = ImportState.PREVIEW
    job.summary = {"dossiers": preview, "encoding": preview["encoding"], "upload": path.name}
    job.counts = {"rows_estimate": preview["rows_estimate"]}
    job.save()
    log_action(
        actor=user,
        action="outcomes.dossiers.previewed",
        obj=job,
        organisation=organisation,
        after={"filename": filename, "size": path.stat().st_size},
    )
    return job


def dossiers_confirm(*, user: Any, job: OutcomeImport) -> OutcomeImport:
    """Queue the import of a previewed dossier export as a background job."""
    # inside: cycle — the task runs this module's dossiers_import
    from kehoach.outcomes.tasks import enqueue_dossier_import

    _authorise(user, job.organisation)
    upload = str(job.summary.get("upload", ""))
    path = settings.KEHOACH_UPLOAD_DIR / upload
    if job.status != ImportState.PREVIEW or job.kind != ImportKind.DOSSIERS:
        raise DomainError(NOT_A_PREVIEW)
    if job.summary.get("dossiers", {}).get("missing"):
        raise DomainError(
            Message(
                "dossiers.missing_column",
                gettext_noop("Tệp hồ sơ thiếu cột bắt buộc: không nhập được."),
            )
        )
    if not upload or "/" in upload or not path.is_file():
        raise DomainError(
            Message(
                "dossiers.upload_gone",
                gettext_noop("Tệp đã tải lên không còn trên máy chủ: hãy tải lên lại."),
            )
        )
    job.status = ImportState.QUEUED
    job.save(update_fields=["status"])
    log_action(
        actor=user,
        action="outcomes.dossiers.queued",
        obj=job,
        organisation=job.organisation,
        after={"filename": job.filename, "size": path.stat().st_size},
    )
    enqueue_dossier_import(job, path)
    job.refresh_from_db()
    return job


# -- previews never confirmed ----------------------------------------------------------------

UPLOAD_NAME = re.compile(r"[0-9a-f]{32}\.(?:csv|parquet)")


@dataclass
class Cleaned:
    """What :func:`previews_clean` removed (or would remove, with ``dry_run``)."""

    jobs: list[dict[str, Any]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # upload files without a waiting job
    bytes_freed: int = 0


def previews_clean(
    *,
    max_age: timedelta | None = None,
    dry_run: bool = False,
    reason: Message | None = None,
    orphans: bool = True,
) -> Cleaned:
    """Remove the previews (statistics and dossiers) not confirmed within ``max_age`` (the
    setting KEHOACH_PREVIEW_MAX_AGE_DAYS, 7 days by default) with their files: the job and
    the content it keeps, the dossier export waiting in KEHOACH_UPLOAD_DIR; each removal is
    audited (action ``outcomes.preview.removed``, by the system). With ``orphans``, upload
    files of that directory older than ``max_age`` that no preview, queued or running job
    keeps are removed too (a request that died between writing the file and saving its job);
    the cleaning at each new preview leaves that scan to the command. Confirmed, queued,
    running and finished jobs are never touched. ``reason``: the entries' comment (kehoach's
    own words, kehoach.audit.comments; by default, the preview's age)."""
    if max_age is None:
        max_age = timedelta(days=settings.KEHOACH_PREVIEW_MAX_AGE_DAYS)
    cutoff = timezone.now() - max_age
    directory = settings.KEHOACH_UPLOAD_DIR
    out = Cleaned()
    _remove_old_previews(out, cutoff, directory, max_age=max_age, dry_run=dry_run, reason=reason)
    if orphans and directory.is_dir():
        _remove_orphan_uploads(out, cutoff, directory, dry_run=dry_run)
    return out


def _remove_old_previews(
    out: Cleaned,
    cutoff: datetime,
    directory: Path,
    *,
    max_age: timedelta,
    dry_run: bool,
    reason: Message | None,
) -> None:
    """The previews created before ``cutoff``, oldest first: each listed in ``out`` with its
    size, then (unless ``dry_run``) removed with its upload file, the removal audited."""
    old = OutcomeImport.objects.filter(status=ImportState.PREVIEW, created_at__lt=cutoff)
    for job in old.select_related("organisation").order_by("created_at", "id"):
        upload = str((job.summary or {}).get("upload", ""))
        path = directory / upload if UPLOAD_NAME.fullmatch(upload) else None
        size = path.stat().st_size if path is not None and path.is_file() else 0
        record: dict[str, Any] = {
            "id": job.pk,
            "kind": job.kind,
            "filename": job.filename,
            "organisation": job.organisation.code,
            "created_at": job.created_at.isoformat(),
            "upload": upload,
            "size": size or len(job.content or b""),
        }
        out.jobs.append(record)
        out.bytes_freed += record["size"]
        if dry_run:
            continue
        with transaction.atomic():
            log_action(
                actor=None,
                action="outcomes.preview.removed",
                obj=job,
                organisation=job.organisation,
                before={"status": job.status, "filename": job.filename},
                after={"status": "removed", "filename": job.filename},
                comment=comments.kept(
                    reason or comments.PREVIEW_EXPIRED.with_params(days=max_age.days)
                ),
            )
            job.delete()
        if path is not None:
            path.unlink(missing_ok=True)


def _remove_orphan_uploads(
    out: Cleaned, cutoff: datetime, directory: Path, *, dry_run: bool
) -> None:
    """The upload files of ``directory`` last changed before ``cutoff`` that no preview,
    queued or running dossier import keeps: each listed in ``out``, then (unless
    ``dry_run``) removed."""
    waiting = {
        str((summary or {}).get("upload", ""))
        for summary in OutcomeImport.objects.filter(
            kind=ImportKind.DOSSIERS,
            status__in=(ImportState.PREVIEW, ImportState.QUEUED, ImportState.RUNNING),
        ).values_list("summary", flat=True)
    }
    stamp = cutoff.timestamp()
    for path in sorted(directory.iterdir()):
        if not UPLOAD_NAME.fullmatch(path.name) or path.name in waiting:
            continue
        try:
            info = path.stat()
        except FileNotFoundError:
            continue
        if info.st_mtime >= stamp:
            continue
        out.files.append(path.name)
        out.bytes_freed += info.st_size
        if not dry_run:
            path.unlink(missing_ok=True)


def _clean_old_previews() -> None:
    """At each new preview, the old ones go (a cleaning problem never fails an upload)."""
    try:
        with transaction.atomic():
            previews_clean(reason=comments.PREVIEW_REPLACED, orphans=False)
    except Exception:  # an upload must not fail for the cleaning
        logging.getLogger(__name__).exception("cleaning old previews failed")


def profile_save(
    *,
    user: Any,
    organisation: Any,
    name: str,
    reading: Any = None,
    columns: dict[str, str] | None = None,
    period: str = "",
) -> Any:
    """Save (or replace) a named source profile: each header's field, by the file's words (a
    column not understood is saved as ignored, so it is never guessed later)."""
    _authorise(user, organisation)
    if columns is None:
        columns = {}
        for c in reading.columns if reading is not None else []:
            if c.status == "empty":
                continue
            columns[c.header] = c.field if c.status == "used" and c.field else "ignore"
    profile, created = SourceProfile.objects.update_or_create(
        organisation=organisation,
        name=name[:200],
        defaults={"kind": ImportKind.MONTHLY, "columns": columns, "period": period},
    )
    log_action(
        actor=user,
        action="outcomes.profile.created" if created else "outcomes.profile.changed",
        obj=profile,
        organisation=organisation,
        after={"name": profile.name, "columns": columns, "period": period},
    )
    return profile


@transaction.atomic
def import_undo(*, user: Any, job: OutcomeImport) -> int:
    """Undo an import as a whole: the figures it brought are deleted (figures of other imports,
    even of the same source, stay). Audited; an import is undone once."""
    _authorise(user, job.organisation)
    job = OutcomeImport.objects.select_for_update().get(pk=job.pk)
    if job.undone_at is not None:
        raise DomainError(Message("imports.undone", gettext_noop("Lần nhập này đã được hoàn tác.")))
    deleted, _detail = MonthlyStat.objects.filter(job=job).delete()
    before = {"status": job.status, **job.counts}
    job.undone_at = timezone.now()
    job.status = ImportState.UNDONE
    job.save(update_fields=["undone_at", "status"])
    log_action(
        actor=user,
        action="outcomes.import.undone",
        obj=job,
        organisation=job.organisation,
        before=before,
        after={"status": job.status, "deleted": deleted, "source": job.source},
    )
    return int(deleted)


def month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _merge_agencies(organisation: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Agency names that differ only in case are one agency, named as the organisation records
    name it when one matches (NFC and spaces were settled in the query)."""
    known = {o.name.casefold(): o.name for o in Organisation.objects.all().only("name")}
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    names: dict[str, str] = {}
    for r in rows:
        key = r["agency"].casefold()
        name = names.setdefault(key, known.get(key, r["agency"]))
        k = (r["month"], key, r["service"], r["district"])
        if k in merged:
            for figure in FIGURE_NAMES_DOSSIER:
                merged[k][figure] += r[figure]
        else:
            merged[k] = {**r, "agency": name}
    return list(merged.values())


FIGURE_NAMES_DOSSIER = (
    "received_online",
    "received_counter",
    "received_post",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending",
    "with_fee",
    "paid_online",
)


def dossiers_import(
    *,
    user: Any,
    organisation: Any,
    path: Any,
    on_error: str = OnError.KEEP,
    by_service: bool = False,
    progress: Any = None,
    insert_progress: Any = None,
    source: str = "",
    job: OutcomeImport | None = None,
) -> OutcomeImport:
    """Aggregate a dossier-level file (CSV or Parquet) with DuckDB and replace, for its source,
    the months it covers. The file itself is not stored (it may hold millions of rows): its
    name, size, the counts and an error file (line, column, value, reason of every row not
    counted) are. The job is recorded whatever happens; ``refuse`` applies nothing when a row
    is bad. ``job`` is a queued job to fill (the background task).

    Three steps: read and check the file (:func:`_dossier_stat_rows`,
    :func:`_dossier_errors`), write the months (:func:`_apply_dossiers`), record the job
    (:func:`_record_dossiers_job`)."""
    _authorise(user, organisation)
    path = Path(path)
    if job is None:
        job = _new_dossiers_job(user, organisation, path, on_error=on_error, source=source)
    try:
        result = aggregate_file(path, by_service=by_service, progress=progress)
    except DossierFileError as exc:
        return _failed(job, user, organisation, exc.message)
    except Exception as exc:  # never a traceback to the person; the job says what happened
        return _failed(job, user, organisation, UNFORESEEN.with_params(kind=type(exc).__name__))
    rows, stray = _dossier_stat_rows(organisation, result.rows)
    job.errors = _dossier_errors(result.errors, stray)
    job.error_file = error_csv(result.errors) if result.errors else b""
    applied, months = _apply_dossiers(
        job, organisation, rows, broken=result.broken, on_error=on_error, progress=insert_progress
    )
    _record_dossiers_job(
        job,
        user=user,
        organisation=organisation,
        path=path,
        result=result,
        rows=rows,
        stray=stray,
        applied=applied,
        months=months,
    )
    return job


def _new_dossiers_job(
    user: Any, organisation: Any, path: Any, *, on_error: str, source: str
) -> OutcomeImport:
    """The job of an import run at once (unsaved; the background task brings its own)."""
    job = _job(
        user=user,
        organisation=organisation,
        kind=ImportKind.DOSSIERS,
        filename=path.name,
        content=b"",
        on_error=on_error,
    )
    job.source = (source or path.name)[:200]
    return job


def _dossier_stat_rows(
    organisation: Any, aggregated: list[dict[str, Any]]
) -> tuple[list[StatRow], dict[date, int]]:
    """The file's monthly rows with the agencies merged, less the stray months (returned with
    their counts: they replace nothing)."""
    merged = _merge_agencies(organisation, aggregated)
    stray = stray_months(merged)
    rows = [
        StatRow(
            month=r["month"],
            period_end=month_end(r["month"]),
            agency=r["agency"],
            service=r["service"],
            district=r["district"],
            figures=Figures.from_mapping(r),
        )
        for r in merged
        if r["month"] not in stray
    ]
    return rows, stray


UNFORESEEN = Message(
    "dossiers.unforeseen", gettext_noop("Lỗi không lường trước khi đọc tệp ({kind}).")
)
# A dossier row not counted, with or without the value read and the dossier's code (one whole
# message for each case; English in the catalogue only).
DOSSIER_ROW = Message("dossiers.row", gettext_noop("Dòng {line}, cột {column}: {reason}."))
DOSSIER_ROW_VALUE = Message(
    "dossiers.row.value", gettext_noop("Dòng {line}, cột {column}: {reason} ('{value}').")
)
DOSSIER_ROW_CODE = Message(
    "dossiers.row.code", gettext_noop("Dòng {line}, cột {column}: {reason} — hồ sơ {code}.")
)
DOSSIER_ROW_VALUE_CODE = Message(
    "dossiers.row.value_code",
    gettext_noop("Dòng {line}, cột {column}: {reason} ('{value}') — hồ sơ {code}."),
)
STRAY_MONTH = Message(
    "dossiers.stray_month",
    gettext_noop(
        "Tháng {month} chỉ có {count} hồ sơ, quá ít so với các tháng khác của tệp (có lẽ ngày "
        "gõ nhầm): không thay số liệu của tháng này."
    ),
)


def _dossier_row(error: dict[str, Any]) -> Message:
    """What the job says of a row not counted: where, why, the value and the code."""
    with_value = bool(error["value"] and error["column"])
    message = (
        (DOSSIER_ROW_VALUE_CODE if with_value else DOSSIER_ROW_CODE)
        if error.get("code")
        else (DOSSIER_ROW_VALUE if with_value else DOSSIER_ROW)
    )
    return message.with_params(
        line=error["line"],
        column=error["column"] or "—",
        reason=reason_said(error),
        value=error["value"],
        code=error.get("code") or "",
    )


def _dossier_errors(errors: list[dict[str, Any]], stray: dict[date, int]) -> list[dict[str, Any]]:
    """What the job shows of the rows not counted (the first MAX_ERRORS_KEPT), then of the
    stray months, each with a message saying where (in Vietnamese and by its parts)."""
    out = [
        {
            "line": e["line"],
            "kind": "duplicate" if e.get("why") == "duplicate" else "broken",
            "column": e["column"],
            "value": e["value"],
            **row_error(_dossier_row(e)),
        }
        for e in errors[:MAX_ERRORS_KEPT]
    ]
    for month, count in sorted(stray.items()):
        out.append(
            {
                "line": 0,
                "kind": "stray",
                "column": "",
                "value": f"{month:%m/%Y}",
                **row_error(STRAY_MONTH.with_params(month=f"{month:%m/%Y}", count=count)),
            }
        )
    return out


def _apply_dossiers(
    job: OutcomeImport,
    organisation: Any,
    rows: list[StatRow],
    *,
    broken: int,
    on_error: str,
    progress: Any,
) -> tuple[int, list[date]]:
    """Replaces the months the rows cover (nothing when a row is bad and the person chose to
    refuse); returns how many rows were applied and the months."""
    if broken and on_error == OnError.REFUSE:
        job.status = ImportState.REFUSED
        return 0, []
    with transaction.atomic():
        job.status = ImportState.PARTIAL if broken else ImportState.DONE
        job.save()
        months = sorted({r.month for r in rows})
        applied, job.periods = replace_periods(organisation, rows, job, progress=progress)
    return applied, months


def _record_dossiers_job(
    job: OutcomeImport,
    *,
    user: Any,
    organisation: Any,
    path: Any,
    result: Any,
    rows: list[StatRow],
    stray: dict[date, int],
    applied: int,
    months: list[date],
) -> None:
    """The job's findings, counts and summary, saved, and the audit entry."""
    job.findings = [stored_finding(f) for f in check_statistics(rows)]
    job.counts = {
        "rows": result.dossiers,
        "good": result.dossiers - result.broken,
        "broken": result.broken,
        "duplicates": result.reasons.get("duplicate", 0),
        "reasons": result.reasons,
        "applied": applied,
        "monthly_rows": len(rows),
        "months": [m.isoformat()[:7] for m in months],
        "stray_months": [m.isoformat()[:7] for m in sorted(stray)],
    }
    job.summary = {
        **({"dossiers": job.summary["dossiers"]} if "dossiers" in (job.summary or {}) else {}),
        "size": path.stat().st_size,
        "seconds": round(result.seconds, 3),
        "encoding": result.encoding,
    }
    job.progress = 100
    job.save()
    log_action(
        actor=user,
        action="outcomes.dossiers.imported",
        obj=job,
        organisation=organisation,
        after={"status": job.status, **job.counts},
    )


STRAY_SHARE = 20  # a month with under 1/20 of the file's median month is a stray


def stray_months(rows: list[dict[str, Any]]) -> dict[date, int]:
    """Months a few dossiers claim (a year typed wrong: 03/2108): under a twentieth of the
    file's median month (1/20) and at most 10 dossiers. They never replace a month (issue 18)."""
    totals: dict[date, int] = {}
    for r in rows:
        totals[r["month"]] = totals.get(r["month"], 0) + sum(
            r[k] for k in ("received_online", "received_counter", "received_post")
        )
    if len(totals) < 3:
        return {}
    ordered = sorted(totals.values())
    median = ordered[len(ordered) // 2]
    return {m: n for m, n in totals.items() if n <= 10 and n * STRAY_SHARE < median}


def _failed(job: OutcomeImport, user: Any, organisation: Any, message: Message) -> OutcomeImport:
    job.status = ImportState.FAILED
    job.errors = [file_error(message)]
    job.error_file = _error_csv(job.errors)
    job.save()
    log_action(
        actor=user,
        action="outcomes.dossiers.failed",
        obj=job,
        organisation=organisation,
        after={"status": job.status, "message": message.text("vi")},
    )
    return job
