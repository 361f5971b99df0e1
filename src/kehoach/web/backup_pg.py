"""PostgreSQL's part of a restore (issue 25): load the way ``pg_restore`` does, check in sets.

- The foreign-key triggers are off while the tables load (``session_replication_role =
  replica``, for the restoring transaction only; it needs a superuser, or the right to set that
  parameter — without it they stay on, deferred, as before) and every foreign key is then
  checked by one anti-join (backup._check_references): the per-row deferred trigger checks took
  a fifth of the restore's time.
- Secondary indexes (not the primary keys, not the unique ones: those keep refusing a duplicate
  while loading) are dropped before the rows go in and built again after, each once.
- Stored files are compressed with LZ4 where the server has it (``fast_compression``).
- A table is verified by a SHA-256 of its canonical text: PostgreSQL's own ``COPY … TO`` output,
  in key order, under fixed output settings (``digest``). The backup writes that digest beside
  the records; the restored table gives the same bytes only if every field is equal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, connection, transaction

# The output settings that make COPY's text canonical (dates, times, intervals, floats, bytes).
RENDERING = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, YMD",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "bytea_output": "hex",
}
DIGEST = "pg-copy-sha256-1"  # how the digest is made: named in the manifest


def major_version(cursor: Any) -> int:
    cursor.execute("SHOW server_version_num")
    return int(cursor.fetchone()[0]) // 10000


@contextmanager
def rendering(cursor: Any) -> Iterator[None]:
    """The canonical output settings for this transaction, the previous ones put back after."""
    names = list(RENDERING)
    cursor.execute("SELECT " + ", ".join(f"current_setting('{n}')" for n in names))
    before = dict(zip(names, cursor.fetchone(), strict=True))
    for name, value in RENDERING.items():
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
    try:
        yield
    finally:
        for name, value in before.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


def digest(cursor: Any, select: str) -> str:
    """SHA-256 of ``COPY (select) TO STDOUT``, streamed (constant memory, the hashing in C)."""
    sha = hashlib.sha256()
    with rendering(cursor), cursor.cursor.copy(f"COPY ({select}) TO STDOUT") as copy:
        for data in copy:
            sha.update(data)
    return sha.hexdigest()


def prepare(cursor: Any, tables: list[str]) -> tuple[bool, dict[str, list[str]]]:
    """The restoring transaction set to load: triggers off, files compressed fast, secondary
    indexes dropped (only with the triggers off: their pending checks would forbid building an
    index before the commit). Whether the triggers are off; the dropped indexes by table."""
    off = triggers_off(cursor)
    fast_compression()
    return off, drop_indexes(cursor, tables) if off else {}


def triggers_off(cursor: Any) -> bool:
    """Switch the foreign-key triggers off for the rest of the transaction; False when this
    role may not (then they stay on, deferred, and fire at the commit as before)."""
    try:
        with transaction.atomic():  # a refusal rolls back this savepoint, not the restore
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    return True


def fast_compression() -> None:
    """Stored files compressed with LZ4 rather than pglz for this transaction, where the server
    has it: the same bytes read back, at a quarter of the CPU (pglz spends as long failing to
    shrink an already compressed DOCX or PDF as the rest of its table takes to load). The
    server's own setting applies again to everything written after the restore."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL default_toast_compression = lz4")
    except DatabaseError:
        pass


def triggers_on(cursor: Any) -> None:
    cursor.execute("SET LOCAL session_replication_role = origin")


def drop_indexes(cursor: Any, tables: list[str]) -> dict[str, list[str]]:
    """Drop the tables' secondary indexes (neither primary key, unique, nor backing a
    constraint) where this role owns the table; their definitions by table, to build them
    again once its rows are in."""
    cursor.execute(
        "SELECT t.relname, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
        "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
        "WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace "
        "AND pg_has_role(current_user, t.relowner, 'USAGE') "
        "AND NOT i.indisprimary AND NOT i.indisunique "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
        "ORDER BY 1, 2",
        [tables],
    )
    found: dict[str, list[str]] = {}
    for table, name, definition in cursor.fetchall():
        cursor.execute(f"DROP INDEX {name}")
        found.setdefault(table, []).append(definition)
    if found:  # room to sort each index's keys in memory as it is built
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    return found


def create_indexes(cursor: Any, definitions: list[str]) -> None:
    for definition in definitions:
        cursor.execute(definition)


def foreign_keys(cursor: Any, tables: list[str]) -> list[tuple[str, list[str], str, list[str]]]:
    """Every foreign-key constraint of the tables, as PostgreSQL holds them: (table, columns,
    referenced table, referenced columns)."""
    cursor.execute(
        "SELECT t.relname, f.relname, "
        "ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) "
        "  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i), "
        "ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i) "
        "  JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) "
        "FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
        "JOIN pg_class f ON f.oid = c.confrelid "
        "WHERE c.contype = 'f' AND t.relname = ANY(%s) "
        "AND t.relnamespace = current_schema()::regnamespace ORDER BY t.relname, c.conname",
        [tables],
    )
    return [(table, list(cols), other, list(refs)) for table, other, cols, refs in cursor]


def column_types(cursor: Any, table: str) -> dict[str, str]:
    """Each column's type without its modifier (``character varying``, ``numeric``): a value
    cast to it keeps its length and scale, and the column's own limits apply as the row is
    stored (an over-long text is refused, as a ``COPY`` would refuse it)."""
    cursor.execute(
        "SELECT a.attname, format_type(a.atttypid, NULL) FROM pg_attribute a "
        "JOIN pg_class t ON t.oid = a.attrelid "
        "WHERE t.relname = %s AND t.relnamespace = current_schema()::regnamespace "
        "AND a.attnum > 0 AND NOT a.attisdropped",
        [table],
    )
    return dict(cursor.fetchall())
