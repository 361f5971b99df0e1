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


class DossierFileError(Exception):
    pass


DATE_FORMATS = (
    "%d/%m/%Y",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)
# Why a row is not counted (the error file says it in these words, with the column and value).
REASONS = {
    "received_missing": ("received", "thiếu ngày tiếp nhận"),
    "received_bad": ("received", "ngày tiếp nhận không đọc được hoặc không có thật"),
    "agency_missing": ("agency", "thiếu cơ quan"),
    "channel_bad": ("channel", "kênh nộp không rõ"),
    "due_bad": ("due", "hạn trả không đọc được hoặc không có thật (không tính là đúng hạn)"),
    "resolved_bad": ("resolved", "ngày trả kết quả không đọc được hoặc không có thật"),
    "resolved_before": ("resolved", "ngày trả kết quả trước ngày tiếp nhận"),
    "duplicate": ("code", "trùng mã hồ sơ với một dòng trước (chỉ tính một lần)"),
    "shape": ("", "dòng sai số cột hoặc hỏng dấu nháy"),
}


def source_sql(path: Path | str) -> str:
    """Every field of a CSV as text (nothing is guessed from the first rows, so a bad value
    after row 20.000 is a bad row, not a crash); rows of the wrong shape go to DuckDB's rejects
    table."""
    text = str(path).replace("'", "''")
    if str(path).lower().endswith(".parquet"):
        return f"read_parquet('{text}')"
    return (
        f"read_csv('{text}', header=true, all_varchar=true, store_rejects=true, "
        "auto_detect=true, null_padding=false)"
    )


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
        labels = {"agency": "cơ quan", "channel": "kênh nộp", "received": "ngày tiếp nhận"}
        raise DossierFileError(
            "Tệp hồ sơ thiếu cột: " + ", ".join(labels.get(m, m) for m in missing) + "."
        )
    return out


NO_WORDS = ("", "0", "false", "f", "no", "n", "không", "khong", "Không", "KHÔNG", "-")


def _truthy(expr: str, kind: str = "VARCHAR") -> str:
    """A yes-word, an amount or any mark ("x", "Có", "50.000") is yes; blank, 0 and no-words are
    no (a fee column with amounts is a fee). Cheap: compared as text, row by row."""
    if kind == "BOOLEAN":
        return f"COALESCE({expr}, false)"
    words = ", ".join("'" + w + "'" for w in NO_WORDS)
    text = f"CAST({expr} AS VARCHAR)"
    return f"({text} IS NOT NULL AND {text} NOT IN ({words}))"


def _date(expr: str, kind: str = "VARCHAR") -> str:
    """A column as a DATE, NULL when it cannot be read (31/02/2021, 'abc'). The format the file
    uses is tried first (``kind`` "VARCHAR:%d/%m/%Y", from :func:`sniff_formats`): a failed
    format costs, so the common case tries one."""
    if kind == "DATE" or expr == "NULL":
        return expr
    if kind.startswith("TIMESTAMP"):
        return f"CAST({expr} AS DATE)"
    first = kind.split(":", 1)[1] if ":" in kind else DATE_FORMATS[0]
    formats = [first, *(f for f in DATE_FORMATS if f != first)]
    text = f"CAST({expr} AS VARCHAR)"
    listed = ", ".join(f"'{f}'" for f in formats[1:])
    return (
        f"CAST(COALESCE(TRY_STRPTIME({text}, '{first}'), TRY_STRPTIME({text}, [{listed}])) AS DATE)"
    )


