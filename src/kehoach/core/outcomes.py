"""Online public services and dossiers, in pure Python: service levels over time, counts at a
date, supply against a roadmap, the baseline a plan states, and the monthly aggregation of
dossier-level records (the reference implementation the DuckDB aggregation is tested against).

Levels (docs/design.md §2.6). From 2016 (Decision 1819/QĐ-TTg and Decree 43/2011/NĐ-CP) a service
is at level 1, 2, 3 or 4; since Decree 42/2022/NĐ-CP a service is online "toàn trình" (full)
or "một phần" (partial). For counting across the change, "một phần" stands with level 3 and
"toàn trình" with level 4: both Decree 42/2022 categories are services a citizen can file
online, which is what levels 3 and 4 meant. The value as written is always kept beside it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from kehoach.core.messages import declare
from kehoach.core.text import fold

LEVELS = ("1", "2", "3", "4", "partial", "full")
# A level's name as a person reads it (English in the catalogue only); LEVEL_LABELS_VI is the
# Vietnamese (levels entered by hand were once recorded with it as their "value as written":
# kehoach.outcomes.models.ServiceLevel.original_value recognises that text).
LEVEL_LABELS = {
    "1": declare("level.1", "Mức độ 1"),
    "2": declare("level.2", "Mức độ 2"),
    "3": declare("level.3", "Mức độ 3"),
    "4": declare("level.4", "Mức độ 4"),
    "partial": declare("level.partial", "Một phần"),
    "full": declare("level.full", "Toàn trình"),
}
LEVEL_LABELS_VI = {code: label.vi for code, label in LEVEL_LABELS.items()}


def level_label(code: str | None, lang: str = "vi") -> str:
    """A level's code ("3", "full") as its name in ``lang``; an unknown code as it is."""
    label = LEVEL_LABELS.get(code or "")
    return label.text(lang) if label is not None else str(code or "")


# The rank used to compare a level with a roadmap target and to count "level 3 or above".
LEVEL_RANK = {"1": 1, "2": 2, "3": 3, "4": 4, "partial": 3, "full": 4}

_LEVEL_DIGIT = re.compile(r"(?:muc(?: do)?|level|md)?\s*([1-4])\b")


def parse_level(text: str) -> str | None:
    """'Mức độ 3', 'mức 4', '3', 'DVCTT toàn trình', 'Một phần' -> a level code, else None."""
    key = fold(text)
    if not key:
        return None
    if "toan trinh" in key or key in ("full", "tt"):
        return "full"
    if "mot phan" in key or key == "partial":
        return "partial"
    match = _LEVEL_DIGIT.search(key)
    if match and (key.strip() == match.group(1) or "muc" in key or "level" in key):
        return match.group(1)
    return None


@dataclass(frozen=True)
class LevelPeriod:
    """A service's level for a period: from ``valid_from`` (inclusive) to ``valid_to``
    (exclusive; None = still in force). ``original`` is the value as the source wrote it."""

    level: str
    valid_from: date
    valid_to: date | None = None
    original: str = ""

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)


@dataclass(frozen=True)
class ServiceRecord:
    code: str
    name: str
    field: str
    agency: str
    levels: tuple[LevelPeriod, ...] = ()

    def level_on(self, on: date) -> str | None:
        for period in self.levels:
            if period.in_force(on):
                return period.level
        return None


@dataclass
class CatalogueCounts:
    """Counts of services at a date."""

    on: date
    total: int = 0
    by_level: dict[str, int] = field(default_factory=dict)
    by_field: dict[str, int] = field(default_factory=dict)
    by_agency: dict[str, int] = field(default_factory=dict)

    @property
    def level3_or_above(self) -> int:
        return sum(n for lvl, n in self.by_level.items() if LEVEL_RANK[lvl] >= 3)

    @property
    def level4(self) -> int:
        return sum(n for lvl, n in self.by_level.items() if LEVEL_RANK[lvl] >= 4)

    def to_dict(self) -> dict[str, object]:
        return {
            "on": self.on.isoformat(),
            "total": self.total,
            "level3_or_above": self.level3_or_above,
            "level4": self.level4,
            "by_level": dict(sorted(self.by_level.items())),
            "by_field": dict(sorted(self.by_field.items())),
            "by_agency": dict(sorted(self.by_agency.items())),
        }


def count_catalogue(
    services: Iterable[ServiceRecord], on: date, *, min_level: int = 1
) -> CatalogueCounts:
    """Services in force on a date (those with a level then), by level, field and agency;
    ``min_level`` keeps only services at that rank or above in the field/agency counts."""
    counts = CatalogueCounts(on=on)
    levels: Counter[str] = Counter()
    fields: Counter[str] = Counter()
    agencies: Counter[str] = Counter()
    for service in services:
        level = service.level_on(on)
        if level is None:
            continue
        levels[level] += 1
        if LEVEL_RANK[level] >= min_level:
            counts.total += 1
            fields[service.field] += 1
            agencies[service.agency] += 1
    counts.by_level, counts.by_field, counts.by_agency = dict(levels), dict(fields), dict(agencies)
    return counts


