"""Dossier-level records (one row per dossier, millions of them) aggregated into the monthly
table with DuckDB (docs/design.md §3: never row by row in Python).

The rules are those of :func:`kehoach.core.outcomes.aggregate_dossiers` (the pure-Python
reference a test compares this with): by month of receipt; channel; resolved before / on / after
the due date (as dates), or pending; fee-bearing; paid online. Of Django this module imports
only ``gettext_noop``, which marks the msgids of what it says (English in the catalogue).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from charset_normalizer import from_bytes
from django.utils.translation import gettext_noop

from kehoach.core.messages import ENVIRONMENT, Message, Refusal, joined, normalise
from kehoach.core.text import fold
from kehoach.documents.cells import csv_writer

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


class DossierFileError(Refusal):
    """A dossier file that cannot be read at all: ``DossierFileError(Message)``."""

    code = "dossiers.file"


NO_FILE = Message("dossiers.file.none", gettext_noop("Không có tệp {name}."))
MISSING_COLUMNS = Message("dossiers.file.missing", gettext_noop("Tệp hồ sơ thiếu cột: {columns}."))
UNKNOWN_ENCODING = Message(
    "dossiers.file.encoding",
    gettext_noop("Không nhận ra bảng mã của tệp hồ sơ (hãy lưu lại dưới dạng CSV UTF-8)."),
)
PARQUET_UNREADABLE = Message("dossiers.file.parquet", gettext_noop("Không đọc được tệp Parquet."))
EMPTY = Message("dossiers.file.empty", gettext_noop("Tệp hồ sơ trống hoặc không có dòng tiêu đề."))
NOT_A_TABLE = Message(
    "dossiers.file.not_a_table",
    gettext_noop("Không đọc được tệp hồ sơ như một bảng CSV hoặc Parquet ({kind})."),
)
UNREADABLE = Message(
    "dossiers.file.unreadable", gettext_noop("Không đọc được tệp hồ sơ ({kind}): {detail}")
)


DATE_FORMATS = (
    "%d/%m/%Y",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)
# Why a row is not counted, and the column it names (the error file says it in Vietnamese, with
# the column and value; a page in the reader's language, :func:`reason_said`).
REASONS = {
    "received_missing": (
        "received",
        Message("dossiers.reason.received_missing", gettext_noop("thiếu ngày tiếp nhận")),
    ),
    "received_bad": (
        "received",
        Message(
            "dossiers.reason.received_bad",
            gettext_noop("ngày tiếp nhận không đọc được hoặc không có thật"),
        ),
    ),
    "agency_missing": (
        "agency",
        Message("dossiers.reason.agency_missing", gettext_noop("thiếu cơ quan")),
    ),
    "channel_bad": (
        "channel",
        Message("dossiers.reason.channel_bad", gettext_noop("kênh nộp không rõ")),
    ),
    "due_bad": (
        "due",
        Message(
            "dossiers.reason.due_bad",
            gettext_noop("hạn trả không đọc được hoặc không có thật (không tính là đúng hạn)"),
        ),
    ),
    "resolved_bad": (
        "resolved",
        Message(
            "dossiers.reason.resolved_bad",
            gettext_noop("ngày trả kết quả không đọc được hoặc không có thật"),
        ),
    ),
    "resolved_before": (
        "resolved",
        Message(
            "dossiers.reason.resolved_before", gettext_noop("ngày trả kết quả trước ngày tiếp nhận")
        ),
    ),
    "duplicate": (
        "code",
        Message(
            "dossiers.reason.duplicate",
            gettext_noop("trùng mã hồ sơ với một dòng trước (chỉ tính một lần)"),
        ),
    ),
    "shape": (
        "",
        Message("dossiers.reason.shape", gettext_noop("dòng sai số cột hoặc hỏng dấu nháy")),
    ),
}
# A row of the wrong shape, with what the CSV reader said of it (CAST, TOO MANY COLUMNS, …).
SHAPE_DETAIL = Message("dossiers.reason.shape_detail", gettext_noop("{reason} ({detail})"))


def reason_said(error: dict[str, Any]) -> Message:
    """Why a row of the error list (``why``, and ``detail`` for a row of the wrong shape) is
    not counted, said in the reader's language."""
    reason = REASONS[error["why"]][1]
    if error.get("detail"):
        return SHAPE_DETAIL.with_params(reason=reason, detail=error["detail"])
    return reason


