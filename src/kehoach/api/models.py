"""Per-person API tokens: only a hash of a token is kept; the token itself is shown once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a token may do (issue 21), chosen when it is created; the person's own rights
    still apply on top."""

    READ = "read", _("đọc")
    AIRINGS = "airings", _("báo cáo phát sóng")
    IMPORT = "import", _("nhập số liệu")


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên mã truy cập"), max_length=100)
    # The first characters of the token, to recognise it in the list; not enough to use it.
    prefix = models.CharField(max_length=12)
    # SHA-256 of the token: a token has 256 random bits, so a fast hash is enough to make a
    # copy of the database useless for calling the API.
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # issue 21: every token expires (90 days by default), may do only what its scopes say,
    # and says why it was revoked (by its owner, an administrator, a password change, the
    # account disabled).
    expires_at = models.DateTimeField(null=True, blank=True)
    scopes = models.JSONField(default=list, blank=True)
    revoked_reason = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()
