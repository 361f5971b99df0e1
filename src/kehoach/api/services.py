"""Services of the API tokens (docs/conventions.md §4): create (the token returned once), revoke,
and the lookup that authenticates a call. Every change writes an audit entry.

Issue 21: a token expires (90 days by default), carries the scopes chosen at its creation
(read, airings, import), is revoked by its owner or an administrator, and all of a person's
tokens are revoked when their password changes or their account is disabled
(kehoach.api.apps connects that to the user's save)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from kehoach.accounts.access import may_manage_token
from kehoach.api.models import ApiToken, Scope
from kehoach.audit.services import log_action
from kehoach.errors import DomainError, Message

TOKEN_PREFIX = "kh_"
MAX_ACTIVE_TOKENS = 20
# The time of last use is written at most this often (one write per request would be waste).
TOUCH_EVERY = timedelta(minutes=1)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


DEFAULT_DAYS = 90
MAX_DAYS = 366
ALL_SCOPES = tuple(Scope.values)


def _scopes(scopes: Iterable[str] | None) -> list[str]:
    chosen = list(ALL_SCOPES) if scopes is None else [s for s in ALL_SCOPES if s in set(scopes)]
    unknown = set(scopes or ()) - set(ALL_SCOPES)
    if unknown or not chosen:
        raise DomainError(
            Message(
                "api.token.no_scope",
                gettext_noop("Hãy chọn ít nhất một phạm vi: đọc, báo cáo phát sóng, nhập số liệu."),
            )
        )
    return chosen


@transaction.atomic
def token_create(
    *,
    user: Any,
    name: str,
    scopes: Iterable[str] | None = None,
    days: int = DEFAULT_DAYS,
) -> tuple[ApiToken, str]:
    """A new token for the person, with the scopes chosen (all when not given) and an expiry
    (90 days by default, at most a year); the token itself is returned here and never again."""
    if not getattr(user, "is_authenticated", False):
        raise DomainError(Message("api.token.login", gettext_noop("Hãy đăng nhập.")))
    chosen = _scopes(scopes)
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(
            Message(
                "api.token.days", gettext_noop("Thời hạn của mã là từ 1 đến {days} ngày.")
            ).with_params(days=MAX_DAYS)
        )
    name = " ".join(name.split())[:100] or timezone.localtime().strftime("API %d/%m/%Y %H:%M")
    active = ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise DomainError(
            Message(
                "api.token.too_many",
                gettext_noop("Đã có {count} mã truy cập đang dùng: hãy thu hồi mã không còn cần."),
            ).with_params(count=MAX_ACTIVE_TOKENS)
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:10],
        digest=digest(raw),
        scopes=chosen,
        expires_at=timezone.now() + timedelta(days=days),
    )
    log_action(
        actor=user,
        action="api.token.created",
        obj=token,
        after={
            "name": token.name,
            "prefix": token.prefix,
            "scopes": chosen,
            "expires_at": token.expires_at,
        },
    )
    return token, raw


@transaction.atomic
def token_revoke(*, user: Any, token: ApiToken) -> ApiToken:
    """Revoked by its owner or by an administrator of the owner's organisation
    (accounts.access.may_manage_token)."""
    if not may_manage_token(user, token):
        raise DomainError(
            Message("api.token.not_yours", gettext_noop("Mã truy cập không phải của bạn."))
        )
    if token.revoked_at is not None:
        raise DomainError(Message("api.token.revoked", gettext_noop("Mã truy cập đã bị thu hồi.")))
    reason = "owner" if token.user_id == getattr(user, "pk", None) else "admin"
    _revoke(ApiToken.objects.filter(pk=token.pk), actor=user, reason=reason)
    token.refresh_from_db()
    return token


def tokens_revoke_all(*, owner: Any, reason: str, actor: Any = None) -> int:
    """Every active token of ``owner`` revoked (a password change, the account disabled)."""
    return _revoke(
        ApiToken.objects.filter(user=owner, revoked_at__isnull=True), actor=actor, reason=reason
    )


def _revoke(tokens: Any, *, actor: Any, reason: str) -> int:
    now = timezone.now()
    revoked = list(tokens.select_for_update())
    for token in revoked:
        token.revoked_at, token.revoked_reason = now, reason
        token.save(update_fields=["revoked_at", "revoked_reason"])
        log_action(
            actor=actor,
            action="api.token.revoked",
            obj=token,
            before={"revoked_at": None},
            after={"revoked_at": now, "reason": reason},
        )
    return len(revoked)


def token_for(raw: str) -> ApiToken | None:
    """The active token (not revoked, not expired, its person active), or None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(raw), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def token_user(raw: str) -> Any | None:
    """The active person a token belongs to, or None (unknown, revoked, expired, inactive)."""
    token = token_for(raw)
    return token.user if token is not None else None
