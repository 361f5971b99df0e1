"""Plans, their parts, the estimate, price norms, issued versions and import jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kehoach.core.messages import from_stored
from kehoach.core.text import fold
from kehoach.fields import money_field, quantity_field
from kehoach.web.language import say


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã trình")
    RETURNED = "returned", _("Trả lại")
    APPROVED = "approved", _("Đã duyệt")
    ISSUED = "issued", _("Đã ban hành")
    SUPERSEDED = "superseded", _("Đã điều chỉnh")


EDITABLE = (PlanStatus.DRAFT, PlanStatus.RETURNED)


class Plan(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("cơ quan"),
    )
    year = models.PositiveIntegerField(_("năm"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    revision_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
        verbose_name=_("điều chỉnh của"),
    )
    revision = models.PositiveIntegerField(_("lần điều chỉnh"), default=0)
    lock_version = models.PositiveIntegerField(default=1)
    # The version of the plan's own fields and lists (header, legal bases, objectives, …) that
    # forms carry: a save from a page showing an older one is refused (docs/design.md §8,
    # "Versions").
    # ``lock_version`` counts every change of the plan (kept page parts are keyed by it).
    version = models.PositiveIntegerField(default=1)
    # Why the plan was submitted although the checks found errors (shown to the approver).
    submit_reason = models.TextField(_("lý do trình khi còn lỗi"), blank=True)
    # header
    type_name = models.CharField(_("tên loại văn bản"), max_length=60, default="KẾ HOẠCH")
    governing_body = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    agency = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=60, blank=True)
    place = models.CharField(_("địa danh"), max_length=80, blank=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    # body
    preamble = models.TextField(_("phần mở đầu (căn cứ)"), blank=True)
    objectives_heading = models.CharField(max_length=200, default="MỤC TIÊU, SỰ CẦN THIẾT")
    content_heading = models.CharField(max_length=200, default="NỘI DUNG TUYÊN TRUYỀN")
    content = models.TextField(_("nội dung tuyên truyền"), blank=True)
    activities_heading = models.CharField(max_length=200, default="HÌNH THỨC THÔNG TIN")
    funding_heading = models.CharField(max_length=200, default="KINH PHÍ")
    funding_source = models.TextField(_("nguồn kinh phí"), blank=True)
    responsibilities_heading = models.CharField(max_length=200, default="TỔ CHỨC THỰC HIỆN")
    # "Trên đây là Kế hoạch …./.": the closing sentence before "Nơi nhận" (issue 19).
    closing = models.TextField(_("câu kết"), blank=True)
    # The source's own wording, kept so that the web download and ``kehoach export FILE`` give
    # the same document (issue 19): the appendix's title ("Dự toán kinh phí — …"; blank: "Dự
    # toán kinh phí" and the plan's title) and the "(Đính kèm phụ lục …)" line of the funding.
    appendix_title = models.CharField(_("tên phụ lục dự toán"), max_length=500, blank=True)
    appendix_note = models.CharField(_("dòng đính kèm phụ lục"), max_length=300, blank=True)
    # signer
    signer_prefix = models.CharField(_("quyền hạn ký"), max_length=10, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)
    # bookkeeping
    search_key = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-id"]
        constraints = [
            # One number per issuing organisation, symbol and year (Decree 30/2020/NĐ-CP: the
            # outgoing register numbers each document once); drafts may carry any number.
            models.UniqueConstraint(
                fields=["organisation", "symbol", "year", "number"],
                condition=models.Q(status__in=["issued", "superseded"]) & ~models.Q(number=""),
                name="plan_issued_number_unique",
            )
        ]
        # The plan list: one organisation's plans, newest year first (issue 25).
        indexes = [models.Index(fields=["organisation", "-year", "-id"], name="plan_org_year_i25")]
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")

    def __str__(self) -> str:
        ref = self.reference
        return f"{ref} — {self.title}" if ref else self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_key = fold(f"{self.reference} {self.title} {self.year} {self.agency}")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.symbol}" if self.number or self.symbol else ""

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class Ordered(models.Model):
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class LegalBasis(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="legal_bases")
    type_name = models.CharField(_("loại văn bản"), max_length=60)
    number = models.CharField(_("số"), max_length=20)
    symbol = models.CharField(_("ký hiệu"), max_length=60)
    year = models.PositiveIntegerField(_("năm trong số hiệu"), null=True, blank=True)
    date = models.DateField(_("ngày"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    summary = models.TextField(_("trích yếu"), blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("căn cứ")
        verbose_name_plural = _("căn cứ")

    def __str__(self) -> str:
        return f"{self.type_name} {self.number}/{self.symbol}"


class Objective(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    text = models.TextField(_("mục tiêu"))
    is_baseline = models.BooleanField(_("là thực trạng"), default=False)
    target_value = quantity_field(_("chỉ tiêu"), null=True, blank=True)
    target_unit = models.CharField(_("đơn vị chỉ tiêu"), max_length=60, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")

    def __str__(self) -> str:
        return self.text[:80]


class Activity(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    number = models.CharField(_("số thứ tự"), max_length=10, blank=True)
    title = models.CharField(_("tên hoạt động"), max_length=300)
    kind = models.CharField(_("hình thức"), max_length=30, blank=True)
    medium = models.CharField(_("phương tiện"), max_length=10, blank=True)
    audience = models.TextField(_("đối tượng"), blank=True)
    quantity = quantity_field(_("số lượng"), null=True, blank=True)
    unit = models.CharField(_("đơn vị"), max_length=60, blank=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ActivityItem(Ordered):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(_("nội dung"), max_length=300)
    kind = models.CharField(_("hình thức"), max_length=30, blank=True)
    medium = models.CharField(_("phương tiện"), max_length=10, blank=True)
    quantity = quantity_field(_("số lượng"), null=True, blank=True)
    unit = models.CharField(_("đơn vị"), max_length=120, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("sản phẩm của hoạt động")
        verbose_name_plural = _("sản phẩm của hoạt động")

    def __str__(self) -> str:
        return self.text


class Responsibility(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="responsibilities")
    text = models.TextField(_("nhiệm vụ"))

    class Meta(Ordered.Meta):
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")

    def __str__(self) -> str:
        return self.text[:80]


class Recipient(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recipients")
    text = models.CharField(_("nơi nhận"), max_length=300)
    purpose = models.CharField(_("mục đích"), max_length=60, blank=True)
    is_archive = models.BooleanField(_("lưu"), default=False)

    class Meta(Ordered.Meta):
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")

    def __str__(self) -> str:
        return self.text


class EstimateSection(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("ký hiệu mục"), max_length=10, blank=True)
    title = models.CharField(_("tên mục"), max_length=300)

    class Meta(Ordered.Meta):
        verbose_name = _("mục dự toán")
        verbose_name_plural = _("mục dự toán")

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class EstimateLine(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="lines")
    section = models.ForeignKey(EstimateSection, on_delete=models.CASCADE, related_name="lines")
    number = models.CharField(_("STT"), max_length=10, blank=True)
    content = models.CharField(_("nội dung"), max_length=300)
    duration = models.CharField(_("thời lượng"), max_length=60, blank=True)
    unit = models.CharField(_("đơn vị tính"), max_length=60, blank=True)
    quantity = quantity_field(_("số lượng"), null=True, blank=True)
    unit_price = money_field(_("đơn giá"), null=True, blank=True)
    airings = quantity_field(_("số lần phát sóng"), null=True, blank=True)
    airing_unit_price = money_field(_("đơn giá phát sóng"), null=True, blank=True)
    lump_sum = money_field(_("khoán"), null=True, blank=True)
    basis = models.CharField(_("căn cứ tính"), max_length=300, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    executing_unit = models.CharField(_("đơn vị thực hiện"), max_length=255, blank=True)
    activity = models.CharField(_("hình thức"), max_length=30, blank=True)
    # The version the editor's row carries: a save from a row showing an older one is refused.
    version = models.PositiveIntegerField(default=1)
    # The same line in the version this plan revises: contracts follow it to the revision.
    origin = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(Ordered.Meta):
        verbose_name = _("dòng dự toán")
        verbose_name_plural = _("dòng dự toán")

    def __str__(self) -> str:
        return f"{self.number} {self.content}".strip()


class PriceNorm(models.Model):
    """A maximum unit price set by a legal source, for a period (docs/design.md §5: norms are
    data)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="norms",
    )
    activity_kind = models.CharField(_("hình thức"), max_length=30)
    medium = models.CharField(_("phương tiện"), max_length=10, blank=True)
    unit = models.CharField(_("đơn vị tính"), max_length=60)
    max_unit_price = money_field(_("đơn giá tối đa"))
    legal_source = models.CharField(_("căn cứ pháp lý"), max_length=300)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)
    region = models.CharField(_("địa bàn"), max_length=80, blank=True)
    is_example = models.BooleanField(_("số liệu minh họa"), default=False)

    class Meta:
        ordering = ["activity_kind", "medium", "-valid_from"]
        verbose_name = _("định mức")
        verbose_name_plural = _("định mức")

    def __str__(self) -> str:
        return f"{self.activity_kind} {self.medium} ≤ {self.max_unit_price} ({self.legal_source})"


