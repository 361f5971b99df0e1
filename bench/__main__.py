"""`python -m bench`: run every bench/bench_*.py module (each writes its own section)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from bench.common import run_module


def main() -> int:
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    only = set(sys.argv[1:])
    for module_name in names:
        name = module_name.removeprefix("bench_")
        if only and name not in only:
            continue
        module = importlib.import_module(f"bench.{module_name}")
        print(f"== {name}", flush=True)
        run_module(name, module.main)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
