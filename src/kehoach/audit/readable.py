"""Audit entries in words (docs/design.md §8 "Versions"): the action registry with a human label per
action, and each entry's changed fields as "Đơn giá dòng A.I.3: 400.000 → 450.000 — bcxb,
14:05 02/12/2026". History pages, the API's history endpoints and the refusal of a stale save
all describe entries here; nothing shows a raw dictionary."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kehoach.audit.comments import said_comment
from kehoach.core.money import format_quantity, format_vnd
from kehoach.plans.models import EstimateLine, EstimateSection
from kehoach.web.language import say

# One registry: every action an audit entry may carry and its label (Vietnamese msgid; the
# English is in the catalogue). An action missing here is shown by its code.
ACTIONS: dict[str, str] = {
    "plans.plan.created": gettext_noop("Đã tạo kế hoạch"),
    "plans.plan.imported": gettext_noop("Đã nhập kế hoạch từ tệp"),
    "plans.plan.cloned": gettext_noop("Tạo kế hoạch từ kế hoạch năm trước"),
    "plans.plan.changed": gettext_noop("Sửa thông tin chung"),
    "plans.plan.submitted": gettext_noop("Đã trình duyệt"),
    "plans.plan.approved": gettext_noop("Đã phê duyệt"),
    "plans.plan.returned": gettext_noop("Đã trả lại"),
    "plans.plan.issued": gettext_noop("Đã ban hành"),
    "plans.plan.revised": gettext_noop("Đã lập kế hoạch điều chỉnh"),
    "plans.plan.superseded": gettext_noop("Được thay thế bởi kế hoạch điều chỉnh"),
    "plans.line.changed": gettext_noop("Sửa dòng dự toán"),
    "plans.line.created": gettext_noop("Thêm dòng dự toán"),
    "plans.line.deleted": gettext_noop("Xóa dòng dự toán"),
    "plans.line.moved": gettext_noop("Chuyển dòng dự toán"),
    "plans.section.created": gettext_noop("Thêm mục dự toán"),
    "plans.legal_bases.changed": gettext_noop("Sửa căn cứ"),
    "plans.objectives.changed": gettext_noop("Sửa mục tiêu"),
    "plans.activities.changed": gettext_noop("Sửa hoạt động"),
    "plans.responsibilities.changed": gettext_noop("Sửa phân công"),
    "plans.recipients.changed": gettext_noop("Sửa nơi nhận"),
    "plans.activity.items_changed": gettext_noop("Sửa sản phẩm của hoạt động"),
    "plans.norm.saved": gettext_noop("Lưu định mức"),
    "plans.norm.imported": gettext_noop("Nhập bảng định mức"),
    "execution.budget.changed": gettext_noop("Sửa nguồn kinh phí"),
    "execution.contract.proposed": gettext_noop("Đề xuất hợp đồng"),
    "execution.contract.withdrawn": gettext_noop("Rút đề xuất hợp đồng"),
    "execution.contract.changed": gettext_noop("Sửa hợp đồng"),
    "execution.contract.signed": gettext_noop("Ký hợp đồng"),
    "execution.contract.line_changed": gettext_noop("Sửa dòng hợp đồng"),
    "execution.contract.accepted": gettext_noop("Nghiệm thu hợp đồng"),
    "execution.contract.liquidated": gettext_noop("Thanh lý hợp đồng"),
    "execution.airing.reported": gettext_noop("Đã báo cáo phát sóng"),
    "execution.airing.verified": gettext_noop("Xác nhận phát sóng"),
    "execution.airing.rejected": gettext_noop("Không xác nhận phát sóng"),
    "execution.payment.recorded": gettext_noop("Lập đề nghị thanh toán"),
    "execution.payment.overridden": gettext_noop("Thanh toán vượt mức được duyệt"),
    "execution.payment.paid": gettext_noop("Ghi nhận đã thanh toán"),
    "execution.expense.recorded": gettext_noop("Ghi khoản chi"),
    "execution.demo.loaded": gettext_noop("Tải dữ liệu mẫu"),
    "conference.conference.created": gettext_noop("Tạo hội nghị"),
    "conference.content.assigned": gettext_noop("Giao nội dung cung cấp"),
    "conference.content.created": gettext_noop("Thêm nội dung cung cấp"),
    "conference.delegate.added": gettext_noop("Đã thêm đại biểu"),
    "conference.delegate.checked_in": gettext_noop("Đại biểu điểm danh"),
    "conference.delegates.anonymised": gettext_noop("Ẩn danh đại biểu"),
    "conference.funding.elsewhere": gettext_noop("Kinh phí hội nghị từ nguồn khác"),
    "conference.funding.revision": gettext_noop("Kinh phí hội nghị qua kế hoạch điều chỉnh"),
    "conference.groups.changed": gettext_noop("Sửa nhóm đại biểu"),
    "conference.supervision.recorded": gettext_noop("Ghi kết quả giám sát"),
    "accounts.notices.changed": gettext_noop("Đổi tùy chọn thư báo"),
    "accounts.organisation.changed": gettext_noop("Sửa thông tin đơn vị"),
    "accounts.template.uploaded": gettext_noop("Tải lên mẫu văn bản riêng"),
    "accounts.template.deleted": gettext_noop("Bỏ mẫu văn bản riêng"),
    "outcomes.dossiers.failed": gettext_noop("Nhập số liệu hồ sơ không thành công"),
    "outcomes.dossiers.queued": gettext_noop("Xếp lịch nhập số liệu hồ sơ"),
    "outcomes.import.undone": gettext_noop("Hoàn tác lần nhập số liệu"),
    "outcomes.profile.created": gettext_noop("Lưu mẫu cột của nguồn số liệu"),
    "outcomes.statistics.failed": gettext_noop("Nhập số liệu thống kê không thành công"),
    "outcomes.statistics.previewed": gettext_noop("Xem trước số liệu thống kê"),
    "outcomes.dossiers.previewed": gettext_noop("Xem trước tệp hồ sơ"),
    "outcomes.preview.removed": gettext_noop("Xóa bản xem trước không được xác nhận"),
    "plans.norm.examples_copied": gettext_noop("Sao chép định mức minh họa"),
    "execution.contract.amended": gettext_noop("Lập phụ lục hợp đồng"),
    "outcomes.profile.changed": gettext_noop("Sửa mẫu cột của nguồn số liệu"),
    "outcomes.catalogue.imported": gettext_noop("Nhập danh mục dịch vụ công"),
    "outcomes.dossiers.imported": gettext_noop("Nhập số liệu hồ sơ"),
    "outcomes.service.changed": gettext_noop("Sửa dịch vụ công"),
    "outcomes.service.created": gettext_noop("Đã thêm dịch vụ công"),
    "outcomes.statistics.imported": gettext_noop("Nhập số liệu thống kê"),
    "public.link.created": gettext_noop("Tạo liên kết rút gọn"),
    "reports.report.changed": gettext_noop("Sửa báo cáo"),
    "reports.report.created": gettext_noop("Tạo báo cáo"),
    "reports.report.issued": gettext_noop("Đã ban hành báo cáo"),
    "api.token.created": gettext_noop("Tạo mã truy cập API"),
    "api.token.revoked": gettext_noop("Thu hồi mã truy cập API"),
}

# Lists kept under a name of their own (the plan's parts), with their label.
LISTS: dict[str, str] = {
    "legal_bases": gettext_noop("Căn cứ"),
    "objectives": gettext_noop("Mục tiêu"),
    "activities": gettext_noop("Hoạt động"),
    "responsibilities": gettext_noop("Phân công"),
    "recipients": gettext_noop("Nơi nhận"),
    "items": gettext_noop("Sản phẩm của hoạt động"),
}
# Keys of entries written by hand (not a model field), with their label.
KEYS: dict[str, str] = {
    "total": gettext_noop("Tổng"),
    "file": gettext_noop("Tệp"),
    "count": gettext_noop("Số lượng"),
    "from": gettext_noop("Từ kế hoạch"),
    "revision_of": gettext_noop("Điều chỉnh của kế hoạch"),
    "position": gettext_noop("Vị trí"),
    "section": gettext_noop("Mục"),
    "paid_total": gettext_noop("Đã thanh toán"),
    "accepted_value": gettext_noop("Giá trị nghiệm thu"),
    "contract_value": gettext_noop("Giá trị hợp đồng"),
    "planned_total": gettext_noop("Dự toán"),
    "amount": gettext_noop("Số tiền"),
    "minutes": gettext_noop("Biên bản"),
    "deliverables": gettext_noop("Sản phẩm"),
    "replaced": gettext_noop("Thay thế"),
    "deleted": gettext_noop("Đã xóa"),
    "copied": gettext_noop("Đã sao chép"),
    "record": gettext_noop("Bản ghi"),
    "groups": gettext_noop("Nhóm"),
    "group": gettext_noop("Nhóm"),
    "items": gettext_noop("Mục"),
    "funding": gettext_noop("Nguồn kinh phí"),
    "size": gettext_noop("Kích thước"),
    "filename": gettext_noop("Tên tệp"),
    "message": gettext_noop("Nội dung"),
    "reason": gettext_noop("Lý do"),
    "superseded_by": gettext_noop("Được thay thế bởi"),
    "voucher_number": gettext_noop("Số chứng từ"),
    "voucher_date": gettext_noop("Ngày chứng từ"),
    "email_notices": gettext_noop("Nhận thư báo"),
    "revoked_at": gettext_noop("Thu hồi lúc"),
    # a supervision record (conference.supervision.recorded)
    "pay": gettext_noop("Tiền làm thêm giờ"),
    # an airing's record, logged on its deliverable
    "aired_at": gettext_noop("Phát sóng / đăng lúc"),
    "outlet": gettext_noop("Kênh / ấn phẩm"),
    "duration": gettext_noop("Thời lượng"),
    "title": gettext_noop("Tiêu đề"),
    "evidence_url": gettext_noop("Đường dẫn minh chứng"),
    "evidence_name": gettext_noop("Tệp minh chứng"),
    "evidence_type": gettext_noop("Loại tệp minh chứng"),
}
# Keys that hold money though no model field of that name says so.
MONEY_KEYS = frozenset(
    {"total", "paid_total", "accepted_value", "contract_value", "planned_total", "amount", "pay"}
)
_TEXT_LIMIT = 120
_ISO_MOMENT = re.compile(r"\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z)?)?")


def action_label(action: str) -> str:
    label = ACTIONS.get(action)
    return _(label) if label else action


@dataclass
class Change:
    label: str
    before: str | None  # None: the entry records only the new value (or only the old one)
    after: str | None

    def __str__(self) -> str:
        if self.before is not None and self.after is not None:
            return f"{self.label}: {self.before} → {self.after}"
        return f"{self.label}: {self.after if self.after is not None else self.before}"


@dataclass
class Described:
    entry: Any
    label: str
    subject: str
    changes: list[Change] = field(default_factory=list)
    actor: str = ""
    when: str = ""

    @property
    def text(self) -> str:
        """The entry on one line: "Đơn giá dòng A.I.3: 400.000 → 450.000 — bcxb, 14:05
        02/12/2026"."""
        if self.changes:
            parts = []
            for change in self.changes:
                label = f"{change.label} {self.subject}".strip() if self.subject else change.label
                parts.append(str(Change(label, change.before, change.after)))
            body = "; ".join(parts)
            if not self.entry.action.endswith("changed"):
                body = f"{self.label}: {body}"
        else:
            body = f"{self.label} {self.subject}".strip()
        comment = self.comment
        if comment:
            body += f" ({comment[:_TEXT_LIMIT]})"
        return f"{body} — {self.actor}, {self.when}"

    @property
    def comment(self) -> str:
        """The entry's comment in the reader's language: kehoach's own words said through the
        catalogue, a person's text as written (kehoach.audit.comments)."""
        comment = getattr(self.entry, "comment", "") or ""
        return say(said_comment(comment)) if comment else ""

    @property
    def lines(self) -> list[str]:
        """Each change with its subject: "Đơn giá dòng A.I.3: 400.000 → 450.000"."""
        return [
            str(Change(f"{c.label} {self.subject}".strip(), c.before, c.after))
            for c in self.changes
        ]


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    found: Any
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        found = next((f for f in model._meta.concrete_fields if f.attname == name), None)
    return found if isinstance(found, models.Field) else None


