"""A source file exported with ``kehoach export FILE`` is the same document as the web download
of the plan imported from that file (issue 19): one mapping for both (the body in the official
order, the "(Đính kèm phụ lục …)" line, the closing sentence, the appendix's title). And the
plan's closing sentence round-trips: read, stored, written, read again."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from kehoach.documents.readers import read_plan
from kehoach.plans.models import ImportJob, Plan
from tests.documents.writer_support import SAMPLE, pdf_text, require
from tests.web.conftest import demo, login  # noqa: F401  (fixtures)

CLOSING = (
    "Trên đây là Kế hoạch Tuyên truyền dịch vụ công trực tuyến năm 2016 của Sở Thông tin và "
    "Truyền thông./."
)
OTHER_CLOSING = (
    "Trên đây là Kế hoạch tuyên truyền của Sở Thông tin và Truyền thông, đề nghị các đơn vị "
    "có liên quan phối hợp thực hiện nghiêm túc; trong quá trình thực hiện nếu có vướng mắc, "
    "báo cáo về Sở (qua Phòng Báo chí – Xuất bản) để được hướng dẫn./."
)


def _import(source: Path) -> Plan:
    """The file uploaded and imported through the web pages, as a clerk does."""
    client = login("bcxb")
    upload = SimpleUploadedFile(source.name, source.read_bytes(), "text/plain")
    response = client.post("/ke-hoach/nhap/", {"file": upload})
    assert response.status_code == 302, response.content[:500]
    job = ImportJob.objects.latest("id")
    response = client.post(f"/ke-hoach/nhap/{job.pk}/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.plan is not None
    return job.plan


def _download(plan: Plan, fmt: str) -> tuple[str, bytes]:
    response = login("bcxb").get(f"/ke-hoach/{plan.pk}/tai-ve/{fmt}/")
    assert response.status_code == 200
    name = unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])
    return name, response.content


def _document_xml_text(content: bytes) -> list[str]:
    """The text of word/document.xml, paragraph by paragraph (tables included)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    return ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs]


def _with_closing(tmp_path: Path, closing: str) -> Path:
    text = SAMPLE.read_text(encoding="utf-8").replace(CLOSING, closing)
    assert closing in text
    path = tmp_path / "ke-hoach-ket-khac.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_the_export_of_the_source_file_is_the_web_download_of_its_import(
    fmt,
    demo,  # noqa: F811
    tmp_path,
):
    plan = _import(SAMPLE)
    name, web = _download(plan, fmt)
    out = tmp_path / "cli"
    out.mkdir()
    call_command(
        "export", str(SAMPLE), "--to", fmt, "--out", str(out), "--organisation", "TG-STTTT"
    )
    exported = out / name  # the same file name too
    assert exported.exists(), list(out.iterdir())
    if fmt == "docx":
        ours, theirs = _document_xml_text(web), _document_xml_text(exported.read_bytes())
        assert ours == theirs
        joined = "\n".join(ours)
        # What used to differ (issue 19): the closing, the "(Dính kèm …)" line, the appendix's
        # title, the organisation's names in the header.
        assert CLOSING in joined and "(Dính kèm phụ lục kinh phí)" in joined
        assert "Dự toán kinh phí" in joined
        assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH TIỀN GIANG" in joined
    elif fmt == "pdf":
        require("pdftotext")
        (tmp_path / "web.pdf").write_bytes(web)
        web_text, cli_text = pdf_text(tmp_path / "web.pdf"), pdf_text(exported)
        assert web_text == cli_text
        flat = " ".join(web_text.split())
        assert CLOSING in flat and flat.index(CLOSING) < flat.index("Nơi nhận")
    else:
        with zipfile.ZipFile(io.BytesIO(web)) as a, zipfile.ZipFile(exported) as b:
            assert a.read("xl/worksheets/sheet1.xml") == b.read("xl/worksheets/sheet1.xml")
            assert a.read("xl/sharedStrings.xml") == b.read("xl/sharedStrings.xml")


@pytest.mark.django_db
@pytest.mark.parametrize("closing", [CLOSING, OTHER_CLOSING], ids=["sample", "other"])
def test_the_closing_sentence_is_stored_written_and_read_back(
    closing,
    demo,  # noqa: F811
    tmp_path,
):
    source = SAMPLE if closing == CLOSING else _with_closing(tmp_path, closing)
    plan = _import(source)
    assert plan.closing == closing
    assert Plan.objects.get(pk=plan.pk).closing == closing
    assert closing not in plan.preamble and "Trên đây" not in plan.content
    name, content = _download(plan, "docx")
    path = tmp_path / name
    path.write_bytes(content)
    again = read_plan(path)
    assert again.closing == closing
    assert not any("Trên đây" in p.text for p in again.paragraphs)
    assert not any("Trên đây" in r.text for r in again.recipients)
    # The file exported from the source gives it back too.
    out = tmp_path / "cli"
    out.mkdir()
    call_command("export", str(source), "--to", "docx", "--out", str(out))
    assert read_plan(next(out.glob("*.docx"))).closing == closing


@pytest.mark.django_db
def test_a_copy_for_next_year_moves_the_closing_sentence_to_that_year(demo):  # noqa: F811
    from django.contrib.auth import get_user_model

    from kehoach.documents.writers.layout import appendix_title_lines
    from kehoach.plans import services
    from kehoach.plans.mapping import plan_to_document

    plan = _import(SAMPLE)
    user = get_user_model().objects.get(username="bcxb")
    copy = services.plan_clone(user=user, source=plan, year=2017)
    assert copy.closing == CLOSING.replace("2016", "2017")
    # The sample's appendix title is the default one ("Dự toán kinh phí" over the plan's
    # title): kept blank, it follows the copy's title.
    assert plan.appendix_title == copy.appendix_title == ""
    assert appendix_title_lines(plan_to_document(copy)) == [
        "Dự toán kinh phí",
        "Tuyên truyền dịch vụ công trực tuyến năm 2017",
    ]


def test_a_source_s_own_appendix_title_and_attachment_line_are_kept(tmp_path):
    """No database: the mapping keeps what the source wrote and the writers need."""
    from kehoach.documents.writers.layout import appendix_title_lines, body_blocks
    from kehoach.plans.mapping import document_as_stored

    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("\nDự toán kinh phí\n", "\nDự toán chi tiết kinh phí tuyên truyền\n", 1)
    text = text.replace("(*Dính kèm phụ lục kinh phí*)", "(Kèm theo phụ lục dự toán)", 1)
    path = tmp_path / "ke-hoach-phu-luc-khac.txt"
    path.write_text(text, encoding="utf-8")
    stored = document_as_stored(read_plan(path))
    assert appendix_title_lines(stored) == [
        "Dự toán chi tiết kinh phí tuyên truyền",
        "Tuyên truyền dịch vụ công trực tuyến năm 2016",
    ]
    blocks = [b.text for b in body_blocks(stored)]
    total = next(i for i, t in enumerate(blocks) if t.startswith("- Tổng kinh phí"))
    assert blocks[total + 1] == "(Kèm theo phụ lục dự toán)"
    assert stored.closing == CLOSING
