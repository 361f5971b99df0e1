"""The department's own part of a plan (issue 7): the training conference with its delegate
groups and delegates, the content the department supplies to the stations, and the
supervision record that gives the management line its basis."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kehoach.core.text import search_key
from kehoach.fields import money_field


class Funding(models.TextChoices):
    UNDECIDED = "", _("Chưa quyết định")
    ELSEWHERE = "elsewhere", _("Nguồn kinh phí khác chi trả")
    REVISION = "revision", _("Bổ sung dòng dự toán qua kế hoạch điều chỉnh")


class Conference(models.Model):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="conferences")
    activity = models.ForeignKey(
        "plans.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("tên hội nghị"), max_length=300)
    date = models.DateField(_("ngày tổ chức"))
    start_time = models.CharField(_("giờ bắt đầu"), max_length=20, blank=True)
    place = models.CharField(_("địa điểm"), max_length=300)
    content = models.TextField(_("nội dung"), blank=True)
    planned_total = models.PositiveIntegerField(_("tổng số đại biểu"))
    days = models.PositiveIntegerField(_("số ngày"), default=1)
    invitation_number = models.CharField(_("số giấy mời"), max_length=20, blank=True)
    # The funding decision when the plan has no estimate line for the conference.
    funding = models.CharField(
        _("kinh phí"), max_length=20, choices=Funding.choices, default="", blank=True
    )
    funding_source = models.CharField(_("nguồn kinh phí khác"), max_length=300, blank=True)
    funding_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    funding_decided_at = models.DateTimeField(null=True, blank=True)
    revision = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Personal data (Decree 13/2023/NĐ-CP): kept until the report, then anonymised.
    report_date = models.DateField(_("ngày báo cáo kết quả"), null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")

    def __str__(self) -> str:
        return self.title


class DelegateGroup(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="groups")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("thành phần"), max_length=300)
    planned = models.PositiveIntegerField(_("số đại biểu dự kiến"))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("thành phần đại biểu")
        verbose_name_plural = _("thành phần đại biểu")

    def __str__(self) -> str:
        return self.name


def new_token() -> str:
    return secrets.token_urlsafe(12)


class Delegate(models.Model):
    """A person invited: name and contacts are personal data, shown to the organisers only."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="delegates")
    group = models.ForeignKey(DelegateGroup, on_delete=models.PROTECT, related_name="delegates")
    full_name = models.CharField(_("họ và tên"), max_length=120)
    position_title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    unit = models.CharField(_("cơ quan, đơn vị"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    search_key = models.CharField(max_length=300, blank=True, editable=False)
    checked_in_at = models.DateTimeField(_("điểm danh lúc"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    anonymised = models.BooleanField(default=False)

    class Meta:
        ordering = ["group__position", "full_name", "id"]
        verbose_name = _("đại biểu")
        verbose_name_plural = _("đại biểu")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_key = search_key(f"{self.full_name} {self.unit}")[:300]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ContentKind(models.TextChoices):
    OUTLINE = "outline", _("Đề cương tuyên truyền")
    TEXT = "text", _("Văn bản")
    AUDIO = "audio", _("Âm thanh")
    VIDEO = "video", _("Video")
    FILE = "file", _("Tệp khác")


class ContentItem(models.Model):
    """Content the department supplies (the outline, radio stories …), for stations to
    download from their own page."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="content_items")
    kind = models.CharField(_("loại"), max_length=10, choices=ContentKind.choices)
    title = models.CharField(_("tiêu đề"), max_length=300)
    text = models.TextField(_("nội dung"), blank=True)
    filename = models.CharField(max_length=255, blank=True)
    mimetype = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)
    data = models.BinaryField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    stations = models.ManyToManyField(
        "accounts.Organisation", related_name="content_items", verbose_name=_("đài nhận")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("nội dung cung cấp")
        verbose_name_plural = _("nội dung cung cấp")

    def __str__(self) -> str:
        return self.title


class ContentDownload(models.Model):
    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="downloads")
    station = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.item_id} @ {self.station_id} {self.at:%Y-%m-%d %H:%M}"


class ContentAssignment(models.Model):
    """The content item a rebroadcast deliverable airs (kept here so that the execution models
    stay as they are)."""

    deliverable = models.OneToOneField(
        "execution.Deliverable", on_delete=models.CASCADE, related_name="content_assignment"
    )
    item = models.ForeignKey(ContentItem, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.deliverable_id} -> {self.item_id}"


class CheckKind(models.TextChoices):
    AIRING = "airing", _("Một buổi phát sóng")
    PAGE = "page", _("Một trang báo")
    ACCEPTANCE = "acceptance", _("Một lần nghiệm thu")
    OTHER = "other", _("Việc khác")


class DayType(models.TextChoices):
    """Labour Code 2019, Art. 98(1): the overtime multiplier depends on the day."""

    WEEKDAY = "weekday", _("Ngày thường")
    REST_DAY = "rest_day", _("Ngày nghỉ hằng tuần")
    HOLIDAY = "holiday", _("Ngày lễ, tết")


class SupervisionRecord(models.Model):
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="supervision_records"
    )
    line = models.ForeignKey(
        "plans.EstimateLine",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervision_records",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    supervisor_name = models.CharField(_("người giám sát"), max_length=120)
    kind = models.CharField(_("việc kiểm tra"), max_length=12, choices=CheckKind.choices)
    subject = models.CharField(_("nội dung kiểm tra"), max_length=300)
    checked_on = models.DateField(_("ngày"))
    day_type = models.CharField(
        _("loại ngày"), max_length=10, choices=DayType.choices, default=DayType.WEEKDAY
    )
    overtime_hours = models.DecimalField(_("số giờ làm thêm"), max_digits=8, decimal_places=2)
    hourly_wage = money_field(_("tiền lương giờ"))
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["checked_on", "id"]
        verbose_name = _("ghi nhận giám sát")
        verbose_name_plural = _("ghi nhận giám sát")

    def __str__(self) -> str:
        return f"{self.checked_on} {self.subject}"