def source_sql(path: Path | str, dates: dict[str, str] | None = None) -> str:
    """Every field of a CSV as text (nothing is guessed from the first rows, so a bad value
    after row 20.000 is a bad row, not a crash); rows of the wrong shape go to DuckDB's rejects
    table. ``dates`` (the file's column -> its one strptime format, see :func:`typed_dates`):
    those columns are read as dates by the CSV reader itself, and a value it cannot read
    (31/02/2021, "abc") puts its row in the rejects table with its line, column and value —
    which costs nothing per row, unlike a per-row check with its own row number."""
    text = str(path).replace("'", "''")
    if str(path).lower().endswith(".parquet"):
        return f"read_parquet('{text}')"
    typed = ""
    if dates:
        kinds = {c: "TIMESTAMP" if "%H" in f else "DATE" for c, f in dates.items()}
        listed = ", ".join("'" + c.replace("'", "''") + "': '" + k + "'" for c, k in kinds.items())
        typed = f", types={{{listed}}}"
        for kind, option in (("DATE", "dateformat"), ("TIMESTAMP", "timestampformat")):
            formats = {f for c, f in dates.items() if kinds[c] == kind}
            if formats:
                typed += f", {option}='{formats.pop()}'"
    return (
        f"read_csv('{text}', header=true, all_varchar=true, store_rejects=true, "
        f"auto_detect=true, null_padding=false{typed})"
    )


def typed_dates(columns: dict[str, str], types: dict[str, str]) -> dict[str, str]:
    """The text date columns the CSV reader can type itself: one format for the date-only
    columns and one for those with a time (its options allow no more); else none (the
    per-row text rules of :func:`_date` apply)."""
    out: dict[str, str] = {}
    for name in ("received", "due", "resolved"):
        kind = types.get(name, "")
        if name in columns and kind.startswith("VARCHAR:"):
            out[columns[name]] = kind.split(":", 1)[1]
    for timed in (False, True):
        if len({f for f in out.values() if ("%H" in f) == timed}) > 1:
            return {}
    return out


def map_columns(names: list[str]) -> dict[str, str]:
    """Canonical name -> the file's column name."""
    out = match_columns(names)
    missing = [c for c in REQUIRED if c not in out]
    if missing:
        raise DossierFileError(
            MISSING_COLUMNS.with_params(columns=joined([FIELD_SAID[m] for m in missing], ", "))
        )
    return out


# What each column of a dossier export feeds, in the words of the preview (English in the
# catalogue only). A job's summary keeps the Vietnamese (FIELD_LABELS, the msgids), said with
# {% translate %} where it is shown.
FIELD_SAID = {
    "code": Message("dossiers.field.code", gettext_noop("mã hồ sơ (đếm mỗi mã một lần)")),
    "procedure": Message("dossiers.field.procedure", gettext_noop("mã thủ tục")),
    "agency": Message("dossiers.field.agency", gettext_noop("cơ quan")),
    "district": Message("dossiers.field.district", gettext_noop("huyện")),
    "channel": Message("dossiers.field.channel", gettext_noop("kênh nộp")),
    "received": Message("dossiers.field.received", gettext_noop("ngày tiếp nhận")),
    "due": Message("dossiers.field.due", gettext_noop("hạn trả")),
    "resolved": Message("dossiers.field.resolved", gettext_noop("ngày trả kết quả")),
    "fee": Message("dossiers.field.fee", gettext_noop("có phí")),
    "paid_online": Message("dossiers.field.paid_online", gettext_noop("thanh toán trực tuyến")),
}
FIELD_LABELS = {name: said.vi for name, said in FIELD_SAID.items()}


