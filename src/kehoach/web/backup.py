"""Backup and restore: the whole database (uploaded files included — kehoach keeps them in the
database, outside the web root) and any files in the data folder, consistent, with a checksum
manifest. A backup restores onto an empty installation on SQLite or PostgreSQL alike.

Format 2 (issue 25, and issue 21's "backups byte for byte"):

- ``records/<app.model>.jsonl`` — one line per row, in primary-key order: a JSON array of the
  row's column values (times to the microsecond, amounts as exact decimal text, text exactly as
  stored — CR LF, control characters, emoji and combining marks included, JSON escapes them);
- ``blobs/<app.model>/<pk>-<field>.bin`` — every stored file (DOCX, PDF, evidence, uploads) as a
  file beside the records; the row holds ``{"blob": path, "sha256": …, "size": …}``;
- ``files/`` — anything under ``KEHOACH_DATA_DIR/files``;
- ``manifest.json`` — version, migrations, for each table its columns, rows and the SHA-256 of
  its records file, the SHA-256 of every data-folder file, and, from PostgreSQL, each table's
  digest: the SHA-256 of PostgreSQL's canonical text of the table (backup_pg), taken in the same
  snapshot as the records.

The backup streams: rows are read by primary-key ranges of 10.000 with the files left out, and the
files 16 rows at a time, so its memory does not grow with the database or the files' sizes. The
restore checks every checksum first, then inserts in one transaction and checks everything
before it commits. On PostgreSQL (backup_pg): the foreign-key triggers off and the secondary
indexes dropped, each records file streamed as it is into a temporary ``jsonb`` column and its
files into a ``bytea`` one, then one ``INSERT … SELECT`` per table; every foreign key checked by
one anti-join, the indexes built again; each table's digest compared with the backup's. Elsewhere:
multi-row ``INSERT`` in batches, the same foreign-key check, and every row read back, encoded the
same way and compared with the backup's line, text to text — the way PostgreSQL verifies too when
the backup has no digest (made elsewhere, before this, or on another major version) or a digest
differs (a difference names the table, the row and the field). Backups of format 1 (``data.xml``,
before issue 25) still restore, through ``loaddata``, verified by counts as they were."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DatabaseError, connection, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.functions import Length
from django.utils.translation import gettext_noop

from kehoach.core.messages import Message, Refusal
from kehoach.web import backup_pg

FORMAT = 2
FORMATS = (1, 2)
DIGEST_DIFFERS = Message(
    "backup.digest_differs",
    gettext_noop(
        "{table}: mọi dòng khớp bản sao lưu, nhưng văn bản chuẩn của PostgreSQL khác cơ sở dữ "
        "liệu nguồn (giá trị tương đương, cách ghi khác)."
    ),
)
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
CHUNK = 10000  # rows read at a time
BLOB_CHUNK = 16  # rows whose files are read at a time …
BLOB_BYTES = 8 << 20  # … up to 8 MB (or one larger file)
# Rows that point at records every installation makes for itself (content types, permissions)
# keep them by their natural key, which is the same everywhere; the ids are not.
NATURAL = {"contenttypes.contenttype", "auth.permission"}
BLOB = object()
STAGED_AHEAD = 256 << 20  # records bytes a restore's helper stages ahead of the inserts


class BackupError(Refusal):
    """A backup that cannot be made or restored: ``BackupError(Message(...))``."""

    code = "backup"
    str_language = "en"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files_dir() -> Path:
    return Path(settings.DATA_DIR) / "files"


def _excluded(label: str) -> bool:
    return any(label == e or label.startswith(e + ".") for e in EXCLUDED)


def backed_up_models() -> list[type[models.Model]]:
    """Every model kept in a backup (many-to-many tables included), in a fixed order."""
    out = [
        m
        for m in apps.get_models(include_auto_created=True)
        if not _excluded(m._meta.label_lower) and not m._meta.proxy and m._meta.managed
    ]
    return sorted(out, key=lambda m: m._meta.label_lower)


def model_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in backed_up_models()}


# -- one row <-> one line -------------------------------------------------------------------


def _natural(field: models.Field[Any, Any]) -> bool:
    related = field.related_model
    return bool(
        field.is_relation and related is not None and related._meta.label_lower in NATURAL  # type: ignore[union-attr]
    )


def _iso(value: Any) -> Any:
    return value.isoformat()


def _micro(value: dt.timedelta) -> int:
    return (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds


def _b64(value: Any) -> dict[str, str]:
    return {"b64": base64.b64encode(bytes(value)).decode("ascii")}


ENCODERS: dict[str, Callable[[Any], Any]] = {
    "DateTimeField": _iso,
    "DateField": _iso,
    "TimeField": _iso,
    "DecimalField": str,
    "DurationField": _micro,
    "UUIDField": str,
    "BinaryField": _b64,
}
DECODERS: dict[str, Callable[[Any], Any]] = {
    "DateTimeField": dt.datetime.fromisoformat,
    "DateField": dt.date.fromisoformat,
    "TimeField": dt.time.fromisoformat,
    "DecimalField": Decimal,
    "DurationField": lambda v: dt.timedelta(microseconds=v),
    "UUIDField": uuid.UUID,
    "BinaryField": lambda v: base64.b64decode(v["b64"]),
}


# One encoder for every line (json.dumps with these options builds one per call).
_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


class Codec:
    """How a model's rows become lines and back: one encoder and one decoder per column,
    chosen once (None: the value is written as it is)."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.label = model._meta.label_lower
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.blobs = [f.attname for f in self.fields if f.get_internal_type() == "BinaryField"]
        self._natural_cache: dict[Any, Any] = {}
        self._ids_cache: dict[Any, Any] = {}
        self.kinds = {f.attname: self.kind(f) for f in self.fields}
        self.encoders: dict[str, Callable[[Any], Any] | None] = {}
        self.decoders: dict[str, Callable[[Any], Any] | None] = {}
        for f in self.fields:
            kind = self.kinds[f.attname]
            if kind == "natural":
                self.encoders[f.attname] = self._natural_encoder(f)
                self.decoders[f.attname] = self._natural_decoder(f)
            else:
                self.encoders[f.attname] = ENCODERS.get(kind)
                self.decoders[f.attname] = DECODERS.get(kind)

    def kind(self, field: models.Field[Any, Any]) -> str:
        if _natural(field):
            return "natural"
        internal = field.get_internal_type()
        if field.is_relation:
            internal = cast(Any, field).target_field.get_internal_type()
        return internal

    def _natural_encoder(self, field: models.Field[Any, Any]) -> Callable[[Any], Any]:
        def encode(value: Any) -> Any:
            key = self._natural_cache.get(value)
            if key is None:
                obj: Any = cast(Any, field.related_model)._base_manager.get(pk=value)
                key = self._natural_cache[value] = list(obj.natural_key())
            return key

        return encode

    def _natural_decoder(self, field: models.Field[Any, Any]) -> Callable[[Any], Any]:
        def decode(value: Any) -> Any:
            key = tuple(value)
            found = self._ids_cache.get(key)
            if found is None:
                manager: Any = cast(Any, field.related_model)._base_manager
                found = self._ids_cache[key] = manager.get_by_natural_key(*key).pk
            return found

        return decode

    # encoding ---------------------------------------------------------------------------
    def encode_value(self, field: models.Field[Any, Any], value: Any) -> Any:
        encoder = self.encoders[field.attname]
        return value if value is None or encoder is None else encoder(value)

    def line(self, values: list[Any]) -> str:
        return _LINE(values)

    # decoding ---------------------------------------------------------------------------
    def decode_value(
        self, field: models.Field[Any, Any], value: Any, blob: Callable[..., Any]
    ) -> Any:
        if value is None:
            return None
        if field.attname in self.blobs:
            return blob(value)
        decoder = self.decoders[field.attname]
        return value if decoder is None else decoder(value)


