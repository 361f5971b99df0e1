"""Issue 21: the public site sets no cookie on any page, its error pages included (they were
rendered in the app's layout, whose language form made a CSRF token and so a csrftoken
cookie)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client, RequestFactory

from kehoach.web.views import server_error
from tests.public.conftest import PHONE, catalogue  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

PAGES = {
    "/dich-vu-cong/": 200,
    "/dich-vu-cong/khong-co-don-vi/": 404,
    "/dich-vu-cong/qt-stttt/999999/": 404,
    "/l/khongco": 404,
    "/l/%3Cscript%3E": 404,
    "/dich-vu-cong/?q=a%00b": 400,
    "/khong-co-trang-nay/": 404,
    "/ke-hoach/": 302,  # to the login page
}


@pytest.mark.parametrize("path", sorted(PAGES))
def test_no_public_page_or_error_sets_a_cookie(catalogue, path):  # noqa: F811
    response = Client(HTTP_USER_AGENT=PHONE).get(path)
    assert response.status_code == PAGES[path]
    assert not response.cookies, (path, response.cookies)
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_a_request_for_another_host_gets_a_400_without_a_cookie():
    response = Client(HTTP_HOST="evil.example").get("/dich-vu-cong/")
    assert response.status_code == 400 and not response.cookies


def test_the_server_error_page_makes_no_csrf_token_for_a_visitor():
    request = RequestFactory().get("/dich-vu-cong/")
    request.user = AnonymousUser()
    response = server_error(request)
    assert response.status_code == 500
    assert not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_signed_in_staff_still_get_errors_in_the_app_layout():
    client = Client()
    client.force_login(User.objects.create_user("nhanvien", password="mat-khau-dai-12345"))
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "csrfmiddlewaretoken" in response.content.decode()  # the language form
