"""Dossier aggregation at scale: 10 million dossier rows into the monthly table with DuckDB,
against a pandas baseline in the same run.

Data: ``kehoach.outcomes.synthetic.dossier_query`` (SYNTHETIC, seeded, seed 2016, default
parameters: 36 months, 19 agencies, 11 districts) writes 10,000,000 dossiers to a Parquet file
and a CSV file in a temporary directory. Each measured run is a fresh process (so its peak
resident memory, ``ru_maxrss``, is its own): DuckDB (``kehoach.outcomes.dossiers.aggregate_file``,
the code ``kehoach import-dossiers`` runs) on the Parquet and on the CSV file, and pandas
(``read_csv`` / ``read_parquet`` is not used: pandas needs pyarrow for Parquet, which kehoach does
not install) on the CSV file, computing the same table. Three runs each at 10M rows (five would
take the pandas baseline past several minutes), median with the min–max; the two results are
checked to be equal before anything is reported.

``python -m bench.bench_dossiers`` writes its own section of BENCHMARKS.md.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROWS = int(os.environ.get("BENCH_DOSSIER_ROWS", "10000000"))
RUNS = int(os.environ.get("BENCH_DOSSIER_RUNS", "3"))
NAME = "dossiers"


def _generate(directory: Path) -> tuple[Path, Path, float]:
    import duckdb

    from kehoach.outcomes.synthetic import SyntheticParams, dossier_query

    parquet, csv = directory / "hs.parquet", directory / "hs.csv"
    start = time.perf_counter()
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar_print = false")
    query = dossier_query(SyntheticParams(), ROWS)
    connection.execute(f"COPY ({query}) TO '{parquet}' (FORMAT PARQUET)")
    connection.execute(f"COPY (SELECT * FROM read_parquet('{parquet}')) TO '{csv}' (FORMAT CSV)")
    connection.close()
    return parquet, csv, time.perf_counter() - start


def _duckdb(path: str) -> dict[tuple[Any, ...], tuple[int, ...]]:
    from kehoach.outcomes.dossiers import FIGURE_NAMES, aggregate_file

    result = aggregate_file(path)
    return {
        (str(r["month"]), r["agency"], r["service"], r["district"]): tuple(
            int(r[n]) for n in FIGURE_NAMES
        )
        for r in result.rows
    }


def _pandas(path: str) -> dict[tuple[Any, ...], tuple[int, ...]]:
    import pandas as pd

    frame = pd.read_csv(
        path,
        usecols=[
            "agency",
            "district",
            "channel",
            "received",
            "due",
            "resolved",
            "fee",
            "paid_online",
        ],
        dtype={"agency": "category", "district": "string", "channel": "category"},
        parse_dates=["received", "due", "resolved"],
        keep_default_na=True,
    )
    frame["district"] = frame["district"].fillna("")
    frame["month"] = frame["received"].dt.year * 100 + frame["received"].dt.month
    resolved, due = frame["resolved"], frame["due"]
    done = resolved.notna()
    frame["received_online"] = frame["channel"] == "online"
    frame["received_counter"] = frame["channel"] == "counter"
    frame["received_post"] = frame["channel"] == "post"
    frame["resolved_early"] = done & due.notna() & (resolved < due)
    frame["resolved_on_time"] = done & (due.isna() | (resolved == due))
    frame["resolved_late"] = done & due.notna() & (resolved > due)
    frame["pending"] = ~done
    frame["with_fee"] = frame["fee"].astype(bool)
    frame["paid"] = frame["with_fee"] & frame["paid_online"].astype(bool)
    columns = [
        "received_online",
        "received_counter",
        "received_post",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "pending",
        "with_fee",
        "paid",
    ]
    table = frame.groupby(["month", "agency", "district"], observed=True)[columns].sum()
    return {
        (f"{month // 100}-{month % 100:02d}-01", agency, "", district): tuple(
            int(v) for v in values
        )
        for (month, agency, district), values in zip(table.index, table.to_numpy(), strict=True)
    }


def _child(kind: str, path: str, queue: Any) -> None:
    start = time.perf_counter()
    table = (_duckdb if kind == "duckdb" else _pandas)(path)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    total = sum(sum(v[:3]) for v in table.values())
    queue.put((seconds, peak, total, table if os.environ.get("_BENCH_KEEP") else None))


def _run(kind: str, path: Path, *, keep: bool = False) -> tuple[float, int, int, Any]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    if keep:
        os.environ["_BENCH_KEEP"] = "1"
    process = context.Process(target=_child, args=(kind, str(path), queue))
    process.start()
    result = queue.get()
    process.join()
    os.environ.pop("_BENCH_KEEP", None)
    return result  # type: ignore[no-any-return]


def _series(kind: str, path: Path) -> tuple[list[float], list[int], int]:
    times, peaks, total = [], [], 0
    for _ in range(RUNS):
        seconds, peak, total, _table = _run(kind, path)
        times.append(seconds)
        peaks.append(peak)
    return times, peaks, total


def _fmt(times: list[float], peaks: list[int]) -> tuple[str, str]:
    return (
        f"{statistics.median(times):.2f} s ({min(times):.2f}–{max(times):.2f})",
        f"{statistics.median(peaks) / 2**20:.0f} MiB ({min(peaks) / 2**20:.0f}–"
        f"{max(peaks) / 2**20:.0f})",
    )


def main() -> str:
    from bench.common import git_revision, machine_info

    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        parquet, csv, generated = _generate(Path(tmp))
        sizes = {p.suffix: p.stat().st_size for p in (parquet, csv)}
        # Equality first: the two ways must give the same table.
        _s, _p, _t, duck_table = _run("duckdb", csv, keep=True)
        _s, _p, _t, pandas_table = _run("pandas", csv, keep=True)
        if duck_table != pandas_table:
            raise SystemExit("DuckDB and pandas disagree: benchmark not reported")
        rows_out = len(duck_table)
        del duck_table, pandas_table
        results = {
            "DuckDB, Parquet": _series("duckdb", parquet),
            "DuckDB, CSV": _series("duckdb", csv),
            "pandas (baseline), CSV": _series("pandas", csv),
        }
    lines = [
        "## Dossier aggregation (`kehoach import-dossiers`)",
        "",
        f"{ROWS:,} SYNTHETIC dossier rows (`kehoach.outcomes.synthetic`, seed 2016, 36 months,"
        f" 19 agencies) aggregated into the monthly table ({rows_out:,} rows: month × agency ×"
        f" district). Parquet {sizes['.parquet'] / 2**20:.0f} MiB, CSV "
        f"{sizes['.csv'] / 2**20:.0f} MiB, generated in {generated:.1f} s. Each run is a fresh "
        f"process; time is the aggregation including reading the file; memory is the process's "
        f"peak resident set. Median of {RUNS} runs (min–max) — {RUNS}, not 5, because the pandas "
        "baseline at 10M rows takes long. DuckDB's and pandas' tables were checked equal first.",
        "",
        "| engine, input | time | peak memory |",
        "|---|---|---|",
    ]
    for name, (times, peaks, _total) in results.items():
        time_text, memory_text = _fmt(times, peaks)
        lines.append(f"| {name} | {time_text} | {memory_text} |")
    lines += ["", f"Machine: {machine_info()}; revision {git_revision()}."]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.common import run_module

    run_module(NAME, main)
