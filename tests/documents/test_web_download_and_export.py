"""The web download and ``kehoach export`` give the same document for the same stored plan
(issue 19): every part of the DOCX and XLSX packages identical but the time of creation, the
PDF's text identical; the document's properties from the agency and the time of creation."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

import docx
import pytest
from django.core.management import call_command

from kehoach.plans.models import Plan
from tests.documents.writer_support import pdf_text, require
from tests.web.conftest import demo, login, plan  # noqa: F401  (fixtures)

DEMO = "plans"  # the lighter demo: these tests need only the plans (tests/conftest.py)

_TIMED = {"docProps/core.xml"}


def _parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name not in _TIMED}


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_the_web_download_is_the_export_of_the_same_plan(fmt, plan: Plan, tmp_path):  # noqa: F811
    web = login("bcxb").get(f"/ke-hoach/{plan.pk}/tai-ve/{fmt}/")
    assert web.status_code == 200
    # RFC 6266 (issue 21): the exact UTF-8 name is in filename*, an ASCII fallback in filename
    name = unquote(web["Content-Disposition"].split("filename*=UTF-8''")[1])
    call_command("export", plan.reference, "--to", fmt, "--out", str(tmp_path))
    exported = (tmp_path / name).read_bytes()
    if fmt == "pdf":
        require("pdftotext")
        (tmp_path / "web.pdf").write_bytes(web.content)
        assert pdf_text(tmp_path / "web.pdf") == pdf_text(tmp_path / name)
    else:
        assert _parts(web.content) == _parts(exported)


def test_the_docx_properties_name_the_agency_and_the_time_of_creation(plan: Plan):  # noqa: F811
    content = login("bcxb").get(f"/ke-hoach/{plan.pk}/tai-ve/docx/").content
    properties = docx.Document(io.BytesIO(content)).core_properties
    assert properties.author == plan.agency or properties.author == plan.organisation.name
    created = properties.created
    assert created is not None
    assert abs(created.replace(tzinfo=UTC) - datetime.now(UTC)) < timedelta(minutes=5)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        app = archive.read("docProps/app.xml").decode()
    assert "Microsoft Macintosh Word" not in app and "<Application>kehoach" in app