def _rows(
    model: type[models.Model],
    attnames: list[str],
    sizes: list[str] = (),  # type: ignore[assignment]
) -> Iterator[tuple[Any, ...]]:
    """The model's rows (the given columns, primary key first, then the byte length of each
    file column in ``sizes``) in key order, 10.000 at a time by key ranges: constant memory on
    every database."""
    pk = model._meta.pk.attname  # type: ignore[union-attr]
    names = [pk, *[a for a in attnames if a != pk], *[f"size__{a}" for a in sizes]]
    qs = model._base_manager.annotate(**{f"size__{a}": Length(a) for a in sizes}).order_by(pk)
    last = None
    while True:
        chunk = list(
            (qs.filter(**{f"{pk}__gt": last}) if last is not None else qs).values_list(*names)[
                :CHUNK
            ]
        )
        if not chunk:
            return
        yield from chunk
        last = chunk[-1][0]


def _encoded_rows(
    codec: Codec, blob_out: Callable[[Any, str, bytes], Any] | None
) -> Iterator[tuple[Any, str]]:
    """(primary key, line) for every row. Files are read 16 rows (at most 8 MB, or one file)
    at a time and handed to
    ``blob_out`` (which writes them and returns their reference) or, when it is None, only
    hashed (to compare a restored table with its backup)."""
    model = codec.model
    pk = model._meta.pk.attname  # type: ignore[union-attr]
    plain = [a for a in codec.attnames if a not in codec.blobs]
    position = {a: i for i, a in enumerate([pk, *[a for a in plain if a != pk]])}
    if not codec.blobs:  # no file to fetch: each row encoded as it comes
        line = codec.line
        steps = [(position[f.attname], codec.encoders[f.attname]) for f in codec.fields]
        for row in _rows(model, plain):
            yield (
                row[0],
                line(
                    [
                        value if (value := row[i]) is None or encoder is None else encoder(value)
                        for i, encoder in steps
                    ]
                ),
            )
        return
    pending: list[tuple[Any, ...]] = []
    pending_bytes = 0
    columns = [
        (f, BLOB if f.attname in codec.blobs else codec.encoders[f.attname]) for f in codec.fields
    ]

    def flush() -> Iterator[tuple[Any, str]]:
        files: dict[Any, dict[str, Any]] = {}
        # Only the rows that hold a file (a NULL has no length; an empty file is read too).
        holding = [r[0] for r in pending if any(n is not None for n in r[len(position) :])]
        if codec.blobs and holding:
            for row in model._base_manager.filter(**{f"{pk}__in": holding}).values_list(
                pk, *codec.blobs
            ):
                files[row[0]] = dict(zip(codec.blobs, row[1:], strict=True))
        for row in pending:
            values: list[Any] = []
            encoder: Any
            for field, encoder in columns:
                if encoder is BLOB:
                    content = files.get(row[0], {}).get(field.attname)
                    if content is None:
                        values.append(None)
                        continue
                    data = bytes(content)
                    ref = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                    if blob_out is not None:
                        ref = {"blob": blob_out(row[0], field.attname, data), **ref}
                    values.append(ref)
                else:
                    value = row[position[field.attname]]
                    values.append(value if value is None or encoder is None else encoder(value))
            yield row[0], codec.line(values)
        pending.clear()

    for row in _rows(model, plain, codec.blobs):
        size = sum(n or 0 for n in row[len(position) :])
        if pending and codec.blobs and pending_bytes + size > BLOB_BYTES:
            yield from flush()
            pending_bytes = 0
        pending.append(row)
        pending_bytes += size
        if len(pending) >= (BLOB_CHUNK if codec.blobs else CHUNK):
            yield from flush()
            pending_bytes = 0
    if pending:
        yield from flush()


