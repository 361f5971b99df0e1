"""One deployment for every province (issue 25): pages, API lists, backup and restore at the
demo's size and at 10× and 100× on PostgreSQL.

How each size is built (``build``): ``kehoach migrate`` and ``kehoach demo`` on an empty
PostgreSQL database (the demo: the Tiền Giang department, its stations, the 2016 sample plan
executed, the synthetic catalogue and statistics, the Đồng Tháp outsider), then N−1 copies of
every row of every table kehoach backs up, each copy a new set of organisations (a "province")
with its own users, plans, estimate lines, contracts, deliverables, airings, catalogue, monthly
figures, links and audit history. The copies are made in SQL — the documented bulk equivalent of
running the demo N times: ``INSERT … SELECT`` per table with every key shifted by ``copy ×
5·10^6`` (foreign keys to copied tables shifted alike, so each copy points only at itself) and
every unique text (organisation codes, user names, token digests, link codes) suffixed with
``~copy``; sequences are reset afterwards. Tables without an integer key (the background
jobs' results of django_tasks_db, keyed by UUID) are not copied. The services' rules are not
re-run (the rows are copies of rows the services wrote), which is what makes 100× buildable in
minutes. The database is then analysed (``ANALYZE``), as autovacuum would on a running site.

What is measured (``measure``), in a fresh process with production settings (DEBUG off) on that
database, as one client (Django's test client, logged in as the demo's lead division ``bcxb`` of
the original province, so every page shows the same things at every size): each page and API
list 3 warm-up requests then 15 timed (p50, p95) and its number of SQL queries; "first view"
rows clear the cache before every request (the kept page parts are recomputed: what each change,
each day and each new worker pays). The bare page is ``/bench/bare/`` (bench/web_urls.py: 50
rows, one query). Then ``kehoach backup`` of the whole database and ``kehoach restore`` into an
empty database, each in its own process: wall time, peak resident memory (``/usr/bin/time``),
rows per second of the restore. The machine is shared: once every size is measured the pages
of the 1× database are measured again ("1× again"), and then 1× and the largest size are
measured in pairs (``paired``: two warmed-up processes asked for the same page in turn, request
by request, ``BENCH_SCALE_PAIRS`` = 40 requests each per page), so that the machine's drift
falls on both sizes alike; issue 25's target (p95 at 100× within 1,5× of 1×) is read there.

Run: ``.venv/bin/python -m bench scale`` (``BENCH_SCALE_SIZES=1,10`` to skip 100×;
``BENCH_SCALE_DB=postgres://postgres@127.0.0.1:5432/kehoach_scale`` names the databases, the
size is appended). ``.venv/bin/python -m bench.bench_scale restore 219 3``: the backup and
restore alone at issue 25's full size (219×, ~715.000 rows), the restore three times, each figure
with the machine's load average beside it; the database is built once and reused.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, git_revision, machine_info

PG = os.environ.get("BENCH_SCALE_DB", "postgres://postgres@127.0.0.1:5432/kehoach_scale")
SIZES = [int(s) for s in os.environ.get("BENCH_SCALE_SIZES", "1,10,100").split(",") if s]
SHIFT = 5_000_000  # × 219 copies stays within PostgreSQL's integer (2^31)
WARMUP, RUNS = 3, 15


def _env(url: str, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.web_settings",
        PYTHONPATH=str(ROOT)
        + os.pathsep
        + str(ROOT / "src")
        + os.pathsep
        + env.get("PYTHONPATH", ""),
        KEHOACH_DATA_DIR=str(data_dir),
        KEHOACH_SECRET_KEY=env.get("KEHOACH_SECRET_KEY") or secrets.token_urlsafe(48),
        KEHOACH_DEMO_PASSWORD="bench-scale-password",
        DATABASE_URL=url,
    )
    return env


def _run(env: dict[str, str], *args: str, timed: bool = False) -> tuple[str, float, int]:
    """Run a command; its output, wall seconds and peak resident memory (KiB)."""
    command = [sys.executable, *args]
    if timed:
        command = ["/usr/bin/time", "-f", "MAXRSS=%M", *command]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr[-3000:]}")
    found = re.search(r"MAXRSS=(\d+)", done.stderr)
    return done.stdout, elapsed, int(found.group(1)) if found else 0


def _database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# -- build (in a process with Django set up on the target database) --------------------------


def build(copies: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, models, transaction

    from kehoach.web.backup import backed_up_models

    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0)
    tables = backed_up_models()
    copied = {m._meta.label_lower for m in tables}
    quote = connection.ops.quote_name
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for model in tables:
            pk = model._meta.pk.column  # type: ignore[union-attr]
            if not isinstance(model._meta.pk, models.AutoField | models.BigAutoField):
                continue  # the background jobs' results (UUID keys): not copied
            columns, exprs = [], []
            for field in model._meta.concrete_fields:
                column = quote(field.column)
                columns.append(column)
                related = field.related_model if field.is_relation else None
                shifted = field.primary_key and not field.is_relation
                if related is not None and related._meta.label_lower in copied:  # type: ignore[union-attr]
                    shifted = True
                if shifted:
                    exprs.append(f"{column} + %(shift)s")
                elif field.unique and isinstance(field, models.CharField | models.SlugField):
                    size = (field.max_length or 40) - 4
                    exprs.append(f"substr({column}, 1, {size}) || %(suffix)s")
                else:
                    exprs.append(column)
            sql = (
                f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) "
                f"SELECT {', '.join(exprs)} FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(pk)} < {SHIFT}"
            )
            for k in range(1, copies):
                cursor.execute(sql, {"shift": k * SHIFT, "suffix": f"~{k}"})
        for statement in connection.ops.sequence_reset_sql(no_style(), tables):
            cursor.execute(statement)
    with connection.cursor() as cursor:
        # The planner's statistics of the grown tables, as autovacuum would gather them on a
        # running installation (measured at once, the plans would follow the demo's sizes).
        cursor.execute("ANALYZE")
    return {
        "copy_seconds": time.perf_counter() - started,
        "counts": {m._meta.label_lower: m._base_manager.count() for m in tables},
    }


# -- measure --------------------------------------------------------------------------------


def _pages() -> list[tuple[str, Any, str, bool]]:
    """Every measured page and API list: (name, client, URL, first view?), on the database of
    this process (Django set up), as the original province's lead division sees them."""
    from django.contrib.auth.models import User
    from django.test import Client

    from kehoach.api.services import token_create
    from kehoach.execution.models import Contract
    from kehoach.plans.models import Plan

    user = User.objects.get(username="bcxb")
    plan = Plan.objects.get(number="46a", symbol="KH-STTTT", pk__lt=SHIFT)
    contract = Contract.objects.filter(plan=plan).order_by("id").first()
    _token, raw = token_create(user=user, name="bench scale")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    api = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {raw}")
    anonymous = Client(HTTP_HOST="127.0.0.1")
    slug = plan.organisation.code.lower()
    pages: list[tuple[str, Any, str, bool]] = [
        ("bare page, 50 rows (baseline)", anonymous, "/bench/bare/", False),
        ("plan list", client, "/ke-hoach/", False),
        ("plan page", client, f"/ke-hoach/{plan.pk}/", False),
        ("plan history", client, f"/ke-hoach/{plan.pk}/lich-su/", False),
        ("plan dashboard", client, f"/bao-cao/ke-hoach/{plan.pk}/", False),
        ("plan dashboard, first view", client, f"/bao-cao/ke-hoach/{plan.pk}/", True),
        ("department dashboard", client, "/bao-cao/", False),
        ("outcomes dashboard", client, "/ket-qua/", False),
        ("outcomes dashboard, first view", client, "/ket-qua/", True),
        ("plan indicators", client, f"/ket-qua/ke-hoach/{plan.pk}/", False),
        ("catalogue (staff)", client, "/ket-qua/dich-vu/", False),
        ("imports", client, "/ket-qua/nhap/", False),
        ("contracts", client, "/thuc-hien/", False),
        ("contract page", client, f"/thuc-hien/hop-dong/{contract.pk}/", False),
        ("public catalogue", anonymous, f"/dich-vu-cong/{slug}/", False),
        ("public search", anonymous, f"/dich-vu-cong/{slug}/?q=ho+tich", False),
        ("API plans", api, "/api/v1/plans", False),
        ("API contracts", api, "/api/v1/contracts", False),
        ("API plan history", api, f"/api/v1/plans/{plan.pk}/history", False),
        ("API services", api, f"/api/v1/services?organisation={plan.organisation.code}", False),
        ("API statistics", api, "/api/v1/statistics", False),
    ]
    return pages


