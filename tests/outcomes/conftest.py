"""Outcomes fixtures: the web demo (organisations, one user per role, the sample plan, the
synthetic catalogue and statistics) and small files written by hand."""

from __future__ import annotations

import pytest

from kehoach.accounts.models import Organisation
from tests.web.conftest import demo, login, outsider, plan  # noqa: F401  (fixtures)


@pytest.fixture
def department(demo) -> Organisation:  # noqa: F811
    return Organisation.objects.get(code="TG-STTTT")


@pytest.fixture
def editor(demo):  # noqa: F811
    return login("bcxb")


@pytest.fixture
def viewer(demo):  # noqa: F811
    return login("ubnd")


STATS_HEADER = (
    "Tháng,Cơ quan,Huyện,Tiếp nhận trực tuyến,Tiếp nhận trực tiếp,Tiếp nhận qua bưu chính,"
    "Tổng tiếp nhận,Giải quyết trước hạn,Giải quyết đúng hạn,Giải quyết trễ hạn,"
    "Đã giải quyết,Đang giải quyết,Hồ sơ có phí,Thanh toán trực tuyến,Tỷ lệ trực tuyến (%)\n"
)


def stats_csv(*rows: str) -> bytes:
    return (STATS_HEADER + "".join(r + "\n" for r in rows)).encode("utf-8")
