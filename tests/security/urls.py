"""Every URL pattern of the app, from the URL configuration itself."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "plans:detail"
    route: str  # "ke-hoach/<int:pk>/"
    params: tuple[str, ...]
    view: Callable[..., Any] | None = field(default=None, compare=False)


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> list[Route]:
    routes: list[Route] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            routes += _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or route)
            params = tuple(entry.pattern.converters) if hasattr(entry.pattern, "converters") else ()
            routes.append(
                Route(
                    name=name,
                    route=route,
                    params=tuple(_param_names(route) or params),
                    view=entry.callback,
                )
            )
    return routes


def _param_names(route: str) -> tuple[str, ...]:
    return tuple(m.group(1) for m in re.finditer(r"<(?:\w+:)?(\w+)>", route))


def all_routes() -> list[Route]:
    return sorted(_walk(get_resolver().url_patterns), key=lambda r: r.name)


# A plan's address: its number follows the segment ``ke-hoach`` (plans, execution, outcomes,
# reports, conference, public links); docs/conventions.md names that argument ``pk``.
PLAN_ARGUMENT = re.compile(r"(?:^|/)ke-hoach/<(?:\w+:)?(\w+)>")


def plan_routes() -> set[str]:
    """The names of the URLs whose first argument is a plan."""
    return {r.name for r in all_routes() if PLAN_ARGUMENT.search(r.route)}