def measure() -> dict[str, Any]:
    import statistics

    import django

    django.setup()
    pages = _pages()
    out = {}
    for name, who, url, first in pages:
        times, queries = [], 0
        for i in range(WARMUP + RUNS):
            elapsed, count = _timed(who, url, first)
            if i >= WARMUP:
                times.append(elapsed)
                queries = count
        times.sort()
        out[name] = {
            "p50": statistics.median(times),
            "p95": _p95(times),
            "queries": queries,
            "times": times,
        }
    return out


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _timed(who: Any, url: str, first: bool) -> tuple[float, int]:
    """One request: its wall seconds and its number of SQL queries (the cache cleared before a
    first view)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if first:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = who.get(url)
        elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code}")
    return elapsed, len(captured.captured_queries)


def serve() -> None:
    """The paired measurement's worker: Django set up on this size's database, every page
    warmed up, then one timed request for each page name read on stdin, answered on stdout."""
    import django

    django.setup()
    pages = {name: (who, url, first) for name, who, url, first in _pages()}
    for who, url, first in pages.values():
        for _i in range(WARMUP):
            _timed(who, url, first)
    print(json.dumps({"ready": list(pages)}), flush=True)
    for line in sys.stdin:
        elapsed, queries = _timed(*pages[line.strip()])
        print(json.dumps({"seconds": elapsed, "queries": queries}), flush=True)


PAIRS = int(os.environ.get("BENCH_SCALE_PAIRS", "40"))


def paired(largest: int, work: Path) -> dict[str, dict[str, float]]:
    """The machine's speed drifts during a run (a phase of "1× again" measured as slowly as
    100×), and p95 over 15 requests measured minutes apart follows the drift. So, after the
    sizes: two processes, one on 1× and one on the largest size, both warmed up, asked for the
    same page in turn, request by request (1×, L×, L×, 1×, 1×, L×… — each goes first half of
    the time), ``PAIRS`` requests each per page: a slow second of the machine falls on both
    sizes alike. Per page, the p95 of each size's requests and their ratio."""
    workers = {}
    for size in (1, largest):
        env = _env(f"{PG}_{size}", work / f"data{size}")
        workers[size] = subprocess.Popen(
            [sys.executable, "-m", "bench.bench_scale", "serve"],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
    try:
        names: list[str] = []
        for size, worker in workers.items():
            assert worker.stdout is not None
            line = worker.stdout.readline()
            if not line.startswith('{"ready"'):
                raise RuntimeError(f"the {size}× worker did not start")
            names = json.loads(line)["ready"]
        out = {}
        for name in names:
            times: dict[int, list[float]] = {1: [], largest: []}
            for size in (1, largest):
                _ask(workers[size], name)  # untimed: the page's kept parts after the last page's
            for i in range(PAIRS):
                order = (1, largest) if i % 2 == 0 else (largest, 1)
                for size in order:
                    times[size].append(_ask(workers[size], name))
            out[name] = {
                "small": _p95(times[1]),
                "large": _p95(times[largest]),
                "n": float(PAIRS),
            }
        return out
    finally:
        for worker in workers.values():
            if worker.stdin is not None:
                worker.stdin.close()
            worker.wait(timeout=60)


def _ask(worker: subprocess.Popen[str], name: str) -> float:
    assert worker.stdin is not None and worker.stdout is not None
    worker.stdin.write(name + "\n")
    worker.stdin.flush()
    return float(json.loads(worker.stdout.readline())["seconds"])


# -- the whole run --------------------------------------------------------------------------


def one_size(size: int, work: Path) -> dict[str, Any]:
    url = f"{PG}_{size}"
    _database(url)
    env = _env(url, work / f"data{size}")
    out, build_seconds, _rss = _run(env, "-m", "bench.bench_scale", "build", str(size))
    built = json.loads(out.strip().splitlines()[-1])
    out, _s, _rss = _run(env, "-m", "bench.bench_scale", "measure")
    pages = json.loads(out.strip().splitlines()[-1])
    backup, restore = backup_and_restore(url, size, work)
    return {
        "size": size,
        "build_seconds": build_seconds,
        "counts": built["counts"],
        "rows": sum(built["counts"].values()),
        "pages": pages,
        "backup": backup,
        "restore": restore[0],
    }


def _load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def backup_and_restore(
    url: str, size: int, work: Path, runs: int = 1
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """``kehoach backup`` of the database at ``url``, then ``runs`` times ``kehoach restore``
    of it into a new, migrated database, each in its own process under ``/usr/bin/time``: wall
    seconds, peak memory, the phases the restore reports, the load average before and after."""
    env = _env(url, work / f"data{size}")
    folder = work / f"backup{size}"
    before = _load_average()
    _o, backup_seconds, backup_rss = _run(env, "-m", "kehoach", "backup", str(folder), timed=True)
    backup = {
        "seconds": backup_seconds,
        "rss_kib": backup_rss,
        "bytes": sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()),
        "load": f"{before} → {_load_average()}",
    }
    restores = []
    for run in range(runs):
        target = f"{PG}_{size}_restored"
        _database(target)
        env_target = _env(target, work / f"restored{size}-{run}")
        _run(env_target, "-m", "kehoach", "migrate", "-v0")
        before = _load_average()
        said, restore_seconds, restore_rss = _run(
            env_target, "-m", "kehoach", "restore", str(folder), timed=True
        )
        load = re.search(r"so từng trường: ([\d.]+) s", said)
        insert = re.search(r"Ghi: ([\d.]+) s", said)
        compare = re.search(r"; so từng trường: ([\d.]+) s", said)
        restored = re.search(r"Đã khôi phục (\d+) bản ghi", said)
        restores.append(
            {
                "seconds": restore_seconds,
                "rss_kib": restore_rss,
                "rows": int(restored.group(1)) if restored else 0,
                "load_seconds": float(load.group(1)) if load else restore_seconds,
                "insert_seconds": float(insert.group(1)) if insert else restore_seconds,
                "compare_seconds": float(compare.group(1)) if compare else 0.0,
                "said": said.strip(),
                "load": f"{before} → {_load_average()}",
            }
        )
    return backup, restores


def restore_only(size: int, runs: int) -> str:
    """``python -m bench.bench_scale restore SIZE [RUNS]``: the backup and restore rows alone,
    at any size (issue 25's full size is 219), on the database ``BENCH_SCALE_DB`` + ``_SIZE``
    — built as ``one_size`` builds it unless it already holds rows — with the restore run
    ``RUNS`` times (3 by default): the machine is shared, so each figure has its load beside it."""
    import tempfile

    import psycopg

    url = f"{PG}_{size}"
    try:
        with psycopg.connect(url) as conn:
            rows = conn.execute("SELECT count(*) FROM plans_plan").fetchone()
    except psycopg.Error:
        rows = None
    with tempfile.TemporaryDirectory(prefix="kehoach-restore-") as tmp:
        if not rows or not rows[0]:
            _database(url)
            _run(
                _env(url, Path(tmp) / f"data{size}"), "-m", "bench.bench_scale", "build", str(size)
            )
        backup, restores = backup_and_restore(url, size, Path(tmp), runs)

    def n(value: float) -> str:  # 714.816, as elsewhere in BENCHMARKS.md
        return f"{value:,.0f}".replace(",", ".")

    lines = [
        f"{size}×: backup {backup['seconds']:.1f} s, {backup['rss_kib'] / 1024:.0f} MiB peak, "
        f"{backup['bytes'] / 1e6:.0f} MB (load average {backup['load']})"
    ]
    for r in restores:
        lines.append(
            f"restore of {n(r['rows'])} rows: {r['seconds']:.1f} s = {n(r['rows'] / r['seconds'])} "
            f"rows/s with everything (start-up, checksums, migrate check); loading and "
            f"verifying {r['load_seconds']:.1f} s = {n(r['rows'] / r['load_seconds'])} rows/s; "
            f"{r['rss_kib'] / 1024:.0f} MiB peak (load average {r['load']})\n  {r['said']}"
        )
    lines.append(f"Machine: {machine_info()}; revision {git_revision()}.")
    return "\n".join(lines)


KEY_COUNTS = [
    ("plans.plan", "plans"),
    ("plans.estimateline", "estimate lines"),
    ("execution.contract", "contracts"),
    ("execution.deliverable", "deliverables"),
    ("execution.asrunrecord", "airings"),
    ("outcomes.monthlystat", "monthly figures"),
    ("outcomes.service", "services"),
    ("audit.auditentry", "audit entries"),
]


def report(
    results: list[dict[str, Any]],
    missing: list[int],
    again: dict[str, Any] | None = None,
    paired: dict[str, dict[str, float]] | None = None,
) -> str:
    sizes = [r["size"] for r in results]
    base = results[0]
    head = (
        "| page or API list | "
        + " | ".join(f"{s}×: p50 / p95 (queries)" for s in sizes)
        + (" | 1× again: p50 / p95 (queries)" if again else "")
        + " | p95 at the largest ÷ p95 at 1×"
        + (" (÷ 1× again)" if again else "")
        + (" | paired: p95 at 1× / at the largest (ratio)" if paired else "")
        + " | queries equal |"
    )
    lines = [
        "## Scale: the demo, 10× and 100× on PostgreSQL (issue 25)",
        "",
        "Built with `kehoach demo` and N−1 SQL copies of every table as other provinces "
        "(bench/bench_scale.py explains the copy). One client, Django's test client in one "
        "process with production settings (DEBUG off), logged in as the original province's "
        f'lead division; {WARMUP} warm-up then {RUNS} timed requests per row; "first view" '
        "clears the cache before each request.",
        "",
        "| size | " + " | ".join(label for _k, label in KEY_COUNTS) + " | rows in all |",
        "|---|" + "---|" * (len(KEY_COUNTS) + 1),
    ]
    for r in results:
        lines.append(
            f"| {r['size']}× | "
            + " | ".join(f"{r['counts'].get(k, 0):,}".replace(",", ".") for k, _l in KEY_COUNTS)
            + f" | {r['rows']:,} |".replace(",", ".")
        )
    lines += [
        "",
        head,
        "|---|" + "---|" * (len(sizes) + 2 + (1 if again else 0) + (1 if paired else 0)),
    ]
    for name in base["pages"]:
        cells = []
        runs = [r["pages"][name] for r in results] + ([again[name]] if again else [])
        for p in runs:
            cells.append(f"{p['p50'] * 1000:.1f} / {p['p95'] * 1000:.1f} ms ({p['queries']})")
        largest = results[-1]["pages"][name]["p95"]
        ratio = f"{largest / base['pages'][name]['p95']:.2f}"
        if again:
            ratio += f" ({largest / again[name]['p95']:.2f})"
        same = len({p["queries"] for p in runs}) == 1
        if paired:
            pair = paired[name]
            ratio += (
                f" | {pair['small'] * 1000:.1f} / {pair['large'] * 1000:.1f} ms "
                f"({pair['large'] / pair['small']:.2f})"
            )
        lines.append(
            f"| {name} | " + " | ".join(cells) + f" | {ratio} | {'yes' if same else '**no**'} |"
        )
    lines += [
        "",
        "| size | backup time | backup peak memory | backup size | restore time (of which "
        "loading and verifying) | restore peak memory | rows/s written | rows/s loaded "
        "and verified field by field |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        b, s = r["backup"], r["restore"]
        lines.append(
            f"| {r['size']}× | {b['seconds']:.1f} s | {b['rss_kib'] / 1024:.0f} MiB | "
            f"{b['bytes'] / 1024 / 1024:.0f} MiB | {s['seconds']:.1f} s ({s['load_seconds']:.1f} s)"
            f" | {s['rss_kib'] / 1024:.0f} MiB | {r['rows'] / s['insert_seconds']:,.0f} | "
            f"{r['rows'] / s['load_seconds']:,.0f} |".replace(",", ".")
        )
    lines += [
        "",
        "The restore's time includes the process's start-up, the checksum pass and `migrate` "
        "on the empty database; in brackets the loading and verifying (each table staged as "
        "JSON and inserted by one `INSERT … SELECT`, its indexes built, its digest — "
        "PostgreSQL's canonical text of every field — compared with the backup's, then every "
        'foreign key checked by one anti-join), which the last column divides by; "rows/s '
        'written" divides by the inserting alone.',
    ]
    if missing:
        lines += [
            "",
            f"Not measured in this run: {', '.join(f'{m}×' for m in missing)} "
            "(out of the time available on the shared 2-core machine; "
            "`BENCH_SCALE_SIZES=1,10,100 .venv/bin/python -m bench scale` runs it).",
        ]
    lines += [
        "",
        f"Machine: {machine_info()}; PostgreSQL on 127.0.0.1; revision {git_revision()}. "
        "The machine's 2 cores are shared with other work while the benchmark runs (its load "
        'is not controlled): read the ratios beside the bare page\'s and the "1× again" column.',
        "",
        "Reproduce: `.venv/bin/python -m bench scale` "
        "(`BENCH_SCALE_SIZES=1,10` for a shorter run).",
    ]
    return "\n".join(lines)


def main() -> str:
    import tempfile

    results = []
    with tempfile.TemporaryDirectory(prefix="kehoach-scale-") as tmp:
        for size in SIZES:
            print(f"   scale {size}×", flush=True)
            results.append(one_size(size, Path(tmp)))
        again = None
        if results and results[0]["size"] == 1:
            print("   scale 1× again", flush=True)
            env = _env(f"{PG}_1", Path(tmp) / "data1")
            out, _s, _rss = _run(env, "-m", "bench.bench_scale", "measure")
            again = json.loads(out.strip().splitlines()[-1])
        pairs = None
        if again is not None and len(results) > 1 and PAIRS:
            print(f"   paired: 1× and {results[-1]['size']}×, request by request", flush=True)
            pairs = paired(results[-1]["size"], Path(tmp))
    missing = [s for s in (1, 10, 100) if s not in SIZES]
    text = report(results, missing, again, pairs)
    if pairs:
        text = text.replace(
            "\nReproduce:",
            "\nThe paired column: after the sizes above, two processes — one on 1×, one on the "
            "largest size, both warmed up — asked for the same page in turn, request by request "
            f"({PAIRS} requests each per row, each size first half of the time), so that the "
            "machine's drift during the run falls on both alike; the ratio of their p95s is the "
            "one issue 25's target is read on.\n\nReproduce:",
        )
    return text


if __name__ == "__main__":
    if sys.argv[1:2] == ["build"]:
        print(json.dumps(build(int(sys.argv[2]))))
    elif sys.argv[1:2] == ["measure"]:
        print(json.dumps(measure()))
    elif sys.argv[1:2] == ["serve"]:
        serve()
    elif sys.argv[1:2] == ["restore"]:
        print(restore_only(int(sys.argv[2]), int(sys.argv[3]) if sys.argv[3:] else 3))
    else:
        print(main())