def sniff_formats(
    connection: Any, relation: str, columns: dict[str, str], types: dict[str, str]
) -> None:
    """The date format each text date column mostly uses, from a sample, into ``types``."""
    from datetime import datetime

    for name in ("received", "due", "resolved"):
        if name not in columns or types.get(name, "VARCHAR") != "VARCHAR":
            continue
        quoted = '"' + columns[name].replace('"', '""') + '"'
        sample = [
            str(r[0]).strip()
            for r in connection.execute(
                f"SELECT {quoted} FROM {relation} WHERE {quoted} IS NOT NULL LIMIT 200"
            ).fetchall()
        ]
        best, hits = DATE_FORMATS[0], -1
        for fmt in DATE_FORMATS:
            count = 0
            for value in sample:
                try:
                    datetime.strptime(value, fmt)
                    count += 1
                except ValueError:
                    pass
            if count > hits:
                best, hits = fmt, count
        types[name] = f"VARCHAR:{best}"


def _given(expr: str, kind: str) -> str:
    """The cell holds something (the CSV reader gives NULL for an empty field)."""
    if expr == "NULL":
        return "false"
    if kind.startswith("VARCHAR"):
        return f"({expr} IS NOT NULL AND {expr} <> '')"
    return f"({expr} IS NOT NULL)"


def _channel(raw: str) -> str:
    folded = f"lower(strip_accents(trim({raw})))"
    return f"""CASE WHEN {raw} IN ('online', 'counter', 'post') THEN {raw}
      ELSE CASE
        WHEN {folded} LIKE '%buu%' OR {folded} = 'bcci' THEN 'post'
        WHEN {folded} LIKE '%truc tuyen%' OR {folded} LIKE '%online%'
          OR {folded} LIKE '%mang%' OR {folded} LIKE '%dvc%' THEN 'online'
        WHEN {folded} LIKE '%truc tiep%' OR {folded} LIKE '%mot cua%'
          OR {folded} LIKE '%quay%' OR {folded} = 'counter' THEN 'counter'
      END END"""


def _agency(raw: str) -> str:
    # Names differing only in Unicode form or spaces are one agency (NFC, spaces collapsed; the
    # case is settled against the organisation records by the service).
    return f"nfc_normalize(trim(regexp_replace({raw}, '\\s+', ' ', 'g')))"


def flagged_sql(
    source: str,
    columns: dict[str, str],
    *,
    by_service: bool = False,
    by_district: bool = True,
    types: dict[str, str] | None = None,
) -> str:
    """Every row with its parsed dates and ``reason`` (NULL for a good row): for the error
    file, which needs each bad row (the aggregation itself groups first, see aggregate_sql)."""
    types = types or {}

    def kind(name: str) -> str:
        return types.get(name, "VARCHAR")

    def col(name: str) -> str:
        return '"' + columns[name].replace('"', '""') + '"' if name in columns else "NULL"

    return f"""
WITH src AS (
  SELECT
    CAST({col("code")} AS VARCHAR) AS code,
    {_date(col("received"), kind("received"))} AS received,
    {_date(col("due"), kind("due"))} AS due,
    {_date(col("resolved"), kind("resolved"))} AS resolved,
    {_given(col("received"), kind("received"))} AS has_received,
    {_given(col("due"), kind("due"))} AS has_due,
    {_given(col("resolved"), kind("resolved"))} AS has_resolved,
    {_agency(f"CAST({col('agency')} AS VARCHAR)")} AS agency,
    {_channel(f"CAST({col('channel')} AS VARCHAR)")} AS channel
  FROM {source}
), flagged AS (
  SELECT *, CASE
      WHEN NOT has_received THEN 'received_missing'
      WHEN received IS NULL THEN 'received_bad'
      WHEN agency IS NULL OR agency = '' THEN 'agency_missing'
      WHEN channel IS NULL THEN 'channel_bad'
      WHEN has_due AND due IS NULL THEN 'due_bad'
      WHEN has_resolved AND resolved IS NULL THEN 'resolved_bad'
      WHEN resolved < received THEN 'resolved_before'
    END AS reason
  FROM src
)"""