# -- backup ---------------------------------------------------------------------------------


def backup(dest: Path) -> dict[str, Any]:
    """Write into a temporary folder beside DEST and rename it at the end: a backup that fails
    half-way leaves nothing that could be mistaken for a backup."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(
            Message(
                "backup.dest_not_empty",
                gettext_noop("Thư mục '{folder}' đã có dữ liệu; hãy chọn thư mục trống."),
            ).with_params(folder=str(dest))
        )
    partial = dest.with_name(dest.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        manifest = _write(partial)
    except Exception:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if dest.exists():
        dest.rmdir()
    partial.rename(dest)
    return manifest


def _write_table(dest: Path, codec: Codec) -> dict[str, Any]:
    records = dest / "records" / f"{codec.label}.jsonl"
    blob_dir = dest / "blobs" / codec.label

    def blob_out(pk: Any, attname: str, data: bytes) -> str:
        blob_dir.mkdir(parents=True, exist_ok=True)
        path = blob_dir / f"{pk}-{attname}.bin"
        path.write_bytes(data)
        return path.relative_to(dest).as_posix()

    digest = hashlib.sha256()
    rows = 0
    with records.open("w", encoding="utf-8", newline="\n") as handle:
        for _pk, line in _encoded_rows(codec, blob_out):
            data = line + "\n"
            handle.write(data)
            digest.update(data.encode("utf-8"))
            rows += 1
    return {
        "table": codec.model._meta.db_table,
        "fields": codec.attnames,
        "rows": rows,
        "sha256": digest.hexdigest(),
    }


def _write(dest: Path) -> dict[str, Any]:
    (dest / "records").mkdir()
    tables: dict[str, Any] = {}
    # One consistent snapshot; inside a transaction already begun (a test's, a caller's) the
    # isolation level can no longer be set and that transaction's snapshot is the one read.
    outer = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in backed_up_models():
            codec = Codec(model)
            tables[codec.label] = _write_table(dest, codec)
            if connection.vendor == "postgresql":  # the same snapshot as the records
                with connection.cursor() as cursor:
                    tables[codec.label][backup_pg.DIGEST] = backup_pg.digest(
                        cursor, _canonical_select(codec)
                    )
        postgresql = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                postgresql = backup_pg.major_version(cursor)
        migrations = dict(
            MigrationRecorder.Migration.objects.order_by("applied").values_list("app", "name")
        )
    files: dict[str, str] = {}
    source = _files_dir()
    if source.is_dir():
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            relative = path.relative_to(source).as_posix()
            target = dest / "files" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            files[relative] = _sha256(target)
    manifest = {
        "format": FORMAT,
        "created": dt.datetime.now(dt.UTC).isoformat(),
        "kehoach": metadata.version("kehoach"),
        "database": connection.vendor,
        "postgresql": postgresql,
        "migrations": migrations,
        "counts": {label: t["rows"] for label, t in tables.items()},
        "tables": tables,
        "files": files,
    }
    (dest / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return manifest


# -- restore --------------------------------------------------------------------------------


def _damaged(name: str) -> BackupError:
    return BackupError(
        Message(
            "backup.file_damaged",
            gettext_noop("Tệp '{name}' của bản sao lưu bị hỏng (sai mã kiểm tra)."),
        ).with_params(name=name)
    )


def _verify(src: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((src / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(
            Message(
                "backup.no_manifest",
                gettext_noop("'{folder}' không phải là bản sao lưu của kehoach (thiếu manifest)."),
            ).with_params(folder=str(src))
        ) from exc
    if manifest.get("format") not in FORMATS:
        raise BackupError(
            Message("backup.format", gettext_noop("Định dạng bản sao lưu không được hỗ trợ."))
        )
    try:
        if manifest["format"] == 1:
            if _sha256(src / "data.xml") != manifest["data_sha256"]:
                raise BackupError(
                    Message(
                        "backup.data_damaged",
                        gettext_noop("Tệp dữ liệu của bản sao lưu bị hỏng (sai mã kiểm tra)."),
                    )
                )
        else:
            for label, table in manifest["tables"].items():
                name = f"records/{label}.jsonl"
                if _sha256(src / name) != table["sha256"]:
                    raise _damaged(name)
                _verify_blobs(src, label)
        for relative, digest in manifest["files"].items():
            if _sha256(src / "files" / relative) != digest:
                raise _damaged(f"files/{relative}")
    except OSError as exc:
        raise BackupError(
            Message(
                "backup.file_missing", gettext_noop("Bản sao lưu thiếu tệp: {name}.")
            ).with_params(name=exc.filename)
        ) from exc
    return manifest


def _verify_blobs(src: Path, label: str) -> None:
    with (src / "records" / f"{label}.jsonl").open(encoding="utf-8") as handle:
        for text in handle:
            if '"blob":' not in text:
                continue
            for value in json.loads(text):
                if (
                    isinstance(value, dict)
                    and "blob" in value
                    and _sha256(src / value["blob"]) != value["sha256"]
                ):
                    raise _damaged(value["blob"])


def restore(
    src: Path, timings: dict[str, float] | None = None, notes: list[Message] | None = None
) -> dict[str, int]:
    """Restore ``src`` onto an empty installation; ``timings`` (when given) receives the
    seconds spent checking the checksums and loading and comparing the records, ``notes`` what
    the operator should know of a restore that succeeded (``_verify_table``)."""
    started = time.perf_counter()
    manifest = _verify(src)
    checked = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    if any(count for count in model_counts().values()):
        raise BackupError(
            Message(
                "backup.target_not_empty",
                gettext_noop("Cơ sở dữ liệu đích đã có dữ liệu; chỉ khôi phục vào cài đặt trống."),
            )
        )
    loading = time.perf_counter()
    if manifest["format"] == 1:
        counts = _restore_xml(src, manifest)
    else:
        counts = _restore_records(src, manifest, timings, notes)
    if timings is not None:
        timings["check"] = checked - started
        timings["load"] = time.perf_counter() - loading
    target = _files_dir()
    for relative in manifest["files"]:
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / "files" / relative, destination)
    return counts


def _restore_xml(src: Path, manifest: dict[str, Any]) -> dict[str, int]:
    """A backup of format 1 (data.xml), as before issue 25: loaddata, then the counts."""
    with transaction.atomic():
        call_command("loaddata", str(src / "data.xml"), verbosity=0)
        counts = {k: v for k, v in model_counts().items() if k in manifest["counts"]}
        if any(counts.get(k, 0) != v for k, v in manifest["counts"].items() if k in counts):
            raise BackupError(
                Message(
                    "backup.counts_differ",
                    gettext_noop("Số bản ghi sau khi khôi phục khác bản sao lưu."),
                )
            )
    return counts


def _codecs(manifest: dict[str, Any]) -> list[tuple[Codec, list[str]]]:
    """Each table of the backup with its model; a table or a column the installed version does
    not have is refused (restore with the version that made the backup, then upgrade)."""
    out = []
    for label, table in manifest["tables"].items():
        try:
            model = apps.get_model(label)
        except LookupError:
            model = None
        codec = Codec(model) if model is not None else None
        unknown = (
            [c for c in table["fields"] if c not in codec.attnames] if codec else table["fields"]
        )
        if codec is None or unknown:
            raise BackupError(
                Message(
                    "backup.unknown_tables",
                    gettext_noop(
                        "Bản sao lưu có bảng hoặc cột mà phiên bản này không có ({table}: "
                        "{columns}): hãy khôi phục bằng phiên bản đã tạo bản sao lưu ({version}) "
                        "rồi nâng cấp."
                    ),
                ).with_params(
                    table=label,
                    columns=", ".join(unknown) or "—",
                    version=manifest.get("kehoach"),
                )
            )
        out.append((codec, table["fields"]))
    return out


def _lines(src: Path, label: str) -> Iterator[str]:
    with (src / "records" / f"{label}.jsonl").open(encoding="utf-8", newline="\n") as handle:
        for text in handle:
            yield text.rstrip("\n")


def _restore_records(
    src: Path,
    manifest: dict[str, Any],
    timings: dict[str, float] | None = None,
    notes: list[Message] | None = None,
) -> dict[str, int]:
    """Insert every table in one transaction, verify each as soon as it is in, then check
    every foreign key. On PostgreSQL the foreign-key triggers are off and the secondary indexes
    dropped while a table loads (backup_pg): each index is built once, right after its table,
    and the references are checked in sets."""
    codecs = _codecs(manifest)
    postgresql = connection.vendor == "postgresql"
    counts: dict[str, int] = {}
    spent = dict.fromkeys(("indexes", "compare", "constraints"), 0.0)

    @contextmanager
    def timed(name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        spent[name] += time.perf_counter() - start

    started = time.perf_counter()
    # The helper only when this transaction is the outermost: its locks end with it.
    helper = _Helper() if not connection.in_atomic_block else None
    with helper or nullcontext(), transaction.atomic(), connection.cursor() as cursor:
        tables = [codec.model._meta.db_table for codec, _columns in codecs]
        triggers_off, indexes = backup_pg.prepare(cursor, tables) if postgresql else (False, {})
        digests = postgresql and manifest.get("postgresql") == backup_pg.major_version(cursor)

        def loaded(codec: Codec, columns: list[str]) -> None:
            """A table's rows are in: its indexes built again, its fields verified (on
            PostgreSQL while the helper stages the next table)."""
            with timed("indexes"):
                backup_pg.create_indexes(cursor, indexes.pop(codec.model._meta.db_table, []))
            with timed("compare"):
                table = manifest["tables"][codec.label]
                _verify_table(src, codec, columns, table, digests, notes)

        if postgresql:
            _load_postgresql(src, codecs, counts, helper, loaded)
        else:
            with connection.constraint_checks_disabled():
                for codec, columns in codecs:
                    counts[codec.label] = _insert_table(src, codec, columns)
                    loaded(codec, columns)
        with timed("constraints"):
            _check_references(cursor, codecs)
            if triggers_off:
                backup_pg.triggers_on(cursor)
            models_ = [codec.model for codec, _columns in codecs]
            for statement in connection.ops.sequence_reset_sql(no_style(), models_):
                cursor.execute(statement)
    if timings is not None:
        timings.update(spent)
        timings["insert"] = time.perf_counter() - started - sum(spent.values())
    return counts


def _foreign_keys(
    cursor: Any, codecs: list[tuple[Codec, list[str]]]
) -> list[tuple[str, list[str], str, list[str]]]:
    """(table, columns, referenced table, referenced columns) of every foreign key of the
    restored tables: PostgreSQL's own constraints there, the models' elsewhere."""
    if connection.vendor == "postgresql":
        return backup_pg.foreign_keys(cursor, [c.model._meta.db_table for c, _cols in codecs])
    out = []
    for codec, _columns in codecs:
        for field in codec.fields:
            related: Any = field.related_model if field.is_relation else None
            if related is not None and getattr(field, "db_constraint", False):
                target = cast(Any, field).target_field
                table = codec.model._meta.db_table
                out.append((table, [str(field.column)], related._meta.db_table, [target.column]))
    return out


def _check_references(cursor: Any, codecs: list[tuple[Codec, list[str]]]) -> None:
    """One anti-join per foreign key: a row pointing at a record that is not there refuses the
    whole restore (the transaction rolls back: nothing is left half-restored)."""
    quote = connection.ops.quote_name
    by_table = {codec.model._meta.db_table: codec for codec, _columns in codecs}
    for table, columns, other, refs in _foreign_keys(cursor, codecs):
        codec = by_table[table]
        pk = quote(cast(Any, codec.model._meta.pk).column)
        present = " AND ".join(f"t.{quote(c)} IS NOT NULL" for c in columns)
        match = " AND ".join(
            f"r.{quote(r)} = t.{quote(c)}" for c, r in zip(columns, refs, strict=True)
        )
        dangling = (
            f"FROM {quote(table)} t WHERE {present} "
            f"AND NOT EXISTS (SELECT 1 FROM {quote(other)} r WHERE {match})"
        )
        cursor.execute(f"SELECT count(*), min(t.{pk}) {dangling}")
        count, first = cursor.fetchone()
        if not count:
            continue
        cursor.execute(
            f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)} WHERE {pk} = %s",
            [first],
        )
        values = ", ".join(str(v) for v in cursor.fetchone())
        names = ", ".join(columns)
        raise BackupError(
            Message(
                "backup.dangling_reference",
                gettext_noop(
                    "Bản sao lưu có tham chiếu tới bản ghi không tồn tại: bảng {label} "
                    "({table}), khoá {key}, cột {columns} = {values} không có trong bảng "
                    "{other} ({count} dòng như vậy). Không khôi phục gì."
                ),
            ).with_params(
                label=codec.label,
                table=table,
                key=first,
                columns=names,
                values=values,
                other=other,
                count=count,
            )
        )


# How a column pointing at a record every installation makes for itself appears in a table's
# canonical text: by the record's natural key (its id differs from one installation to another).
NATURAL_SQL = {
    "contenttypes.contenttype": (
        "(SELECT ROW(c.app_label, c.model) FROM django_content_type c WHERE c.id = {})"
    ),
    "auth.permission": (
        "(SELECT ROW(p.codename, c.app_label, c.model) FROM auth_permission p "
        "JOIN django_content_type c ON c.id = p.content_type_id WHERE p.id = {})"
    ),
}


def _canonical_select(codec: Codec) -> str:
    """The query whose ``COPY`` text is a table's canonical form on PostgreSQL: the backed-up
    columns in the backup's order, rows in key order, natural keys for ids that differ between
    installations, and a stored file by its SHA-256 (the file itself is checked against the
    same SHA-256 in the records before anything is restored)."""
    quote = connection.ops.quote_name
    columns = []
    for field in codec.fields:
        column = f"t.{quote(str(field.column))}"
        if field.attname in codec.blobs:
            column = f"sha256({column})"
        elif codec.kinds[field.attname] == "natural":
            column = NATURAL_SQL[cast(Any, field.related_model)._meta.label_lower].format(column)
        columns.append(column)
    table = quote(codec.model._meta.db_table)
    pk = quote(cast(Any, codec.model._meta.pk).column)
    return f"SELECT {', '.join(columns)} FROM {table} t ORDER BY t.{pk}"


def _verify_table(
    src: Path,
    codec: Codec,
    columns: list[str],
    table: dict[str, Any],
    digests: bool,
    notes: list[Message] | None = None,
) -> None:
    """Every field of every row equal to the backup's. On PostgreSQL, when the backup was made
    on the same major version: the restored table's canonical text has the digest the backup
    recorded (the hashing streamed, no row in Python). Otherwise, or when that digest differs,
    row by row (``_compare_table``), which names the first row and field that differ."""
    if columns != codec.attnames:  # a backup made before a column was added: compare as made
        return _compare_counts(codec, table["rows"])
    expected = table.get(backup_pg.DIGEST) if digests else None
    if expected is not None:
        with connection.cursor() as cursor:
            if backup_pg.digest(cursor, _canonical_select(codec)) == expected:
                return None
    _compare_table(src, codec, columns, table["rows"])
    if expected is not None and notes is not None:
        # Every row reads back as the backup's line, yet PostgreSQL stores something the
        # records cannot tell apart (a JSON number written 1.50 there, 1.5 here, say).
        notes.append(DIGEST_DIFFERS.with_params(table=codec.label))
    return None


def _insert_table(src: Path, codec: Codec, columns: list[str]) -> int:
    index = {name: i for i, name in enumerate(columns)}
    defaults = {f.attname: f.get_default() for f in codec.fields if f.attname not in index}

    def blob(ref: dict[str, Any]) -> bytes:
        return (src / ref["blob"]).read_bytes()

    plan = [
        (
            index.get(name),
            BLOB if name in codec.blobs else codec.decoders[name],
            defaults.get(name),
        )
        for name in codec.attnames
    ]

    def row_values(text: str) -> list[Any]:
        values = json.loads(text)
        out = []
        for position, decoder, default in plan:
            if position is None:
                out.append(default)
                continue
            value = values[position]
            if value is None or decoder is None:
                out.append(value)
            elif decoder is BLOB:
                out.append(blob(value))
            else:
                out.append(decoder(value))  # type: ignore[operator]
        return out

    batch_size = BLOB_CHUNK if codec.blobs else CHUNK
    rows = 0
    batch: list[list[Any]] = []
    batch_bytes = 0
    for text in _lines(src, codec.label):
        batch.append(row_values(text))
        if codec.blobs and '"blob":' in text:  # files in memory: 16 rows, at most 8 MB
            batch_bytes += sum(
                v.get("size", 0) for v in json.loads(text) if isinstance(v, dict) and "blob" in v
            )
        if len(batch) >= batch_size or batch_bytes >= BLOB_BYTES:
            batch_bytes = 0
            _insert(codec, batch)
            rows += len(batch)
            batch = []
    if batch:
        _insert(codec, batch)
        rows += len(batch)
    return rows


def _insert(codec: Codec, batch: list[list[Any]]) -> None:
    """Multi-row INSERTs of the values as they are (``raw``: no auto_now, no save())."""
    objs = [codec.model(*values) for values in batch]
    fields = codec.fields
    size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
    for start in range(0, len(objs), size):
        codec.model._base_manager._insert(  # type: ignore[attr-defined]
            objs[start : start + size], fields=fields, raw=True, using=connection.alias
        )


# Columns whose backup text PostgreSQL reads as it is (ISO dates and times with their offset,
# exact decimal text, UUIDs): no Python object is made for them on the way in.
AS_TEXT = {"DateTimeField", "DateField", "TimeField", "DecimalField", "UUIDField"}


def _parsed_by_postgresql(codec: Codec, columns: list[str]) -> bool:
    """A table PostgreSQL can read from the backup's lines (and files) alone: the backup's
    columns are the model's, and none is a natural key or a duration (those are decoded in
    Python, ``_copy_table``)."""
    return columns == codec.attnames and not any(
        kind in ("natural", "DurationField") for kind in codec.kinds.values()
    )


def _stage(raw: Any, src: Path, codec: Codec, name: str, temporary: bool = True) -> None:
    """PostgreSQL, first half of a table's load: its records file streamed as it is into a
    ``jsonb`` column of table ``name`` (only the backslashes doubled, for ``COPY``'s text
    format: PostgreSQL parses the JSON), and the files it points at into ``name_files``
    (binary ``COPY``: bytes, no hex text either way; kept uncompressed there). ``raw`` is a
    psycopg cursor, of this connection (``temporary`` tables) or of the helper's (unlogged
    tables, which this connection's transaction can read once the helper has committed)."""
    kind = "TEMPORARY" if temporary else "UNLOGGED"
    raw.execute(f"CREATE {kind} TABLE {name} (line jsonb)")
    with (
        raw.copy(f"COPY {name} (line) FROM STDIN") as copy,
        (src / "records" / f"{codec.label}.jsonl").open("rb") as handle,
    ):
        while block := handle.read(1 << 20):
            copy.write(block.replace(b"\\", b"\\\\"))
    if not codec.blobs:
        return
    raw.execute(f"CREATE {kind} TABLE {name}_files (path text, data bytea)")
    raw.execute(f"ALTER TABLE {name}_files ALTER data SET STORAGE EXTERNAL")
    with raw.copy(f"COPY {name}_files FROM STDIN (FORMAT binary)") as copy:
        copy.set_types(["text", "bytea"])
        for text in _lines(src, codec.label):
            if '"blob":' not in text:
                continue
            for value in json.loads(text):
                if isinstance(value, dict) and "blob" in value:
                    copy.write_row((value["blob"], (src / value["blob"]).read_bytes()))


