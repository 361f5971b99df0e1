"""The outcomes part of `kehoach demo` (idempotent): a SYNTHETIC catalogue of online public
services with its roadmap, and SYNTHETIC monthly dossier statistics for Tiền Giang 2015–2017,
both from the seeded generator in :mod:`kehoach.outcomes.synthetic` with its default
parameters (campaign effect zero). Everything it creates is flagged synthetic."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db import transaction

from kehoach.accounts.models import Organisation
from kehoach.core.checks.outcomes import StatRow
from kehoach.core.indicators import Figures
from kehoach.core.text import fold
from kehoach.outcomes.dossiers import aggregate_file
from kehoach.outcomes.models import (
    ImportKind,
    ImportState,
    MonthlyStat,
    OutcomeImport,
    RoadmapItem,
    Service,
    ServiceLevel,
)
from kehoach.outcomes.services import replace_months
from kehoach.outcomes.synthetic import (
    ROADMAP_SOURCE,
    SyntheticParams,
    dossier_query,
    synthetic_catalogue,
)

ORGANISATION = "TG-STTTT"


@lru_cache(maxsize=4)
def synthetic_monthly(params: SyntheticParams) -> tuple[dict[str, Any], ...]:
    """The monthly table of the synthetic dossiers (deterministic, so computed once)."""
    result = aggregate_file(None, source="(" + dossier_query(params) + ")")
    return tuple(result.rows)


def load_catalogue(organisation: Any, seed: int = 2016) -> int:
    if Service.objects.filter(organisation=organisation).exists():
        return 0
    services, targets = synthetic_catalogue(seed)
    made = Service.objects.bulk_create(
        [
            Service(
                organisation=organisation,
                code=s.code,
                name=s.name,
                field=s.field,
                agency=s.agency,
                synthetic=True,
                search_key=fold(f"{s.code} {s.name} {s.field} {s.agency}"),
            )
            for s in services
        ]
    )
    levels = []
    for model, spec in zip(made, services, strict=True):
        for level, start, end in spec.levels:
            levels.append(
                ServiceLevel(
                    service=model,
                    level=level,
                    valid_from=start,
                    valid_to=end,
                    source="SYNTHETIC",
                )
            )
    ServiceLevel.objects.bulk_create(levels)
    RoadmapItem.objects.bulk_create(
        [
            RoadmapItem(
                organisation=organisation,
                code=t.code,
                name=t.name,
                target_level=t.target_level,
                due=t.due,
                source=ROADMAP_SOURCE,
                synthetic=True,
            )
            for t in targets
        ]
    )
    return len(made)


def load_statistics(
    organisation: Any, params: SyntheticParams | None = None, *, replace: bool = False
) -> int:
    params = params or SyntheticParams()
    if not replace and MonthlyStat.objects.filter(organisation=organisation).exists():
        return 0
    table = synthetic_monthly(params)
    job = OutcomeImport.objects.create(
        organisation=organisation,
        kind=ImportKind.SYNTHETIC,
        filename="synthetic (kehoach.outcomes.synthetic)",
        status=ImportState.DONE,
        # the note a page shows: in Vietnamese, and by its parts (``said``) for the reader
        summary={
            "synthetic": params.to_dict(),
            "description": params.describe("vi"),
            "note": {"message": params.describe("vi"), "said": params.said.to_dict()},
        },
    )
    rows = [
        StatRow(
            month=r["month"],
            agency=r["agency"],
            service=r["service"],
            district=r["district"],
            figures=Figures.from_mapping(r),
        )
        for r in table
    ]
    count, _months = replace_months(organisation, rows, job)
    job.counts = {"rows": count, "good": count, "broken": 0, "applied": count}
    job.save(update_fields=["counts"])
    return count


@transaction.atomic
def load() -> None:
    organisation = Organisation.objects.filter(code=ORGANISATION).first()
    if organisation is None:
        return
    load_catalogue(organisation)
    load_statistics(organisation)