def aggregate_sql(
    source: str,
    columns: dict[str, str],
    *,
    by_service: bool = False,
    by_district: bool = True,
    types: dict[str, str] | None = None,
    duplicates: bool = False,
    capture: bool = True,
) -> str:
    """The table by month of receipt, plus one row per reason a row is not counted.

    Two stages, so that the costly text work (Unicode form, accents, spaces) is done once per
    distinct value, not once per row: the rows are first grouped by their raw agency, district
    and channel text with the per-row checks (dates); the few groups are then normalised and
    grouped again. ``duplicates``: repeated dossier codes are counted once (their extra copies
    are a reason), at the cost of grouping by code."""
    types = types or {}

    def kind(name: str) -> str:
        return types.get(name, "VARCHAR")

    def col(name: str) -> str:
        return '"' + columns[name].replace('"', '""') + '"' if name in columns else "NULL"

    bad_list = (
        "list({'n': n, 'why': date_reason, 'code': raw_code, 'received': raw_received, "
        "'due': raw_due, 'resolved': raw_resolved}) "
        "FILTER (WHERE date_reason IS NOT NULL AND date_reason <> 'duplicate')"
        if capture
        else "NULL::STRUCT(n BIGINT, why VARCHAR, code VARCHAR, received VARCHAR, "
        "due VARCHAR, resolved VARCHAR)[]"
    )
    service = f"CAST({col('procedure')} AS VARCHAR)" if by_service else "NULL"
    district = f"CAST({col('district')} AS VARCHAR)" if by_district else "NULL"
    fee = _truthy(col("fee"), kind("fee")) if "fee" in columns else "false"
    paid = _truthy(col("paid_online"), kind("paid_online")) if "paid_online" in columns else "false"
    dup_select = ", CAST(" + col("code") + " AS VARCHAR) AS code" if "code" in columns else ""
    if capture:
        texts = ", ".join(
            f"CAST({col(name)} AS VARCHAR) AS raw_{name}"
            for name in ("code", "received", "due", "resolved")
        )
        number = "row_number() OVER ()"
    else:  # typed dates cannot be unreadable: no per-row capture (see aggregate_file)
        texts = ", ".join(f"NULL AS raw_{n}" for n in ("code", "received", "due", "resolved"))
        number = "0"
    head = f"""
WITH src AS (
  SELECT
    {number} AS n, {texts},
    {_date(col("received"), kind("received"))} AS received,
    {_date(col("due"), kind("due"))} AS due,
    {_date(col("resolved"), kind("resolved"))} AS resolved,
    {_given(col("received"), kind("received"))} AS has_received,
    {_given(col("due"), kind("due"))} AS has_due,
    {_given(col("resolved"), kind("resolved"))} AS has_resolved,
    CAST({col("agency")} AS VARCHAR) AS agency_raw,
    CAST({col("channel")} AS VARCHAR) AS channel_raw,
    {service} AS service_raw,
    {district} AS district_raw,
    {fee} AS fee,
    {paid} AS paid{dup_select}
  FROM {source}
), dated AS (
  SELECT *, CASE
      WHEN NOT has_received THEN 'received_missing'
      WHEN received IS NULL THEN 'received_bad'
      WHEN has_due AND due IS NULL THEN 'due_bad'
      WHEN has_resolved AND resolved IS NULL THEN 'resolved_bad'
      WHEN resolved < received THEN 'resolved_before'
    END AS date_reason
  FROM src
)"""
    if duplicates:
        head += """, dup AS (
  SELECT code FROM dated WHERE date_reason IS NULL AND code IS NOT NULL
  GROUP BY code HAVING count(*) > 1
), counted AS (
  SELECT * REPLACE (CASE WHEN date_reason IS NULL AND code IN (SELECT code FROM dup)
    THEN 'duplicate' ELSE date_reason END AS date_reason) FROM dated
  UNION ALL
  SELECT DISTINCT ON (code) * FROM dated
  WHERE date_reason IS NULL AND code IN (SELECT code FROM dup)
)"""
        table = "counted"
        extra = (
            "UNION ALL SELECT 'dup_codes', NULL, '', '', '', 0, 0, 0, 0, 0, 0, 0, 0, 0, "
            "count(*), NULL, 0 FROM dup"
        )
    else:
        table, extra = "dated", ""
    return (
        head
        + f""", raw AS (
  SELECT date_reason,
    CASE WHEN date_reason IS NULL THEN date_trunc('month', received)::DATE END AS month,
    agency_raw, channel_raw, service_raw, district_raw,
    count(*) FILTER (WHERE resolved IS NOT NULL AND due IS NOT NULL AND resolved < due) AS e,
    count(*) FILTER (WHERE resolved IS NOT NULL AND (due IS NULL OR resolved = due)) AS o,
    count(*) FILTER (WHERE resolved IS NOT NULL AND due IS NOT NULL AND resolved > due) AS l,
    count(*) FILTER (WHERE resolved IS NULL) AS p,
    count(*) FILTER (WHERE fee) AS f,
    count(*) FILTER (WHERE fee AND paid) AS fp,
    count(*) AS n,
    {"count(DISTINCT code)" if not duplicates and "code" in columns else "count(*)"}
      AS codes,
    -- the rows a date makes bad, with their place and values, for the error file (few)
    {bad_list} AS bad
  FROM {table}
  GROUP BY ALL
), norm AS (
  SELECT *, {_agency("agency_raw")} AS agency, {_channel("channel_raw")} AS channel
  FROM raw
), judged AS (
  SELECT *, CASE
      WHEN date_reason IS NOT NULL THEN date_reason
      WHEN agency IS NULL OR agency = '' THEN 'agency_missing'
      WHEN channel IS NULL THEN 'channel_bad'
    END AS reason
  FROM norm
)
SELECT
  reason,
  CASE WHEN reason IS NOT NULL THEN NULL ELSE month END AS month,
  CASE WHEN reason = 'channel_bad' THEN COALESCE(channel_raw, '')
    WHEN reason IS NOT NULL THEN '' ELSE agency END AS agency,
  CASE WHEN reason IS NOT NULL THEN '' ELSE COALESCE(service_raw, '') END AS service,
  CASE WHEN reason IS NOT NULL THEN ''
    ELSE COALESCE(nfc_normalize(trim(district_raw)), '') END AS district,
  COALESCE(sum(n) FILTER (WHERE channel = 'online'), 0)::BIGINT AS received_online,
  COALESCE(sum(n) FILTER (WHERE channel = 'counter'), 0)::BIGINT AS received_counter,
  COALESCE(sum(n) FILTER (WHERE channel = 'post'), 0)::BIGINT AS received_post,
  sum(e)::BIGINT AS resolved_early,
  sum(o)::BIGINT AS resolved_on_time,
  sum(l)::BIGINT AS resolved_late,
  sum(p)::BIGINT AS pending,
  sum(f)::BIGINT AS with_fee,
  sum(fp)::BIGINT AS paid_online,
  sum(n)::BIGINT AS dossiers,
  flatten(list(bad)) AS bad,
  (sum(n) FILTER (WHERE date_reason IS NULL)
    - sum(codes) FILTER (WHERE date_reason IS NULL))::BIGINT AS repeated
FROM judged
GROUP BY ALL
{extra}
ORDER BY ALL
"""
    )


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
    dossiers: int = 0  # rows read (good and bad)
    broken: int = 0  # rows not counted, whatever the reason
    broken_codes: list[str] = field(default_factory=list)
    reasons: dict[str, int] = field(default_factory=dict)  # reason -> rows
    errors: list[dict[str, Any]] = field(default_factory=list)  # line, column, value, reason
    encoding: str = ""
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


