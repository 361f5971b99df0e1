"""Obvious bots: user agents of software that fetches links with no person behind it. The list
is data (data/bots.json) so that an operator can extend it without touching code."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def patterns() -> tuple[str, ...]:
    data = json.loads(resources.files("kehoach.public").joinpath("data/bots.json").read_text())
    return tuple(p.casefold() for p in data["patterns"])


def is_bot(user_agent: str | None) -> bool:
    """True for an empty user agent or one containing a listed fragment."""
    agent = (user_agent or "").strip().casefold()
    return not agent or any(p in agent for p in patterns())
