"""Selectors read: the public catalogue (search and filters), where a link goes, and the visits
each channel and deliverable of a plan brought (for the plan dashboard)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kehoach.accounts.models import Organisation, OrganisationKind
from kehoach.core.outcomes import LEVEL_RANK
from kehoach.core.text import search_key
from kehoach.outcomes.models import Level, Service
from kehoach.public.models import FILTER_KEYS, LinkVisit, ShortLink

PAGE_SIZE = 50

# How to file a service online, by its level (Decree 43/2011/NĐ-CP levels 1–4 until 2022;
# Decree 42/2022/NĐ-CP "toàn trình" / "một phần" since).
HOW_TO_FILE: dict[str, list[Any]] = {
    "1": [
        _("Xem thành phần hồ sơ, thời hạn và lệ phí trên Cổng dịch vụ công."),
        _("Nộp hồ sơ trực tiếp tại Bộ phận tiếp nhận và trả kết quả (một cửa)."),
    ],
    "2": [
        _("Tải mẫu đơn, tờ khai trên Cổng dịch vụ công và điền sẵn ở nhà."),
        _("Nộp hồ sơ tại Bộ phận tiếp nhận và trả kết quả (một cửa)."),
    ],
    "partial": [
        _("Đăng nhập Cổng dịch vụ công bằng tài khoản của bạn."),
        _("Điền tờ khai, đính kèm giấy tờ và nộp hồ sơ trực tuyến."),
        _("Đến cơ quan theo hẹn để xuất trình bản chính hoặc nhận kết quả."),
    ],
    "full": [
        _("Đăng nhập Cổng dịch vụ công bằng tài khoản của bạn."),
        _("Điền tờ khai, đính kèm giấy tờ và nộp hồ sơ trực tuyến."),
        _("Nộp phí, lệ phí trực tuyến (nếu có) và theo dõi hồ sơ trên Cổng."),
        _("Nhận kết quả qua mạng hoặc qua bưu điện, không phải đến cơ quan."),
    ],
}
HOW_TO_FILE["3"] = HOW_TO_FILE["partial"]
HOW_TO_FILE["4"] = HOW_TO_FILE["full"]


@cache
def _portals() -> dict[str, Any]:
    text = resources.files("kehoach.public").joinpath("data/portals.json").read_text("utf-8")
    return dict(json.loads(text))


def portal_for(organisation: Organisation) -> dict[str, str]:
    data = _portals()
    return dict(data["portals"].get(organisation.code, data["national"]))


def slug_of(organisation: Organisation) -> str:
    return organisation.code.lower()


def public_organisations() -> list[Organisation]:
    """Organisations that publish a catalogue (that have services)."""
    return list(Organisation.objects.filter(services__isnull=False).distinct().order_by("name"))


def organisation_by_slug(slug: str) -> Organisation:
    org = Organisation.objects.filter(code__iexact=slug, services__isnull=False).first()
    if org is None:
        raise Http404
    return org


def service_of(organisation: Organisation, pk: int) -> Service:
    """A service of the organisation's catalogue with its levels (404 when there is none)."""
    return get_object_or_404(
        Service.objects.prefetch_related("levels"), pk=pk, organisation=organisation
    )


def current_level(service: Service, on: date) -> str | None:
    """The service's level in force on a day (its levels prefetched)."""
    found = None
    for period in service.levels.all():
        if period.valid_from <= on and (period.valid_to is None or on < period.valid_to):
            found = period.level
    return found


@dataclass(frozen=True)
class Entry:
    service: Service
    level: str | None

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level else ""

    @property
    def online(self) -> bool:
        return self.level is not None and LEVEL_RANK[self.level] >= 3


def _distinct(values: list[str]) -> list[str]:
    """One spelling per value (the first met), whatever its marks, case or tone placement."""
    seen: dict[str, str] = {}
    for value in values:
        if value:
            seen.setdefault(search_key(value), value)
    return sorted(seen.values(), key=search_key)


def filter_options(organisation: Organisation) -> dict[str, list[Any]]:
    """The fields and agencies to choose from: each column's distinct values, given by the
    database (not every service read; issue 25)."""
    services = Service.objects.filter(organisation=organisation).order_by()

    def distinct(name: str) -> list[str]:
        return list(services.values_list(name, flat=True).distinct())

    return {
        "fields": _distinct(distinct("field")),
        "agencies": _distinct(distinct("agency")),
        "levels": list(Level.choices),
    }


def search(
    organisation: Organisation,
    *,
    q: str = "",
    field: str = "",
    agency: str = "",
    level: str = "",
    on: date | None = None,
) -> list[Entry]:
    """The catalogue's services matching every word of ``q`` (compared by
    :func:`kehoach.core.text.search_key`: no diacritics, case or tone placement needed) and the
    chosen field, agency and level (the level in force on ``on``, today by default)."""
    on = on or timezone.localdate()
    services = Service.objects.filter(organisation=organisation).prefetch_related("levels")
    for word in search_key(q).split():
        services = services.filter(search_key__contains=word)
    for name, wanted in (("field", field), ("agency", agency)):
        if wanted:
            key = search_key(wanted)
            spellings = {
                v
                for v in Service.objects.filter(organisation=organisation)
                .order_by()
                .values_list(name, flat=True)
                .distinct()
                if search_key(v) == key
            }
            services = services.filter(**{f"{name}__in": spellings})
    entries = [Entry(s, current_level(s, on)) for s in services]
    if level:
        entries = [e for e in entries if e.level == level]
    return sorted(entries, key=lambda e: (search_key(e.service.name), e.service.code))


# -- short links ----------------------------------------------------------------------------


def link_by_code(code: str) -> ShortLink | None:
    return ShortLink.objects.select_related("organisation").filter(code=code).first()


