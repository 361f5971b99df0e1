"""Execution (docs/design.md §2.5): contracts drawn from the approved estimate, deliverables, the
as-run record kept apart from the schedule, acceptance and liquidation minutes, payments, and
the department's own expenses. Amounts are computed in :mod:`kehoach.core.estimate` only."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kehoach.fields import money_field, quantity_field


class Overcommit(models.TextChoices):
    REFUSE = "refuse", _("Từ chối")
    WARN = "warn", _("Cảnh báo")


class PlanBudget(models.Model):
    """The plan's funds: the budget year they belong to and their source (the sample: 2016
    non-autonomous funds), the period in which deliverables are planned, and what happens when
    contracts would commit more than a line's estimate."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.CASCADE, related_name="budget")
    year = models.PositiveIntegerField(_("năm ngân sách"))
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=255, blank=True)
    period_start = models.DateField(_("thực hiện từ ngày"))
    period_end = models.DateField(_("thực hiện đến ngày"))
    overcommit = models.CharField(
        _("cam kết vượt dự toán"),
        max_length=10,
        choices=Overcommit.choices,
        default=Overcommit.REFUSE,
    )
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("ngân sách kế hoạch")
        verbose_name_plural = _("ngân sách kế hoạch")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.year}"


class SelectionMethod(models.TextChoices):
    DIRECT_APPOINTMENT = "direct_appointment", _("Chỉ định thầu")
    ORDERING = "ordering", _("Đặt hàng")
    ASSIGNMENT = "assignment", _("Giao nhiệm vụ")


class ContractStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")
    SIGNED = "signed", _("Đã ký")
    ACCEPTED = "accepted", _("Đã nghiệm thu")
    LIQUIDATED = "liquidated", _("Đã thanh lý")


class Contract(models.Model):
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="contracts")
    contractor = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("đơn vị thực hiện"),
    )
    number = models.CharField(_("số hợp đồng"), max_length=60, blank=True)
    date = models.DateField(_("ngày ký"), null=True, blank=True)
    # The last day of the contract (thời hạn hợp đồng); blank: the plan's period end.
    end_date = models.DateField(_("ngày kết thúc hợp đồng"), null=True, blank=True)
    value = money_field(_("giá trị hợp đồng"))
    terms = models.TextField(_("điều khoản"), blank=True)
    selection_method = models.CharField(
        _("hình thức lựa chọn"),
        max_length=30,
        choices=SelectionMethod.choices,
        default=SelectionMethod.ORDERING,
    )
    legal_basis = models.CharField(_("căn cứ lựa chọn"), max_length=300, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ContractStatus.choices,
        default=ContractStatus.PROPOSED,
    )
    lock_version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("hợp đồng")
        verbose_name_plural = _("hợp đồng")

    def __str__(self) -> str:
        return f"{self.number or '—'} {self.contractor}"


class ContractLine(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(
        "plans.EstimateLine", on_delete=models.PROTECT, related_name="contract_lines"
    )
    quantity = quantity_field(_("số lượng"))
    amount = money_field(_("thành tiền"))

    class Meta:
        ordering = ["line__section__position", "line__position", "line_id"]
        unique_together = [("contract", "line")]
        verbose_name = _("dòng hợp đồng")
        verbose_name_plural = _("dòng hợp đồng")

    def __str__(self) -> str:
        return f"{self.line} × {self.quantity}"


class ContractAmendment(models.Model):
    """A contract amendment (phụ lục hợp đồng): how a revision of the plan changed the
    contract — its value before and after and, per estimate line, quantity and amount."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="amendments")
    number = models.CharField(_("số phụ lục"), max_length=20)
    date = models.DateField(_("ngày phụ lục"))
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kế hoạch điều chỉnh"),
    )
    value_before = money_field(_("giá trị trước"))
    value_after = money_field(_("giá trị sau"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract", "id"]
        unique_together = [("contract", "number")]
        verbose_name = _("phụ lục hợp đồng")
        verbose_name_plural = _("phụ lục hợp đồng")

    def __str__(self) -> str:
        return f"{self.contract} PL{self.number}"

    @property
    def change(self) -> Decimal:
        return self.value_after - self.value_before


class AmendmentLine(models.Model):
    amendment = models.ForeignKey(ContractAmendment, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(
        "plans.EstimateLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    label = models.CharField(_("dòng dự toán"), max_length=320)
    quantity_before = quantity_field(_("số lượng trước"))
    quantity_after = quantity_field(_("số lượng sau"))
    amount_before = money_field(_("thành tiền trước"))
    amount_after = money_field(_("thành tiền sau"))

    class Meta:
        ordering = ["amendment", "id"]
        verbose_name = _("dòng phụ lục")
        verbose_name_plural = _("dòng phụ lục")

    def __str__(self) -> str:
        return self.label


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("planned", "Kế hoạch")  # "Planned", not "Plans"
    REPORTED = "reported", _("Đã báo cáo")
    VERIFIED = "verified", _("Đã xác nhận")
    REJECTED = "rejected", _("Không đạt")
    ACCEPTED = "accepted", _("Đã nghiệm thu")


class Deliverable(models.Model):
    """One unit of a line's quantity: "Phóng sự truyền hình 7/20"."""

    line = models.ForeignKey(
        "plans.EstimateLine", on_delete=models.CASCADE, related_name="deliverables"
    )
    contract_line = models.ForeignKey(
        ContractLine, null=True, blank=True, on_delete=models.CASCADE, related_name="deliverables"
    )
    sequence = models.PositiveIntegerField(_("thứ tự"))
    of_total = models.PositiveIntegerField(_("trên tổng số"))
    label = models.CharField(_("sản phẩm"), max_length=300)
    planned_date = models.DateField(_("ngày dự kiến"))
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=DeliverableStatus.choices,
        default=DeliverableStatus.PLANNED,
    )

    class Meta:
        ordering = ["line_id", "sequence"]
        # A contract's deliverables in date order; a plan's per line (issue 25).
        indexes = [
            models.Index(fields=["contract_line", "planned_date"], name="deliverable_cl_i25"),
            models.Index(fields=["line", "sequence"], name="deliverable_line_i25"),
        ]
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")

    def __str__(self) -> str:
        return self.label


