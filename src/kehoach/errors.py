"""The error every service raises when it refuses an action (issue 24): its home, free of
Django, so that apps need not import it from kehoach.plans.services (which re-exports it)."""

from __future__ import annotations

from kehoach.core.messages import Message, Refusal

__all__ = ["DomainError", "Message", "Refusal"]


class DomainError(Refusal):
    """A service's refusal: ``DomainError(vi, en)`` or ``DomainError(Message(...))``. Without
    English, the English screen says the catalogue's translation of the Vietnamese text."""

    code = "domain"
