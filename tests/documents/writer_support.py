"""Helpers for the writer tests: the sample read by kehoach, a plan built from the model, the
estimate's computed figures for comparison, and the external tools (LibreOffice, poppler)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kehoach.core.estimate import Estimate, EstimateLine, EstimateSection
from kehoach.core.plan import Header, Paragraph, PlanDocument, Recipient, Signer
from kehoach.documents.readers import read_plan

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "ke-hoach-46a-KH-STTTT-2016.txt"
ARTIFACTS = ROOT / "artifacts"

# LibreOffice recalculates every formula of an OOXML workbook on load (0 = always).
RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def sample_plan() -> PlanDocument:
    return read_plan(SAMPLE)


def built_plan() -> PlanDocument:
    """A plan made from the model, with what the sample lacks: a governing body and an
    agency, a fractional quantity, a line with airings, a pure broadcast line, a lump sum, a
    two-line signer title."""
    estimate = Estimate(
        title="Dự toán kinh phí — Truyền thông thử nghiệm",
        sections=[
            EstimateSection(
                code="A",
                title="Sản xuất",
                key="A",
                lines=[
                    EstimateLine(
                        content="Tin ngắn",
                        number="1",
                        key="A.1",
                        duration="1,5 phút",
                        quantity=Decimal("1.5"),
                        unit_price=Decimal(333_333),
                    ),
                    EstimateLine(
                        content="Phóng sự và phát sóng",
                        number="2",
                        key="A.2",
                        quantity=Decimal(3),
                        unit_price=Decimal(2_000_000),
                        airings=Decimal(6),
                        airing_unit_price=Decimal(250_000),
                        note="Đài tỉnh",
                    ),
                ],
            ),
            EstimateSection(
                code="B",
                title="Phát lại",
                key="B",
                lines=[
                    EstimateLine(
                        content="Phát lại trên đài huyện",
                        number="1",
                        key="B.1",
                        quantity=Decimal(11),
                        airing_unit_price=Decimal(150_000),
                    ),
                    EstimateLine(
                        content="Chi phí quản lý",
                        number="2",
                        key="B.2",
                        lump_sum=Decimal(1_234_567),
                        basis="Theo định mức",
                    ),
                ],
            ),
        ],
    )
    return PlanDocument(
        header=Header(
            governing_body="UBND TỈNH TIỀN GIANG",
            agency="SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
            number="7",
            symbol="KH-STTTT",
            type_name="KẾ HOẠCH",
            place="Tiền Giang",
            date=date(2024, 2, 5),
            title="Truyền thông thử nghiệm",
        ),
        paragraphs=[
            Paragraph("Căn cứ Kế hoạch số 1/KH-UBND ngày 02/01/2024 của UBND tỉnh;"),
            Paragraph("I. MỤC TIÊU", "I"),
            Paragraph("- Một mục tiêu.", "I"),
            Paragraph("1. Một hoạt động", "I.1"),
        ],
        recipients=[
            Recipient("Lưu: VT, BCXB", is_archive=True),
            Recipient("UBND tỉnh", purpose="báo cáo"),
        ],
        signer=Signer(prefix="KT.", title="GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", name="Nguyễn Văn A"),
        estimate=estimate,
    )


def estimate_figures(estimate: Estimate) -> dict[str, Any]:
    """What must survive a round trip to the đồng: every computed figure, by key."""
    lines = {
        line.key: (
            line.content,
            line.duration,
            line.quantity,
            line.unit_price,
            line.effective_airings,
            line.airing_unit_price,
            line.production_amount,
            line.airing_amount,
            line.total,
        )
        for _, line in estimate.walk_lines()
    }
    sections = {s.key: (s.code, s.title, s.total) for s in estimate.walk_sections()}
    return {"lines": lines, "sections": sections, "total": estimate.total}


def require(binary: str) -> str:
    path = shutil.which(binary)
    if path is None:
        pytest.skip(
            f"'{binary}' is not installed (.ci/run installs it from Debian: "
            "libreoffice-calc-nogui, libreoffice-writer-nogui, poppler-utils)"
        )
    return path


def soffice_convert(
    source: Path, fmt: str, outdir: Path, profile: Path
) -> subprocess.CompletedProcess[str]:
    """Convert one file headless with a private profile (parallel test workers each have
    their own), LibreOffice set to recalculate every formula on load."""
    soffice = require("soffice")
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    outdir.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def pdf_text(path: Path) -> str:
    pdftotext = require("pdftotext")
    result = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout
