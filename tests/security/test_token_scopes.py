"""Issue 21: API tokens expire (90 days by default), may do only what their scopes say, are
listed and revoked by their owner and the administrator, and end when the password changes or
the account is disabled."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.utils import timezone

from kehoach.api.models import ApiToken
from kehoach.api.services import token_create
from kehoach.audit.models import AuditEntry
from kehoach.plans.services import DomainError
from tests.web.conftest import demo, login  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

CSV = "Mã thủ tục,Tên thủ tục,Từ ngày\nT-1,Thử,01/01/2016\n".encode()


def call(raw: str, method: str = "GET", path: str = "/api/v1/plans", body=None):
    client = Client()
    headers = {"Authorization": f"Bearer {raw}"}
    if method == "GET":
        return client.get(path, headers=headers)
    return client.post(path, body or {}, content_type="application/json", headers=headers)


def import_call(raw: str):
    body = {
        "organisation": "TG-STTTT",
        "filename": "dm.csv",
        "content_base64": base64.b64encode(CSV).decode(),
    }
    return call(raw, "POST", "/api/v1/services/import", body)


def airing_call(raw: str):
    return call(raw, "POST", "/api/v1/deliverables/999999/airings", {"aired_at": "2019-01-01"})


def test_a_token_made_on_the_page_has_the_chosen_scopes_and_expires_in_90_days(demo):  # noqa: F811
    page = login("bcxb")
    response = page.post("/tai-khoan/ma-api/", {"name": "phat song", "scopes": ["airings"]})
    raw = re.search(r'id="new-token">(kh_[\w-]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get(name="phat song")
    assert token.scopes == ["airings"]
    assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
    assert "báo cáo phát sóng" in page.get("/tai-khoan/ma-api/").content.decode()
    # an airings-only token cannot read or import
    assert call(raw).status_code == 403 and call(raw).json()["code"] == "SCOPE"
    assert import_call(raw).status_code == 403
    assert airing_call(raw).status_code == 404  # allowed through, the deliverable is unknown


def test_nothing_ticked_means_reading_only(demo):  # noqa: F811
    login("bcxb").post("/tai-khoan/ma-api/", {"name": "doc"})
    assert ApiToken.objects.get(name="doc").scopes == ["read"]


def test_a_read_only_token_reads_but_neither_imports_nor_reports(demo):  # noqa: F811
    _token, raw = token_create(user=User.objects.get(username="bcxb"), name="r", scopes=["read"])
    assert call(raw).status_code == 200
    refused = import_call(raw)
    assert refused.status_code == 403 and "'import'" in refused.json()["message"]
    assert airing_call(raw).status_code == 403


def test_an_import_token_imports(demo):  # noqa: F811
    _token, raw = token_create(user=User.objects.get(username="bcxb"), name="i", scopes=["import"])
    assert import_call(raw).status_code == 201


def test_an_expired_token_is_refused(demo):  # noqa: F811
    token, raw = token_create(user=User.objects.get(username="bcxb"), name="e", days=1)
    assert call(raw).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert call(raw).status_code == 401


@pytest.mark.parametrize("scopes", [[], ["write"], ["read", "admin"]])
def test_unknown_or_no_scopes_are_refused(demo, scopes):  # noqa: F811
    with pytest.raises(DomainError):
        token_create(user=User.objects.get(username="bcxb"), name="x", scopes=scopes)


@pytest.mark.parametrize("days", [0, 367])
def test_the_lifetime_is_bounded(demo, days):  # noqa: F811
    with pytest.raises(DomainError):
        token_create(user=User.objects.get(username="bcxb"), name="x", days=days)


def test_a_password_change_revokes_every_token(demo):  # noqa: F811
    person = User.objects.get(username="bcxb")
    made = [token_create(user=person, name=f"t{i}") for i in range(2)]
    tokens = [raw for _token, raw in made]
    person.set_password("mat-khau-moi-rat-dai-1")
    person.save()
    assert [call(raw).status_code for raw in tokens] == [401, 401]
    assert set(ApiToken.objects.filter(user=person).values_list("revoked_reason", flat=True)) == {
        "password"
    }
    ids = [str(token.pk) for token, _raw in made]
    assert AuditEntry.objects.filter(action="api.token.revoked", object_id__in=ids).count() == 2


def test_disabling_the_account_revokes_every_token(demo):  # noqa: F811
    person = User.objects.get(username="bcxb")
    token, raw = token_create(user=person, name="t")
    person.is_active = False
    person.save()
    token.refresh_from_db()
    assert token.revoked_reason == "disabled" and token.revoked_at is not None
    person.is_active = True
    person.save()
    assert call(raw).status_code == 401  # enabling the account again does not revive it


def test_logging_in_or_a_hash_upgrade_keeps_the_tokens(demo):  # noqa: F811
    person = User.objects.get(username="bcxb")
    with override_settings(
        PASSWORD_HASHERS=[
            "django.contrib.auth.hashers.MD5PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ]
    ):
        person.password = make_password("mat-khau-cu-rat-dai-1", hasher="pbkdf2_sha256")
        person.save()
        _token, raw = token_create(user=person, name="t")
        response = Client().post(
            "/dang-nhap/", {"username": "bcxb", "password": "mat-khau-cu-rat-dai-1"}
        )
        assert response.status_code == 302
    person.refresh_from_db()
    assert person.password.startswith("md5$")  # re-hashed on login …
    assert call(raw).status_code == 200  # … and the token still works


def test_the_administrator_lists_and_revokes_a_members_token(demo):  # noqa: F811
    token, raw = token_create(user=User.objects.get(username="bcxb"), name="cua bcxb")
    admin = login("quantri")
    page = admin.get("/tai-khoan/ma-api/").content.decode()
    assert "cua bcxb" in page and token.prefix in page
    # neither a colleague who is not an administrator nor an outsider may touch it
    assert "cua bcxb" not in login("khtc").get("/tai-khoan/ma-api/").content.decode()
    assert login("khtc").post(f"/tai-khoan/ma-api/{token.pk}/thu-hoi/").status_code == 404
    assert login("ag-editor").post(f"/tai-khoan/ma-api/{token.pk}/thu-hoi/").status_code == 404
    assert admin.post(f"/tai-khoan/ma-api/{token.pk}/thu-hoi/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_reason == "admin"
    assert call(raw).status_code == 401
    entry = AuditEntry.objects.get(action="api.token.revoked", object_id=str(token.pk))
    assert entry.actor.username == "quantri"