MAX_ERROR_ROWS = 100_000


def to_utf8(path: Path, directory: Path) -> tuple[Path, str]:
    """The file as DuckDB reads it: UTF-8 (with or without BOM) is read in place; UTF-16 (Excel
    "Unicode text") and legacy code pages (Windows-1258, detected by charset-normalizer) are
    decoded in Python, a block at a time, to a temporary UTF-8 file in NFC."""
    import codecs
    import unicodedata

    with path.open("rb") as handle:
        head = handle.read(1 << 20)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        try:
            head.decode("utf-8")
            return path, "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a character cut by the sample's end
                return path, "utf-8"
        from charset_normalizer import from_bytes

        best = from_bytes(head, cp_isolation=["cp1258", "cp1252", "utf_16_le"]).best()
        if best is None:
            raise DossierFileError(
                "Không nhận ra bảng mã của tệp hồ sơ (hãy lưu lại dưới dạng CSV UTF-8)."
            )
        encoding = best.encoding
    target = directory / (path.stem + ".utf8.csv")
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    with path.open("rb") as source, target.open("w", encoding="utf-8", newline="") as out:
        while block := source.read(1 << 22):
            out.write(unicodedata.normalize("NFC", decoder.decode(block)))
        out.write(unicodedata.normalize("NFC", decoder.decode(b"", final=True)))
    return target, encoding


