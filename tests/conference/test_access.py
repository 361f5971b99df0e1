"""Access to every conference view, for every kind of person: staff by role, a contractor
(Chợ Gạo's station) on content sent to it and on content sent to another station, an outsider
from another province (dt-bcxb) and anonymous. Delegates' personal data: organisers only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kehoach.accounts.models import Organisation
from kehoach.conference import demo as conference_demo
from kehoach.conference import services
from kehoach.conference.models import Conference

from .conftest import user

pytestmark = pytest.mark.django_db

USERS = ["bcxb", "quantri", "giamdoc", "khtc", "vanthu", "ubnd", "dai-chogao", "dt-bcxb", None]
CODES = {"2": 200, "3": 302, "4": 403, "N": 404, "M": 405, "L": "login"}

# One character per person, in the order of USERS:
# editor admin approver finance clerk viewer contractor outsider anonymous.
# {p} the plan, {c} its conference, {i} content sent to the contractor's station,
# {o} content sent to another station only.
MATRIX = [
    ("GET", "/hoi-nghi/ke-hoach/{p}/", "222222NNL"),
    ("POST", "/hoi-nghi/ke-hoach/{p}/", "334444NNL"),
    ("GET", "/hoi-nghi/ke-hoach/{p}/noi-dung/", "222222NNL"),
    ("POST", "/hoi-nghi/ke-hoach/{p}/noi-dung/", "334444NNL"),
    ("GET", "/hoi-nghi/ke-hoach/{p}/giam-sat/", "222222NNL"),
    ("POST", "/hoi-nghi/ke-hoach/{p}/giam-sat/", "334444NNL"),
    ("GET", "/hoi-nghi/{c}/", "222222NNL"),
    ("POST", "/hoi-nghi/{c}/", "334444NNL"),
    ("GET", "/hoi-nghi/{c}/dai-bieu/", "224444NNL"),
    ("POST", "/hoi-nghi/{c}/dai-bieu/", "334444NNL"),
    ("GET", "/hoi-nghi/{c}/diem-danh/", "224444NNL"),
    ("POST", "/hoi-nghi/{c}/diem-danh/", "334444NNL"),
    # The invitation and the sign-in sheet: also the director who signs, finance who pays and
    # the clerk who issues them (issue 19); not the viewer.
    ("GET", "/hoi-nghi/{c}/giay-moi/docx/", "222224NNL"),
    ("GET", "/hoi-nghi/{c}/giay-moi/pdf/", "222224NNL"),
    ("POST", "/hoi-nghi/{c}/giay-moi/pdf/", "MMMMMMMML"),
    ("GET", "/hoi-nghi/{c}/danh-sach-ky-ten/", "222224NNL"),
    ("GET", "/hoi-nghi/{c}/kinh-phi/", "MMMMMMMML"),
    ("POST", "/hoi-nghi/{c}/kinh-phi/", "334444NNL"),
    ("POST", "/hoi-nghi/{c}/an-danh/", "334444NNL"),
    ("GET", "/hoi-nghi/noi-dung/{i}/tai-ve/", "2222222NL"),
    ("GET", "/hoi-nghi/noi-dung/{o}/tai-ve/", "222222NNL"),
    ("POST", "/hoi-nghi/noi-dung/{i}/gan/", "334444NNL"),
    ("GET", "/hoi-nghi/dai/", "22222222L"),
]


def _cases():
    for method, path, answers in MATRIX:
        for username, answer in zip(USERS, answers, strict=True):
            yield pytest.param(method, path, username, answer, id=f"{method} {path} {username}")


@pytest.fixture
def objects(plan):
    conference_demo.load_for(plan)
    cai_be = Organisation.objects.get(code="TG-DAI-CAI-BE")
    other = services.content_create(
        user=user("bcxb"), plan=plan, kind="text", title="Chỉ Cái Bè", text="x", stations=[cai_be]
    )
    return {
        "p": plan.pk,
        "c": Conference.objects.get(plan=plan).pk,
        "i": plan.content_items.get(kind="audio").pk,
        "o": other.pk,
    }


@pytest.mark.parametrize(("method", "path", "username", "answer"), list(_cases()))
def test_each_conference_view_answers_each_person_as_the_table_says(
    objects, method, path, username, answer
):
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    url = path.format(**objects)
    response = client.get(url) if method == "GET" else client.post(url, {})
    if answer == "L":
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    elif answer == "3":
        assert response.status_code == 302 and not response["Location"].startswith("/dang-nhap/")
    else:
        assert response.status_code == CODES[answer]


def test_only_organisers_see_delegates_names(objects):
    name = "Nguyễn Văn An"
    for username, sees in (("bcxb", True), ("quantri", True), ("giamdoc", False), ("ubnd", False)):
        client = Client()
        client.force_login(User.objects.get(username=username))
        page = client.get(f"/hoi-nghi/{objects['c']}/").content.decode()
        assert (name in page) is False  # the conference page shows groups, never names
        delegates = client.get(f"/hoi-nghi/{objects['c']}/dai-bieu/")
        assert (delegates.status_code == 200 and name in delegates.content.decode()) is sees
