"""The outcomes part of `kehoach demo` (idempotent)."""

from __future__ import annotations


def load() -> None:
    """Nothing yet."""