def aggregate_file(
    path: Path | str | None,
    *,
    by_service: bool = False,
    by_district: bool = True,
    progress: Callable[[float], None] | None = None,
    threads: int | None = None,
    source: str | None = None,
    errors: bool = True,
) -> Aggregate:
    """Aggregate a CSV or Parquet dossier file (or any DuckDB relation given as ``source``).
    Never raises on a bad row: it is counted with its reason, and (``errors``) listed with its
    line, column and value. Only a file that cannot be read at all raises DossierFileError,
    in Vietnamese."""
    import tempfile

    import duckdb

    start = time.perf_counter()
    connection = duckdb.connect()
    # DuckDB's own bar writes to the terminal by itself; ours is drawn from query_progress().
    connection.execute("SET enable_progress_bar_print = false")
    if threads:
        connection.execute(f"SET threads = {int(threads)}")
    out = Aggregate()
    with tempfile.TemporaryDirectory(prefix="kehoach-hs-") as scratch:
        try:
            if source is None:
                assert path is not None
                file = Path(path)
                if not file.is_file():
                    raise DossierFileError(f"Không có tệp {file.name}.")
                if file.suffix.lower() != ".parquet":
                    file, out.encoding = to_utf8(file, Path(scratch))
                relation = source_sql(file)
            else:
                relation = source
            try:
                described = {
                    row[0]: str(row[1])
                    for row in connection.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
                }
            except duckdb.Error as exc:
                raise DossierFileError(
                    "Không đọc được tệp hồ sơ như một bảng CSV hoặc Parquet "
                    f"({type(exc).__name__})."
                ) from exc
            columns = map_columns(list(described))
            types = {name: described[column] for name, column in columns.items()}
            sniff_formats(connection, relation, columns, types)
            # Per-row capture of the bad rows' places only where a date is text (it may be
            # unreadable); typed dates (Parquet) are found by a second query if ever needed.
            capture = any(
                types.get(n, "").startswith("VARCHAR") for n in ("received", "due", "resolved")
            )
            options = {
                "by_service": by_service,
                "by_district": by_district,
                "types": types,
                "capture": capture,
            }
            sql = aggregate_sql(relation, columns, **options)
            rows = run_with_progress(connection, sql, progress)
            bad_channels: set[str] = set()
            dated_errors: list[dict[str, Any]] = []
            if any(row[-1] for row in rows):
                # A code repeated within a group (the same dossier exported twice): count each
                # code once, at the cost of grouping by code (only then).
                sql = aggregate_sql(relation, columns, duplicates=True, **options)
                rows = run_with_progress(connection, sql, progress)
            for row in rows:
                reason, month, agency, service, district, *figures, dossiers, bad, _rep = row
                for item in bad or ():
                    dated_errors.append(item)
                out.dossiers += dossiers
                if reason is not None:
                    out.broken += dossiers
                    out.reasons[reason] = out.reasons.get(reason, 0) + dossiers
                    if reason == "channel_bad":
                        bad_channels.add(agency)
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
            # The kept copy of a repeated code is both a good row and, marked, a duplicate.
            copies = out.reasons.pop("dup_codes", 0)
            if copies:
                out.dossiers -= 2 * copies
                out.broken -= 2 * copies
                out.reasons["duplicate"] -= copies
                if not out.reasons["duplicate"]:
                    del out.reasons["duplicate"]
            if source is None:
                shape = _rejects(connection)
                if shape:
                    out.reasons["shape"] = len(shape)
                    out.broken += len(shape)
                    out.dossiers += len(shape)
            else:
                shape = []
            others = set(out.reasons) - {
                "received_missing",
                "received_bad",
                "due_bad",
                "resolved_bad",
                "resolved_before",
                "shape",
            }
            if errors and out.broken and not others and capture:
                # Every bad row is known from the aggregation itself: no second reading.
                out.errors = _place_errors(dated_errors, columns, shape)
            elif errors and out.broken:
                out.errors = _error_rows(
                    connection,
                    relation,
                    columns,
                    types,
                    shape,
                    bad_channels=bad_channels,
                    duplicates="duplicate" in out.reasons,
                )
                out.broken_codes = [e["code"] for e in out.errors[:BROKEN_SAMPLE] if e.get("code")]
        except duckdb.Error as exc:
            raise DossierFileError(
                f"Không đọc được tệp hồ sơ ({type(exc).__name__}): {str(exc).splitlines()[0]}"
            ) from exc
        finally:
            connection.close()
    out.seconds = time.perf_counter() - start
    return out


def _rejects(connection: Any) -> list[dict[str, Any]]:
    """Rows DuckDB could not split into the header's columns (its rejects table)."""
    try:
        rows = connection.execute(
            "SELECT DISTINCT line, column_name, csv_line, error_type FROM reject_errors "
            "ORDER BY line"  # a file read twice (repeated codes) logs its rejects twice
        ).fetchall()
    except Exception:  # no CSV was scanned (a Parquet file): no rejects table
        return []
    return [
        {
            "line": int(line),
            "column": column or "",
            "value": (csv_line or "")[:200],
            "reason": f"{REASONS['shape'][1]} ({error})",
            "code": "",
        }
        for line, column, csv_line, error in rows
    ]


def _error_rows(
    connection: Any,
    relation: str,
    columns: dict[str, str],
    types: dict[str, str],
    shape: list[dict[str, Any]],
    *,
    bad_channels: set[str] = frozenset(),  # type: ignore[assignment]
    duplicates: bool = False,
) -> list[dict[str, Any]]:
    """Each row not counted, with its line in the file (the header is line 1; rows DuckDB
    rejected are put back in their place), its column, value and reason. Row by row only
    what is cheap (dates, blanks, the channel words the aggregation found bad); repeated codes
    are looked for only when the aggregation found some."""

    def kind(name: str) -> str:
        return types.get(name, "VARCHAR")

    def col(name: str) -> str:
        return '"' + columns[name].replace('"', '""') + '"' if name in columns else "NULL"

    raw = {
        name: f"CAST({col(name)} AS VARCHAR)"
        for name in ("code", "received", "due", "resolved", "agency", "channel")
    }
    channels = ", ".join("'" + c.replace("'", "''") + "'" for c in sorted(bad_channels)) or "NULL"
    sql = f"""
WITH src AS (
  SELECT row_number() OVER () AS n,
    {_date(col("received"), kind("received"))} AS received,
    {_date(col("due"), kind("due"))} AS due,
    {_date(col("resolved"), kind("resolved"))} AS resolved,
    {_given(col("received"), kind("received"))} AS has_received,
    {_given(col("due"), kind("due"))} AS has_due,
    {_given(col("resolved"), kind("resolved"))} AS has_resolved,
    {", ".join(f"{expr} AS raw_{name}" for name, expr in raw.items())}
  FROM {relation}
), flagged AS (
  SELECT *, CASE
      WHEN NOT has_received THEN 'received_missing'
      WHEN received IS NULL THEN 'received_bad'
      WHEN has_due AND due IS NULL THEN 'due_bad'
      WHEN has_resolved AND resolved IS NULL THEN 'resolved_bad'
      WHEN resolved < received THEN 'resolved_before'
      WHEN raw_agency IS NULL OR trim(raw_agency) = '' THEN 'agency_missing'
      WHEN COALESCE(raw_channel, '') IN ({channels}) THEN 'channel_bad'
    END AS reason
  FROM src
)"""
    if duplicates:
        sql += """, dup AS (
  SELECT raw_code FROM flagged WHERE reason IS NULL AND raw_code IS NOT NULL
  GROUP BY raw_code HAVING count(*) > 1
), numbered AS (
  SELECT n, reason AS why, raw_code, raw_received, raw_due, raw_resolved, raw_agency,
    raw_channel FROM flagged WHERE reason IS NOT NULL
  UNION ALL
  SELECT n, 'duplicate', raw_code, raw_received, raw_due, raw_resolved, raw_agency, raw_channel
  FROM (
    SELECT *, row_number() OVER (PARTITION BY raw_code ORDER BY n) AS copy FROM flagged
    WHERE reason IS NULL AND raw_code IN (SELECT raw_code FROM dup)
  ) WHERE copy > 1
)"""
    else:
        sql += """, numbered AS (
  SELECT n, reason AS why, raw_code, raw_received, raw_due, raw_resolved, raw_agency,
    raw_channel FROM flagged WHERE reason IS NOT NULL
)"""
    sql += f"""
SELECT n, why, raw_code, raw_received, raw_due, raw_resolved, raw_agency, raw_channel
FROM numbered ORDER BY n LIMIT {MAX_ERROR_ROWS}"""
    found = [
        {
            "n": n,
            "why": why,
            "code": code,
            "received": received,
            "due": due,
            "resolved": resolved,
            "agency": agency,
            "channel": channel,
        }
        for n, why, code, received, due, resolved, agency, channel in connection.execute(
            sql
        ).fetchall()
    ]
    return _place_errors(found, columns, shape)


