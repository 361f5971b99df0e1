"""Short links with their QR codes, and the visits they bring (docs/design.md §2.6).

A link always points inside kehoach — at an organisation's public catalogue (optionally with its
filters) or at one service of it — so the redirector cannot be used to send people elsewhere.
Visits are counted per link and day, and nothing else is kept: no address, no cookie, no
fingerprint (Decree 13/2023/NĐ-CP: no personal data without a purpose).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

FILTER_KEYS = ("q", "linh_vuc", "co_quan", "muc_do")


class LinkKind(models.TextChoices):
    OUTLET = "outlet", _("Cơ quan báo chí, đài")
    DELIVERABLE = "deliverable", _("Sản phẩm")
    PAGE = "page", _("Trang danh mục")


class ShortLink(models.Model):
    code = models.CharField(_("mã liên kết"), max_length=40, unique=True)
    kind = models.CharField(_("loại"), max_length=12, choices=LinkKind.choices)
    label = models.CharField(_("tên"), max_length=300)
    # whose catalogue the link opens
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="short_links"
    )
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="short_links"
    )
    # the channel that carries it: a newspaper or a station
    outlet = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kênh"),
    )
    deliverable = models.ForeignKey(
        "execution.Deliverable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="short_links",
    )
    # the target: a service of the catalogue, else the catalogue with these filters
    service = models.ForeignKey(
        "outcomes.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="short_links",
        verbose_name=_("dịch vụ"),
    )
    filters = models.JSONField(default=dict, blank=True)
    speakable = models.BooleanField(_("đọc được trên sóng phát thanh"), default=False)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "kind", "label", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "outlet"],
                condition=models.Q(kind="outlet"),
                name="short_link_one_per_outlet",
            ),
            models.UniqueConstraint(
                fields=["plan", "deliverable"],
                condition=models.Q(kind="deliverable"),
                name="short_link_one_per_deliverable",
            ),
        ]
        verbose_name = _("liên kết rút gọn")
        verbose_name_plural = _("liên kết rút gọn")

    def __str__(self) -> str:
        return f"/l/{self.code} {self.label}"


class LinkVisit(models.Model):
    """How many people followed a link on a day — a number, nothing about them."""

    link = models.ForeignKey(ShortLink, on_delete=models.CASCADE, related_name="visits")
    day = models.DateField(_("ngày"))
    count = models.PositiveIntegerField(_("lượt truy cập"), default=0)

    class Meta:
        ordering = ["link", "day"]
        constraints = [
            models.UniqueConstraint(fields=["link", "day"], name="link_visit_unique_day")
        ]
        verbose_name = _("lượt truy cập theo ngày")
        verbose_name_plural = _("lượt truy cập theo ngày")

    def __str__(self) -> str:
        return f"{self.link.code} {self.day} {self.count}"
