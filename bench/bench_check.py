"""`kehoach check` as a user runs it: the whole process, cold, on the sample and on a generated
5,000-line estimate (bench/generate.py, seed 14); and the start-up of `kehoach --help`.

Every round runs, one after the other, the baselines (`python -c pass`: the interpreter alone;
`kehoach --version`: Django's management utility with the project's settings and apps) and the
measured commands, so that they share the machine's load; the figures are medians over the
rounds with the min–max range. The 5,000-line target is on the difference with the sample,
taken round by round.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, Timing, machine_info
from bench.generate import write

SAMPLE = ROOT / "examples" / "ke-hoach-46a-KH-STTTT-2016.txt"
ROUNDS = 7


def kehoach_command() -> list[str]:
    script = Path(sys.executable).parent / "kehoach"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kehoach"]


def run_once(args: list[str], ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, cwd=ROOT, check=False, timeout=120)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise RuntimeError(
            f"{' '.join(args)} exited {done.returncode}: {done.stderr.decode(errors='replace')}"
        )
    return elapsed


def verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**FAIL**"


def main() -> str:
    kehoach = kehoach_command()
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        big = write(Path(tmp) / "ke-hoach-5000-dong.txt", lines=5000, sections=50, seed=14)
        commands = {
            "python": [sys.executable, "-c", "pass"],
            "version": [*kehoach, "--version"],
            "help": [*kehoach, "--help"],
            "sample": [*kehoach, "check", str(SAMPLE)],
            "big": [*kehoach, "check", str(big)],
        }
        # exit 1 = "the plan has errors": both plans have some, on purpose
        ok = {"sample": (0, 1), "big": (0, 1)}
        for name, args in commands.items():  # warm the file cache and .pyc once
            run_once(args, ok.get(name, (0,)))
        runs: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(ROUNDS):
            for name, args in commands.items():
                runs[name].append(run_once(args, ok.get(name, (0,))))
    t = {name: Timing(values) for name, values in runs.items()}
    extra = Timing([b - s for b, s in zip(runs["big"], runs["sample"], strict=True)])
    version = t["version"].median
    rows = [
        (
            "`kehoach check` sample (whole process)",
            t["sample"].text(),
            f"{t['sample'].median / version:.2f}× `kehoach --version`",
            "< 1 s",
            t["sample"].median < 1.0,
        ),
        (
            "`kehoach check` 5,000 lines / 50 sections, minus the sample (per round)",
            extra.text(),
            f"{extra.median / t['sample'].median:.2f}× the sample's whole run",
            "< 1 s more than the sample",
            extra.median < 1.0,
        ),
        (
            "`kehoach check` 5,000 lines (whole process)",
            t["big"].text(),
            f"{t['big'].median / version:.2f}× `kehoach --version`",
            "(the difference above)",
            None,
        ),
        (
            "`kehoach --help` (start-up)",
            t["help"].text(),
            f"{t['help'].median / version:.2f}× `kehoach --version`, "
            f"{t['help'].median / t['python'].median:.0f}× `python -c pass`",
            "< 0.5 s",
            t["help"].median < 0.5,
        ),
    ]
    lines = [
        "## `kehoach check` and start-up (whole process)",
        "",
        f"{ROUNDS} rounds, each running every command once in turn (after one warm-up run each); "
        "median (min–max) of wall-clock time of the process, started with `subprocess`.",
        "",
        "| measure | figure | baseline ratio | target | result |",
        "|---|---|---|---|---|",
    ]
    for label, figure, ratio, target, passed in rows:
        result = "—" if passed is None else verdict(passed)
        lines.append(f"| {label} | {figure} | {ratio} | {target} | {result} |")
    lines += [
        "",
        f"Baselines in the same rounds: `python -c pass` {t['python'].text()}; "
        f"`kehoach --version` (Django's management utility, settings and app registry) "
        f"{t['version'].text()}.",
        "",
        "The 5,000-line plan is written by `python -m bench.generate OUT --lines 5000 "
        "--sections 50 --seed 14` (same bytes every time; see its docstring).",
        "",
        f"Machine: {machine_info()}.",
        "",
        "Reproduce: `.venv/bin/python -m bench check`",
    ]
    spread = statistics.pstdev(runs["sample"])
    if spread > 0.25 * t["sample"].median:
        lines.insert(
            3,
            f"Note: the machine was noisy during this run (sample σ {spread:.2f} s).\n",
        )
    return "\n".join(lines)


if __name__ == "__main__":
    from bench.common import run_module

    run_module("check", main)