class PlanVersion(models.Model):
    """An issued version, frozen: number, data snapshot, generated files, the signed file."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.CharField(_("số"), max_length=20)
    symbol = models.CharField(_("ký hiệu"), max_length=60)
    date = models.DateField(_("ngày ban hành"))
    snapshot = models.JSONField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("phiên bản ban hành")
        verbose_name_plural = _("phiên bản ban hành")

    def __str__(self) -> str:
        return f"{self.number}/{self.symbol} {self.date}"


class IssuedFile(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(max_length=20)  # docx, pdf, xlsx, signed
    filename = models.CharField(max_length=255)
    mimetype = models.CharField(max_length=120)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.filename


class ImportStatus(models.TextChoices):
    READ = "read", _("Đã đọc, chờ xác nhận")
    APPLIED = "applied", _("Đã tạo kế hoạch")
    FAILED = "failed", _("Không đọc được")


class ImportJob(models.Model):
    """A tracked import (docs/conventions.md §8): the uploaded file, what was found, the outcome."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    status = models.CharField(max_length=10, choices=ImportStatus.choices)
    error = models.TextField(blank=True)
    findings = models.JSONField(default=list)
    summary = models.JSONField(default=dict)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL)

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def error_message(self) -> str:
        """Why the file could not be read, in the reader's language (``error`` keeps the
        message's parts, kehoach.core.messages.stored)."""
        return say(from_stored(self.error)) if self.error else ""