def match_columns(names: list[str]) -> dict[str, str]:
    """Canonical name -> the file's column name, for the columns recognised (none required)."""
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
    if kind.split(":", 1)[0] == "DATE" or expr == "NULL":
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
    names = [
        n
        for n in ("received", "due", "resolved")
        if n in columns and types.get(n, "VARCHAR") == "VARCHAR"
    ]
    if not names:
        return
    quoted = ", ".join('"' + columns[n].replace('"', '""') + '"' for n in names)
    # one look at the first rows for all the date columns (a scan each would cost)
    rows = connection.execute(f"SELECT {quoted} FROM {relation} LIMIT 500").fetchall()
    empty = []
    for index, name in enumerate(names):
        sample = [str(r[index]).strip() for r in rows if r[index] is not None][:200]
        if not sample:
            empty.append(name)
            continue
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
    for name in empty:  # no value in the first rows: the format of the file's other dates
        types[name] = next(
            (types[n] for n in names if n not in empty), f"VARCHAR:{DATE_FORMATS[0]}"
        )


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
    raw_table: str | None = None,
    hash_list: bool = True,
) -> str | tuple[str, str]:
    """The table by month of receipt, plus one row per reason a row is not counted.

    Two stages, so that the costly text work (Unicode form, accents, spaces) is done once per
    distinct value, not once per row: the rows are first grouped by their raw agency, district
    and channel text with the per-row checks (dates); the few groups are then normalised and
    grouped again. ``duplicates``: repeated dossier codes are counted once (their extra copies
    are a reason), at the cost of grouping by code.

    ``raw_table``: two statements instead of one, the first making that table of the raw
    groups (with ``hs``, the 64-bit hashes of their counted codes), the second the table from
    it — so the hashes are checked for repeats apart (aggregate_file)."""
    types = types or {}
    # The fee columns' text is a group key (few values: "Có", "x", an amount or two), judged
    # once per group after grouping, not once per row.
    fee_kind = types.get("fee", "VARCHAR") if "fee" in columns else "BOOLEAN"
    paid_kind = types.get("paid_online", "VARCHAR") if "paid_online" in columns else "BOOLEAN"
    raw = _dated_sql(
        source,
        columns,
        types,
        by_service=by_service,
        by_district=by_district,
        capture=capture,
        fee=_mark(columns, "fee", fee_kind),
        paid=_mark(columns, "paid_online", paid_kind),
    )
    if duplicates:
        raw += _DUPLICATES_SQL
    raw += _raw_groups_sql(
        "counted" if duplicates else "dated",
        hashes="code" in columns and not duplicates and raw_table is not None and hash_list,
        capture=capture,
    )
    tail = _judged_sql(fee_kind, paid_kind, _dup_codes_row(raw_table) if duplicates else "")
    if raw_table is None:
        return raw + tail
    repeated = "(SELECT count(*) FROM dup)" if duplicates else "0"
    first = (
        f"CREATE OR REPLACE TEMP TABLE {raw_table} AS {raw} "
        f"SELECT *, {repeated} AS dup_codes FROM raw"
    )
    return first, f"WITH raw AS (SELECT * EXCLUDE (hs, dup_codes) FROM {raw_table})" + tail


def _dated_sql(
    source: str,
    columns: dict[str, str],
    types: dict[str, str],
    *,
    by_service: bool,
    by_district: bool,
    capture: bool,
    fee: str,
    paid: str,
) -> str:
    """The first stage's rows (``src``, then ``dated`` with each row's ``date_reason``): the
    dates parsed, the raw texts of the group keys, the fee marks (``fee``, ``paid``), the
    code, and (``capture``) the row's number and date texts for the error file."""

    def kind(name: str) -> str:
        return types.get(name, "VARCHAR")

    def col(name: str) -> str:
        return '"' + columns[name].replace('"', '""') + '"' if name in columns else "NULL"

    service = f"CAST({col('procedure')} AS VARCHAR)" if by_service else "NULL"
    district = f"CAST({col('district')} AS VARCHAR)" if by_district else "NULL"
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
    return f"""
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


def _mark(columns: dict[str, str], name: str, kind: str) -> str:
    """A fee column's raw value, a group key: its text, or its truth value (false without the
    column)."""
    if name not in columns:
        return "false"
    quoted = '"' + columns[name].replace('"', '""') + '"'
    if kind == "BOOLEAN":
        return f"COALESCE({quoted}, false)"
    return f"CAST({quoted} AS VARCHAR)"


# Repeated codes: each counted once (``counted``), its extra copies marked 'duplicate'.
_DUPLICATES_SQL = """, dup AS (
  SELECT code FROM dated WHERE date_reason IS NULL AND code IS NOT NULL
  GROUP BY code HAVING count(*) > 1
), counted AS (
  SELECT * REPLACE (CASE WHEN date_reason IS NULL AND code IN (SELECT code FROM dup)
    THEN 'duplicate' ELSE date_reason END AS date_reason) FROM dated
  UNION ALL
  SELECT DISTINCT ON (code) * FROM dated
  WHERE date_reason IS NULL AND code IN (SELECT code FROM dup)
)"""


def _dup_codes_row(raw_table: str | None) -> str:
    """The row that counts the repeated codes' kept copies (``dup_codes``)."""
    return "UNION ALL SELECT 'dup_codes', NULL, '', '', '', 0, 0, 0, 0, 0, 0, 0, 0, 0, " + (
        f"(SELECT max(dup_codes) FROM {raw_table}), NULL"
        if raw_table
        else "count(*), NULL FROM dup"
    )