def _place_errors(
    found: list[dict[str, Any]], columns: dict[str, str], shape: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each bad row's line in the file (the header is line 1; the rows DuckDB rejected are put
    back in their place), column, value and reason."""
    rejected = sorted(r["line"] for r in shape)
    out = []
    for item in sorted(found, key=lambda e: e["n"])[:MAX_ERROR_ROWS]:
        why, code = item["why"], item.get("code")
        line = int(item["n"]) + 1
        for r in rejected:
            if r <= line:
                line += 1
        name, reason = REASONS[why]
        values = item
        out.append(
            {
                "line": line,
                "column": columns.get(name, name),
                "value": "" if values.get(name) is None else str(values[name])[:200],
                "reason": reason,
                "code": code or "",
            }
        )
    out.extend(shape)
    out.sort(key=lambda e: e["line"])
    return out[:MAX_ERROR_ROWS]


def error_csv(errors: list[dict[str, Any]]) -> bytes:
    """The error file: line, column, value, reason (UTF-8 with BOM, for Excel)."""
    import io

    from kehoach.documents.cells import csv_writer

    buffer = io.StringIO()
    # a value "=…" of the uploaded file stays text in the error file (issue 21)
    writer = csv_writer(buffer, lineterminator="\r\n")
    writer.writerow(["dòng", "cột", "giá trị", "lý do", "mã hồ sơ"])
    for e in errors:
        writer.writerow([e["line"], e["column"], e["value"], e["reason"], e.get("code", "")])
    return buffer.getvalue().encode("utf-8-sig")


def default_progress(label: str = "Tổng hợp hồ sơ") -> Callable[[float], None]:
    return progress_bar(sys.stderr, label)


def month_key(value: date) -> str:
    return f"{value.year}-{value.month:02d}"
