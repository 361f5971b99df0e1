"""Organisations (a tree with validity periods) and memberships with roles (docs/design.md §6)."""

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


class ThousandWord(models.TextChoices):
    NGHIN = "nghìn", "nghìn"
    NGAN = "ngàn", "ngàn"


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
    # What the documents need (issue 19): the header, the parties of minutes, the invitation.
    governing_body = models.CharField(
        _("cơ quan chủ quản"),
        max_length=255,
        blank=True,
        help_text=_("Tên cơ quan, tổ chức chủ quản trực tiếp (nếu có), ghi đầy đủ."),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    representative = models.CharField(_("người đại diện"), max_length=120, blank=True)
    representative_title = models.CharField(_("chức vụ người đại diện"), max_length=120, blank=True)
    treasury_account = models.CharField(
        _("tài khoản"),
        max_length=160,
        blank=True,
        help_text=_("Số tài khoản và nơi mở (Kho bạc Nhà nước hoặc ngân hàng)."),
    )
    tax_code = models.CharField(_("mã số thuế"), max_length=20, blank=True)
    thousand_word = models.CharField(
        _("cách đọc số hàng nghìn"),
        max_length=8,
        choices=ThousandWord.choices,
        default=ThousandWord.NGHIN,
        help_text=_("“nghìn” hoặc “ngàn” khi viết số tiền bằng chữ, thống nhất trong văn bản."),
    )

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

    @property
    def full_name(self) -> str:
        """The name a document gives: the official name in full."""
        return self.name

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


class DocumentKind(models.TextChoices):
    """The documents an organisation may give its own Word template for (issue 19)."""

    PLAN = "plan", _("Kế hoạch")
    ACCEPTANCE = "acceptance", _("Biên bản nghiệm thu")
    LIQUIDATION = "liquidation", _("Biên bản thanh lý hợp đồng")
    INVITATION = "invitation", _("Giấy mời")
    SIGN_IN = "sign_in", _("Danh sách đại biểu ký tên")
    FINAL_REPORT = "final", _("Báo cáo kết quả")
    OUTLINE = "outline", _("Đề cương tuyên truyền")


class DocumentTemplate(models.Model):
    """An organisation's own Word template (letterhead, fonts, signature block) for one kind
    of document, with docxtpl fields filled by kehoach; the built-in layout otherwise."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="document_templates"
    )
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentKind.choices)
    filename = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("organisation", "kind")]
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_kind_display()}"


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
