"""Per-person API tokens: created and revoked on the profile page, shown once, kept as a hash;
a revoked token gets 401; token calls need no CSRF token; errors are structured JSON."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from django.test import Client

from kehoach.api.models import ApiToken
from kehoach.audit.models import AuditEntry
from tests.uploads import pdf_bytes

from .conftest import ApiClient, World, airing_body, import_body, user


def _page_client(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


@pytest.mark.django_db
def test_a_person_creates_a_token_sees_it_once_and_revokes_it(world: World):
    page = _page_client("bcxb")
    response = page.post("/tai-khoan/ma-api/", {"name": "Phần mềm phát sóng"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = re.search(r'id="new-token">(kh_[\w-]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=user("bcxb"), name="Phần mềm phát sóng")
    # Only a hash is kept.
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert all(raw not in str(v) for v in token.__dict__.values())
    assert raw not in page.get("/tai-khoan/ma-api/").content.decode()
    assert AuditEntry.objects.filter(action="api.token.created", object_id=str(token.pk)).exists()

    api = ApiClient(raw)
    assert api.get("/api/v1/plans").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    # Someone else cannot revoke it; its owner can.
    assert _page_client("giamdoc").post(f"/tai-khoan/ma-api/{token.pk}/thu-hoi/").status_code == 404
    assert page.post(f"/tai-khoan/ma-api/{token.pk}/thu-hoi/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="api.token.revoked", object_id=str(token.pk)).exists()

    revoked = api.get("/api/v1/plans")
    assert revoked.status_code == 401
    assert revoked.json()["code"] == "UNAUTHENTICATED"
    assert revoked["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_the_token_page_needs_a_login(world: World):
    response = Client().get("/tai-khoan/ma-api/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", ["", "Bearer", "Bearer kh_not-a-token", "Token abc", "Basic YmN4YjpwYXNz"]
)
def test_a_missing_or_invalid_token_gets_401(world: World, header: str):
    client = Client()
    response = client.get("/api/v1/plans", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message", "message_en", "where"}


@pytest.mark.django_db
def test_a_logged_in_browser_session_is_not_an_api_credential(world: World):
    assert _page_client("bcxb").get("/api/v1/plans").status_code == 401


@pytest.mark.django_db
def test_token_calls_need_no_csrf_token(world: World):
    api = ApiClient(world.tokens["dai-chogao"], enforce_csrf_checks=True)
    response = api.post(f"/api/v1/deliverables/{world.deliverable.pk}/airings", airing_body())
    assert response.status_code == 201, response.content


@pytest.mark.django_db
def test_invalid_input_is_a_structured_422_saying_where(world: World):
    api = ApiClient(world.tokens["dai-chogao"])
    url = f"/api/v1/deliverables/{world.deliverable.pk}/airings"
    response = api.post(url, {"outlet": "x"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "INVALID_INPUT" and "aired_at" in body["where"]["field"]
    bad_url = api.post(url, airing_body(evidence_url="javascript:alert(1)"))
    assert bad_url.status_code == 422
    said = bad_url.json()
    assert said["message"].endswith("Đường dẫn minh chứng không hợp lệ.")
    assert said["message_en"].endswith("The evidence link is not a valid address.")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "call",
    [
        lambda api: api.post(
            "/api/v1/services/import", {**import_body(), "organisation": "TG\x00"}
        ),
        lambda api: api.post("/api/v1/services/import", {**import_body(), "filename": "a\x00.csv"}),
        lambda api: api.get("/api/v1/services?organisation=TG%00"),
        lambda api: api.get("/api/v1/plans?status=draft%00"),
    ],
    ids=["body-organisation", "body-filename", "query-organisation", "query-status"],
)
def test_a_nul_character_anywhere_is_a_422_not_a_server_error(world: World, call):
    """PostgreSQL refuses NUL in text (CI found it through schemathesis): every string the
    API reads is refused with a 422 before it reaches the database, on SQLite as well."""
    response = call(ApiClient(world.tokens["quantri"]))
    assert response.status_code == 422, response.content[:300]
    body = response.json()
    assert body["code"] == "INVALID_INPUT" and "NUL" in body["message"]


@pytest.mark.django_db
def test_evidence_files_have_the_web_forms_limits(world: World):
    api = ApiClient(world.tokens["dai-chogao"])
    url = f"/api/v1/deliverables/{world.deliverable.pk}/airings"
    exe = {
        "name": "x.exe",
        "content_type": "application/x-msdownload",
        "content_base64": base64.b64encode(b"MZ...").decode(),
    }
    refused = api.post(url, airing_body(evidence_url="", evidence_file=exe))
    assert refused.status_code == 422
    assert refused.json()["message"] == (
        "Loại tệp minh chứng không được nhận (nhận PDF, ảnh, âm thanh, video)."
    )
    not_base64 = {"name": "a.pdf", "content_type": "application/pdf", "content_base64": "%%%"}
    assert api.post(url, airing_body(evidence_file=not_base64)).status_code == 422
    pdf = {
        "name": "a.pdf",
        "content_type": "application/pdf",
        "content_base64": base64.b64encode(pdf_bytes()).decode(),  # a PDF that opens
    }
    created = api.post(url, airing_body(evidence_url="", evidence_file=pdf))
    assert created.status_code == 201, created.content
    assert created.json()["evidence_size"] == len(pdf_bytes())


@pytest.mark.django_db
def test_the_plan_and_kehoach_check_json_agree(world: World):
    from kehoach.documents.report import to_json, words_style
    from kehoach.plans.mapping import plan_to_document
    from kehoach.plans.selectors import plan_findings

    body = ApiClient(world.tokens["ubnd"]).get(f"/api/v1/plans/{world.plan.pk}").json()
    doc = plan_to_document(world.plan)
    expected = to_json(doc, plan_findings(world.plan, doc), style=words_style())
    assert body["estimate"] == expected["estimate"]
    assert body["document"] == expected["document"]
    assert [f["code"] for f in body["findings"]] == [f["code"] for f in expected["findings"]]
    assert all(f["message_en"] for f in body["findings"])


@pytest.mark.django_db
def test_the_open_budget_export_has_the_overviews_figures_per_phase(world: World):
    from kehoach.execution import selectors

    api = ApiClient(world.tokens["khtc"])
    package = api.get(f"/api/v1/plans/{world.plan.pk}/open-budget").json()
    assert package["profile"] == "fiscal-data-package" and package["currency"] == "VND"
    overview = selectors.overview(world.plan)
    lines = [line for section in overview.sections for line in section.lines]
    assert len(package["data"]) == 4 * len(lines)
    for phase in ("estimated", "committed", "accepted", "paid"):
        rows = [r for r in package["data"] if r["phase"] == phase]
        assert sum(r["amount"] for r in rows) == int(getattr(overview.total, phase))
        assert all(isinstance(r["amount"], int) for r in rows)
    csv = api.get(f"/api/v1/plans/{world.plan.pk}/open-budget.csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert len(csv.content.decode().strip().splitlines()) == 1 + len(package["data"])


@pytest.mark.django_db
def test_an_error_says_its_message_in_the_requests_language_and_keeps_message_en(
    world: World, settings
):
    """Issue 24: ``message`` in the request's language (Vietnamese unless the language switch
    chose English), ``message_en`` always English; neither holds both languages."""
    api = ApiClient(world.tokens["quantri"])
    vietnamese = api.get("/api/v1/plans?status=draft%00").json()
    assert vietnamese["message"].startswith("Giá trị không hợp lệ")
    assert vietnamese["message_en"].startswith("Invalid value")
    api.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = api.get("/api/v1/plans?status=draft%00").json()
    assert english["message"] == english["message_en"] == vietnamese["message_en"]
    for text in (vietnamese["message"], english["message"]):
        assert " / " not in text and "NUL" in text
