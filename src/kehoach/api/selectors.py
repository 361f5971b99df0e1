"""Selectors read (docs/conventions.md §4): a person's API tokens for their profile page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kehoach.api.models import ApiToken


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    """The person's own tokens (revoked and expired ones included)."""
    return ApiToken.objects.filter(user_id=int(user.pk or 0))