# Whole-number fields that are not counts: written as they are (2016, revision 2).
NOT_COUNTS = frozenset({"year", "revision", "version", "lock_version", "position", "number"})
# Keys written by hand that hold a count (not a record's number).
COUNT_KEYS = frozenset({"count", "copied", "deleted", "replaced", "deliverables", "size"})


def _is_count(found: models.Field[Any, Any] | None, name: str) -> bool:
    """A whole number people read as a count or a size (grouped: 1.200), not an id."""
    if found is None:
        return name in COUNT_KEYS
    if name in NOT_COUNTS or isinstance(found, models.AutoField):
        return False
    return isinstance(found, models.IntegerField)


def _label(model: type[models.Model] | None, name: str) -> str:
    if name in LISTS:
        return _(LISTS[name])
    found = _field(model, name)
    if found is not None and not found.auto_created:
        text = str(found.verbose_name)
        return text[:1].upper() + text[1:]
    if name in KEYS:
        return _(KEYS[name])
    return name


def _row_text(row: Any, limit: int = 40) -> str:
    if isinstance(row, dict):
        for key in ("text", "title", "summary", "content", "number"):
            if row.get(key):
                return str(row[key])[:limit]
        return ""
    return str(row)[:limit]


def _value(model: type[models.Model] | None, name: str, value: Any, sections: Any = None) -> str:
    empty = _("(trống)")
    if value is None or value == "":
        return empty
    if isinstance(value, list):
        shown = [t for t in (_row_text(r) for r in value) if t]
        text = "; ".join(shown)
        count = _("%(n)s mục") % {"n": len(value)}
        return f"{count}: {text}"[:_TEXT_LIMIT] if text else count
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(None, k, v)}" for k, v in value.items())[:_TEXT_LIMIT]
    if isinstance(value, bool):
        return _("có") if value else _("không")
    found = _field(model, name)
    if name == "section" and sections is not None and value in sections:
        return str(sections[value])
    if found is not None and found.choices:
        labels = {str(k): str(v) for k, v in found.flatchoices}
        return labels.get(str(value), str(value))
    if isinstance(found, models.DecimalField) or (found is None and name in MONEY_KEYS):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)[:_TEXT_LIMIT]
        if isinstance(found, models.DecimalField) and found.decimal_places:
            return format_quantity(number)
        return format_vnd(number)
    if isinstance(value, int) and _is_count(found, name):
        return format_quantity(Decimal(value))  # a count, grouped as people write it
    if isinstance(found, models.DateTimeField):
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")
    if isinstance(found, models.DateField):
        try:
            return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    if found is None and isinstance(value, str) and _ISO_MOMENT.fullmatch(value):
        # a day or a moment kept as text in the entry (a field of another model): as people write it
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if len(value) == 10:
            return moment.strftime("%d/%m/%Y")
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%H:%M %d/%m/%Y")
    text = str(value).replace("\n", " ")
    return text if len(text) <= _TEXT_LIMIT else text[: _TEXT_LIMIT - 1] + "…"


