"""The services catalogue (with each service's level over time), the roadmap, the monthly
dossier statistics and the tracked imports that fill them (docs/design.md §2.6)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext_lazy as _

from kehoach.core.messages import Message, from_stored, normalise, stored
from kehoach.core.outcomes import LEVEL_LABELS_VI
from kehoach.core.text import fold


class Level(models.TextChoices):
    L1 = "1", _("Mức độ 1")
    L2 = "2", _("Mức độ 2")
    L3 = "3", _("Mức độ 3")
    L4 = "4", _("Mức độ 4")
    PARTIAL = "partial", _("Một phần")
    FULL = "full", _("Toàn trình")


class Service(models.Model):
    """An online public service (dịch vụ công trực tuyến) of a province's catalogue."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="services"
    )
    code = models.CharField(_("mã thủ tục"), max_length=60)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.CharField(_("lĩnh vực"), max_length=200, blank=True)
    agency = models.CharField(_("cơ quan thực hiện"), max_length=255, blank=True)
    portal_url = models.URLField(_("đường dẫn trên cổng dịch vụ công"), max_length=500, blank=True)
    synthetic = models.BooleanField(_("dữ liệu tổng hợp"), default=False)
    search_key = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="service_code_unique")
        ]
        verbose_name = _("dịch vụ công trực tuyến")
        verbose_name_plural = _("dịch vụ công trực tuyến")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_key = fold(f"{self.code} {self.name} {self.field} {self.agency}")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


# Where a level came from when kehoach writes it (English in the catalogue only): kept by its
# parts (kehoach.core.messages.stored) and said in the reader's language; a source a person
# typed is kept and shown as written.
LEVEL_IMPORTED = Message("outcomes.level.imported", gettext_noop("Nhập từ {filename}"))
LEVEL_BY_HAND = Message("outcomes.level.by_hand", gettext_noop("Nhập tay"))
# The two texts kehoach wrote before it kept them by their parts.
_IMPORTED_BEFORE = re.compile(r"Nhập từ (?P<filename>.+)", re.DOTALL)
SOURCE_LENGTH = 300


def kept_source(message: Message) -> str:
    """A level's source written by kehoach (an import, a level set by hand), as kept: its
    message's parts, within the field's length (a file's name is shortened to fit)."""
    filename = str(message.params.get("filename", ""))
    text = stored(message)
    while len(text) > SOURCE_LENGTH and filename:
        filename = filename[: -(len(text) - SOURCE_LENGTH + 1)]
        text = stored(message.with_params(filename=filename + "…"))
    return text


def said_source(text: str) -> Message:
    """A level's source as kept (:func:`kept_source`), to be said in the reader's language;
    the two texts written before as they mean, any other text as written."""
    if text == LEVEL_BY_HAND.vi:
        return LEVEL_BY_HAND
    before = _IMPORTED_BEFORE.fullmatch(text)
    if before is not None:
        return LEVEL_IMPORTED.with_params(filename=before["filename"])
    return from_stored(text)


