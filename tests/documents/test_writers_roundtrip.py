"""Export, then read back with kehoach's own readers: the same estimate to the đồng and the
same header fields."""

from __future__ import annotations

import importlib.util
from copy import deepcopy

import pytest

from kehoach.core.estimate import Estimate
from kehoach.core.plan import PlanDocument
from kehoach.documents.readers import read_plan
from kehoach.documents.writers import get_renderer
from tests.documents.writer_support import built_plan, estimate_figures, sample_plan


def reader_missing(name: str) -> bool:
    return importlib.util.find_spec(f"kehoach.documents.readers.{name}") is None


def export_and_read(doc: PlanDocument, fmt: str, tmp_path) -> PlanDocument:
    name, _, content = get_renderer(fmt).render(doc)
    path = tmp_path / name
    path.write_bytes(content)
    return read_plan(path)


def aired(estimate: Estimate) -> Estimate:
    """The estimate as the workbook lays it out: a rebroadcast that airs its quantity has its
    one price as the airing price and its quantity as airings (the same amounts, issue 19)."""
    copy = deepcopy(estimate)
    for _, line in copy.walk_lines():
        if line.airs_its_quantity:
            line.unit_price, line.airings = None, line.quantity
    return copy


def header_fields(doc: PlanDocument) -> tuple:
    h = doc.header
    return (h.governing_body, h.agency, h.reference, h.type_name, h.place, h.date, h.title)


@pytest.mark.skipif(reader_missing("docx"), reason="the DOCX reader (readers/docx.py) is missing")
@pytest.mark.parametrize("build", [sample_plan, built_plan], ids=["sample", "built"])
def test_a_plan_exported_to_docx_reads_back_the_same(build, tmp_path):
    doc = build()
    back = export_and_read(doc, "docx", tmp_path)
    assert estimate_figures(back.estimate) == estimate_figures(doc.estimate)
    assert back.estimate.total == doc.estimate.total
    assert header_fields(back) == header_fields(doc)
    assert (back.signer.prefix, back.signer.title, back.signer.name) == (
        doc.signer.prefix,
        doc.signer.title,
        doc.signer.name,
    )
    assert [(r.text, r.purpose) for r in back.recipients if not r.is_archive] == [
        (r.text, r.purpose) for r in doc.recipients if not r.is_archive
    ]
    assert [p.text for p in back.paragraphs] == [p.text for p in doc.paragraphs]
    reference = back.estimate_reference
    assert reference is not None
    assert (reference.number, reference.symbol, reference.date) == (
        doc.header.number,
        doc.header.symbol,
        doc.header.date,
    )


@pytest.mark.skipif(reader_missing("xlsx"), reason="the XLSX reader (readers/xlsx.py) is missing")
@pytest.mark.parametrize("build", [sample_plan, built_plan], ids=["sample", "built"])
def test_an_estimate_exported_to_xlsx_reads_back_the_same(build, tmp_path):
    doc = build()
    back = export_and_read(doc, "xlsx", tmp_path)
    assert estimate_figures(back.estimate) == estimate_figures(aired(doc.estimate))
    assert back.estimate.total == doc.estimate.total
    # The workbook is the estimate: the plan's header lives in its "Kèm theo" reference.
    reference = back.estimate_reference
    assert reference is not None
    assert (reference.number, reference.symbol, reference.date) == (
        doc.header.number,
        doc.header.symbol,
        doc.header.date,
    )
    assert back.estimate.stated_words is not None