def _raw_groups_sql(table: str, *, hashes: bool, capture: bool) -> str:
    """The first stage's groups (``raw``) of ``table`` by month and raw texts, with their
    counts by due date, (``hashes``) the hashes of their counted codes and (``capture``) their
    bad rows."""
    hash_list = (
        "list(hash(code)) FILTER (WHERE date_reason IS NULL AND code IS NOT NULL)"
        if hashes
        else "NULL::UBIGINT[]"
    )
    bad_list = (
        "list({'n': n, 'why': date_reason, 'code': raw_code, 'received': raw_received, "
        "'due': raw_due, 'resolved': raw_resolved}) "
        "FILTER (WHERE date_reason IS NOT NULL AND date_reason <> 'duplicate')"
        if capture
        else "NULL::STRUCT(n BIGINT, why VARCHAR, code VARCHAR, received VARCHAR, "
        "due VARCHAR, resolved VARCHAR)[]"
    )
    return f""", raw AS (
  SELECT date_reason,
    CASE WHEN date_reason IS NULL THEN date_trunc('month', received)::DATE END AS month,
    agency_raw, channel_raw, service_raw, district_raw,
    count(*) FILTER (WHERE resolved IS NOT NULL AND due IS NOT NULL AND resolved < due) AS e,
    count(*) FILTER (WHERE resolved IS NOT NULL AND (due IS NULL OR resolved = due)) AS o,
    count(*) FILTER (WHERE resolved IS NOT NULL AND due IS NOT NULL AND resolved > due) AS l,
    count(*) FILTER (WHERE resolved IS NULL) AS p,
    fee, paid,
    count(*) AS n,
    -- every counted code's 64-bit hash, for the check for repeated codes (aggregate_file)
    {hash_list} AS hs,
    -- the rows a date makes bad, with their place and values, for the error file (few)
    {bad_list} AS bad
  FROM {table}
  GROUP BY ALL
)"""


def _judged_sql(fee_kind: str, paid_kind: str, extra: str) -> str:
    """The second stage, from ``raw``: each group's texts normalised and judged (agency,
    channel, fee), grouped again into the table, then ``extra`` rows."""
    return f"""
, norm AS (
  SELECT *, {_agency("agency_raw")} AS agency, {_channel("channel_raw")} AS channel,
    CASE WHEN {_truthy("fee", fee_kind)} THEN n ELSE 0 END AS f,
    CASE WHEN {_truthy("fee", fee_kind)} AND {_truthy("paid", paid_kind)} THEN n ELSE 0 END
      AS fp
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
  flatten(list(bad)) AS bad
FROM judged
GROUP BY ALL
{extra}
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


def detect_encoding(head: bytes) -> str:
    """The encoding of a file from its first bytes: UTF-16 by its BOM, UTF-8 (with or without
    BOM), else the legacy code page charset-normalizer finds (Windows-1258 …)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        head.decode("utf-8")
        return "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a character cut by the sample's end
            return "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"

    best = from_bytes(head, cp_isolation=["cp1258", "cp1252", "utf_16_le"]).best()
    if best is None:
        raise DossierFileError(UNKNOWN_ENCODING)
    return str(best.encoding)


def _letter(index: int) -> str:
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


def preview_file(path: Path | str, *, by_service: bool = False) -> dict[str, Any]:
    """What an import of this dossier export would read, before anything is read in full or
    saved: the encoding, every column with the field it feeds (in the file's own header words;
    a column not understood is listed as ignored), the required columns missing, and an
    estimate of the number of rows (from the size of the file and of its first rows)."""
    file = Path(path)
    if not file.is_file():
        raise DossierFileError(NO_FILE.with_params(name=file.name))
    size = file.stat().st_size
    if file.suffix.lower() == ".parquet":
        names, rows = _parquet_head(file)
        encoding, exact = "", True
    else:
        names, encoding, rows, exact = _csv_head(file, size)
    found = match_columns(names)
    if not by_service:  # the table is by agency: the procedure column feeds nothing
        found.pop("procedure", None)
    columns = _preview_columns(names, found)
    return {
        "encoding": encoding,
        "columns": columns,
        "ignored": [c["header"] for c in columns if c["status"] != "used"],
        "missing": [FIELD_LABELS[m] for m in REQUIRED if m not in found],
        "rows_estimate": int(rows),
        "rows_exact": exact,
        "size": size,
    }


def _parquet_head(file: Path) -> tuple[list[str], int]:
    """A Parquet file's column names and its number of rows (from its metadata, exact)."""
    import duckdb  # inside: heavy (DuckDB), only when a file is read

    connection = duckdb.connect()
    try:
        text = str(file).replace("'", "''")
        names = [
            str(r[0])
            for r in connection.execute(f"DESCRIBE SELECT * FROM read_parquet('{text}')").fetchall()
        ]
        counted = connection.execute(f"SELECT count(*) FROM read_parquet('{text}')").fetchone()
        rows = counted[0] if counted else 0
    except duckdb.Error as exc:
        raise DossierFileError(PARQUET_UNREADABLE) from exc
    finally:
        connection.close()
    return names, rows