class ServiceLevel(models.Model):
    """A service's level for a period [valid_from, valid_to); ``original`` as the imported file
    wrote it ("Mức độ 3", "DVC toàn trình"; empty when no file said it: a level entered by hand,
    synthetic data), shown by :attr:`original_value`; ``source``: where it came from — a
    person's text, or kehoach's own words kept by their parts (:func:`kept_source`), said by
    :attr:`source_text`."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="levels")
    level = models.CharField(_("mức độ"), max_length=10, choices=Level.choices)
    original = models.CharField(_("giá trị gốc"), max_length=120, blank=True)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày (không kể)"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=300, blank=True)

    class Meta:
        # By the service's id, not "service" (which follows Service's ordering by code and
        # joins every province's catalogue into each level query; issue 25).
        ordering = ["service_id", "valid_from"]
        indexes = [models.Index(fields=["service", "valid_from"], name="level_service_i25")]
        verbose_name = _("mức độ theo thời gian")
        verbose_name_plural = _("mức độ theo thời gian")

    def __str__(self) -> str:
        return f"{self.service.code} {self.level} {self.valid_from}"

    @property
    def source_text(self) -> str:
        """Where the level came from, in the reader's language (a person's text as written)."""
        if not self.source:
            return ""
        return said_source(self.source).text(normalise(get_language()))

    @property
    def imported(self) -> bool:
        """Whether a catalogue import gave this level (its source is kehoach's "Nhập từ …")."""
        return bool(self.source) and said_source(self.source).code == LEVEL_IMPORTED.code

    @property
    def original_value(self) -> str:
        """What the imported file said of the level, as written; "" when no file said anything
        (shown as unknown, "—"). A level entered by hand, or synthetic, was stored before with
        the level's Vietnamese name as its original — kehoach's words, not a source's: that
        text is recognised here and not shown as if a file had written it."""
        if not self.imported and self.original == LEVEL_LABELS_VI.get(self.level):
            return ""
        return self.original

    @property
    def original_note(self) -> str:
        """The file's words beside the level in a list: only when they say more than the
        level's name (a file's "Mức độ 3" adds nothing to "Mức độ 3" or "Level 3")."""
        value = self.original_value
        names = (LEVEL_LABELS_VI.get(self.level), str(self.get_level_display()))
        return "" if value in names else value


class RoadmapItem(models.Model):
    """A service due to reach a level by a date (e.g. Decision 1237/QĐ-UBND for 2016–2017)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="roadmap"
    )
    code = models.CharField(_("mã thủ tục"), max_length=60)
    name = models.CharField(_("tên thủ tục"), max_length=500, blank=True)
    target_level = models.CharField(_("mức độ phải đạt"), max_length=10, choices=Level.choices)
    due = models.DateField(_("thời hạn"))
    source = models.CharField(_("văn bản"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("dữ liệu tổng hợp"), default=False)

    class Meta:
        ordering = ["due", "code"]
        verbose_name = _("lộ trình")
        verbose_name_plural = _("lộ trình")

    def __str__(self) -> str:
        return f"{self.code} → {self.target_level} ({self.due})"


class ImportKind(models.TextChoices):
    CATALOGUE = "catalogue", _("Danh mục dịch vụ công")
    MONTHLY = "monthly", _("Số liệu hồ sơ theo tháng")
    DOSSIERS = "dossiers", _("Hồ sơ (từng hồ sơ)")
    SYNTHETIC = "synthetic", _("Dữ liệu tổng hợp (SYNTHETIC)")


class ImportState(models.TextChoices):
    DONE = "done", _("Đã nhập")
    PARTIAL = "partial", _("Đã nhập các dòng đúng, bỏ dòng lỗi")
    REFUSED = "refused", _("Từ chối cả tệp vì có dòng lỗi")
    FAILED = "failed", _("Không đọc được tệp")
    PREVIEW = "preview", _("Xem trước, chưa ghi")
    QUEUED = "queued", _("Đang chờ xử lý")
    RUNNING = "running", _("Đang xử lý")
    UNDONE = "undone", _("Đã hoàn tác")


class OnError(models.TextChoices):
    KEEP = "keep", _("Giữ các dòng đúng, báo các dòng lỗi")
    REFUSE = "refuse", _("Từ chối cả tệp nếu có dòng lỗi")


class OutcomeImport(models.Model):
    """A tracked import (docs/conventions.md §8): the uploaded file, counts, a per-row error report,
    the outcome. Never half-applied: the rows it applies are written in one transaction."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(_("loại"), max_length=12, choices=ImportKind.choices)
    filename = models.CharField(_("tệp"), max_length=255)
    content = models.BinaryField(blank=True, default=b"")
    status = models.CharField(_("trạng thái"), max_length=10, choices=ImportState.choices)
    on_error = models.CharField(
        _("khi có dòng lỗi"), max_length=10, choices=OnError.choices, default=OnError.KEEP
    )
    counts = models.JSONField(default=dict)
    errors = models.JSONField(default=list)  # [{"line": 7, "kind": "broken", "message": "…"}]
    findings = models.JSONField(default=list)
    summary = models.JSONField(default=dict)
    # issue 18: the named source its figures belong to (a profile's name, else the file's);
    # a re-import of the same source replaces only that source's figures for its periods.
    source = models.CharField(_("nguồn"), max_length=200, blank=True, default="")
    periods = models.JSONField(default=list)  # ["2020-Q1", "2018-02-15..2018-03-14", …]
    synthetic = models.BooleanField(_("dữ liệu tổng hợp"), default=False)
    undone_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # 0–100, for background jobs
    error_file = models.BinaryField(blank=True, default=b"")  # CSV: line, column, value, reason

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-created_at", "-id"], name="import_org_i25")
        ]
        verbose_name = _("lần nhập số liệu")
        verbose_name_plural = _("lần nhập số liệu")

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"


