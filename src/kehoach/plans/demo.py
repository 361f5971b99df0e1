"""The demo: Tiền Giang in 2016 — the department and its divisions, the media units, the 11
district stations, one user per role, the sample plan imported, example norms. Idempotent."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.module_loading import import_string

from kehoach.accounts.models import Membership, Organisation, OrganisationKind, Role
from kehoach.core import refdata
from kehoach.core.text import fold
from kehoach.documents.readers import read_plan
from kehoach.plans.mapping import document_to_plan
from kehoach.plans.models import Plan, PriceNorm

SAMPLE = Path(__file__).resolve().parents[3] / "examples" / "ke-hoach-46a-KH-STTTT-2016.txt"
DEMO_DAY = date(2016, 7, 21)


@dataclass
class DemoUser:
    username: str
    full_name: str
    org_code: str
    role: str
    password: str = ""


USERS = [
    DemoUser("quantri", "Quản trị hệ thống", "TG-STTTT", Role.ADMIN),
    DemoUser("giamdoc", "Trần Văn Dũng", "TG-STTTT", Role.APPROVER),
    DemoUser("bcxb", "Chuyên viên Phòng Báo chí – Xuất bản", "TG-STTTT-BCXB", Role.EDITOR),
    DemoUser("khtc", "Chuyên viên Phòng Kế hoạch – Tài chính", "TG-STTTT-KHTC", Role.FINANCE),
    DemoUser("vanthu", "Văn thư Sở", "TG-STTTT-VP", Role.CLERK),
    DemoUser("ubnd", "Chuyên viên Văn phòng UBND tỉnh", "TG-STTTT", Role.VIEWER),
    DemoUser(
        "dai-chogao",
        "Đài Truyền thanh - Truyền hình huyện Chợ Gạo",
        "TG-DAI-CHO-GAO",
        Role.CONTRACTOR,
    ),
]


# Synthetic names of the district stations' heads (demo data, issue 19).
_DEMO_HEADS = [
    "Phạm Văn Bình",
    "Võ Thị Cúc",
    "Huỳnh Văn Đức",
    "Đặng Thị Giang",
    "Bùi Văn Hải",
    "Ngô Thị Kim",
    "Dương Văn Lộc",
    "Lý Thị Mai",
    "Trương Văn Nam",
    "Phan Thị Oanh",
    "Hồ Văn Phúc",
]


def _org(code: str, **fields: Any) -> Organisation:
    org, _created = Organisation.objects.get_or_create(code=code, defaults=fields)
    return org


def organisations() -> dict[str, Organisation]:
    ubnd = _org(
        "TG-UBND",
        kind=OrganisationKind.PEOPLES_COMMITTEE,
        name="Ủy ban nhân dân tỉnh Tiền Giang",
        short_name="UBND tỉnh",
        province="Tiền Giang",
        valid_to=date(2025, 7, 1),
        address="Số 23 đường 30/4, Phường 1, thành phố Mỹ Tho, tỉnh Tiền Giang",
    )
    dept = _org(
        "TG-STTTT",
        kind=OrganisationKind.DEPARTMENT,
        parent=ubnd,
        name="Sở Thông tin và Truyền thông tỉnh Tiền Giang",
        short_name="STTTT",
        province="Tiền Giang",
        valid_to=date(2025, 3, 1),
        # Demo values (issue 19): what the documents' header and parties need.
        governing_body="Ủy ban nhân dân tỉnh Tiền Giang",
        address="Số 25 đường Hùng Vương, Phường 1, thành phố Mỹ Tho, tỉnh Tiền Giang",
        representative="Trần Văn Dũng",
        representative_title="Quyền Giám đốc",
        treasury_account="9527.1.1012345 tại Kho bạc Nhà nước Tiền Giang",
        tax_code="1200512345",
    )
    out = {"TG-UBND": ubnd, "TG-STTTT": dept}
    for code, name, short in (
        ("TG-STTTT-BCXB", "Phòng Báo chí – Xuất bản", "BCXB"),
        ("TG-STTTT-CNTT", "Phòng Công nghệ thông tin", "CNTT"),
        ("TG-STTTT-KHTC", "Phòng Kế hoạch – Tài chính", "KHTC"),
        ("TG-STTTT-VP", "Văn phòng Sở", "VP"),
    ):
        out[code] = _org(
            code,
            kind=OrganisationKind.DIVISION,
            parent=dept,
            name=name,
            short_name=short,
            province="Tiền Giang",
        )
    out["TG-BAO-AP-BAC"] = _org(
        "TG-BAO-AP-BAC",
        kind=OrganisationKind.NEWSPAPER,
        name="Báo Ấp Bắc",
        short_name="Báo Ấp Bắc",
        province="Tiền Giang",
        governing_body="Tỉnh ủy Tiền Giang",
        address="Số 6 đường Hùng Vương, Phường 1, thành phố Mỹ Tho, tỉnh Tiền Giang",
        representative="Nguyễn Thị Hoa",
        representative_title="Tổng Biên tập",
        treasury_account="3711.0.1023456 tại Kho bạc Nhà nước Tiền Giang",
        tax_code="1200123456",
    )
    out["TG-DAI-PTTH"] = _org(
        "TG-DAI-PTTH",
        kind=OrganisationKind.STATION,
        name="Đài Phát thanh và Truyền hình Tiền Giang",
        short_name="Đài PT-TH Tiền Giang",
        province="Tiền Giang",
        governing_body="Ủy ban nhân dân tỉnh Tiền Giang",
        address="Số 21 đường Ấp Bắc, Phường 5, thành phố Mỹ Tho, tỉnh Tiền Giang",
        representative="Lê Minh Tâm",
        representative_title="Giám đốc",
        treasury_account="3713.0.1034567 tại Kho bạc Nhà nước Tiền Giang",
        tax_code="1200234567",
    )
    for index, unit in enumerate(refdata.district_units("Tiền Giang", DEMO_DAY)):
        slug = fold(unit.name).upper().replace(" ", "-")
        code = (
            f"TG-DAI-{slug}"
            if unit.kind == "huyện"
            else f"TG-DAI-{'TX' if unit.kind == 'thị xã' else 'TP'}-{slug}"
        )
        out[code] = _org(
            code,
            kind=OrganisationKind.DISTRICT_STATION,
            name=f"Đài Truyền thanh - Truyền hình {unit.full_name}",
            short_name=f"Đài TT-TH {unit.name}",
            province="Tiền Giang",
            valid_from=unit.valid_from,
            valid_to=unit.valid_to,
            governing_body=f"Ủy ban nhân dân {unit.full_name}",
            address=f"{unit.full_name}, tỉnh Tiền Giang",
            representative=_DEMO_HEADS[index % len(_DEMO_HEADS)],
            representative_title="Trưởng Đài",
            treasury_account=f"3714.0.10{index + 1:05d} tại Kho bạc Nhà nước {unit.full_name}",
            tax_code=f"12003{index + 1:05d}",
        )
    return out


def example_norms() -> int:
    if PriceNorm.objects.filter(is_example=True).exists():
        return 0
    data = json.loads(
        resources.files("kehoach.plans").joinpath("data/example_norms.json").read_text("utf-8")
    )
    rows = [
        PriceNorm(
            organisation=None,
            activity_kind=n["activity_kind"],
            medium=n["medium"],
            unit=n["unit"],
            max_unit_price=Decimal(n["max_unit_price"]),
            legal_source=data["legal_source"],
            valid_from=date.fromisoformat(data["valid_from"]),
            region=data["region"],
            is_example=True,
        )
        for n in data["norms"]
    ]
    PriceNorm.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def load_demo(password: str | None = None, *, apps: bool = True) -> list[DemoUser]:
    """The demo; ``apps=False`` leaves out the apps' parts (DEMO_HOOKS: contracts, synthetic
    statistics, conference, reports, public links) — the lighter demo of tests on plans only."""
    orgs = organisations()
    users = []
    for spec in USERS:
        user, _created = User.objects.get_or_create(username=spec.username)
        first, _, last = spec.full_name.rpartition(" ")
        user.first_name, user.last_name = first[:150], last[:150]
        spec.password = password or secrets.token_urlsafe(9)
        user.set_password(spec.password)
        user.save()
        Membership.objects.get_or_create(
            user=user, organisation=orgs[spec.org_code], role=spec.role
        )
        users.append(spec)
    example_norms()
    dept = orgs["TG-STTTT"]
    if (
        not Plan.objects.filter(organisation=dept, number="46a", symbol="KH-STTTT").exists()
        and SAMPLE.exists()
    ):
        editor = User.objects.get(username="bcxb")
        document_to_plan(read_plan(SAMPLE), organisation=dept, user=editor)
    users += second_province(password)
    for hook in DEMO_HOOKS if apps else ():
        import_string(hook)()
    return users


def second_province(password: str | None) -> list[DemoUser]:
    """A second province on the same deployment (Đồng Tháp, 2016), with its own department,
    people and plan: the two must see nothing of each other."""
    dept = _org(
        "DT-STTTT",
        kind=OrganisationKind.DEPARTMENT,
        name="Sở Thông tin và Truyền thông tỉnh Đồng Tháp",
        short_name="STTTT Đồng Tháp",
        province="Đồng Tháp",
    )
    users = []
    for spec in (
        DemoUser("dt-bcxb", "Chuyên viên Sở TTTT Đồng Tháp", "DT-STTTT", Role.EDITOR),
        DemoUser("dt-giamdoc", "Giám đốc Sở TTTT Đồng Tháp", "DT-STTTT", Role.APPROVER),
    ):
        user, _created = User.objects.get_or_create(username=spec.username)
        spec.password = password or secrets.token_urlsafe(9)
        user.set_password(spec.password)
        user.save()
        Membership.objects.get_or_create(user=user, organisation=dept, role=spec.role)
        users.append(spec)
    if not Plan.objects.filter(organisation=dept).exists() and SAMPLE.exists():
        doc = read_plan(SAMPLE)
        doc.header.number, doc.header.place = "12", "Đồng Tháp"
        doc.header.title = "Tuyên truyền dịch vụ công trực tuyến năm 2016 (Đồng Tháp)"
        document_to_plan(doc, organisation=dept, user=User.objects.get(username="dt-bcxb"))
    return users


# Later parts of the demo, each idempotent, each owned by its app: execution (contracts,
# deliverables, payments), outcomes (catalogue, synthetic statistics).
DEMO_HOOKS = [
    "kehoach.execution.demo.load",
    "kehoach.outcomes.demo.load",
    "kehoach.conference.demo.load",
    "kehoach.reports.demo.load",
    "kehoach.public.demo.load",
]