def _csv_head(file: Path, size: int) -> tuple[list[str], str, int, bool]:
    """A CSV file's header names, its encoding, and its number of rows from its first MB:
    counted when the file is no longer (exact), else estimated from the size of those rows."""
    with file.open("rb") as handle:
        head = handle.read(1 << 20)
    encoding = detect_encoding(head)
    decoded = unicodedata.normalize("NFC", head.decode(encoding, errors="replace").lstrip("\ufeff"))
    lines = decoded.splitlines()
    if not lines or not lines[0].strip():
        raise DossierFileError(EMPTY)
    header = lines[0]
    delimiter = max((",", ";", "\t", "|"), key=header.count)
    names = next(csv.reader(io.StringIO(header), delimiter=delimiter), [])
    whole = len(head) >= size
    body = lines[1:] if whole else lines[1:-1]  # the last line of a sample may be cut
    if whole:
        return names, encoding, len([x for x in body if x.strip()]), True
    per_row = (len("\n".join(body).encode(encoding, errors="replace")) or 1) / max(len(body), 1)
    return names, encoding, int(size / per_row), False


def _preview_columns(names: list[str], found: dict[str, str]) -> list[dict[str, str]]:
    """Each column of the file, by its letter and header, with the field it feeds (``found``:
    field -> column) or as unknown."""
    fed = {column: name for name, column in found.items()}
    return [
        {
            "letter": _letter(i),
            "header": name,
            "field": fed.get(name, ""),
            "label": FIELD_LABELS.get(fed.get(name, ""), ""),
            "status": "used" if name in fed else "unknown",
        }
        for i, name in enumerate(names)
    ]


