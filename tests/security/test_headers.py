"""Secure headers, the Content-Security-Policy and login throttling."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client


@pytest.mark.django_db
def test_every_page_carries_the_security_headers():
    response = Client().get("/dang-nhap/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style():
    user = User.objects.create_user("kiemtra", password="mat-khau-rat-dai-1")
    client = Client()
    client.force_login(user)
    for url in ("/dang-nhap/", "/ke-hoach/"):
        html = client.get(url).content.decode()
        assert "<script>" not in html and " style=" not in html and "<style" not in html
        assert "onclick=" not in html


@pytest.mark.django_db
def test_five_failed_logins_lock_the_user_name_for_a_while():
    User.objects.create_user("kiem-tra-khoa", password="mat-khau-dung-1234")
    client = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(5):
        response = client.post("/dang-nhap/", {"username": "kiem-tra-khoa", "password": "sai"})
    response = client.post(
        "/dang-nhap/", {"username": "kiem-tra-khoa", "password": "mat-khau-dung-1234"}
    )
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.10")
    response = other.post(
        "/dang-nhap/", {"username": "kiem-tra-khoa", "password": "mat-khau-dung-1234"}
    )
    assert response.status_code == 302  # the lock is per user name and address


@pytest.mark.django_db
def test_a_short_or_common_password_is_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("12345678901", "password", "bcxb2016"):
        with pytest.raises(ValidationError):
            validate_password(weak, User(username="bcxb"))
