"""The final report to the UBND (Báo cáo kết quả thực hiện Kế hoạch): a draft the user edits
(problems and proposals) and, once issued, frozen like a plan — its number, its data snapshot
and its files (docs/conventions.md §7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class Report(models.Model):
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="reports", verbose_name=_("kế hoạch")
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=60, default="BC-STTTT")
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    problems = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    snapshot = models.JSONField(null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("báo cáo kết quả")
        verbose_name_plural = _("báo cáo kết quả")

    def __str__(self) -> str:
        return f"{self.reference or '…/' + self.symbol} ({self.plan_id})"

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.symbol}" if self.number else ""

    @property
    def is_issued(self) -> bool:
        return self.status == ReportStatus.ISSUED


class ReportFile(models.Model):
    """A file of an issued report, frozen: its bytes and their hash."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(max_length=10)  # docx, pdf
    filename = models.CharField(max_length=255)
    mimetype = models.CharField(max_length=120)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.filename
