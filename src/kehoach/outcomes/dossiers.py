"""Dossier-level records (one row per dossier, millions of them) aggregated into the monthly
table with DuckDB (DESIGN.md §3: never row by row in Python).

The rules are those of :func:`kehoach.core.outcomes.aggregate_dossiers` (the pure-Python
reference a test compares this with): by month of receipt; channel; resolved before / on / after
the due date (as dates), or pending; fee-bearing; paid online. This module imports no Django.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from kehoach.core.text import fold

# Columns of a dossier file, found by header words (English or Vietnamese).
DOSSIER_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "ma ho so", "so ho so"),
    "procedure": ("procedure", "ma thu tuc", "thu tuc", "service"),
    "agency": ("agency", "co quan", "don vi"),
    "district": ("district", "huyen", "dia ban"),
    "channel": ("channel", "kenh", "hinh thuc nop"),
    "received": ("received", "ngay tiep nhan", "ngay nhan"),
    "due": ("due", "ngay hen tra", "han giai quyet", "ngay hen"),
    "resolved": ("resolved", "ngay tra", "ngay giai quyet", "ngay hoan thanh"),
    "fee": ("fee", "co phi", "le phi", "phi"),
    "paid_online": ("paid_online", "paid online", "thanh toan truc tuyen"),
}
REQUIRED = ("agency", "channel", "received")
BROKEN_SAMPLE = 100
BODY_MARK = "\nSELECT\n  broken,"


class DossierFileError(Exception):
    pass


def source_sql(path: Path | str) -> str:
    text = str(path).replace("'", "''")
    if str(path).lower().endswith(".parquet"):
        return f"read_parquet('{text}')"
    return f"read_csv('{text}', header=true)"


def map_columns(names: list[str]) -> dict[str, str]:
    """Canonical name -> the file's column name."""
    out: dict[str, str] = {}
    folded = [(name, fold(name).replace("_", " ")) for name in names]
    for canonical, words in DOSSIER_COLUMNS.items():
        for name, key in folded:
            if name in out.values():
                continue
            if key == canonical.replace("_", " ") or any(
                re.search(rf"(?<!\w){re.escape(w.replace('_', ' '))}(?!\w)", key) for w in words
            ):
                out[canonical] = name
                break
    missing = [c for c in REQUIRED if c not in out]
    if missing:
        raise DossierFileError(
            f"Tệp hồ sơ thiếu cột: {', '.join(missing)} / The dossier file lacks: {missing}"
        )
    return out


def _truthy(expr: str, kind: str = "VARCHAR") -> str:
    if kind == "BOOLEAN":
        return f"COALESCE({expr}, false)"
    return (
        f"(lower(strip_accents(CAST({expr} AS VARCHAR))) "
        "IN ('1', 'true', 't', 'yes', 'y', 'x', 'co'))"
    )


def _date(expr: str, kind: str = "VARCHAR") -> str:
    """A column as a DATE, whatever DuckDB detected: DATE as it is, a timestamp truncated,
    text as ISO '2016-07-21' or '21/07/2016'."""
    if kind == "DATE" or expr == "NULL":
        return expr
    if kind.startswith("TIMESTAMP"):
        return f"CAST({expr} AS DATE)"
    text = f"CAST({expr} AS VARCHAR)"
    return f"COALESCE(TRY_CAST({text} AS DATE), TRY_CAST(TRY_STRPTIME({text}, '%d/%m/%Y') AS DATE))"


def aggregate_sql(
    source: str,
    columns: dict[str, str],
    *,
    by_service: bool = False,
    by_district: bool = True,
    types: dict[str, str] | None = None,
) -> str:
    """The query giving the monthly table (plus one row per broken bucket, ``broken`` true).
    ``types`` (canonical name -> DuckDB type) lets typed columns skip text conversions."""
    types = types or {}

    def kind(name: str) -> str:
        return types.get(name, "VARCHAR")

    def col(name: str) -> str:
        return '"' + columns[name].replace('"', '""') + '"' if name in columns else "NULL"

    raw_channel = f"CAST({col('channel')} AS VARCHAR)"
    # The canonical words cost nothing; only other spellings are folded (DuckDB evaluates a
    # CASE branch for the rows that reach it).
    channel = (
        f"CASE WHEN {raw_channel} IN ('online', 'counter', 'post') THEN {raw_channel} "
        f"ELSE lower(strip_accents({raw_channel})) END"
    )
    service = f"COALESCE(CAST({col('procedure')} AS VARCHAR), '')" if by_service else "''"
    district = f"COALESCE(CAST({col('district')} AS VARCHAR), '')" if by_district else "''"
    return f"""
WITH src AS (
  SELECT
    CAST({col("code")} AS VARCHAR) AS code,
    {_date(col("received"), kind("received"))} AS received,
    {_date(col("due"), kind("due"))} AS due,
    {_date(col("resolved"), kind("resolved"))} AS resolved,
    CAST({col("agency")} AS VARCHAR) AS agency,
    {service} AS service,
    {district} AS district,
    {channel} AS ch,
    {_truthy(col("fee"), kind("fee")) if "fee" in columns else "false"} AS fee,
    {_truthy(col("paid_online"), kind("paid_online")) if "paid_online" in columns else "false"}
      AS paid
  FROM {source}
), typed AS (
  SELECT *, CASE
      WHEN ch IN ('online', 'truc tuyen', 'dvctt', 'mang') THEN 'online'
      WHEN ch IN ('post', 'buu chinh', 'buu dien') THEN 'post'
      WHEN ch IN ('counter', 'truc tiep', 'mot cua', 'tai quay') THEN 'counter'
    END AS channel
  FROM src
), flagged AS (
  SELECT *, (received IS NULL OR channel IS NULL OR agency IS NULL OR agency = '') AS broken
  FROM typed
)
SELECT
  broken,
  CASE WHEN broken THEN NULL ELSE date_trunc('month', received)::DATE END AS month,
  CASE WHEN broken THEN '' ELSE agency END AS agency,
  CASE WHEN broken THEN '' ELSE service END AS service,
  CASE WHEN broken THEN '' ELSE district END AS district,
  count(*) FILTER (WHERE channel = 'online') AS received_online,
  count(*) FILTER (WHERE channel = 'counter') AS received_counter,
  count(*) FILTER (WHERE channel = 'post') AS received_post,
  count(*) FILTER (WHERE resolved IS NOT NULL AND due IS NOT NULL AND resolved < due)
    AS resolved_early,
  count(*) FILTER (WHERE resolved IS NOT NULL AND (due IS NULL OR resolved = due))
    AS resolved_on_time,
  count(*) FILTER (WHERE resolved IS NOT NULL AND due IS NOT NULL AND resolved > due)
    AS resolved_late,
  count(*) FILTER (WHERE resolved IS NULL) AS pending,
  count(*) FILTER (WHERE fee) AS with_fee,
  count(*) FILTER (WHERE fee AND paid) AS paid_online,
  count(*) AS dossiers
FROM flagged
GROUP BY ALL
ORDER BY ALL
"""