def link_by_pk(pk: int) -> ShortLink:
    """A link with its organisation and plan (404 when there is none)."""
    return get_object_or_404(ShortLink.objects.select_related("organisation", "plan"), pk=pk)


def link_target(link: ShortLink) -> str:
    """Where a link goes: always a path of kehoach's public catalogue, never another site."""
    slug = slug_of(link.organisation)
    if link.service_id is not None and link.service is not None:
        return reverse("public:service", kwargs={"org": slug, "service_pk": link.service_id})
    url = reverse("public:catalogue", kwargs={"org": slug})
    query = {k: str(v) for k, v in (link.filters or {}).items() if k in FILTER_KEYS and v}
    return f"{url}?{urlencode(query)}" if query else url


def link_path(link: ShortLink) -> str:
    return reverse("public:short_link", kwargs={"code": link.code})


CHANNEL_KINDS: dict[str, Any] = {
    OrganisationKind.NEWSPAPER: _("Báo in, báo điện tử"),
    OrganisationKind.STATION: _("Đài tỉnh"),
    OrganisationKind.DISTRICT_STATION: _("Đài cấp huyện"),
}


@dataclass
class ChannelVisits:
    outlet_id: int | None
    name: str
    kind: str
    links: int = 0
    visits: int = 0

    @property
    def kind_label(self) -> str:
        return str(CHANNEL_KINDS.get(self.kind, _("Khác")))


@dataclass
class DeliverableVisits:
    deliverable_id: int
    label: str
    outlet: str
    code: str
    visits: int = 0


@dataclass
class PlanVisits:
    """Visits each channel (outlet) and each deliverable of a plan brought, and per day."""

    total: int = 0
    channels: list[ChannelVisits] = field(default_factory=list)
    deliverables: list[DeliverableVisits] = field(default_factory=list)
    by_day: list[tuple[date, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "channels": [
                {"outlet": c.name, "kind": c.kind, "links": c.links, "visits": c.visits}
                for c in self.channels
            ],
            "deliverables": [
                {"deliverable": d.label, "outlet": d.outlet, "code": d.code, "visits": d.visits}
                for d in self.deliverables
            ],
            "by_day": [[d.isoformat(), n] for d, n in self.by_day],
        }


def link_visits(links: list[ShortLink]) -> dict[int, int]:
    rows = LinkVisit.objects.filter(link__in=links).values("link_id").annotate(total=Sum("count"))
    return {r["link_id"]: int(r["total"] or 0) for r in rows}


def visits_by_channel(plan: Any) -> PlanVisits:
    """The plan's short-link visits per channel (newspaper, station; "other" for catalogue-page
    links without one) and per deliverable, and the plan's total per day — what the plan
    dashboard shows next to the online rate."""
    links = list(ShortLink.objects.filter(plan=plan).select_related("outlet", "deliverable"))
    totals = link_visits(links)
    channels: dict[int | None, ChannelVisits] = {}
    deliverables: list[DeliverableVisits] = []
    for link in links:
        outlet = link.outlet
        key = outlet.pk if outlet else None
        row = channels.get(key)
        if row is None:
            row = channels[key] = ChannelVisits(
                outlet_id=key,
                name=(outlet.short_name or outlet.name) if outlet else str(_("Khác")),
                kind=outlet.kind if outlet else "other",
            )
        row.links += 1
        row.visits += totals.get(link.pk, 0)
        if link.deliverable is not None:
            deliverables.append(
                DeliverableVisits(
                    deliverable_id=link.deliverable.pk,
                    label=link.deliverable.label,
                    outlet=row.name,
                    code=link.code,
                    visits=totals.get(link.pk, 0),
                )
            )
    per_day: dict[date, int] = defaultdict(int)
    for day, count in LinkVisit.objects.filter(link__plan=plan).values_list("day", "count"):
        per_day[day] += count
    return PlanVisits(
        total=sum(totals.values()),
        channels=sorted(channels.values(), key=lambda c: (-c.visits, search_key(c.name))),
        deliverables=sorted(deliverables, key=lambda d: (-d.visits, d.label)),
        by_day=sorted(per_day.items()),
    )


def channel_totals(plan: Any) -> PlanVisits:
    """The per-channel part of ``visits_by_channel`` only (no deliverables, no days), in one
    aggregate query: what the plan dashboard reads on every view, since visits are counted
    without an audit entry and so are never kept with the dashboard's other parts."""
    links = (
        ShortLink.objects.filter(plan=plan)
        .values("outlet_id", "outlet__name", "outlet__short_name", "outlet__kind")
        .annotate(links=Count("id", distinct=True), visit_total=Sum("visits__count"))
    )
    channels = [
        ChannelVisits(
            outlet_id=row["outlet_id"],
            name=(row["outlet__short_name"] or row["outlet__name"])
            if row["outlet_id"]
            else str(_("Khác")),
            kind=row["outlet__kind"] if row["outlet_id"] else "other",
            links=row["links"],
            visits=int(row["visit_total"] or 0),
        )
        for row in links
    ]
    return PlanVisits(
        total=sum(c.visits for c in channels),
        channels=sorted(channels, key=lambda c: (-c.visits, search_key(c.name))),
    )


KIND_ORDER = {"outlet": 0, "page": 1, "deliverable": 2}


def links_of_plan(plan: Any) -> list[ShortLink]:
    """The plan's links: outlets first (what is printed and read on air), then catalogue pages,
    then deliverables in the order of the estimate."""
    links = ShortLink.objects.filter(plan=plan).select_related(
        "outlet", "deliverable", "service", "organisation"
    )
    return sorted(links, key=lambda k: (KIND_ORDER.get(k.kind, 9), k.pk))