@dataclass(frozen=True)
class RoadmapTarget:
    code: str
    name: str
    target_level: str
    due: date
    source: str = ""


@dataclass(frozen=True)
class RoadmapResult:
    target: RoadmapTarget
    level_on_due: str | None
    met: bool
    known: bool  # the service is in the catalogue


def roadmap_supply(
    services: Iterable[ServiceRecord], targets: Iterable[RoadmapTarget]
) -> list[RoadmapResult]:
    """Each roadmap target against the level its service had on the due date."""
    by_code = {s.code: s for s in services}
    out = []
    for target in targets:
        service = by_code.get(target.code)
        level = service.level_on(target.due) if service else None
        met = level is not None and LEVEL_RANK[level] >= LEVEL_RANK[target.target_level]
        out.append(RoadmapResult(target, level, met, service is not None))
    return out


# -- the baseline a plan states ----------------------------------------------------------------


@dataclass(frozen=True)
class StatedBaseline:
    """'… mức độ 3 … là 209 dịch vụ, trong đó có 30 dịch vụ công mức độ 4' -> 209 at level 3
    or above, 30 of them at level 4 (a "trong đó" part is included in the whole)."""

    level3_or_above: int | None
    level4: int | None
    quote: str


_SENTENCE = re.compile(r"[^.;\n]*(?:\.(?=\d)[^.;\n]*)*")
_COUNT = r"(\d{1,3}(?:\.\d{3})*|\d+)\s+(?:dich vu|thu tuc|dvc)"


def parse_stated_baseline(text: str) -> StatedBaseline | None:
    """Find a stated count of online services at level 3 (and of those at level 4) in a text."""
    for sentence in _SENTENCE.findall(text):
        key = fold(sentence)
        if "dich vu" not in key or "muc do" not in key:
            continue
        numbers = [(m.start(), int(m.group(1).replace(".", ""))) for m in re.finditer(_COUNT, key)]
        if not numbers:
            continue
        level4 = None
        whole = None
        part = re.search(r"trong do(?: co)?\s+" + _COUNT + r"[^,]*?muc do\s*4", key)
        if part:
            level4 = int(part.group(1).replace(".", ""))
            whole_numbers = [n for pos, n in numbers if pos < part.start()]
            whole = whole_numbers[-1] if whole_numbers else None
        elif "muc do 3" in key:
            whole = numbers[0][1]
        elif "muc do 4" in key:
            level4 = numbers[0][1]
        if whole is None and level4 is None:
            continue
        return StatedBaseline(level3_or_above=whole, level4=level4, quote=sentence.strip())
    return None


# -- dossiers -------------------------------------------------------------------------------

CHANNELS = ("online", "counter", "post")


@dataclass(frozen=True)
class Dossier:
    """One dossier (hồ sơ): received on a date through a channel, due and maybe resolved."""

    code: str
    procedure: str
    agency: str
    district: str
    channel: str
    received: date
    due: date | None
    resolved: date | None
    fee: bool
    paid_online: bool


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def aggregate_dossiers(
    dossiers: Iterable[Dossier], *, by_service: bool = False, by_district: bool = True
) -> dict[tuple[date, str, str, str], dict[str, int]]:
    """The monthly table from dossier records, the slow and obvious way.

    Every figure is counted by the month the dossier was received (a cohort): received by
    channel; of those, resolved before the due date (early), on it (on time), after it (late),
    or not yet resolved (pending); with a fee, and paid online. A dossier resolved with no due
    date counts as on time. ``docs/outcomes.md`` documents the same rules for the DuckDB query.
    """
    table: dict[tuple[date, str, str, str], dict[str, int]] = {}
    for d in dossiers:
        key = (
            month_of(d.received),
            d.agency,
            d.procedure if by_service else "",
            d.district if by_district else "",
        )
        row = table.setdefault(key, dict.fromkeys(FIGURES, 0))
        row[f"received_{d.channel}"] += 1
        if d.resolved is None:
            row["pending"] += 1
        elif d.due is None or d.resolved == d.due:
            row["resolved_on_time"] += 1
        elif d.resolved < d.due:
            row["resolved_early"] += 1
        else:
            row["resolved_late"] += 1
        if d.fee:
            row["with_fee"] += 1
            if d.paid_online:
                row["paid_online"] += 1
    return table


FIGURES = (
    "received_online",
    "received_counter",
    "received_post",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending",
    "with_fee",
    "paid_online",
)