def _line_keys(entries: list[Any]) -> tuple[dict[str, str], dict[int, str]]:
    """The key ("A.I.3") of every estimate line the entries name, and of every section of their
    plans, in two queries."""
    ids = {e.object_id for e in entries if e.object_type == "plans.estimateline"}
    plans = {e.plan_id for e in entries if e.object_type == "plans.estimateline" and e.plan_id}
    if not ids:
        return {}, {}
    sections = {s.pk: s for s in EstimateSection.objects.filter(plan_id__in=plans)}
    keys: dict[int, str] = {}

    def key(pk: int) -> str:
        if pk not in keys:
            row = sections[pk]
            own = row.code or str(row.position + 1)
            parent = row.parent_id
            keys[pk] = f"{key(parent)}.{own}" if parent in sections else own
        return keys[pk]

    for pk in sections:
        key(pk)
    lines = {}
    numeric = [int(i) for i in ids if i.isdigit()]
    for ln in EstimateLine.objects.filter(pk__in=numeric).only("pk", "number", "section_id"):
        lines[str(ln.pk)] = f"{keys.get(ln.section_id, '?')}.{ln.number or ln.pk}"
    return lines, keys


def _subject(entry: Any, line_keys: dict[str, str]) -> str:
    if entry.object_type == "plans.estimateline":
        known = line_keys.get(entry.object_id)
        if known is None:  # deleted: its number from the entry itself
            number = (entry.before or {}).get("number") or (entry.after or {}).get("number")
            known = str(number or f"#{entry.object_id}")
        return _("dòng %(key)s") % {"key": known}
    if entry.object_type in ("plans.plan", "plans.activity", "accounts.organisation"):
        return ""
    model = _model(entry.object_type)
    name = str(model._meta.verbose_name) if model is not None else entry.object_type
    return f"{name} #{entry.object_id}"


