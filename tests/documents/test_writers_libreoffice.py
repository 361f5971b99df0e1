"""The exported files in LibreOffice (headless): they open without repair, and the workbook's
formulas, recalculated by LibreOffice, give the totals kehoach computed."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kehoach.core.money import format_vnd
from kehoach.documents.writers import get_renderer
from tests.documents.writer_support import (
    built_plan,
    pdf_text,
    require,
    sample_plan,
    soffice_convert,
)


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require("soffice")
    return tmp_path_factory.mktemp("libreoffice-profile")


def without_cached_values(source: Path, target: Path) -> None:
    """The workbook with every formula's cached value removed: whatever LibreOffice then shows
    it has calculated itself."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode("utf-8")
                text = re.sub(r"(<f>[^<]*</f>)<v>[^<]*</v>", r"\1", text)
                data = text.encode("utf-8")
            zout.writestr(item, data)


@pytest.mark.parametrize("build", [sample_plan, built_plan], ids=["sample", "built"])
def test_libreoffice_recalculates_the_workbook_to_the_same_figures(build, profile, tmp_path):
    doc = build()
    name, _, content = get_renderer("xlsx").render(doc)
    exported = tmp_path / name
    exported.write_bytes(content)
    stripped = tmp_path / "stripped" / name
    stripped.parent.mkdir()
    without_cached_values(exported, stripped)
    result = soffice_convert(stripped, "xlsx", tmp_path / "recalculated", profile)
    recalculated = tmp_path / "recalculated" / name
    assert result.returncode == 0 and recalculated.exists(), result.stderr
    ours = openpyxl.load_workbook(exported, data_only=True).active
    theirs = openpyxl.load_workbook(recalculated, data_only=True).active
    formulas = openpyxl.load_workbook(exported).active
    compared = 0
    for row in formulas.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                assert theirs[cell.coordinate].value == ours[cell.coordinate].value, (
                    cell.coordinate,
                    cell.value,
                )
                compared += 1
    assert compared >= len(list(doc.estimate.walk_lines()))
    totals = [theirs.cell(r, 10).value for r in range(1, theirs.max_row + 1)]
    assert doc.estimate.total in totals


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_libreoffice_opens_each_file_and_converts_it_to_pdf(fmt, profile, tmp_path):
    doc = sample_plan()
    name, _, content = get_renderer(fmt).render(doc)
    source = tmp_path / name
    source.write_bytes(content)
    result = soffice_convert(source, "pdf", tmp_path / "pdf", profile)
    converted = tmp_path / "pdf" / (source.stem + ".pdf")
    assert result.returncode == 0 and converted.exists(), result.stderr
    text = re.sub(r"\s+", " ", pdf_text(converted))
    total = format_vnd(doc.estimate.total)
    # Dots between thousands even in the test machine's en-US locale (issue 19).
    assert total in text


def test_a_rebroadcast_row_recalculates_from_its_airings_in_libreoffice(profile, tmp_path):
    """The sample's "Phát lại câu chuyện truyền thanh" (110 airings at 150.000 đồng): its
    airings, airing amount and total are live formulas (issue 19). Changed in the sheet to 120
    airings, LibreOffice recomputes the row, the section, the grand total — the core's figures
    for 120 airings — and the words turn into the note to write them again."""
    doc = sample_plan()
    line = next(ln for _, ln in doc.estimate.walk_lines() if ln.is_rebroadcast)
    assert line.airs_its_quantity and line.quantity == 110
    name, _, content = get_renderer("xlsx").render(doc)
    exported = tmp_path / name
    exported.write_bytes(content)
    book = openpyxl.load_workbook(exported)
    sheet = book.active
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == line.content)
    assert sheet[f"G{row}"].value == f"=D{row}"
    assert sheet[f"I{row}"].value == f"=G{row}*H{row}"
    assert sheet[f"J{row}"].value == f"=I{row}"
    sheet[f"D{row}"].value = 120
    changed = tmp_path / "changed" / name
    changed.parent.mkdir()
    book.save(changed)
    result = soffice_convert(changed, "xlsx", tmp_path / "recalculated", profile)
    recalculated = tmp_path / "recalculated" / name
    assert result.returncode == 0 and recalculated.exists(), result.stderr
    theirs = openpyxl.load_workbook(recalculated, data_only=True).active

    line.quantity = Decimal(120)  # the same change, computed by the core
    assert theirs[f"G{row}"].value == 120
    assert theirs[f"I{row}"].value == theirs[f"J{row}"].value == line.total == 18_000_000
    totals = [theirs.cell(r, 10).value for r in range(row, theirs.max_row + 1)]
    section = next(s for s in doc.estimate.walk_sections() if line in s.lines)
    assert section.total in totals  # "Cộng B": 62.000.000
    assert doc.estimate.total == 190_000_000 and totals[-2] == doc.estimate.total
    words = theirs.cell(theirs.max_row, 1).value
    assert "viết lại số tiền bằng chữ" in words and format_vnd(Decimal(188_500_000)) in words
