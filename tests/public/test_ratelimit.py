"""Abuse: the public pages and the redirector answer 429 once an address has used its
allowance; other addresses are not affected; the counter keeps no address."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from .conftest import PHONE

pytestmark = pytest.mark.django_db


@override_settings(KEHOACH_PUBLIC_RATE=(5, 60))
@pytest.mark.parametrize("path", ["/dich-vu-cong/qt-stttt/?q=ket+hon", "/l/khongco"])
def test_it_answers_429_after_the_limit(catalogue, path):
    client = Client(HTTP_USER_AGENT=PHONE, REMOTE_ADDR="198.51.100.1")
    answers = [client.get(path).status_code for _ in range(7)]
    assert answers[:5] == [200 if "dich-vu-cong" in path else 404] * 5
    assert answers[5:] == [429, 429]
    response = client.get(path)
    assert response["Retry-After"] == "60"
    assert "Quá nhiều yêu cầu" in response.content.decode()
    # another address is still served
    other = Client(HTTP_USER_AGENT=PHONE, REMOTE_ADDR="198.51.100.2")
    assert other.get(path).status_code in (200, 404)


@override_settings(KEHOACH_PUBLIC_RATE=(2, 60), KEHOACH_TRUSTED_PROXIES=1)
def test_behind_the_proxy_the_client_address_counts(catalogue):
    path = "/dich-vu-cong/qt-stttt/"
    first = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.9")
    assert [first.get(path).status_code for _ in range(3)] == [200, 200, 429]
    second = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.10")
    assert second.get(path).status_code == 200


@override_settings(KEHOACH_PUBLIC_RATE=(50, 60))
def test_the_counter_keeps_no_address(catalogue):
    Client(REMOTE_ADDR="198.51.100.77").get("/dich-vu-cong/")
    keys = list(cache._cache.keys())  # the local-memory cache of the tests
    assert keys and not any("198.51.100.77" in k for k in keys)
