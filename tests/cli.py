"""`kehoach ARGS` run inside the test's process: the same entry point as the installed command
(``kehoach.__main__.main`` with its ``sys.argv``), its output and exit status collected as a
``subprocess.CompletedProcess`` — without the second of start-up a separate process costs.

The program itself, started as a person starts it (its own process, its exit status, UTF-8 on
a pipe), is tested in tests/test_cli.py and tests/documents/test_check_command.py; the tests of
what a command says and writes use this runner.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from django.utils import translation

from kehoach.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


def kehoach_here(
    *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """Run ``kehoach ARGS`` in this process; ``env`` adds to the environment for its duration."""
    out, err = io.StringIO(), io.StringIO()
    saved_env = {key: os.environ.get(key) for key in (env or {})}
    saved_argv, saved_cwd = sys.argv, Path.cwd()
    language = translation.get_language()
    code = 0
    try:
        os.environ.update(env or {})
        sys.argv = ["kehoach", *args]
        os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main()
            except SystemExit as exit_:
                code = _exit_status(exit_.code)
    finally:
        sys.argv = saved_argv
        os.chdir(saved_cwd)
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        translation.activate(language)
    return subprocess.CompletedProcess(["kehoach", *args], code, out.getvalue(), err.getvalue())


def _exit_status(code: object) -> int:
    """What the shell would see for ``sys.exit(code)``: None is 0, a message is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1
