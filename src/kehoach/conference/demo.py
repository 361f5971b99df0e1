"""The conference part of `kehoach demo` (idempotent): the sample plan's training conference
(120 delegates in 7 groups, some checked in), example conference norms, the content the
department supplies (the outline, a radio story sent to the district stations, downloaded by
Chợ Gạo, assigned to the rebroadcasts), and the supervision record of the management line —
all labelled demo data; the delegates' names are invented.

Like the execution demo it follows ``KEHOACH_DEMO_EXECUTION`` (off in the test settings, so
that the plan tests keep the sample plan's findings); tests run it with ``force=True``.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from importlib import resources

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from kehoach.accounts.models import Organisation
from kehoach.conference import services
from kehoach.conference.models import ContentDownload, ContentKind
from kehoach.plans.models import Plan, PriceNorm

CONFERENCE_DAY = date(2016, 8, 10)
GROUPS = [
    ("Lãnh đạo UBND tỉnh", 8),
    ("Lãnh đạo, phóng viên, biên tập viên Báo Ấp Bắc", 12),
    ("Lãnh đạo, phóng viên, biên tập viên Đài Phát thanh – Truyền hình Tiền Giang", 12),
    ("Lãnh đạo và phụ trách trang thông tin điện tử các sở, ban, ngành tỉnh", 44),
    ("Lãnh đạo UBND, Phòng Văn hóa – Thông tin các huyện, thị, thành", 33),
    ("Lãnh đạo Viễn thông Tiền Giang (VNPT)", 6),
    ("Lãnh đạo Bưu điện tỉnh", 5),
]
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bích",
    "Lê Hoàng Châu",
    "Phạm Minh Đức",
    "Huỳnh Thị Hòa",
    "Võ Quốc Khánh",
    "Đặng Thị Lan",
    "Bùi Văn Lộc",
    "Đỗ Thị Mai",
    "Hồ Thanh Nghĩa",
    "Ngô Thị Oanh",
    "Dương Văn Phúc",
    "Lý Thị Quyên",
    "Trương Văn Sơn",
]
SUPERVISION = [
    ("airing", "Phát sóng phóng sự trên Đài PT-TH tỉnh", date(2016, 8, 20), "rest_day", "8"),
    ("airing", "Phát lại câu chuyện truyền thanh, Đài Chợ Gạo", date(2016, 9, 7), "weekday", "4"),
    ("page", "Chuyên trang CNTT trên Báo Ấp Bắc", date(2016, 9, 15), "weekday", "4"),
    ("acceptance", "Nghiệm thu các đài huyện", date(2016, 12, 15), "weekday", "6"),
    ("airing", "Tọa đàm trực tiếp ngày Quốc khánh", date(2016, 9, 2), "holiday", "3"),
]
HOURLY_WAGE = Decimal(20000)  # example: a civil servant's monthly salary / 22 days / 8 hours


def sample_plan() -> Plan | None:
    return (
        Plan.objects.filter(organisation__code="TG-STTTT", number="46a", symbol="KH-STTTT")
        .order_by("-revision", "-id")
        .first()
    )


def load(*, force: bool = False) -> None:
    if not (force or getattr(settings, "KEHOACH_DEMO_EXECUTION", True)):
        return
    plan = sample_plan()
    if plan is None:
        return
    with transaction.atomic():
        load_for(plan)


def example_norms() -> int:
    if PriceNorm.objects.filter(activity_kind="conference_meal", is_example=True).exists():
        return 0
    data = json.loads(
        resources.files("kehoach.conference").joinpath("data/example_norms.json").read_text("utf-8")
    )
    rows = [
        PriceNorm(
            organisation=None,
            activity_kind=n["activity_kind"],
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


def load_for(plan: Plan) -> None:
    editor = User.objects.get(username="bcxb")
    example_norms()
    if not plan.conferences.exists():
        _conference(plan, editor)
    if not plan.content_items.exists():
        _content(plan, editor)
    _assign(plan, editor)
    if not plan.supervision_records.exists():
        _supervision(plan, editor)


def _conference(plan: Plan, editor: User) -> None:
    activity = plan.activities.filter(kind="conference").first()
    conference = services.conference_create(
        user=editor,
        plan=plan,
        title=activity.title if activity else "Hội nghị tập huấn",
        on=CONFERENCE_DAY,
        place="Hội trường Sở Thông tin và Truyền thông tỉnh Tiền Giang (dữ liệu mẫu)",
        planned_total=int(activity.quantity or 120) if activity else 120,
        content=activity.description if activity else "",
        groups=GROUPS,
        activity=activity,
        is_demo=True,
    )
    conference.start_time = "7 giờ 30"
    conference.invitation_number = "52"
    conference.save(update_fields=["start_time", "invitation_number"])
    names = iter(NAMES * 3)
    for group in conference.groups.all():
        for index in range(2):
            delegate = services.delegate_add(
                user=editor,
                conference=conference,
                group=group,
                full_name=next(names),
                position_title="Đại biểu (dữ liệu mẫu)",
                unit=group.name[:120],
                phone="",
            )
            if index == 0:
                services.delegate_check_in(
                    user=editor, conference=conference, delegate_pk=delegate.pk
                )


def _district_stations(plan: Plan) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            kind="district_station", province=plan.organisation.province
        ).order_by("name")
    )


def _content(plan: Plan, editor: User) -> None:
    stations = _district_stations(plan)
    services.content_create(
        user=editor,
        plan=plan,
        kind=ContentKind.OUTLINE,
        title="Đề cương tuyên truyền dịch vụ công trực tuyến năm 2016",
        text="1. Dịch vụ công trực tuyến là gì, mức độ 3 và 4.\n"
        "2. Lợi ích cho người dân, doanh nghiệp.\n3. Cách nộp hồ sơ trực tuyến.\n"
        "(dữ liệu mẫu)",
        stations=stations,
        is_demo=True,
    )
    story = services.content_create(
        user=editor,
        plan=plan,
        kind=ContentKind.AUDIO,
        title="Câu chuyện truyền thanh: Nộp hồ sơ không cần đến cơ quan (dữ liệu mẫu)",
        upload=("cau-chuyen-truyen-thanh-01.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00demo"),
        stations=stations,
        is_demo=True,
    )
    chogao = Organisation.objects.filter(code="TG-DAI-CHO-GAO").first()
    user = User.objects.filter(username="dai-chogao").first()
    if chogao is not None and chogao in stations:
        download = ContentDownload.objects.create(item=story, station=chogao, user=user)
        ContentDownload.objects.filter(pk=download.pk).update(
            at=timezone.make_aware(datetime(2016, 8, 3, 9, 0))
        )


def _assign(plan: Plan, editor: User) -> None:
    """Once the execution demo has made the rebroadcast deliverables, they air the story."""
    story = plan.content_items.filter(kind=ContentKind.AUDIO).first()
    if story is not None and not story.assignments.exists():
        services.content_assign(user=editor, item=story)


def _supervision(plan: Plan, editor: User) -> None:
    line = plan.lines.filter(activity="management").first()
    for kind, subject, day, day_type, hours in SUPERVISION:
        services.supervision_record(
            user=editor,
            plan=plan,
            line=line,
            supervisor_name="Chuyên viên Phòng BCXB (dữ liệu mẫu)",
            kind=kind,
            subject=subject,
            checked_on=day,
            overtime_hours=Decimal(hours),
            hourly_wage=HOURLY_WAGE,
            day_type=day_type,
            is_demo=True,
        )
