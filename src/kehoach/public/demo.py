"""The public part of `kehoach demo` (idempotent): short links and QR codes for every outlet
(speakable: /l/chogao) and deliverable of the sample plan, and one link to a page of the
catalogue. No visits are invented: the counts start at zero."""

from __future__ import annotations

from django.db import transaction

from kehoach.plans.models import Plan
from kehoach.public import services
from kehoach.public.models import LinkKind, ShortLink


def sample_plan() -> object | None:
    return (
        Plan.objects.filter(organisation__code="TG-STTTT", number="46a", symbol="KH-STTTT")
        .select_related("organisation")
        .order_by("-revision", "-id")
        .first()
    )


@transaction.atomic
def load() -> None:
    plan = sample_plan()
    if plan is None:
        return
    services.plan_links_create(user=None, plan=plan, is_demo=True)
    if not ShortLink.objects.filter(code="dangkykinhdoanh").exists():
        services.link_create(
            user=None,
            organisation=plan.organisation,  # type: ignore[attr-defined]
            kind=LinkKind.PAGE,
            label="Chuyên trang Báo Ấp Bắc: đăng ký kinh doanh qua mạng",
            plan=plan,
            filters={"q": "kinh doanh"},
            code="dangkykinhdoanh",
            is_demo=True,
        )
