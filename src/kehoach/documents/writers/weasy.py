"""HTML to PDF through WeasyPrint, the one place both PDF writers call it.

WeasyPrint gives the same bytes for the same HTML (checked by tests/documents/test_pdf_cache.py),
and laying out a page costs about a second. Where ``KEHOACH_PDF_CACHE`` names a folder, a PDF
is kept there under the SHA-256 of its HTML and WeasyPrint's version, and the same HTML is not
laid out twice: the test suite sets it for its run (tests/conftest.py), since the demo's
acceptance minutes are rendered again by every module that loads the executed demo. Unset (the
default, and in production, where each document is rendered once and stored), nothing is kept.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from kehoach.documents.writers import NO_WEASYPRINT, RenderError

CACHE_VARIABLE = "KEHOACH_PDF_CACHE"


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html`` (a missing WeasyPrint or pango is said as a :class:`RenderError`)."""
    try:
        # inside: heavy (WeasyPrint, ~0.5 s), only for a PDF; a missing pango is said
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the pango library is missing
        raise RenderError(NO_WEASYPRINT.with_params(reason=str(exc))) from exc
    kept = _kept_path(html, weasyprint.__version__)
    if kept is not None and kept.is_file():
        return kept.read_bytes()
    content = weasyprint.HTML(string=html).write_pdf()
    assert content is not None
    if kept is not None:
        _keep(kept, bytes(content))
    return bytes(content)


def _kept_path(html: str, version: str) -> Path | None:
    folder = os.environ.get(CACHE_VARIABLE)
    if not folder:
        return None
    digest = hashlib.sha256(f"{version}\0{html}".encode()).hexdigest()
    return Path(folder) / f"{digest}.pdf"


def _keep(path: Path, content: bytes) -> None:
    """Written beside and renamed, so that another process never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    os.replace(temporary, path)
