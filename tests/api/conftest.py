"""API fixtures: the demo (both provinces) loaded once per session, with a plan of 2019 cloned
from the sample, approved and its contracts proposed (the district stations' rebroadcasts among
them), and a token per person. Each test then runs in its own transaction."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kehoach.api.services import token_create
from kehoach.execution import services as execution_services
from kehoach.execution.models import Contract, Deliverable, DeliverableStatus
from kehoach.plans import services as plan_services
from kehoach.plans.demo import load_demo
from kehoach.plans.models import Plan

PASSWORD = "api-password-1"
# The people of the access table, in its column order (as tests/security/matrix.py).
PEOPLE = ["quantri", "giamdoc", "bcxb", "khtc", "vanthu", "ubnd", "dai-chogao", "dt-bcxb", None]
LABELS = [
    "admin",
    "approver",
    "editor",
    "finance",
    "clerk",
    "viewer",
    "contractor",
    "outsider",
    "anonymous",
]
CATALOGUE_CSV = (
    "Mã thủ tục,Tên thủ tục,Lĩnh vực,Cơ quan thực hiện,Mức độ,Từ ngày\n"
    "API-001,Cấp giấy phép thử API,Thử nghiệm,Sở Thông tin và Truyền thông,4,01/01/2016\n"
).encode()


@dataclass
class World:
    plan: Plan
    contract: Contract  # Đài Chợ Gạo's contract of the 2019 plan
    deliverable: Deliverable  # one of its rebroadcasts, not yet reported
    tokens: dict[str, str]


def user(username: str) -> User:
    return User.objects.get(username=username)


def token_for(username: str) -> str:
    _token, raw = token_create(user=user(username), name="tests/api")
    return raw


@pytest.fixture(scope="session")
def world(django_db_setup, django_db_blocker) -> World:
    with django_db_blocker.unblock():
        load_demo(PASSWORD)
        sample = Plan.objects.get(organisation__code="TG-STTTT", number="46a", symbol="KH-STTTT")
        plan = plan_services.plan_clone(user=user("bcxb"), source=sample, year=2019)
        plan_services.plan_submit(user=user("bcxb"), plan=plan)
        plan_services.plan_approve(user=user("giamdoc"), plan=plan)
        execution_services.contracts_propose(user=user("bcxb"), plan=plan)
        # Airings are reported only on signed contracts, within their dates.
        for number, signed in enumerate(Contract.objects.filter(plan=plan).order_by("id"), 1):
            execution_services.contract_update(
                user=user("bcxb"),
                contract=signed,
                data={"number": f"{number:02d}/2019/HĐ", "date": date(2019, 1, 2)},
            )
            execution_services.contract_sign(user=user("bcxb"), contract=signed)
        contract = Contract.objects.get(plan=plan, contractor__code="TG-DAI-CHO-GAO")
        deliverable = (
            Deliverable.objects.filter(
                contract_line__contract=contract,
                line__activity="rebroadcast",
                status=DeliverableStatus.PLANNED,
            )
            .order_by("sequence")
            .first()
        )
        assert deliverable is not None
        tokens = {name: token_for(name) for name in PEOPLE if name}
        return World(plan=plan, contract=contract, deliverable=deliverable, tokens=tokens)


class ApiClient:
    """A test client that sends a person's token (or none)."""

    def __init__(self, token: str | None, **client_kwargs: Any) -> None:
        self.client = Client(**client_kwargs)
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self.headers, **kwargs)

    def post(self, path: str, data: Any, **kwargs: Any) -> Any:
        return self.client.post(
            path, data, content_type="application/json", headers=self.headers, **kwargs
        )


def as_person(world: World, username: str | None) -> ApiClient:
    return ApiClient(world.tokens[username] if username else None)


def airing_body(**extra: Any) -> dict[str, Any]:
    return {
        "aired_at": "2019-08-05T19:00:00+07:00",
        "outlet": "Đài Chợ Gạo",
        "duration": "5 phút",
        "title": "Dịch vụ công trực tuyến",
        "evidence_url": "https://dai-chogao.example.vn/phat-song/2019-08-05",
        **extra,
    }


def import_body(organisation: str = "TG-STTTT") -> dict[str, Any]:
    return {
        "organisation": organisation,
        "filename": "danh-muc.csv",
        "content_base64": base64.b64encode(CATALOGUE_CSV).decode(),
        "on_error": "keep",
    }
