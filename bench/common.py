"""What every benchmark module shares: timing (median of N runs with min–max), the machine's
description, and writing its own section of BENCHMARKS.md.

Protocol: each module ``bench/bench_<name>.py`` has ``main() -> str`` returning its Markdown
section, and is runnable as ``python -m bench.bench_<name>``; ``write_section(name, text)``
replaces only the text between ``<!-- bench:<name>:start -->`` and ``<!-- bench:<name>:end -->``
(appending the section when it is new), so modules never overwrite each other.
"""

from __future__ import annotations

import contextlib
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"


@dataclass
class Timing:
    runs: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def low(self) -> float:
        return min(self.runs)

    @property
    def high(self) -> float:
        return max(self.runs)

    def text(self, unit: str = "s") -> str:
        scale = 1000 if unit == "ms" else 1
        return f"{self.median * scale:.3g} {unit} ({self.low * scale:.3g}–{self.high * scale:.3g})"


def measure(fn: Callable[[], object], *, runs: int = 5, warmup: int = 1) -> Timing:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return Timing(times)


def machine_info() -> str:
    try:
        memory = next(
            line
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ).split()[1]
        memory_text = f"{int(memory) / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory_text = "unknown"
    cpu = "unknown"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    versions = []
    for package in (
        "Django",
        "duckdb",
        "pandas",
        "WeasyPrint",
        "python-docx",
        "XlsxWriter",
        "openpyxl",
        "gunicorn",
    ):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            continue
    return (
        f"`nproc` {os.cpu_count()}, {memory_text}, {cpu}; Python "
        f"{platform.python_version()}; {', '.join(versions)}"
    )


def git_revision() -> str:
    try:
        return (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            ).stdout.strip()
            or "unknown"
        )
    except OSError:
        return "unknown"


def write_section(name: str, text: str) -> None:
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = f"{start}\n{text.rstrip()}\n{end}"
    current = (
        BENCHMARKS.read_text(encoding="utf-8")
        if BENCHMARKS.exists()
        else (
            "# Benchmarks\n\nWritten by `make bench` (each section by its own module in `bench/`). "
            "Every figure is a median of at least 5 runs with the min–max range, beside a "
            "baseline measured in the same run.\n"
        )
    )
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(current):
        updated = pattern.sub(lambda _m: block, current)
    else:
        updated = current.rstrip() + "\n\n" + block + "\n"
    BENCHMARKS.write_text(updated, encoding="utf-8")


def run_module(name: str, main: Callable[[], str]) -> None:
    text = main()
    write_section(name, text)
    sys.stdout.write(text + "\n")