def _insert_staged(cursor: Any, codec: Codec, name: str) -> int:
    """Second half: one ``INSERT … SELECT`` taking each column from its place in the line,
    each value given to the column's own input function as the backup wrote it (the text a
    ``COPY`` of the row would give it), a file from ``name_files``; a JSON ``null`` is SQL
    NULL, as the model reads it. The staged tables are dropped with it."""
    quote = connection.ops.quote_name
    table = codec.model._meta.db_table
    types = backup_pg.column_types(cursor, table)
    values, joins = [], []
    for i, field in enumerate(codec.fields):
        kind = types[str(field.column)]
        if field.attname in codec.blobs:
            values.append(f"coalesce(f{i}.data, decode(l.line->{i}->>'b64', 'base64'))")
            joins.append(f"LEFT JOIN {name}_files f{i} ON f{i}.path = l.line->{i}->>'blob'")
        elif kind in ("json", "jsonb"):
            values.append(f"nullif(l.line->{i}, 'null'::jsonb)::{kind}")
        else:
            values.append(f"(l.line->>{i})::{kind}")
    columns = ", ".join(quote(str(f.column)) for f in codec.fields)
    cursor.execute(
        f"INSERT INTO {quote(table)} ({columns}) SELECT {', '.join(values)} "
        f"FROM {name} l {' '.join(joins)}"
    )
    rows = int(cursor.rowcount)
    cursor.execute(f"DROP TABLE {name}" + (f", {name}_files" if codec.blobs else ""))
    return rows


