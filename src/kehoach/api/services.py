"""Services of the API tokens (CONVENTIONS.md §4): create (the token returned once), revoke,
and the lookup that authenticates a call. Every change writes an audit entry."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from kehoach.api.models import ApiToken
from kehoach.audit.services import log_action
from kehoach.plans.services import DomainError

TOKEN_PREFIX = "kh_"
MAX_ACTIVE_TOKENS = 20
# The time of last use is written at most this often (one write per request would be waste).
TOUCH_EVERY = timedelta(minutes=1)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for the person; the token itself is returned here and never again."""
    if not getattr(user, "is_authenticated", False):
        raise DomainError("Hãy đăng nhập.", "Log in first.")
    name = " ".join(name.split())[:100] or timezone.localtime().strftime("API %d/%m/%Y %H:%M")
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise DomainError(
            f"Đã có {MAX_ACTIVE_TOKENS} mã truy cập đang dùng: hãy thu hồi mã không còn cần.",
            f"There are already {MAX_ACTIVE_TOKENS} active tokens: revoke one you no longer need.",
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], digest=digest(raw))
    log_action(
        actor=user,
        action="api.token.created",
        obj=token,
        after={"name": token.name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, user: Any, token: ApiToken) -> ApiToken:
    if token.user_id != getattr(user, "pk", None):
        raise DomainError("Mã truy cập không phải của bạn.", "The token is not yours.")
    if token.revoked_at is not None:
        raise DomainError("Mã truy cập đã bị thu hồi.", "The token is already revoked.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action(
        actor=user,
        action="api.token.revoked",
        obj=token,
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at},
    )
    return token


def token_user(raw: str) -> Any | None:
    """The active person a token belongs to, or None (unknown, revoked, inactive person)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
