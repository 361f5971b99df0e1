"""Issue 21: behind a reverse proxy, one setting (KEHOACH_TRUSTED_PROXIES) decides the client's
address for login throttling, the public rate limit and visit counting. Every request here
comes from the proxy (127.0.0.1) carrying X-Forwarded-For, as nginx sends it."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.db.models import Sum
from django.test import Client, RequestFactory, override_settings

from kehoach.public.models import LinkVisit, ShortLink
from kehoach.web.client import client_address
from tests.public.conftest import PHONE
from tests.public.test_links import service_link  # noqa: F401  (fixture)
from tests.web.conftest import demo, editor, plan  # noqa: F401  (fixtures)

PROXY = "127.0.0.1"
PASSWORD = "mat-khau-dung-1234"


def via_proxy(client_ip: str, *, spoofed: str = "") -> Client:
    """A browser at ``client_ip`` behind nginx; ``spoofed`` is what the browser itself wrote
    into X-Forwarded-For (nginx appends the real address)."""
    header = f"{spoofed}, {client_ip}" if spoofed else client_ip
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header, HTTP_USER_AGENT=PHONE)


def login(client: Client, password: str) -> int:
    return client.post("/dang-nhap/", {"username": "giamdoc", "password": password}).status_code


@pytest.mark.parametrize(
    ("proxies", "header", "expected"),
    [
        (0, "203.0.113.9", PROXY),  # no proxy configured: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # the client's own hop is ignored
        (2, "198.51.100.7, 203.0.113.9", "198.51.100.7"),
        (2, "203.0.113.9", PROXY),  # fewer hops than proxies: the connection
        (1, "not-an-address", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_by_the_number_of_trusted_proxies(proxies, header, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    with override_settings(KEHOACH_TRUSTED_PROXIES=proxies):
        assert client_address(request) == expected


def _person(username: str) -> User:
    """The person with a known password, whether or not a module's demo already made them
    (the demo fixture is shared by the module)."""
    person, _created = User.objects.get_or_create(username=username)
    person.set_password(PASSWORD)
    person.is_active = True
    person.save()
    return person


@pytest.mark.django_db
@override_settings(KEHOACH_TRUSTED_PROXIES=1)
def test_five_bad_passwords_through_the_proxy_do_not_lock_out_the_user_elsewhere():
    _person("giamdoc")
    attacker = via_proxy("203.0.113.9")
    assert [login(attacker, "sai-mat-khau") for _ in range(5)] == [200] * 4 + [429]
    # the attempts are recorded against the client's address, not the proxy's
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.9"]
    # the attacker is locked out, even with the right password and a forged header …
    assert login(attacker, PASSWORD) == 429
    assert login(via_proxy("203.0.113.9", spoofed="198.51.100.7"), PASSWORD) == 429
    # … while the director logs in from the office
    assert login(via_proxy("198.51.100.7"), PASSWORD) == 302


@pytest.mark.django_db
@override_settings(KEHOACH_TRUSTED_PROXIES=1)
def test_the_lockout_is_per_user_name_too():
    _person("giamdoc")
    _person("khtc")
    office = via_proxy("198.51.100.7")
    for _ in range(5):
        login(office, "sai-mat-khau")
    assert login(office, PASSWORD) == 429
    # a colleague behind the same office address is not locked out
    response = office.post("/dang-nhap/", {"username": "khtc", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
@override_settings(KEHOACH_TRUSTED_PROXIES=1, KEHOACH_PUBLIC_RATE=(2, 60))
def test_visits_and_the_rate_limit_count_each_client_behind_the_proxy(
    service_link: ShortLink,  # noqa: F811
):
    path = f"/l/{service_link.code}"
    first = via_proxy("203.0.113.9")
    assert [first.get(path).status_code for _ in range(3)] == [302, 302, 429]
    assert via_proxy("198.51.100.7").get(path).status_code == 302
    # a refused request is not a visit
    assert LinkVisit.objects.filter(link=service_link).aggregate(n=Sum("count"))["n"] == 3