def to_utf8(path: Path, directory: Path) -> tuple[Path, str]:
    """The file as DuckDB reads it: UTF-8 (with or without BOM) is read in place; UTF-16 (Excel
    "Unicode text") and legacy code pages (Windows-1258, detected by charset-normalizer) are
    decoded in Python, a block at a time, to a temporary UTF-8 file in NFC."""
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

        best = from_bytes(head, cp_isolation=["cp1258", "cp1252", "utf_16_le"]).best()
        if best is None:
            raise DossierFileError(UNKNOWN_ENCODING)
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
    line, column and value. Only a file that cannot be read at all raises DossierFileError
    (its message said in the reader's language); how it is read: :func:`_aggregate_read`."""
    import duckdb  # inside: heavy (DuckDB), only when a file is read

    start = time.perf_counter()
    out = Aggregate()
    with tempfile.TemporaryDirectory(prefix="kehoach-hs-") as scratch:
        connection = _connect(threads)
        try:
            relation, csv_file = _relation(path, source, Path(scratch), out)
            try:
                described = {
                    row[0]: str(row[1])
                    for row in connection.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
                }
            except duckdb.Error as exc:
                raise DossierFileError(NOT_A_TABLE.with_params(kind=type(exc).__name__)) from exc
            out = _aggregate_read(
                out,
                connection,
                relation,
                described,
                csv_file=csv_file,
                threads=threads,
                by_service=by_service,
                by_district=by_district,
                progress=progress,
                errors=errors,
            )
        except duckdb.Error as exc:
            raise DossierFileError(
                UNREADABLE.with_params(kind=type(exc).__name__, detail=str(exc).splitlines()[0])
            ) from exc
        finally:
            connection.close()
    out.seconds = time.perf_counter() - start
    return out


def _relation(
    path: Path | str | None, source: str | None, scratch: Path, out: Aggregate
) -> tuple[str, Path | None]:
    """The DuckDB relation to read (``source`` as given, else the file's) and the CSV file
    read, in UTF-8 (a copy in ``scratch`` when it was not: its encoding in ``out``)."""
    if source is not None:
        return source, None
    assert path is not None
    file = Path(path)
    if not file.is_file():
        raise DossierFileError(NO_FILE.with_params(name=file.name))
    csv_file: Path | None = None
    if file.suffix.lower() != ".parquet":
        file, out.encoding = to_utf8(file, scratch)
        csv_file = file
    return source_sql(file), csv_file


def _aggregate_read(
    out: Aggregate,
    connection: Any,
    relation: str,
    described: dict[str, str],
    *,
    csv_file: Path | None,
    threads: int | None,
    **options: Any,
) -> Aggregate:
    """The relation of ``described`` columns aggregated. One reading of the file in the
    common case: a CSV's date columns are typed by the reader with the format the file uses
    (a value it cannot read sends its row, line and value to the rejects table), the table is
    grouped, and each counted code's hash comes out with it, so that repeated codes are
    looked for (by code, exactly, reading the file again) only when two hashes are equal. A
    date the reader refused but another format reads (a file mixing formats) sends the file
    through the per-row text rules instead, on a new connection (closed here; ``connection``
    is closed then, and by the caller)."""
    columns = map_columns(list(described))
    types = {name: described[column] for name, column in columns.items()}
    sniff_formats(connection, relation, columns, types)
    dates = typed_dates(columns, types) if csv_file is not None else {}
    options.update(names=list(described), csv_file=csv_file)
    if not dates:
        _aggregate(out, connection, relation, columns, types, **options)
        return out
    assert csv_file is not None
    typed = dict(types)
    for name in ("received", "due", "resolved"):
        if name in columns and columns[name] in dates:
            fmt = dates[columns[name]]
            typed[name] = ("TIMESTAMP:" if "%H" in fmt else "DATE:") + fmt
    if _aggregate(out, connection, source_sql(csv_file, dates), columns, typed, **options):
        return out
    # a date another format reads: the per-row text rules
    connection.close()
    connection = _connect(threads)
    try:
        out = Aggregate(encoding=out.encoding)
        _aggregate(out, connection, relation, columns, types, **options)
    finally:
        connection.close()
    return out


def _connect(threads: int | None) -> Any:
    import duckdb  # inside: heavy (DuckDB), only when a file is read

    connection = duckdb.connect()
    # DuckDB's own bar writes to the terminal by itself; ours is drawn from query_progress().
    connection.execute("SET enable_progress_bar_print = false")
    if threads:
        connection.execute(f"SET threads = {int(threads)}")
    return connection


def _aggregate(
    out: Aggregate,
    connection: Any,
    relation: str,
    columns: dict[str, str],
    types: dict[str, str],
    *,
    names: list[str],
    csv_file: Path | None,
    by_service: bool,
    by_district: bool,
    progress: Callable[[float], None] | None,
    errors: bool,
) -> bool:
    """The aggregation of one relation into ``out``; False (``out`` untouched) when the
    reader refused a date that one of DATE_FORMATS reads (the caller reads the file as text)."""
    # Per-row capture of the bad rows' places only where a date is text (it may be
    # unreadable); typed dates were checked by the reader (rejects) or by their type.
    capture = any(types.get(n, "").startswith("VARCHAR") for n in ("received", "due", "resolved"))
    grouped = _grouped(
        connection,
        relation,
        columns,
        names=names,
        csv_file=csv_file,
        progress=progress,
        by_service=by_service,
        by_district=by_district,
        types=types,
        capture=capture,
    )
    if grouped is None:
        return False
    rows, rejected = grouped
    bad_channels, dated_errors = _count_rows(out, rows)
    for item in rejected:
        why = item["why"]  # kept: the job says the reason by it (reason_said)
        out.reasons[why] = out.reasons.get(why, 0) + 1
        out.broken += 1
        out.dossiers += 1
    if errors and out.broken:
        out.errors = _listed_errors(
            out,
            connection,
            relation,
            columns,
            types,
            rejected,
            capture=capture,
            dated_errors=dated_errors,
            bad_channels=bad_channels,
        )
    out.broken_codes = [e["code"] for e in out.errors[:BROKEN_SAMPLE] if e.get("code")]
    return True


def _grouped(
    connection: Any,
    relation: str,
    columns: dict[str, str],
    *,
    names: list[str],
    csv_file: Path | None,
    progress: Callable[[float], None] | None,
    **options: Any,
) -> tuple[list[tuple[Any, ...]], list[dict[str, Any]]] | None:
    """The table's rows (:func:`aggregate_sql`, again by code when two counted codes may be
    the same) and the rows the CSV reader rejected; None when a date it refused is read by
    another of DATE_FORMATS."""
    # The codes' hashes: collected by the grouping itself from a CSV (a second reading of
    # the text would cost more) or a query; read apart from a Parquet file (a column costs
    # little).
    from_groups = not relation.startswith("read_parquet(")  # a query (the demo) runs once
    first, second = aggregate_statements(
        relation, columns, table="kehoach_raw", hash_list=from_groups, **options
    )
    run_with_progress(connection, first, progress)
    rejected: list[dict[str, Any]] = []
    if csv_file is not None:
        rejected, mixed = _rejects(connection, csv_file, columns, names, options["types"])
        if mixed:
            return None
    if _codes_repeated(connection, relation, columns, from_groups=from_groups):
        # Two counted rows share a code's hash: the exact check, by code (only then).
        first, second = aggregate_statements(
            relation, columns, duplicates=True, table="kehoach_raw", **options
        )
        run_with_progress(connection, first, progress)
    return connection.execute(second).fetchall(), rejected


def _codes_repeated(
    connection: Any, relation: str, columns: dict[str, str], *, from_groups: bool
) -> bool:
    """Whether two counted codes may be the same: their hashes, from the raw groups
    (``from_groups``) or read from the relation."""
    if "code" not in columns:
        return False
    if from_groups:
        return _repeated_hashes(connection, "SELECT unnest(hs) AS h FROM kehoach_raw")
    code = '"' + columns["code"].replace('"', '""') + '"'
    return _repeated_hashes(
        connection,
        f"SELECT hash(CAST({code} AS VARCHAR)) AS h FROM {relation} WHERE {code} IS NOT NULL",
    )


def _count_rows(
    out: Aggregate, rows: list[tuple[Any, ...]]
) -> tuple[set[str], list[dict[str, Any]]]:
    """The table's rows into ``out`` (a row per month and agency; the rows not counted by
    reason); returns the channel words found bad and the bad rows the dates made."""
    bad_channels: set[str] = set()
    dated_errors: list[dict[str, Any]] = []
    for row in rows:
        reason, month, agency, service, district, *figures, dossiers, bad = row
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
    return bad_channels, dated_errors


def _listed_errors(
    out: Aggregate,
    connection: Any,
    relation: str,
    columns: dict[str, str],
    types: dict[str, str],
    rejected: list[dict[str, Any]],
    *,
    capture: bool,
    dated_errors: list[dict[str, Any]],
    bad_channels: set[str],
) -> list[dict[str, Any]]:
    """Each row not counted, with its place: from the aggregation and the rejects when they
    know every bad row, else by reading the relation again (:func:`_error_rows`)."""
    others = set(out.reasons) - {
        "received_missing",
        "received_bad",
        "due_bad",
        "resolved_bad",
        "resolved_before",
        "shape",
    }
    if not capture:
        # typed dates: what the query itself found bad still needs each row's place
        others |= set(out.reasons) - {"received_bad", "due_bad", "resolved_bad", "shape"}
    if not others:
        # Every bad row is known from the aggregation and the rejects: no second reading.
        return _place_errors(dated_errors, columns, rejected)
    return _error_rows(
        connection,
        relation,
        columns,
        types,
        rejected,
        bad_channels=bad_channels,
        duplicates="duplicate" in out.reasons,
    )


def aggregate_statements(
    source: str, columns: dict[str, str], *, table: str, **options: Any
) -> tuple[str, str]:
    """:func:`aggregate_sql` as its two statements (the raw groups into ``table``, then the
    table from them)."""
    parts = aggregate_sql(source, columns, raw_table=table, **options)
    assert isinstance(parts, tuple)
    return parts


def _repeated_hashes(connection: Any, query: str) -> bool:
    """Whether two of the hashes ``h`` the query gives are equal (an exact test of "no code
    repeated": equal codes have equal hashes; two codes sharing a hash only cost the exact
    check by code). Sorted by numpy when it is installed (a tenth of a second for 2.000.000),
    else DuckDB's distinct count."""
    try:
        import numpy  # inside: heavy (~0.1 s) and optional: DuckDB counts without it
    except ImportError:
        (repeated,) = connection.execute(
            f"SELECT count(*) - count(DISTINCT h) FROM ({query})"
        ).fetchone()
        return bool(repeated)
    values = connection.execute(query).fetchnumpy()["h"]
    values = numpy.asarray(values)
    values.sort()
    return bool((values[1:] == values[:-1]).any())


def _delimiter(csv_file: Path, count: int) -> str:
    """The delimiter that splits the header line into its ``count`` columns."""
    with csv_file.open(encoding="utf-8-sig", newline="") as handle:
        header = handle.readline()
    for delimiter in (",", ";", "\t", "|"):
        if len(next(csv.reader([header], delimiter=delimiter), [])) == count:
            return delimiter
    return ","


def _rejects(
    connection: Any,
    csv_file: Path,
    columns: dict[str, str],
    names: list[str],
    types: dict[str, str],
) -> tuple[list[dict[str, Any]], bool]:
    """Rows the CSV reader could not take (its rejects table): of the wrong shape, or with a
    date it could not read in the file's format — each with its line, column, value, reason
    (``why``) and code. The flag: some refused date is read by another of DATE_FORMATS (a
    file mixing formats, for the per-row text rules)."""
    try:
        found = connection.execute(
            "SELECT DISTINCT line, column_name, csv_line, error_type::VARCHAR FROM reject_errors "
            "ORDER BY line"  # a file read twice (repeated codes) logs its rejects twice
        ).fetchall()
    except Exception:  # no CSV was scanned: no rejects table
        return [], False
    dated: dict[str, str] = {
        columns[n]: n
        for n in ("received", "due", "resolved")
        if n in columns and not types.get(n, "VARCHAR").startswith("VARCHAR")
    }
    out, cast = _shape_rejects(found, dated)
    if cast:
        dated_errors = _date_rejects(csv_file, columns, names, dated, cast)
        if dated_errors is None:
            return [], True
        out.extend(dated_errors)
    out.sort(key=lambda e: e["line"])
    return out, False


def _shape_rejects(
    found: list[tuple[Any, ...]], dated: dict[str, str]
) -> tuple[list[dict[str, Any]], dict[int, tuple[str, set[str]]]]:
    """The rejects of the wrong shape, each as an error row; and the dates refused in the
    dated columns (``dated``: column -> field), by line: the line's text and its columns."""
    out: list[dict[str, Any]] = []
    cast: dict[int, tuple[str, set[str]]] = {}
    for line, column, csv_line, error in found:
        if error == "CAST" and column in dated:
            cast.setdefault(int(line), (csv_line or "", set()))[1].add(column)
            continue
        if error == "CAST":  # a column read as text cannot fail to cast
            continue
        out.append(
            {
                "line": int(line),
                "column": column or "",
                "value": (csv_line or "").strip("\r\n")[:200],
                "reason": SHAPE_DETAIL.with_params(reason=REASONS["shape"][1], detail=error).text(
                    "vi"
                ),
                "code": "",
                "why": "shape",
                "detail": error,
            }
        )
    return out, cast


def _date_rejects(
    csv_file: Path,
    columns: dict[str, str],
    names: list[str],
    dated: dict[str, str],
    cast: dict[int, tuple[str, set[str]]],
) -> list[dict[str, Any]] | None:
    """Each line with a refused date, read again from its text: an error row with why it was
    refused (its date received missing, else the first of its dates refused); None as soon as one
    refused date is read by another of DATE_FORMATS (the file mixes formats)."""
    delimiter = _delimiter(csv_file, len(names))
    position = {name: i for i, name in enumerate(names)}

    def field(cells: list[str], name: str) -> str:
        if name not in columns or position[columns[name]] >= len(cells):
            return ""
        return cells[position[columns[name]]]

    dated_errors = []
    unreadable: set[str] = set()
    for line, (csv_line, refused) in sorted(cast.items()):
        cells = next(csv.reader([csv_line.strip("\r\n")], delimiter=delimiter), [])
        for column in refused:
            value = field(cells, dated[column]).strip()
            if value not in unreadable:  # the same bad value is tried once
                if _read_by_another_format(value):
                    return None
                unreadable.add(value)
        if "received" in columns and not field(cells, "received").strip():
            why = "received_missing"
        else:
            why = next(n for n in ("received", "due", "resolved") if columns.get(n) in refused)
            why += "_bad"
        name, reason = REASONS[why]
        dated_errors.append(
            {
                "line": line,
                "column": columns.get(name, name),
                "value": field(cells, name)[:200],
                "reason": reason.text("vi"),
                "code": field(cells, "code"),
                "why": why,
            }
        )
    return dated_errors


def _read_by_another_format(value: str) -> bool:
    """Whether one of DATE_FORMATS reads the date."""
    for fmt in DATE_FORMATS:
        try:
            datetime.strptime(value, fmt)
        except ValueError:
            continue
        return True
    return False


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

    def text(name: str) -> str:
        # a date the CSV reader typed is shown as the file wrote it
        head, _, fmt = kind(name).partition(":")
        if head in ("DATE", "TIMESTAMP") and fmt:
            return f"strftime({col(name)}, '{fmt}')"
        return f"CAST({col(name)} AS VARCHAR)"

    raw = {
        name: text(name) for name in ("code", "received", "due", "resolved", "agency", "channel")
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
                "reason": reason.text("vi"),
                "code": code or "",
                "why": why,
            }
        )
    out.extend(shape)
    out.sort(key=lambda e: e["line"])
    return out[:MAX_ERROR_ROWS]


