"""Dossier-level records: the DuckDB aggregation equals the pure-Python one on a small generated
file (CSV and Parquet), and `kehoach import-dossiers` fills the monthly table with a progress
bar, counting broken dossiers."""

from __future__ import annotations

import csv
import io
from datetime import date

import duckdb
import pytest
from django.core.management import call_command

from kehoach.core.outcomes import Dossier, aggregate_dossiers
from kehoach.outcomes.dossiers import FIGURE_NAMES, aggregate_file
from kehoach.outcomes.models import MonthlyStat, OutcomeImport
from kehoach.outcomes.synthetic import SyntheticParams, dossier_query

PARAMS = SyntheticParams(
    seed=7, dossiers_per_month=150, campaign_effect=__import__("decimal").Decimal("0.2")
)


def write(path, rows=None):
    kind = "FORMAT PARQUET" if path.suffix == ".parquet" else "FORMAT CSV, HEADER"
    connection = duckdb.connect()
    connection.execute(f"COPY ({dossier_query(PARAMS, rows)}) TO '{path}' ({kind})")
    connection.close()


def read_back(path) -> list[Dossier]:
    def day(text):
        return date.fromisoformat(text) if text else None

    with path.open(encoding="utf-8") as handle:
        return [
            Dossier(
                code=r["code"],
                procedure=r["procedure"],
                agency=r["agency"],
                district=r["district"],
                channel=r["channel"],
                received=day(r["received"]),
                due=day(r["due"]),
                resolved=day(r["resolved"]),
                fee=r["fee"] == "true",
                paid_online=r["paid_online"] == "true",
            )
            for r in csv.DictReader(handle)
        ]


def as_table(result):
    return {
        (r["month"], r["agency"], r["service"], r["district"]): {n: r[n] for n in FIGURE_NAMES}
        for r in result.rows
    }


@pytest.mark.parametrize("by_service", [False, True])
def test_duckdb_aggregates_exactly_as_the_pure_python_reference(tmp_path, by_service):
    path = tmp_path / "hs.csv"
    write(path)
    expected = aggregate_dossiers(read_back(path), by_service=by_service)
    for source in (path, tmp_path / "hs.parquet"):
        if source.suffix == ".parquet":
            write(source)
        result = aggregate_file(source, by_service=by_service)
        assert result.broken == 0 and result.dossiers == 150 * 36
        assert as_table(result) == expected


def test_the_synthetic_generator_is_deterministic(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    write(first, 500)
    write(second, 500)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.django_db
def test_import_dossiers_fills_the_monthly_table_with_a_progress_bar(tmp_path, demo):
    path = tmp_path / "hs.csv"
    write(path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("BROKEN-1,X-001,Sở Tư pháp,,bồ câu,2016-01-05,,,false,false\n")
    out, err = io.StringIO(), io.StringIO()
    call_command("import-dossiers", str(path), "--org", "TG-STTTT", stdout=out, stderr=err)
    job = OutcomeImport.objects.latest("id")
    assert job.counts["rows"] == 150 * 36 + 1 and job.counts["broken"] == 1
    assert "BROKEN-1" in job.errors[0]["message"]
    assert "100%" in err.getvalue() and "#" in err.getvalue()
    assert "Tháng 01/2015" in out.getvalue()  # a period as a person reads it, not its key
    total = sum(
        r.received_online + r.received_counter + r.received_post
        for r in MonthlyStat.objects.filter(job=job)
    )
    assert total == 150 * 36
    # Another source's figures (the demo's synthetic import) are not touched (issue 18).
    assert MonthlyStat.objects.filter(synthetic=True).exclude(job=job).exists()
