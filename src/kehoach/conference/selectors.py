"""Selectors read (docs/conventions.md §4): attendance by group, the conference's costs, who has
downloaded the content, the supervision basis of the management line."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_noop

from kehoach.accounts.access import contractor_organisations_for
from kehoach.conference import rules
from kehoach.conference.models import (
    Conference,
    ContentAssignment,
    ContentDownload,
    ContentItem,
    Delegate,
    SupervisionRecord,
)
from kehoach.core.messages import Message
from kehoach.core.money import format_quantity, format_vnd
from kehoach.core.text import search_key
from kehoach.execution.models import AsRunRecord, Deliverable
from kehoach.plans.models import EstimateLine, Plan
from kehoach.plans.selectors import norms_for


@dataclass
class GroupRow:
    pk: int
    name: str
    planned: int
    invited: int
    attended: int


@dataclass
class Attendance:
    planned_total: int
    groups: list[GroupRow]

    @property
    def groups_planned(self) -> int:
        return sum(g.planned for g in self.groups)

    @property
    def attended(self) -> int:
        return sum(g.attended for g in self.groups)

    @property
    def invited(self) -> int:
        return sum(g.invited for g in self.groups)

    @property
    def adds_up(self) -> bool:
        return self.groups_planned == self.planned_total


def conference(pk: int) -> Conference | None:
    """A conference with its plan, the plan's organisation and its activity, in one query."""
    return (
        Conference.objects.select_related("plan", "plan__organisation", "activity")
        .filter(pk=pk)
        .first()
    )


def attendance(conference: Conference) -> Attendance:
    groups = conference.groups.annotate(
        invited=Count("delegates"),
        attended=Count("delegates", filter=Q(delegates__checked_in_at__isnull=False)),
    )
    return Attendance(
        planned_total=conference.planned_total,
        groups=[GroupRow(g.pk, g.name, g.planned, g.invited, g.attended) for g in groups],
    )


def costs(conference: Conference) -> rules.Costs:
    return rules.conference_costs(
        conference.planned_total,
        conference.days,
        norms_for(conference.plan.organisation),
        conference.date,
    )


def search_delegates(conference: Conference, q: str) -> QuerySet[Delegate]:
    """Name search at the door: without diacritics, in any case (core.text.search_key)."""
    delegates = conference.delegates.select_related("group").filter(anonymised=False)
    for word in search_key(q).split():
        delegates = delegates.filter(search_key__contains=word)
    return delegates


# -- content --------------------------------------------------------------------------------


@dataclass
class StationRow:
    pk: int
    name: str
    first_download: Any = None
    downloads: int = 0
    assigned: int = 0
    aired: int = 0


@dataclass
class ItemStatus:
    item: ContentItem
    stations: list[StationRow] = field(default_factory=list)

    @property
    def not_downloaded(self) -> list[StationRow]:
        return [s for s in self.stations if not s.downloads]


def content_item(pk: int) -> ContentItem | None:
    return ContentItem.objects.select_related("plan__organisation").filter(pk=pk).first()


def content_status(plan: Plan) -> list[ItemStatus]:
    """Per item, its stations with their downloads, assigned deliverables and those aired: a
    fixed number of queries whatever the number of items, stations and deliverables."""
    items = list(plan.content_items.prefetch_related("stations"))
    ids = [item.pk for item in items]
    downloads: dict[int, list[ContentDownload]] = {pk: [] for pk in ids}
    for d in ContentDownload.objects.filter(item_id__in=ids).order_by("at", "id"):
        downloads[d.item_id].append(d)
    assignments: dict[int, list[Any]] = {pk: [] for pk in ids}
    for a in (
        ContentAssignment.objects.filter(item_id__in=ids)
        .select_related("deliverable__contract_line__contract")
        .annotate(aired=Exists(AsRunRecord.objects.filter(deliverable=OuterRef("deliverable_id"))))
        .order_by("id")
    ):
        assignments[a.item_id].append(a)
    out = []
    for item in items:
        rows = {s.pk: StationRow(s.pk, s.name) for s in item.stations.all()}
        for d in downloads[item.pk]:
            row = rows.get(d.station_id)
            if row is not None:
                row.downloads += 1
                row.first_download = row.first_download or d.at
        for a in assignments[item.pk]:
            line = a.deliverable.contract_line
            row = rows.get(line.contract.contractor_id) if line else None
            if row is not None:
                row.assigned += 1
                row.aired += a.aired  # type: ignore[attr-defined]
        out.append(ItemStatus(item=item, stations=sorted(rows.values(), key=lambda r: r.name)))
    return out


def station_items(user: Any) -> list[dict[str, Any]]:
    """A station's page: the content sent to the user's stations, and each of the stations'
    rebroadcast deliverables with the item it airs."""
    stations = contractor_organisations_for(user)
    out = []
    for station in stations:
        items = list(station.content_items.select_related("plan").order_by("-id"))
        downloaded = set(
            ContentDownload.objects.filter(station=station).values_list("item_id", flat=True)
        )
        deliverables = (
            Deliverable.objects.filter(
                contract_line__contract__contractor=station, content_assignment__isnull=False
            )
            .select_related("content_assignment__item", "contract_line__contract")
            .order_by("planned_date", "sequence")
        )
        out.append(
            {
                "station": station,
                "items": [(item, item.pk in downloaded) for item in items],
                "deliverables": list(deliverables),
            }
        )
    return out


# -- supervision ----------------------------------------------------------------------------


# How the management line's lump sum follows from the supervision record (the law's name, the
# rules' source, is quoted as the rules file writes it).
SUPERVISION_BASIS = Message(
    "conference.supervision.basis",
    gettext_noop(
        "Theo sổ giám sát: {records} lần kiểm tra, {hours} giờ làm thêm × tiền lương giờ × "
        "hệ số 150%/200%/300% = {amount} đồng ({source}, Điều 98)"
    ),
)


@dataclass
class LineBasis:
    line: EstimateLine
    hours: Decimal
    amount: Decimal
    records: int

    @property
    def said(self) -> Message:
        """The basis as a person reads it, said in the reader's language where it is shown."""
        source = rules.overtime_rules()["source"].split(";")[0].split(",")[0]
        return SUPERVISION_BASIS.with_params(
            records=self.records,
            hours=format_quantity(self.hours),
            amount=format_vnd(self.amount),
            source=source,
        )

    @property
    def text(self) -> str:
        """The basis written into the plan's estimate line (the plan's own text: Vietnamese)."""
        return self.said.text("vi")[:300]


def supervision_basis(plan: Plan) -> dict[int, LineBasis]:
    """Per management line: the supervisors' overtime hours and their pay."""
    out: dict[int, LineBasis] = {}
    for record in SupervisionRecord.objects.filter(plan=plan, line__isnull=False).select_related(
        "line"
    ):
        assert record.line is not None
        basis = out.setdefault(
            record.line_id or 0, LineBasis(record.line, Decimal(0), Decimal(0), 0)
        )
        basis.hours += record.overtime_hours
        basis.amount += rules.overtime_pay(
            record.overtime_hours, record.hourly_wage, record.day_type
        )
        basis.records += 1
    return out


def management_lines(plan: Plan) -> QuerySet[EstimateLine]:
    return plan.lines.filter(activity="management")
