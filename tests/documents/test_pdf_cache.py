"""The PDFs kept for a run (kehoach/documents/writers/weasy.py) are what WeasyPrint gives: the
same HTML lays out to the same bytes (what keeping them relies on), and a kept PDF is returned
only for the very same HTML."""

from __future__ import annotations

from kehoach.documents.writers.weasy import CACHE_VARIABLE, html_to_pdf

PAGE = "<html><body><h1>Kế hoạch</h1><p>Tuyên truyền dịch vụ công trực tuyến {n}</p></body></html>"


def test_the_same_html_gives_the_same_bytes_without_a_folder(monkeypatch):
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    first, second = html_to_pdf(PAGE.format(n=1)), html_to_pdf(PAGE.format(n=1))
    assert first.startswith(b"%PDF") and first == second


def test_a_kept_pdf_is_returned_only_for_the_same_html(monkeypatch, tmp_path):
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    fresh = html_to_pdf(PAGE.format(n=2))
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))
    assert html_to_pdf(PAGE.format(n=2)) == fresh
    [kept] = tmp_path.iterdir()
    assert kept.suffix == ".pdf" and kept.read_bytes() == fresh
    kept.write_bytes(b"%PDF- kept")  # what is kept is what is returned for that HTML …
    assert html_to_pdf(PAGE.format(n=2)) == b"%PDF- kept"
    other = html_to_pdf(PAGE.format(n=3))  # … and never for another
    assert other != b"%PDF- kept" and other.startswith(b"%PDF")
    assert len(list(tmp_path.iterdir())) == 2
