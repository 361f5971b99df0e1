"""The sample's official documents, in process after warm-up: DOCX, XLSX and PDF (``part="all"``,
as the plan page's downloads), each beside reading the sample in the same process."""

from __future__ import annotations

import os
import time

from bench.common import ROOT, machine_info, measure

SAMPLE = ROOT / "examples" / "ke-hoach-46a-KH-STTTT-2016.txt"
RUNS = 9
TARGETS = {"docx": 0.3, "xlsx": 0.3, "pdf": 2.0}


def main() -> str:
    # The PDF is rendered from a Django template: the app registry must be ready.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kehoach.settings.dev")
    import django

    django.setup()
    from kehoach.documents.readers import read_plan
    from kehoach.documents.writers import get_renderer

    doc = read_plan(SAMPLE)
    baseline = measure(lambda: read_plan(SAMPLE), runs=RUNS, warmup=2)
    rows = []
    for fmt, target in TARGETS.items():
        renderer = get_renderer(fmt)
        start = time.perf_counter()
        renderer.render(doc, part="all")  # the first in the process (imports, cached styles)
        first = time.perf_counter() - start
        sizes = []

        def render(renderer=renderer, sizes=sizes) -> None:  # type: ignore[no-untyped-def]
            _name, _mime, content = renderer.render(doc, part="all")
            sizes.append(len(content))

        timing = measure(render, runs=RUNS, warmup=2)
        rows.append((fmt, timing, target, sizes[-1], first))
    lines = [
        "## Exports of the sample (in process)",
        "",
        f'`get_renderer(fmt).render(doc, part="all")` on the sample read once; {RUNS} runs '
        "after 2 warm-up runs, median (min–max). Baseline: reading the sample "
        f"(`read_plan`) in the same process, {baseline.text('ms')}.",
        "",
        "| export | figure | first in the process | size | baseline ratio | target | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for fmt, timing, target, size, first in rows:
        result = "**PASS**" if timing.median < target else "**FAIL**"
        lines.append(
            f"| {fmt.upper()} | {timing.text('ms')} | {first * 1000:.0f} ms | "
            f"{size / 1024:.0f} KiB | "
            f"{timing.median / baseline.median:.1f}× reading the sample | < {target:g} s | "
            f"{result} |"
        )
    lines += [
        "",
        f"Machine: {machine_info()}.",
        "",
        "Reproduce: `.venv/bin/python -m bench exports`",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    from bench.common import run_module

    run_module("exports", main)
