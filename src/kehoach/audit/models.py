"""Who changed what, when, before and after (docs/design.md §6; pretix's log_action)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("người thực hiện"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("hành động"), max_length=80)  # e.g. "plans.plan.submitted"
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    comment = models.TextField(blank=True)
    # The version of the edited record after this change (docs/design.md §8 "Versions"): a
    # stale save lists the entries newer than the version its page showed.
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The newest entry of a plan, and of an organisation outside its plans: what the
            # kept page parts are keyed by (kehoach.web.pages), each found in the index.
            models.Index(fields=["plan", "id"], name="audit_plan_newest"),
            models.Index(fields=["organisation", "plan", "id"], name="audit_org_newest"),
        ]
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"
