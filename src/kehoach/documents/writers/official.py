"""The page of every short official document kehoach writes besides the plan (acceptance
minutes, the final report, the conference invitation): A4, the margins and the 13 pt Times New
Roman of Decree 30/2020/NĐ-CP, and a one-run paragraph."""

from __future__ import annotations

from typing import Any


def official_document() -> Any:
    """A new python-docx document with the page and the body font set."""
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    return document


def add_paragraph(
    document: Any, text: str, *, bold: bool = False, italic: bool = False, center: bool = False
) -> Any:
    """A paragraph of one run, bold, italic or centred as asked."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = document.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p
