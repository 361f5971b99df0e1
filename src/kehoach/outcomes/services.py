"""Services write (CONVENTIONS.md §4): imports as tracked jobs, hand edits of the catalogue,
the monthly table replaced a month at a time. Each runs in one transaction and logs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from kehoach.accounts.access import require
from kehoach.audit.services import log_action, snapshot
from kehoach.core.checks.outcomes import StatRow, check_statistics
from kehoach.core.indicators import Figures
from kehoach.core.outcomes import LEVEL_LABELS_VI, parse_level
from kehoach.core.text import collapse_spaces, fold
from kehoach.outcomes.models import (
    FIGURE_FIELDS,
    ImportKind,
    ImportState,
    MonthlyStat,
    OnError,
    OutcomeImport,
    Service,
    ServiceLevel,
)
from kehoach.outcomes.tables import (
    TableError,
    find_columns,
    parse_count,
    parse_day,
    parse_month,
    read_rows,
)
from kehoach.plans.services import DomainError

MAX_ERRORS_KEPT = 5000


def _authorise(user: Any, organisation: Any) -> None:
    """A person is checked by the access module; ``None`` is the operator at the command line
    (``kehoach import-…`` without --user), whose right is their shell access."""
    if user is not None:
        require(user, organisation, "outcomes_edit")


@dataclass
class Parsed:
    """What a file gave: good rows (with their line), problems (line, kind, message)."""

    rows: list[tuple[int, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    read_error: TableError | None = None

    def problem(self, line: int, kind: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append({"line": line, "kind": kind, "message": message})

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
            "Không tìm thấy dòng tiêu đề có cột 'Mã thủ tục' và 'Tên thủ tục'.",
            "No header row with a procedure code and a name column.",
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
                raise ValueError("thiếu mã thủ tục")
            name = collapse_spaces(get(cells, "name"))
            if not name:
                raise ValueError("thiếu tên thủ tục")
            original = get(cells, "level")
            level = parse_level(original) if original else None
            if original and level is None:
                raise ValueError(f"mức độ '{original}' không đọc được")
            start_text = get(cells, "valid_from")
            start = parse_day(start_text) if start_text else as_of
            end_text = get(cells, "valid_to")
            end = parse_day(end_text) if end_text else None
            if end is not None and end <= start:
                raise ValueError("ngày hết hiệu lực không sau ngày bắt đầu")
            url = get(cells, "portal_url")
            if url and not url.startswith(("http://", "https://")):
                raise ValueError(f"đường dẫn '{url}' không phải là địa chỉ web")
        except ValueError as exc:
            parsed.problem(line, "broken", f"Dòng {line}: {exc}.")
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
                    line, "duplicate", f"Dòng {line}: trùng với dòng {first_line}, bỏ qua."
                )
            else:
                parsed.problem(
                    line,
                    "conflict",
                    f"Dòng {line}: mã {code} đã có ở dòng {first_line} với nội dung khác "
                    "(tên, mức độ hoặc cơ quan).",
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
        original=original or LEVEL_LABELS_VI[level],
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
        job.errors = [{"line": 0, "kind": "file", "message": parsed.read_error.message_vi}]
        job.save()
        return job
    applied = 0
    if parsed.broken and on_error == OnError.REFUSE:
        job.status = ImportState.REFUSED
    else:
        with transaction.atomic():
            job.status = ImportState.PARTIAL if parsed.broken else ImportState.DONE
            job.save()
            source = f"Nhập từ {filename}"
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
                f"Mã thủ tục {data['code']} đã có trong danh mục.",
                f"Procedure code {data['code']} is already in the catalogue.",
            )
        service = Service(organisation=organisation)
    for attr in ("code", "name", "field", "agency", "portal_url"):
        setattr(service, attr, data.get(attr, "") or "")
    service.save()
    if data.get("level"):
        _apply_level(
            service,
            data["level"],
            LEVEL_LABELS_VI[data["level"]],
            data.get("level_from") or date.today(),
            data.get("level_source") or "Nhập tay",
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


# -- monthly statistics ---------------------------------------------------------------------

STATS_COLUMNS: dict[str, tuple[str, ...]] = {
    # The more specific first: "thanh toán trực tuyến" and "tỷ lệ trực tuyến" also say
    # "trực tuyến", "đang giải quyết" also says "giải quyết".
    "paid_online": ("thanh toan truc tuyen", "tt truc tuyen", "paid online"),
    "with_fee": ("co phi", "thu phi", "co le phi", "le phi", "with fee"),
    "stated_online_rate": ("ty le", "online rate"),
    "month": ("thang", "ky bao cao", "ky", "month"),
    "service": ("ma thu tuc", "ma tthc", "thu tuc", "dich vu", "procedure", "service"),
    "agency": ("co quan", "don vi", "agency"),
    "district": ("huyen", "dia ban", "quan huyen", "district"),
    "received_online": ("truc tuyen", "online"),
    "received_counter": ("truc tiep", "mot cua", "tai quay", "counter"),
    "received_post": ("buu chinh", "buu dien", "post"),
    "resolved_early": ("truoc han", "early"),
    "resolved_on_time": ("dung han", "on time"),
    "resolved_late": ("tre han", "qua han", "late"),
    "pending": ("dang giai quyet", "chua giai quyet", "ton", "pending"),
    "stated_resolved": ("da giai quyet", "tong giai quyet", "giai quyet", "resolved"),
    "stated_received": ("tong tiep nhan", "tong so ho so", "tiep nhan", "tong so", "received"),
}
REQUIRED_STATS = ("month", "agency", "received_online", "received_counter")


def parse_statistics(filename: str, content: bytes) -> Parsed:
    parsed = Parsed()
    try:
        rows = list(read_rows(filename, content))
    except TableError as exc:
        parsed.read_error = exc
        return parsed
    columns = find_columns(rows, STATS_COLUMNS)
    missing = [c for c in REQUIRED_STATS if columns is None or c not in columns.index]
    if columns is None or missing:
        parsed.read_error = TableError(
            "Không tìm thấy dòng tiêu đề với các cột: tháng, cơ quan, tiếp nhận trực tuyến, "
            "tiếp nhận trực tiếp.",
            f"No header row with the columns {', '.join(missing)}.",
        )
        return parsed
    seen: dict[tuple[date, str, str, str], int] = {}
    for line, cells in rows:
        if line <= columns.header_line or not any(c.strip() for c in cells):
            continue
        get = columns.get
        try:
            month = parse_month(get(cells, "month"))
            agency = collapse_spaces(get(cells, "agency"))
            if not agency:
                raise ValueError("thiếu cơ quan")
            figures = {
                name: parse_count(get(cells, name), name)
                for name in FIGURE_FIELDS
                if name in columns.index
            }
            stated_received = (
                parse_count(get(cells, "stated_received"), "tổng tiếp nhận")
                if get(cells, "stated_received")
                else None
            )
            stated_resolved = (
                parse_count(get(cells, "stated_resolved"), "đã giải quyết")
                if get(cells, "stated_resolved")
                else None
            )
            rate_text = get(cells, "stated_online_rate").replace("%", "").strip()
            rate = _stated_rate(rate_text) if rate_text else None
            if figures.get("paid_online", 0) > figures.get("with_fee", 0) and (
                "with_fee" in columns.index
            ):
                raise ValueError("số thanh toán trực tuyến lớn hơn số hồ sơ có phí")
        except ValueError as exc:
            parsed.problem(line, "broken", f"Dòng {line}: {exc}.")
            continue
        row = StatRow(
            month=month,
            agency=agency,
            service=get(cells, "service"),
            district=collapse_spaces(get(cells, "district")),
            figures=Figures(**figures),
            stated_received=stated_received,
            stated_resolved=stated_resolved,
            stated_online_rate=rate,
            line=line,
        )
        key = (month, fold(agency), fold(row.service), fold(row.district))
        if key in seen:
            parsed.problem(
                line,
                "broken",
                f"Dòng {line}: tháng {month:%m/%Y} của {agency} đã có ở dòng {seen[key]}.",
            )
            continue
        seen[key] = line
        parsed.rows.append((line, row))
    return parsed


def _stated_rate(text: str) -> Decimal:
    cleaned = text.replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")  # a decimal comma: "12,5"
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        raise ValueError(f"tỷ lệ '{text}' không phải là số") from None
    if not 0 <= value <= 100:
        raise ValueError(f"tỷ lệ '{text}' ngoài khoảng 0–100")
    return value


def stat_model(organisation: Any, row: StatRow, job: OutcomeImport | None) -> MonthlyStat:
    f = row.figures
    return MonthlyStat(
        organisation=organisation,
        month=row.month,
        agency=row.agency[:255],
        service=row.service[:60],
        district=row.district[:120],
        **{name: getattr(f, name) for name in FIGURE_FIELDS},
        stated_received=row.stated_received,
        stated_resolved=row.stated_resolved,
        stated_online_rate=row.stated_online_rate,
        stated_rate_text=str(row.stated_online_rate) if row.stated_online_rate is not None else "",
        line=row.line,
        job=job,
        synthetic=job is not None and job.kind == ImportKind.SYNTHETIC,
    )


def replace_months(
    organisation: Any, rows: Iterable[StatRow], job: OutcomeImport | None, *, batch: int = 2000
) -> tuple[int, list[date]]:
    """Replace every month the rows cover by exactly these rows. Call inside a transaction:
    the deletion and the insertion are applied together or not at all."""
    rows = list(rows)
    months = sorted({r.month for r in rows})
    MonthlyStat.objects.filter(organisation=organisation, month__in=months).delete()
    MonthlyStat.objects.bulk_create(
        [stat_model(organisation, r, job) for r in rows], batch_size=batch
    )
    return len(rows), months


def stats_import(
    *,
    user: Any,
    organisation: Any,
    filename: str,
    content: bytes,
    on_error: str = OnError.KEEP,
) -> OutcomeImport:
    """Import monthly statistics. A broken row is reported by its line; with ``keep`` the good
    rows are applied, with ``refuse`` nothing is. The months in the file replace the months in
    the database in one transaction (a re-import never leaves half of a month)."""
    _authorise(user, organisation)
    job = _job(
        user=user,
        organisation=organisation,
        kind=ImportKind.MONTHLY,
        filename=filename,
        content=content,
        on_error=on_error,
    )
    parsed = parse_statistics(filename, content)
    if parsed.read_error is not None:
        job.errors = [{"line": 0, "kind": "file", "message": parsed.read_error.message_vi}]
        job.save()
        return job
    rows = [r for _line, r in parsed.rows]
    applied, months = 0, []
    if parsed.broken and on_error == OnError.REFUSE:
        job.status = ImportState.REFUSED
        job.save()
    else:
        with transaction.atomic():
            job.status = ImportState.PARTIAL if parsed.broken else ImportState.DONE
            job.save()
            applied, months = replace_months(organisation, rows, job)
    job.findings = [f.to_dict("vi") for f in check_statistics(rows)]
    _finish(job, parsed, applied, {"months": [m.isoformat()[:7] for m in months]})
    job.save()
    log_action(
        actor=user,
        action="outcomes.statistics.imported",
        obj=job,
        organisation=organisation,
        after={"status": job.status, **job.counts},
    )
    return job


def month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def dossiers_import(
    *,
    user: Any,
    organisation: Any,
    path: Any,
    on_error: str = OnError.KEEP,
    by_service: bool = False,
    progress: Any = None,
    insert_progress: Any = None,
) -> OutcomeImport:
    """Aggregate a dossier-level file (CSV or Parquet) with DuckDB and replace the months it
    covers. The file itself is not stored (it may hold millions of rows): its name, size and
    the counts are. Broken dossiers (no date of receipt, unknown channel, no agency) are
    counted and sampled by dossier code; ``refuse`` applies nothing when there is one."""
    from pathlib import Path

    from kehoach.outcomes.dossiers import DossierFileError, aggregate_file

    _authorise(user, organisation)
    path = Path(path)
    job = _job(
        user=user,
        organisation=organisation,
        kind=ImportKind.DOSSIERS,
        filename=path.name,
        content=b"",
        on_error=on_error,
    )
    try:
        result = aggregate_file(path, by_service=by_service, progress=progress)
    except DossierFileError as exc:
        job.errors = [{"line": 0, "kind": "file", "message": str(exc)}]
        job.save()
        return job
    rows = [
        StatRow(
            month=r["month"],
            agency=r["agency"],
            service=r["service"],
            district=r["district"],
            figures=Figures.from_mapping(r),
        )
        for r in result.rows
    ]
    errors = [
        {
            "line": 0,
            "kind": "broken",
            "message": f"Hồ sơ {code}: thiếu ngày nhận, cơ quan hoặc kênh.",
        }
        for code in result.broken_codes
    ]
    job.errors = errors
    applied, months = 0, []
    if result.broken and on_error == OnError.REFUSE:
        job.status = ImportState.REFUSED
    else:
        with transaction.atomic():
            job.status = ImportState.PARTIAL if result.broken else ImportState.DONE
            job.save()
            months = sorted({r.month for r in rows})
            MonthlyStat.objects.filter(organisation=organisation, month__in=months).delete()
            models = [stat_model(organisation, r, job) for r in rows]
            for start in range(0, len(models), 2000):
                MonthlyStat.objects.bulk_create(models[start : start + 2000])
                if insert_progress is not None:
                    insert_progress(min(100.0, (start + 2000) * 100 / max(len(models), 1)))
            applied = len(models)
    job.findings = [f.to_dict("vi") for f in check_statistics(rows)]
    job.counts = {
        "rows": result.dossiers,
        "good": result.dossiers - result.broken,
        "broken": result.broken,
        "duplicates": 0,
        "applied": applied,
        "monthly_rows": len(rows),
        "months": [m.isoformat()[:7] for m in months],
    }
    job.summary = {"size": path.stat().st_size, "seconds": round(result.seconds, 3)}
    job.save()
    log_action(
        actor=user,
        action="outcomes.dossiers.imported",
        obj=job,
        organisation=organisation,
        after={"status": job.status, **job.counts},
    )
    return job
