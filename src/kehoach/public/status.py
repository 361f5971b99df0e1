"""The public part of `kehoach status`: the plan's short links and the visits they brought."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from kehoach.public import selectors


def plan_status(plan: Any, language: str = "vi") -> dict[str, Any]:
    """Codes, labels a person gave and counts as they are; the name of the channel of links
    without one ("Khác", "Other"), said by kehoach, in ``language``."""
    links = selectors.links_of_plan(plan)
    totals = selectors.link_visits(links)
    with translation.override(language):
        visits = selectors.visits_by_channel(plan).to_dict()
    return {
        "short_links": [
            {
                "code": link.code,
                "path": selectors.link_path(link),
                "label": link.label,
                "kind": link.kind,
                "channel": (link.outlet.short_name or link.outlet.name) if link.outlet else None,
                "target": selectors.link_target(link),
                "visits": totals.get(link.pk, 0),
            }
            for link in links
        ],
        "visits": visits,
    }