def error_csv(errors: list[dict[str, Any]]) -> bytes:
    """The error file: line, column, value, reason (UTF-8 with BOM, for Excel)."""
    buffer = io.StringIO()
    # a value "=…" of the uploaded file stays text in the error file (issue 21); the file a
    # person downloads is in Vietnamese, whatever the page's language (its reasons are the
    # Vietnamese texts of REASONS; the page says them in the reader's language)
    writer = csv_writer(buffer, lineterminator="\r\n")
    writer.writerow(["dòng", "cột", "giá trị", "lý do", "mã hồ sơ"])
    for e in errors:
        writer.writerow([e["line"], e["column"], e["value"], e["reason"], e.get("code", "")])
    return buffer.getvalue().encode("utf-8-sig")


AGGREGATING = Message("dossiers.progress.aggregating", gettext_noop("Tổng hợp hồ sơ"))


def default_progress(
    label: Message | str = AGGREGATING, language: str | None = None
) -> Callable[[float], None]:
    """A progress bar on stderr, its label said in ``language`` (by default the command
    line's: ``KEHOACH_LANG``, else Vietnamese)."""
    language = normalise(language or os.environ.get(ENVIRONMENT))
    text = label.text(language) if isinstance(label, Message) else label
    return progress_bar(sys.stderr, text)


def month_key(value: date) -> str:
    return f"{value.year}-{value.month:02d}"
