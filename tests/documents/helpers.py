"""Running `kehoach check` as a user does, and comparing what two files give."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.cli import kehoach_here

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "ke-hoach-46a-KH-STTTT-2016.txt"
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def kehoach(*args: str) -> subprocess.CompletedProcess[str]:
    """``kehoach ARGS`` in this process (tests/cli.py); test_check_command.py runs the program."""
    return kehoach_here(*args)


def check_json(*args: str) -> dict[str, Any]:
    result = kehoach("check", *args, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def finding_keys(payload: dict[str, Any], *, skip: tuple[str, ...] = ()) -> list[tuple]:
    """What must agree between formats: each finding's code and where it is in the plan's
    structure (appendix line and section, body heading) — not the file line, which differs."""
    return sorted(
        (
            f["code"],
            f["where"].get("part"),
            f["where"].get("line"),
            f["where"].get("section"),
            f["where"].get("heading"),
            f["where"].get("column"),
        )
        for f in payload["findings"]
        if f["code"] not in skip
    )


def soffice_convert(source: Path, target_dir: Path, fmt: str) -> Path:
    """Open ``source`` in LibreOffice and save it again as ``fmt`` (docx, xlsx)."""
    soffice = shutil.which("soffice")
    assert soffice is not None
    profile = target_dir / "lo-profile"
    filters = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}
    out = target_dir / "lo"
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            filters[fmt],
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / (source.stem + "." + fmt)
