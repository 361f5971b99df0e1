"""Catalogue search through an index (issue 25).

Services are searched by their stored search key (``Service.search_key``: code, name, field and
agency folded by :func:`kehoach.core.text.fold` — no diacritics, lower case — filled by the app
on every save), one ``LIKE '%word%'`` per word. On PostgreSQL a trigram GIN index (pg_trgm)
answers those without reading the province's whole catalogue. Where the extension cannot be
created (a database role without the right), the search keeps working without the index and
the migration says so; SQLite keeps the plain scan of one organisation's rows."""

from __future__ import annotations

import sys

from django.db import DatabaseError, migrations, transaction

INDEX = "service_search_trgm_i25"


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as exc:
        sys.stderr.write(f"pg_trgm unavailable ({exc}); the catalogue is searched without it\n")
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON outcomes_service "
        "USING gin (search_key gin_trgm_ops)"
    )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0002_i25_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