def _list_change(label: str, before: list[Any], after: list[Any]) -> Change:
    """A list of rows (legal bases, objectives, …): the rows added and removed, by their text (a
    changed row is one removed and one added)."""
    old = [_row_text(r, 80) for r in before]
    new = [_row_text(r, 80) for r in after]
    added = [t for t in new if t not in old]
    removed = [t for t in old if t not in new]
    parts = []
    if added:
        parts.append(_("thêm") + ": " + "; ".join(f"«{t}»" for t in added[:5]))
    if removed:
        parts.append(_("bỏ") + ": " + "; ".join(f"«{t}»" for t in removed[:5]))
    if not parts:
        parts.append(_("sửa thứ tự hoặc chi tiết"))
    return Change(
        label, None, f"{len(old)} → {len(new)} " + _("mục") + " (" + ", ".join(parts) + ")"
    )


def _around_difference(old: str, new: str) -> tuple[str, str]:
    """Two long texts that differ after their first characters: each shown around where they
    start to differ."""
    start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), None)
    if start is None:
        start = min(len(old), len(new))
    begin = max(start - 30, 0)

    def cut(text: str) -> str:
        part = text[begin : begin + 80].replace("\n", " ")
        return ("…" if begin else "") + part + ("…" if begin + 80 < len(text) else "")

    return cut(old), cut(new)