FIGURE_NAMES = (
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


@dataclass
class Aggregate:
    rows: list[dict[str, Any]] = field(default_factory=list)  # month, agency, service, …
    dossiers: int = 0
    broken: int = 0
    broken_codes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def progress_bar(stream: TextIO, label: str) -> Callable[[float], None]:
    """A text progress bar on a stream: call with 0..100."""
    last = [-1]

    def show(percent: float) -> None:
        step = int(percent)
        if step == last[0]:
            return
        last[0] = step
        filled = step * 30 // 100
        stream.write(f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {step:3d}%")
        if step >= 100:
            stream.write("\n")
        stream.flush()

    return show


def run_with_progress(
    connection: Any, sql: str, progress: Callable[[float], None] | None
) -> list[tuple[Any, ...]]:
    """Run a query, polling DuckDB's own progress from this thread while another runs it."""
    if progress is None:
        return list(connection.execute(sql).fetchall())
    connection.execute("SET enable_progress_bar = true")
    connection.execute("SET enable_progress_bar_print = false")
    result: dict[str, Any] = {}

    def work() -> None:
        try:
            result["rows"] = connection.execute(sql).fetchall()
        except Exception as exc:  # re-raised in the calling thread
            result["error"] = exc

    thread = threading.Thread(target=work)
    thread.start()
    while thread.is_alive():
        value = connection.query_progress()
        if value is not None and value >= 0:
            progress(min(float(value), 99.0))
        thread.join(0.1)
    if "error" in result:
        raise result["error"]
    progress(100.0)
    return list(result["rows"])


def aggregate_file(
    path: Path | str,
    *,
    by_service: bool = False,
    by_district: bool = True,
    progress: Callable[[float], None] | None = None,
    threads: int | None = None,
    source: str | None = None,
) -> Aggregate:
    """Aggregate a CSV or Parquet dossier file (or any DuckDB relation given as ``source``)."""
    import duckdb

    start = time.perf_counter()
    connection = duckdb.connect()
    # DuckDB's own bar writes to the terminal by itself; ours is drawn from query_progress().
    connection.execute("SET enable_progress_bar_print = false")
    if threads:
        connection.execute(f"SET threads = {int(threads)}")
    try:
        relation = source or source_sql(path)
        try:
            described = {
                row[0]: str(row[1])
                for row in connection.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
            }
        except duckdb.Error as exc:
            raise DossierFileError(f"Không đọc được tệp hồ sơ: {exc}") from exc
        columns = map_columns(list(described))
        types = {name: described[column] for name, column in columns.items()}
        sql = aggregate_sql(
            relation, columns, by_service=by_service, by_district=by_district, types=types
        )
        rows = run_with_progress(connection, sql, progress)
        out = Aggregate()
        for row in rows:
            broken, month, agency, service, district, *figures, dossiers = row
            out.dossiers += dossiers
            if broken:
                out.broken += dossiers
                continue
            out.rows.append(
                {
                    "month": month,
                    "agency": agency,
                    "service": service,
                    "district": district,
                    **dict(zip(FIGURE_NAMES, figures, strict=True)),
                }
            )
        if out.broken:
            head = sql.split(BODY_MARK)[0]
            out.broken_codes = [
                str(r[0])
                for r in connection.execute(
                    head + f"SELECT code FROM flagged WHERE broken LIMIT {BROKEN_SAMPLE}"
                ).fetchall()
            ]
        out.seconds = time.perf_counter() - start
        return out
    finally:
        connection.close()


def default_progress(label: str = "Tổng hợp hồ sơ") -> Callable[[float], None]:
    return progress_bar(sys.stderr, label)


def month_key(value: date) -> str:
    return f"{value.year}-{value.month:02d}"