FIGURE_FIELDS = (
    "received_online",
    "received_counter",
    "received_post",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending",
    "with_fee",
    "paid_online",
    "carried_over",
)


class SourceProfile(models.Model):
    """A named source of statistics (one province portal's Excel export…): how its columns map
    to fields, by the file's own header words, and its period when the file states none."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    name = models.CharField(_("tên nguồn"), max_length=200)
    kind = models.CharField(_("loại"), max_length=12, choices=ImportKind.choices)
    columns = models.JSONField(default=dict)  # {header words: field or "ignore"}
    period = models.CharField(_("kỳ báo cáo"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="source_profile_unique")
        ]
        verbose_name = _("hồ sơ nguồn số liệu")
        verbose_name_plural = _("hồ sơ nguồn số liệu")

    def __str__(self) -> str:
        return self.name

    def as_profile(self) -> dict[str, object]:
        return {"name": self.name, "columns": self.columns, "period": self.period}


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("Năm")
    RANGE = "range", _("Kỳ báo cáo theo ngày")


def _count(label: Any) -> models.PositiveIntegerField:
    # Blank is unknown (None), never 0 (issue 18).
    return models.PositiveIntegerField(label, null=True, blank=True, default=None)


class MonthlyStat(models.Model):
    """Dossier figures of one period (a month, a quarter, a half-year, a year or a dated
    reporting period: ``month`` is its first day, ``period_end`` its last) for an agency (and
    optionally a service and a district), from one import of one source."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="monthly_stats"
    )
    month = models.DateField(_("đầu kỳ"))
    period_end = models.DateField(_("cuối kỳ"), null=True, blank=True)
    period_kind = models.CharField(
        _("loại kỳ"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.MONTH
    )
    source = models.CharField(_("nguồn"), max_length=200, blank=True, default="")
    agency = models.CharField(_("cơ quan"), max_length=255)
    service = models.CharField(_("mã thủ tục"), max_length=60, blank=True, default="")
    district = models.CharField(_("huyện"), max_length=120, blank=True, default="")
    received_online = _count(_("tiếp nhận trực tuyến"))
    received_counter = _count(_("tiếp nhận trực tiếp"))
    received_post = _count(_("tiếp nhận qua bưu chính"))
    resolved_early = _count(_("giải quyết trước hạn"))
    resolved_on_time = _count(_("giải quyết đúng hạn"))
    resolved_late = _count(_("giải quyết trễ hạn"))
    pending = _count(_("đang giải quyết"))
    with_fee = _count(_("có phí, lệ phí"))
    paid_online = _count(_("thanh toán trực tuyến"))
    carried_over = _count(_("tồn kỳ trước chuyển sang"))
    stated_received = models.PositiveIntegerField(null=True, blank=True)
    stated_resolved = models.PositiveIntegerField(null=True, blank=True)
    stated_total = models.PositiveIntegerField(null=True, blank=True)
    stated_online_rate = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    stated_rate_text = models.CharField(max_length=20, blank=True)
    stated_rates = models.JSONField(default=dict, blank=True)  # {"rate_on_time": "99.71", …}
    line = models.PositiveIntegerField(null=True, blank=True)
    job = models.ForeignKey(OutcomeImport, null=True, blank=True, on_delete=models.SET_NULL)
    synthetic = models.BooleanField(_("dữ liệu tổng hợp"), default=False)

    class Meta:
        ordering = ["month", "agency", "service", "district"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "organisation",
                    "source",
                    "month",
                    "period_end",
                    "agency",
                    "service",
                    "district",
                ],
                name="monthly_stat_source_unique",
            )
        ]
        indexes = [models.Index(fields=["organisation", "month"])]
        verbose_name = _("số liệu hồ sơ theo kỳ")
        verbose_name_plural = _("số liệu hồ sơ theo kỳ")

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.agency}"