class Decision(models.TextChoices):
    VERIFIED = "verified", _("Xác nhận")
    REJECTED = "rejected", _("Không đạt")


class AsRunRecord(models.Model):
    """What was actually produced, aired or published — kept apart from the schedule."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="records")
    outlet = models.CharField(_("đài / số báo"), max_length=200)
    aired_at = models.DateTimeField(_("phát sóng / đăng lúc"))
    duration = models.CharField(_("thời lượng / số trang"), max_length=60, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    evidence_url = models.URLField(_("đường dẫn minh chứng"), max_length=500, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_type = models.CharField(max_length=120, blank=True)
    evidence_size = models.PositiveIntegerField(default=0)
    evidence_file = models.BinaryField(null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(
        _("kết quả giám sát"), max_length=10, choices=Decision.choices, blank=True
    )
    reason = models.TextField(_("lý do"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["aired_at", "id"]
        indexes = [models.Index(fields=["deliverable", "aired_at"], name="asrun_deliverable_i25")]
        verbose_name = _("bản ghi phát sóng")
        verbose_name_plural = _("bản ghi phát sóng")

    def __str__(self) -> str:
        return f"{self.deliverable} @ {self.aired_at:%d/%m/%Y %H:%M}"


class MinutesKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Biên bản nghiệm thu")
    LIQUIDATION = "liquidation", _("Biên bản thanh lý hợp đồng")


class Minutes(models.Model):
    """Acceptance or liquidation minutes, frozen: their figures, their data and their files."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="minutes")
    kind = models.CharField(max_length=20, choices=MinutesKind.choices)
    date = models.DateField(_("ngày lập"))
    value = money_field(_("giá trị nghiệm thu"))
    snapshot = models.JSONField()
    docx = models.BinaryField()
    pdf = models.BinaryField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("biên bản")
        verbose_name_plural = _("biên bản")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.contract}"


class PaymentKind(models.TextChoices):
    ADVANCE = "advance", _("Tạm ứng")
    FINAL = "final", _("Thanh toán")


class Payment(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(_("loại"), max_length=10, choices=PaymentKind.choices)
    amount = money_field(_("số tiền"))
    voucher_number = models.CharField(_("số chứng từ Kho bạc"), max_length=60, blank=True)
    voucher_date = models.DateField(_("ngày chứng từ Kho bạc"), null=True, blank=True)
    override = models.BooleanField(_("vượt giá trị nghiệm thu"), default=False)
    override_reason = models.TextField(_("lý do vượt"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("thanh toán")
        verbose_name_plural = _("thanh toán")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"

    @property
    def is_paid(self) -> bool:
        """Paid once the State Treasury's confirmation (voucher number and date) is recorded."""
        return bool(self.voucher_number and self.voucher_date)


class Expense(models.Model):
    """Money the department spends itself on a line (management, the conference)."""

    line = models.ForeignKey(
        "plans.EstimateLine", on_delete=models.PROTECT, related_name="expenses"
    )
    description = models.CharField(_("nội dung chi"), max_length=300)
    amount = money_field(_("số tiền"))
    voucher_number = models.CharField(_("số chứng từ"), max_length=60)
    voucher_date = models.DateField(_("ngày chứng từ"))
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["voucher_date", "id"]
        verbose_name = _("khoản chi")
        verbose_name_plural = _("khoản chi")

    def __str__(self) -> str:
        return f"{self.description} {self.amount}"
