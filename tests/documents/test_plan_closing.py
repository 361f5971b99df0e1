"""The plan's closing sentence ("Trên đây là Kế hoạch …./.") is kept by the model, written
in every format and read back the same (issue 19)."""

from __future__ import annotations

import pytest

from kehoach.documents.readers import read_plan
from kehoach.documents.writers import get_renderer
from tests.documents.writer_support import pdf_text, require, sample_plan

CLOSING = (
    "Trên đây là Kế hoạch Tuyên truyền dịch vụ công trực tuyến năm 2016 của Sở Thông tin và "
    "Truyền thông./."
)


def test_the_reader_keeps_the_closing_sentence_out_of_the_recipients():
    doc = sample_plan()
    assert doc.closing == CLOSING
    assert all("Trên đây" not in r.text for r in doc.recipients)


def test_the_closing_sentence_round_trips_through_the_docx_writer_and_reader(tmp_path):
    name, _, content = get_renderer("docx").render(sample_plan())
    path = tmp_path / name
    path.write_bytes(content)
    again = read_plan(path)
    assert again.closing == CLOSING
    assert [p.text for p in again.paragraphs if "Trên đây" in p.text] == []


@pytest.mark.parametrize("fmt", ["pdf"])
def test_the_closing_sentence_is_printed_before_the_recipients(fmt, tmp_path):
    require("pdftotext")
    name, _, content = get_renderer(fmt).render(sample_plan(), part="plan")
    path = tmp_path / name
    path.write_bytes(content)
    text = " ".join(pdf_text(path).split())
    assert CLOSING in text
    assert text.index(CLOSING) < text.index("Nơi nhận")


def test_the_export_writes_thousands_with_the_source_s_own_word_in_the_whole_document(tmp_path):
    from django.core.management import call_command

    from tests.documents.writer_support import SAMPLE

    call_command("export", str(SAMPLE), "--to", "docx", "--out", str(tmp_path))
    path = next(tmp_path.glob("*.docx"))
    import docx

    text = " ".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "năm trăm ngàn đồng" in text  # the body, as the source wrote it
    assert "(Bằng chữ: Một trăm tám mươi tám triệu năm trăm ngàn đồng)" in text  # the appendix
    assert "nghìn" not in text
