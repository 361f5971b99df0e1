"""Organisations (a tree with validity periods) and memberships with roles (DESIGN.md §6)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kehoach.core.text import fold


class OrganisationKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    DEPARTMENT = "department", _("Sở")
    DIVISION = "division", _("Phòng")
    NEWSPAPER = "newspaper", _("Báo")
    STATION = "station", _("Đài Phát thanh - Truyền hình")
    DISTRICT_STATION = "district_station", _("Đài Truyền thanh - Truyền hình cấp huyện")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    OTHER = "other", _("Khác")


class Organisation(models.Model):
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    kind = models.CharField(_("loại"), max_length=30, choices=OrganisationKind.choices)
    name = models.CharField(_("tên chính thức"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    code = models.CharField(_("mã"), max_length=40, unique=True)
    province = models.CharField(_("tỉnh"), max_length=80, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)
    search_key = models.CharField(max_length=300, editable=False, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_key = fold(f"{self.name} {self.short_name} {self.code}")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )

    def root(self) -> Organisation:
        """The organisation whose plans this one works on: a division belongs to its department."""
        node = self
        while node.kind == OrganisationKind.DIVISION and node.parent is not None:
            node = node.parent
        return node


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị")
    APPROVER = "approver", _("Lãnh đạo duyệt")
    EDITOR = "editor", _("Chuyên viên soạn thảo")
    FINANCE = "finance", _("Kế hoạch - Tài chính")
    CLERK = "clerk", _("Văn thư")
    CONTRACTOR = "contractor", _("Đơn vị thực hiện")
    VIEWER = "viewer", _("Chỉ xem")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        unique_together = [("user", "organisation", "role")]
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class NoticePreference(models.Model):
    """A person's choice about the e-mail notices (issue 23): on unless they turn it off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference"
    )
    email_notices = models.BooleanField(_("nhận thư báo việc cần làm"), default=True)

    class Meta:
        verbose_name = _("tùy chọn thông báo")
        verbose_name_plural = _("tùy chọn thông báo")

    def __str__(self) -> str:
        return f"{self.user} {self.email_notices}"