@contextmanager
def _loading(codec: Codec) -> Iterator[None]:
    """PostgreSQL's refusal of a table's rows (a duplicate key, a value its column cannot hold,
    a line that is not JSON) as a refusal of the restore that names the table."""
    import psycopg  # inside: only a restore into PostgreSQL needs the driver

    try:
        yield
    except (DatabaseError, psycopg.Error) as exc:
        reason = str(exc).strip().rstrip(".")
        raise BackupError(
            Message(
                "backup.table_not_loaded",
                gettext_noop(
                    "Không nạp được bảng {label} của bản sao lưu: {reason}. Không khôi phục gì."
                ),
            ).with_params(label=codec.label, reason=reason)
        ) from exc


class _Helper:
    """A second connection to PostgreSQL, in autocommit, that stages tables for the restoring
    one. Entered before the restore's transaction and left after it ends: the tables it staged
    that the transaction did not drop (a failure: its drops rolled back) are dropped then, once
    the transaction holds no lock on them."""

    def __init__(self) -> None:
        self.wrapper: Any = None
        self.names: list[str] = []

    def __enter__(self) -> _Helper:
        return self

    def cursor(self) -> Any:
        self.wrapper = connections.create_connection(connection.alias)
        self.wrapper.ensure_connection()
        return self.wrapper.connection.cursor()

    def __exit__(self, *exc: object) -> None:
        if self.wrapper is None:
            return
        try:
            if self.wrapper.connection is not None and not self.wrapper.connection.closed:
                for name in self.names:
                    self.wrapper.connection.execute(f"DROP TABLE IF EXISTS {name}, {name}_files")
        finally:
            self.wrapper.close()


