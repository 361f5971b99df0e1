"""The public part of `kehoach status`: the plan's short links and the visits they brought."""

from __future__ import annotations

from typing import Any

from kehoach.public import selectors


def plan_status(plan: Any) -> dict[str, Any]:
    links = selectors.links_of_plan(plan)
    totals = selectors.link_visits(links)
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
        "visits": selectors.visits_by_channel(plan).to_dict(),
    }
