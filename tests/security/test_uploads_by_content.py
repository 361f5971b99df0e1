"""Issue 21: evidence and signed files are accepted by what they are, not by the type or name the
client declares; names with control characters or quotes are cleaned on the way in, and every
download carries a sanitised RFC 6266 Content-Disposition."""

from __future__ import annotations

import base64
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kehoach.api.services import token_create
from kehoach.execution.models import AsRunRecord, Contract, Deliverable
from kehoach.web.files import (
    FileRefused,
    clean_name,
    content_disposition,
    evidence_type,
    signed_pdf,
)
from tests.execution.conftest import approved, proposed, signed, user  # noqa: F401  (fixtures)
from tests.uploads import pdf_bytes, png_bytes
from tests.web.conftest import demo, login, plan  # noqa: F401  (fixtures)

HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def test_real_files_are_recognised_by_their_content():
    assert evidence_type(pdf_bytes()) == "application/pdf"
    assert evidence_type(png_bytes()) == "image/png"
    assert evidence_type(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32) == "video/mp4"
    assert evidence_type(b"ID3\x04" + b"\x00" * 40) == "audio/mpeg"


@pytest.mark.parametrize(
    "content",
    [
        HTML,
        b"%PDF-1.4 <html> not really a PDF",  # starts like a PDF but does not open
        b"\x89PNG\r\n\x1a\n<html>",  # a PNG signature in front of HTML
        b"\xff\xd8\xff\xe0<script>",
        b"MZ\x90\x00",
    ],
)
def test_what_is_not_what_it_claims_is_refused(content):
    with pytest.raises(FileRefused):
        evidence_type(content, "anh.png")


def test_a_signed_document_must_be_a_pdf_that_opens():
    signed_pdf(pdf_bytes(), "ky.pdf")
    for content in (HTML, b"%PDF-1.7\n% nothing more"):
        with pytest.raises(FileRefused):
            signed_pdf(content, "ky.pdf")


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("bao\r\ncao.pdf", "bao cao.pdf"),
        ('trang "1".pdf', "trang _1_.pdf"),
        ("..\\..\\windows\\system.ini", "system.ini"),
        ("../../etc/passwd", "passwd"),
        ("a\x00b\u202egpj.exe", "abgpj.exe"),  # NUL and the right-to-left override go
        ("Biên bản nghiệm thu.pdf", "Biên bản nghiệm thu.pdf"),
        ("\r\n", "tep"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_names_are_cleaned_on_the_way_in(name, cleaned):
    assert clean_name(name) == cleaned


@pytest.mark.parametrize("name", ['a"b.pdf', "a\r\nSet-Cookie: x=1.pdf", "Biên bản số 1.pdf"])
def test_the_content_disposition_follows_rfc_6266(name):
    header = content_disposition(name)
    assert "\r" not in header and "\n" not in header
    start, ascii_part, utf8_part = header.split("; ")
    assert start == "attachment"
    assert ascii_part.startswith('filename="') and ascii_part.count('"') == 2
    assert ascii_part.isascii()
    assert utf8_part.startswith("filename*=UTF-8''")
    assert unquote(utf8_part.removeprefix("filename*=UTF-8''")) == clean_name(name)


@pytest.fixture
def cho_gao(signed) -> Contract:  # noqa: F811
    """The station's contract, signed: airings are reported only on signed contracts."""
    return Contract.objects.get(plan=signed, contractor__code="TG-DAI-CHO-GAO")


@pytest.mark.django_db
def test_html_declared_as_an_image_is_refused_on_the_web(cho_gao):
    deliverable = Deliverable.objects.filter(contract_line__contract=cho_gao).first()
    upload = SimpleUploadedFile("anh.png", HTML, content_type="image/png")
    response = login("dai-chogao").post(
        f"/thuc-hien/hop-dong/{cho_gao.pk}/bao-cao/{deliverable.pk}/",
        {"aired_at": "2016-08-05T19:30", "evidence_file": upload},
    )
    assert response.status_code == 200
    assert "không được nhận" in response.content.decode()
    assert not AsRunRecord.objects.filter(deliverable=deliverable).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("declared", "content", "status"),
    [
        ("image/png", HTML, 422),
        ("application/pdf", HTML, 422),
        ("application/pdf", png_bytes(), 201),  # stored as what it is: a PNG
    ],
)
def test_the_api_judges_evidence_by_its_content(cho_gao, declared, content, status):
    deliverable = Deliverable.objects.filter(contract_line__contract=cho_gao).first()
    _token, raw = token_create(user=user("dai-chogao"), name="t")
    body = {
        "aired_at": "2016-08-05T19:00:00+07:00",
        "evidence_file": {
            "name": "minh-chung",
            "content_type": declared,
            "content_base64": base64.b64encode(content).decode(),
        },
    }
    response = Client().post(
        f"/api/v1/deliverables/{deliverable.pk}/airings",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == status, response.content
    if status == 201:
        assert response.json()["evidence_type"] == "image/png"


@pytest.mark.django_db
def test_a_name_with_cr_lf_and_quotes_is_cleaned_and_downloads_for_everyone(cho_gao):
    deliverable = Deliverable.objects.filter(contract_line__contract=cho_gao).first()
    _token, raw = token_create(user=user("dai-chogao"), name="t")
    body = {
        "aired_at": "2016-08-05T19:00:00+07:00",
        "evidence_file": {
            "name": 'trang\r\nSet-Cookie: a=1 "bao".pdf',
            "content_type": "application/pdf",
            "content_base64": base64.b64encode(pdf_bytes()).decode(),
        },
    }
    response = Client().post(
        f"/api/v1/deliverables/{deliverable.pk}/airings",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201, response.content
    record = AsRunRecord.objects.get(deliverable=deliverable)
    assert record.evidence_name == "trang Set-Cookie_ a=1 _bao_.pdf"
    for who in ("dai-chogao", "bcxb", "khtc"):
        got = login(who).get(f"/thuc-hien/hop-dong/{cho_gao.pk}/ban-ghi/{record.pk}/minh-chung/")
        assert got.status_code == 200
        assert got["Content-Disposition"] == content_disposition(record.evidence_name)
        assert "Set-Cookie" not in {k.lower(): v for k, v in got.items()}.get("set-cookie", "")