def _changes(entry: Any, sections: dict[int, str]) -> list[Change]:
    model = _model(entry.object_type)
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    out = []
    if before and after:
        for name in [*before, *(k for k in after if k not in before)]:
            if before.get(name) == after.get(name):
                continue
            if isinstance(before.get(name), list) and isinstance(after.get(name), list):
                out.append(_list_change(_label(model, name), before[name], after[name]))
                continue
            old = _value(model, name, before.get(name), sections)
            new = _value(model, name, after.get(name), sections)
            if old == new and isinstance(before.get(name), str):
                old, new = _around_difference(str(before[name]), str(after.get(name) or ""))
            out.append(Change(_label(model, name), old, new))
        return out
    only = after or before
    for name, value in only.items():
        if value in (None, "", [], {}):
            continue
        shown = _value(model, name, value, sections)
        out.append(Change(_label(model, name), None if after else shown, shown if after else None))
    return out


def describe(entries: Iterable[Any], *, keep_empty: bool = False) -> list[Described]:
    """Each entry in words, in the order given. A "changed" entry that records no change (old
    entries from before the audit kept the fields) is left out, unless ``keep_empty``: it says
    nothing."""
    rows = list(entries)
    line_keys, sections = _line_keys(rows)
    out = []
    for entry in rows:
        changes = _changes(entry, sections)
        empty = not changes and entry.action.endswith("changed") and not entry.comment
        if empty and not keep_empty:
            continue
        when = timezone.localtime(entry.at).strftime("%H:%M %d/%m/%Y") if entry.at else ""
        out.append(
            Described(
                entry=entry,
                label=action_label(entry.action),
                subject=_subject(entry, line_keys),
                changes=changes,
                actor=entry.actor.username if entry.actor_id and entry.actor else "—",
                when=when,
            )
        )
    return out