def _load_postgresql(
    src: Path,
    codecs: list[tuple[Codec, list[str]]],
    counts: dict[str, int],
    helper: _Helper | None,
    loaded: Callable[[Codec, list[str]], None],
) -> None:
    """Every table into PostgreSQL. Where this transaction reads what others commit (READ
    COMMITTED, Django's default) the helper connection stages the next table while this one
    inserts the current one: two PostgreSQL processes, each at its half of the work."""
    staged = [(c, cols) for c, cols in codecs if _parsed_by_postgresql(c, cols)]
    for codec, columns in codecs:
        if not _parsed_by_postgresql(codec, columns):
            with _loading(codec):
                index = {name: i for i, name in enumerate(columns)}
                counts[codec.label] = _copy_table(src, codec, index)
            loaded(codec, columns)
    with connection.cursor() as cursor:
        cursor.execute("SHOW transaction_isolation")
        if helper is None or cursor.fetchone()[0] != "read committed":
            for codec, columns in staged:
                with _loading(codec):
                    _stage(cursor.cursor, src, codec, "kehoach_restore")
                    counts[codec.label] = _insert_staged(cursor, codec, "kehoach_restore")
                loaded(codec, columns)
            return
        token = uuid.uuid4().hex[:12]
        helper.names = [f"kehoach_restore_{token}_{k}" for k in range(len(staged))]
        raw = helper.cursor()
        sizes = [(src / "records" / f"{c.label}.jsonl").stat().st_size for c, _cols in staged]
        with ThreadPoolExecutor(max_workers=1) as pool:
            ahead: list[Any] = []

            def stage_ahead(consumed: int) -> None:
                """Queue the next tables for the helper, up to STAGED_AHEAD bytes of records
                staged and not yet inserted (at least the next one): it never waits for a
                small table's insert, and the staged copies never grow with the database."""
                while len(ahead) < len(staged) and (
                    len(ahead) == consumed or sum(sizes[consumed : len(ahead)]) < STAGED_AHEAD
                ):
                    k = len(ahead)
                    ahead.append(
                        pool.submit(_stage, raw, src, staged[k][0], helper.names[k], False)
                    )

            for k, (codec, columns) in enumerate(staged):
                stage_ahead(k)
                with _loading(codec):
                    ahead[k].result()
                    stage_ahead(k + 1)
                    counts[codec.label] = _insert_staged(cursor, codec, helper.names[k])
                loaded(codec, columns)


