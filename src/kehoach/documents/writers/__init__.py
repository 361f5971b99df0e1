"""Writers: :class:`~kehoach.core.plan.PlanDocument` -> an official file (DOCX, XLSX, PDF).

Every writer is a renderer with one interface, shared by ``kehoach export`` and the web app::

    filename, mimetype, content = renderer.render(doc, part="all")

``part`` is ``"plan"`` (the plan alone), ``"appendix"`` (the estimate appendix alone) or
``"all"`` (the plan followed by its appendix). The XLSX workbook is always the estimate.
"""

from __future__ import annotations

from typing import Literal, Protocol, get_args

from kehoach.core.messages import Message, Refusal, declare
from kehoach.core.plan import PlanDocument
from kehoach.core.words import WordsStyle

Part = Literal["plan", "appendix", "all"]
Format = Literal["docx", "xlsx", "pdf"]
PARTS: tuple[str, ...] = get_args(Part)
FORMATS: tuple[str, ...] = get_args(Format)


class RenderError(Refusal):
    """A document that cannot be produced; its message is one line (``exc.text(lang)``)."""

    code = "render"
    str_language = "en"

    def __init__(self, message: Message | str, message_en: str = "") -> None:
        super().__init__(message, message_en)


# What the writers say (docs/architecture.md, "Messages"): English in the catalogue only.
NO_WEASYPRINT = declare(
    "render.pdf", "Không tạo được PDF: thiếu WeasyPrint hoặc thư viện pango ({reason})."
)


class Renderer(Protocol):
    extension: str
    mimetype: str

    def render(self, doc: PlanDocument, *, part: Part = "all") -> tuple[str, str, bytes]:
        """The file name, its MIME type and its bytes."""
        ...


def get_renderer(fmt: str, *, words_style: WordsStyle | None = None) -> Renderer:
    """The renderer for ``docx``, ``xlsx`` or ``pdf``."""
    style = words_style or WordsStyle()
    if fmt == "docx":
        # inside: cycle — each writer imports Part from here
        from kehoach.documents.writers.docx import DocxRenderer

        return DocxRenderer(words_style=style)
    if fmt == "xlsx":
        # inside: cycle — each writer imports Part from here
        from kehoach.documents.writers.xlsx import XlsxRenderer

        return XlsxRenderer(words_style=style)
    if fmt == "pdf":
        # inside: cycle, and the PDF writer loads Django
        from kehoach.documents.writers.pdf import PdfRenderer

        return PdfRenderer(words_style=style)
    raise ValueError(f"Unknown format {fmt!r}: one of {', '.join(FORMATS)}")
