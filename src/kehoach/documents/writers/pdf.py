"""The plan and its appendix as PDF: an HTML template rendered by WeasyPrint.

The template (``documents/print/plan.html``) is the one the web app shows as the print view;
:func:`print_context` gives both the same context. Fonts: Times New Roman where installed,
otherwise Liberation Serif 2 (metric-compatible) or DejaVu Serif — both cover every
Vietnamese letter (Debian's ``fonts-liberation`` 1.x does not).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import get_template

from kehoach.core.plan import PlanDocument
from kehoach.core.words import WordsStyle
from kehoach.documents.writers import Part
from kehoach.documents.writers.layout import (
    AppendixLayout,
    Column,
    appendix_layout,
    body_blocks,
    file_stem,
    number_line,
    place_date_line,
    recipient_lines,
    signer_lines,
)
from kehoach.documents.writers.weasy import html_to_pdf

TEMPLATE = "documents/print/plan.html"
_BLOCK_CSS = {
    "legal_basis": "legal-basis",
    "heading1": "heading1",
    "heading2": "heading2",
    "body": "body",
}


@dataclass(frozen=True)
class _Group:
    label: str
    columns: list[Column]


def _cells(layout: AppendixLayout) -> list[dict[str, Any]]:
    rows = []
    for row in layout.rows:
        cells = []
        for column in layout.columns:
            if column.numeric:
                css = "num"
            elif column.key in ("number", "duration", "unit"):
                css = "center"
            else:
                css = column.key
            cells.append({"text": row.display(column), "css": css})
        rows.append({"kind": row.kind, "cells": cells})
    return rows


def print_context(
    doc: PlanDocument, *, part: Part = "all", words_style: WordsStyle | None = None
) -> dict[str, Any]:
    """What the print template shows: the plan, its appendix, or both."""
    style = words_style or WordsStyle()
    header = doc.header
    show_appendix = part in ("appendix", "all") and not doc.estimate.is_empty
    layout = appendix_layout(doc, style) if show_appendix else None
    return {
        "title": " ".join(x for x in (header.type_name, header.reference) if x) or "Kế hoạch",
        "author": header.agency,
        "description": header.title,
        "show_plan": part in ("plan", "all"),
        "header": header,
        "number_line": number_line(header),
        "place_date": place_date_line(header),
        "blocks": [
            {"text": block.text, "css": _BLOCK_CSS[block.kind]} for block in body_blocks(doc)
        ],
        "closing": doc.closing,
        "recipients": recipient_lines(doc),
        "signer_lines": signer_lines(doc),
        "signer_name": doc.signer.name,
        "appendix": layout,
        "columns": layout.columns if layout else [],
        "groups": [_Group(label, cols) for label, cols in layout.groups] if layout else [],
        "rows": _cells(layout) if layout else [],
    }


def render_html(
    doc: PlanDocument, *, part: Part = "all", words_style: WordsStyle | None = None
) -> str:
    context = print_context(doc, part=part, words_style=words_style)
    return str(get_template(TEMPLATE).render(context))


class PdfRenderer:
    extension = "pdf"
    mimetype = "application/pdf"

    def __init__(self, *, words_style: WordsStyle | None = None) -> None:
        self.words_style = words_style or WordsStyle()

    def render(self, doc: PlanDocument, *, part: Part = "all") -> tuple[str, str, bytes]:
        html = render_html(doc, part=part, words_style=self.words_style)
        content = html_to_pdf(html)
        stem = file_stem(doc, "appendix" if part == "appendix" else "all")
        return f"{stem}.pdf", self.mimetype, content