def _copy_table(src: Path, codec: Codec, index: dict[str, int]) -> int:
    """PostgreSQL: the table's lines streamed through one ``COPY`` (psycopg sends it in
    pieces: constant memory, files included). Values PostgreSQL parses from the backup's text
    go as they are; JSON as its text; files read from their blob; natural keys and durations
    decoded as for an INSERT."""
    real = connections[connection.alias]  # the connection itself, not the proxy (hot loop)
    quote = real.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in codec.fields)

    def read_blob(ref: dict[str, Any]) -> bytes:
        return (src / ref["blob"]).read_bytes()

    def as_json(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    def blob_or(decoder: Any) -> Callable[[Any], Any]:
        return lambda v: read_blob(v) if "blob" in v else decoder(v)

    plan: list[tuple[int | None, Callable[[Any], Any] | None, Any]] = []
    for field in codec.fields:
        kind = codec.kinds[field.attname]
        convert: Callable[[Any], Any] | None
        if field.attname in codec.blobs:
            convert = blob_or(codec.decoders[field.attname])
        elif kind == "JSONField":
            convert = as_json
        elif kind in AS_TEXT:
            convert = None
        else:
            convert = codec.decoders[field.attname]
        position = index.get(field.attname)
        default = None
        if position is None:  # a column the backup predates: its default, as the field has it
            value = field.get_default()
            default = as_json(value) if kind == "JSONField" and value is not None else value
        plan.append((position, convert, default))
    rows = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {quote(codec.model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            write = copy.write_row
            loads = json.loads
            for text in _lines(src, codec.label):
                values = loads(text)
                write(
                    [
                        default
                        if position is None
                        else (
                            value
                            if (value := values[position]) is None or convert is None
                            else convert(value)
                        )
                        for position, convert, default in plan
                    ]
                )
                rows += 1
    return rows


def _compare_table(src: Path, codec: Codec, columns: list[str], expected_rows: int) -> None:
    """Every restored row, read back and encoded as the backup encodes it, has the SHA-256 of
    its line in the backup: field by field, byte for byte."""
    if columns != codec.attnames:  # a backup made before a column was added: compare as made
        return _compare_counts(codec, expected_rows)
    restored = _encoded_rows(codec, None)
    for number, text in enumerate(_lines(src, codec.label), start=1):
        backed = _without_paths(text) if codec.blobs and '"blob":' in text else text
        got = next(restored, None)
        if got is None:
            raise _differs(codec, number, None, "—")
        pk, line = got
        if line != backed:  # the same encoding: equal text is equal fields, byte for byte
            a, b = json.loads(backed), json.loads(line)
            field = next((n for n, x, y in zip(codec.attnames, a, b, strict=True) if x != y), "—")
            raise _differs(codec, number, pk, field)
    if next(restored, None) is not None:
        raise _differs(codec, expected_rows + 1, None, "—")
    return None


def _without_paths(text: str) -> str:
    values = json.loads(text)
    for i, value in enumerate(values):
        if isinstance(value, dict) and "blob" in value:
            values[i] = {k: v for k, v in value.items() if k != "blob"}
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _compare_counts(codec: Codec, expected: int) -> None:
    if codec.model._base_manager.count() != expected:
        raise _differs(codec, expected, None, "—")


def _differs(codec: Codec, number: int, pk: Any, field: str) -> BackupError:
    return BackupError(
        Message(
            "backup.data_differs",
            gettext_noop(
                "Dữ liệu sau khi khôi phục khác bản sao lưu: bảng {table}, dòng {line} "
                "(khoá {key}), trường {field}."
            ),
        ).with_params(table=codec.label, line=number, key=pk, field=field)
    )
