"""Services write (docs/conventions.md §4): each checks who may act, runs in one transaction,
writes the audit entry and raises a DomainError a view can show."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from kehoach.accounts.access import require, require_content
from kehoach.audit import comments
from kehoach.audit.services import log_action, snapshot
from kehoach.conference import rules, selectors
from kehoach.conference.models import (
    CheckKind,
    Conference,
    ContentAssignment,
    ContentDownload,
    ContentItem,
    ContentKind,
    DayType,
    Delegate,
    DelegateGroup,
    Funding,
    SupervisionRecord,
)
from kehoach.errors import DomainError, Message
from kehoach.execution.models import Deliverable
from kehoach.plans import services as plan_services
from kehoach.plans.models import EstimateLine, Plan, PlanStatus
from kehoach.web.files import clean_name

CONFERENCE_FIELDS = ["title", "date", "start_time", "place", "content", "planned_total", "days"]


def _log(user: Any, action: str, obj: Any, plan: Plan, **kwargs: Any) -> None:
    log_action(
        actor=user, action=action, obj=obj, plan=plan, organisation=plan.organisation, **kwargs
    )


# -- the conference -------------------------------------------------------------------------


@transaction.atomic
def conference_create(
    *,
    user: Any,
    plan: Plan,
    title: str,
    on: date,
    place: str,
    planned_total: int,
    content: str = "",
    groups: list[tuple[str, int]] | None = None,
    activity: Any = None,
    is_demo: bool = False,
) -> Conference:
    require(user, plan.organisation, "conference_organise")
    conference = Conference.objects.create(
        plan=plan,
        activity=activity,
        title=title,
        date=on,
        place=place,
        content=content,
        planned_total=planned_total,
        is_demo=is_demo,
    )
    for position, (name, planned) in enumerate(groups or []):
        DelegateGroup.objects.create(
            conference=conference, position=position, name=name, planned=planned
        )
    _log(
        user,
        "conference.conference.created",
        conference,
        plan,
        after={**snapshot(conference, CONFERENCE_FIELDS), "groups": groups or []},
    )
    return conference


def conference_from_plan(*, user: Any, plan: Plan, on: date, place: str) -> Conference:
    """The conference the plan's body describes (an activity of kind "conference"): its
    title, its number of delegates, its content; the audience split into groups."""
    activity = plan.activities.filter(kind="conference").first()
    if activity is None:
        raise DomainError(
            Message(
                "conference.plan.no_activity", gettext_noop("Kế hoạch không có hoạt động hội nghị.")
            )
        )
    if Conference.objects.filter(plan=plan, activity=activity).exists():
        raise DomainError(Message("conference.exists", gettext_noop("Hội nghị này đã được tạo.")))
    names = [n.strip(" .") for n in activity.audience.split(";") if n.strip(" .")]
    return conference_create(
        user=user,
        plan=plan,
        title=activity.title,
        on=on,
        place=place,
        planned_total=int(activity.quantity or 0),
        content=activity.description,
        groups=[(name[:300], 0) for name in names],
        activity=activity,
    )


@transaction.atomic
def groups_update(
    *, user: Any, conference: Conference, planned_total: int, groups: list[tuple[str, int]]
) -> Conference:
    """The groups and their planned numbers; a total the groups do not reach is kept (it is
    what the plan says) and reported as CONFERENCE_GROUPS_MISMATCH."""
    plan = conference.plan
    require(user, plan.organisation, "conference_organise")
    before = {
        "planned_total": conference.planned_total,
        "groups": [[g.name, g.planned] for g in conference.groups.all()],
    }
    existing = list(conference.groups.all())
    for position, (name, planned) in enumerate(groups):
        if position < len(existing):
            group = existing[position]
            group.name, group.planned, group.position = name, planned, position
            group.save()
        else:
            DelegateGroup.objects.create(
                conference=conference, position=position, name=name, planned=planned
            )
    for group in existing[len(groups) :]:
        if group.delegates.exists():
            raise DomainError(
                Message(
                    "conference.group.has_delegates",
                    gettext_noop("Thành phần '{group}' đã có đại biểu, không xóa được."),
                ).with_params(group=group.name)
            )
        group.delete()
    conference.planned_total = planned_total
    conference.save(update_fields=["planned_total"])
    _log(
        user,
        "conference.groups.changed",
        conference,
        plan,
        before=before,
        after={"planned_total": planned_total, "groups": [list(g) for g in groups]},
    )
    return conference


DELEGATE_FIELDS = ["full_name", "position_title", "unit", "phone", "email", "group_id"]


@transaction.atomic
def delegate_add(
    *,
    user: Any,
    conference: Conference,
    group: DelegateGroup,
    full_name: str,
    position_title: str = "",
    unit: str = "",
    phone: str = "",
    email: str = "",
) -> Delegate:
    plan = conference.plan
    require(user, plan.organisation, "conference_organise")
    if group.conference_id != conference.pk:
        raise DomainError(
            Message("conference.group.other", gettext_noop("Thành phần không thuộc hội nghị này."))
        )
    if conference.anonymised_at:
        raise DomainError(
            Message(
                "conference.delegates.anonymised",
                gettext_noop("Danh sách đại biểu đã được ẩn danh sau báo cáo."),
            )
        )
    delegate = Delegate.objects.create(
        conference=conference,
        group=group,
        full_name=full_name.strip(),
        position_title=position_title,
        unit=unit,
        phone=phone,
        email=email,
    )
    # The audit keeps who added whom, not the contacts (data minimisation, Decree 13/2023).
    _log(user, "conference.delegate.added", delegate, plan, after={"group": group.name})
    return delegate


@transaction.atomic
def delegate_check_in(
    *, user: Any, conference: Conference, delegate_pk: int | None = None, token: str = ""
) -> Delegate:
    """At the door: by the delegate chosen after a name search, or by the QR code's token."""
    plan = conference.plan
    require(user, plan.organisation, "conference_organise")
    delegates = Delegate.objects.select_for_update().filter(conference=conference)
    delegate = (
        delegates.filter(token=token).first()
        if token
        else delegates.filter(pk=delegate_pk).first()
        if delegate_pk is not None
        else None
    )
    if delegate is None or delegate.anonymised:
        raise DomainError(
            Message(
                "conference.delegate.unknown",
                gettext_noop("Không tìm thấy đại biểu trong danh sách mời."),
            )
        )
    if delegate.checked_in_at is None:
        delegate.checked_in_at = timezone.now()
        delegate.checked_in_by = user
        delegate.save(update_fields=["checked_in_at", "checked_in_by"])
        _log(
            user,
            "conference.delegate.checked_in",
            delegate,
            plan,
            after={"group": delegate.group.name, "by": "token" if token else "name"},
        )
    return delegate


# -- funding: the plan has no estimate line for the conference -----------------------------


def _unfunded(conference: Conference) -> None:
    if conference.funding:
        raise DomainError(
            Message(
                "conference.funding.decided", gettext_noop("Đã quyết định về kinh phí: {funding}.")
            ).with_params(funding=conference.get_funding_display())
        )


@transaction.atomic
def funding_elsewhere(*, user: Any, conference: Conference, source: str) -> Conference:
    """Record that another source pays; the coverage check then reports FUNDED_ELSEWHERE
    instead of UNFUNDED_ACTIVITY. The plan and its total are untouched."""
    plan = conference.plan
    require(user, plan.organisation, "conference_organise")
    _unfunded(conference)
    if not source.strip():
        raise DomainError(
            Message("conference.funding.no_source", gettext_noop("Hãy ghi nguồn kinh phí khác."))
        )
    conference.funding = Funding.ELSEWHERE
    conference.funding_source = source.strip()[:300]
    conference.funding_decided_by = user
    conference.funding_decided_at = timezone.now()
    conference.save()
    _log(
        user,
        "conference.funding.elsewhere",
        conference,
        plan,
        before={"funding": ""},
        after={"funding": Funding.ELSEWHERE, "source": conference.funding_source},
    )
    return conference


@transaction.atomic
def funding_revision(*, user: Any, conference: Conference) -> Plan:
    """Add the conference's line, computed from the norms, through a revision of the issued
    plan (plans.services.plan_revise): the issued plan and its approved total stay as they
    are; the revision is a new draft that goes through approval again. A draft plan gets the
    line directly (no approved total exists yet)."""
    plan = conference.plan
    require(user, plan.organisation, "conference_organise")
    _unfunded(conference)
    costs = selectors.costs(conference)
    if not costs.complete:
        raise DomainError(
            Message(
                "conference.funding.no_norm",
                gettext_noop(
                    "Thiếu định mức chi hội nghị còn hiệu lực ngày tổ chức; hãy nhập định mức "
                    "trước."
                ),
            )
        )
    if plan.status == PlanStatus.ISSUED:
        target = plan_services.plan_revise(user=user, plan=plan)
    elif plan.is_editable:
        target = plan
    else:
        raise DomainError(
            Message(
                "conference.funding.plan_in_review",
                gettext_noop(
                    "Kế hoạch đang chờ duyệt hoặc đã duyệt mà chưa ban hành: không thay đổi tổng "
                    "đã trình. Hãy ban hành rồi điều chỉnh, hoặc trả lại để sửa."
                ),
            )
        )
    section = target.sections.filter(parent__isnull=True).order_by("position", "id").first()
    if section is None:
        section = plan_services.section_create(user=user, plan=target, code="A", title="Hội nghị")
    line = plan_services.line_create(user=user, section=section, content=conference.title[:300])
    plan_services.line_update(
        user=user,
        line=line,
        data={
            "lump_sum": costs.total,
            "basis": costs.basis(),
            "unit": "hội nghị",
            "activity": "conference",
            "executing_unit": plan.organisation.name[:255],
            "note": f"{conference.planned_total} đại biểu",
        },
        version=None,
    )
    conference.funding = Funding.REVISION
    conference.revision = target
    conference.funding_decided_by = user
    conference.funding_decided_at = timezone.now()
    conference.save()
    _log(
        user,
        "conference.funding.revision",
        conference,
        plan,
        after={"revision": target.pk, "line": line.pk, "amount": int(costs.total)},
    )
    return target


# -- personal data --------------------------------------------------------------------------


def retention_days() -> int:
    return int(getattr(settings, "KEHOACH_DELEGATE_RETENTION_DAYS", 30))


@transaction.atomic
def delegates_anonymise(*, user: Any, conference: Conference) -> int:
    """Names and contacts replaced; group and attendance kept (the report's figures)."""
    plan = conference.plan
    if user is not None:
        require(user, plan.organisation, "conference_organise")
    count = 0
    for number, delegate in enumerate(conference.delegates.filter(anonymised=False), start=1):
        delegate.full_name = f"Đại biểu {number}"
        delegate.position_title = delegate.unit = delegate.phone = delegate.email = ""
        delegate.anonymised = True
        delegate.save()
        count += 1
    conference.anonymised_at = timezone.now()
    conference.save(update_fields=["anonymised_at"])
    _log(
        user,
        "conference.delegates.anonymised",
        conference,
        plan,
        after={"delegates": count},
        comment=comments.kept(comments.ANONYMISED),
    )
    return count


def anonymise_due(*, today: date | None = None) -> list[tuple[Conference, int]]:
    """Every conference whose report is older than the retention period."""
    day = today or timezone.localdate()
    cutoff = day - timedelta(days=retention_days())
    due = Conference.objects.filter(
        report_date__isnull=False, report_date__lte=cutoff, anonymised_at__isnull=True
    ).select_related("plan__organisation")
    return [(c, delegates_anonymise(user=None, conference=c)) for c in due]


# -- content supplied by the department -----------------------------------------------------

ALLOWED = {
    ContentKind.OUTLINE: {".pdf", ".docx", ".doc", ".txt", ".odt"},
    ContentKind.TEXT: {".pdf", ".docx", ".doc", ".txt", ".odt"},
    ContentKind.AUDIO: {".mp3", ".m4a", ".wav", ".ogg", ".aac"},
    ContentKind.VIDEO: {".mp4", ".webm", ".mov"},
    ContentKind.FILE: {".pdf", ".docx", ".xlsx", ".zip", ".jpg", ".png", ".txt"},
}
MIMETYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".txt": "text/plain",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".wav": "audio/wav",
    ".ogg": "audio/ogg",
    ".aac": "audio/aac",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mov": "video/quicktime",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
    ".jpg": "image/jpeg",
    ".png": "image/png",
}


@transaction.atomic
def content_create(
    *,
    user: Any,
    plan: Plan,
    kind: str,
    title: str,
    stations: list[Any],
    text: str = "",
    upload: tuple[str, bytes] | None = None,
    is_demo: bool = False,
) -> ContentItem:
    require(user, plan.organisation, "content_edit")
    if kind not in ContentKind.values:
        raise DomainError(
            Message("content.kind.unknown", gettext_noop("Loại nội dung không hợp lệ."))
        )
    if not upload and not text.strip():
        raise DomainError(
            Message("content.empty", gettext_noop("Hãy nhập nội dung hoặc chọn tệp."))
        )
    item = ContentItem(plan=plan, kind=kind, title=title.strip()[:300], text=text, is_demo=is_demo)
    item.created_by = user
    if upload:
        name, data = upload
        suffix = PurePath(name).suffix.lower()
        limit = int(getattr(settings, "KEHOACH_CONTENT_MAX_BYTES", 50 * 1024 * 1024))
        if suffix not in ALLOWED[ContentKind(kind)]:
            allowed = ", ".join(sorted(ALLOWED[ContentKind(kind)]))
            refused = (
                Message(
                    "content.file.kind",
                    gettext_noop("Loại tệp {suffix} không nhận cho nội dung này; nhận: {allowed}."),
                ).with_params(suffix=suffix)
                if suffix
                else Message(
                    "content.file.no_suffix",
                    gettext_noop(
                        "Loại tệp (không có đuôi) không nhận cho nội dung này; nhận: {allowed}."
                    ),
                )
            )
            raise DomainError(refused.with_params(allowed=allowed))
        if len(data) > limit:
            raise DomainError(
                Message(
                    "content.file.too_large", gettext_noop("Tệp quá lớn (tối đa {megabytes} MB).")
                ).with_params(megabytes=limit // (1024 * 1024))
            )

        item.filename = clean_name(PurePath(name).name, "noi-dung")  # no CR/LF, quotes
        item.mimetype = MIMETYPES[suffix]
        item.size = len(data)
        item.data = data
        item.sha256 = hashlib.sha256(data).hexdigest()
    item.save()
    item.stations.set(stations)
    _log(
        user,
        "conference.content.created",
        item,
        plan,
        after={
            "title": item.title,
            "kind": kind,
            "file": item.filename,
            "size": item.size,
            "stations": [s.pk for s in stations],
        },
    )
    return item


@transaction.atomic
def content_download(*, user: Any, item: ContentItem) -> ContentItem:
    """A station's download is recorded (who, which station, when); staff just read."""
    who = require_content(user, item.plan.organisation, [s.pk for s in item.stations.all()])
    if who != "staff":
        ContentDownload.objects.create(item=item, station_id=int(who), user=user)
    return item


@transaction.atomic
def content_assign(*, user: Any, item: ContentItem) -> int:
    """Every rebroadcast deliverable of the item's stations that names no content yet now
    airs this item."""
    plan = item.plan
    require(user, plan.organisation, "content_edit")
    deliverables = Deliverable.objects.filter(
        line__plan=plan,
        line__activity="rebroadcast",
        contract_line__contract__contractor__in=item.stations.all(),
        content_assignment__isnull=True,
    )
    count = 0
    for deliverable in deliverables:
        ContentAssignment.objects.create(deliverable=deliverable, item=item, assigned_by=user)
        count += 1
    _log(user, "conference.content.assigned", item, plan, after={"deliverables": count})
    return count


# -- supervision ----------------------------------------------------------------------------


@transaction.atomic
def supervision_record(
    *,
    user: Any,
    plan: Plan,
    line: EstimateLine | None,
    supervisor_name: str,
    kind: str,
    subject: str,
    checked_on: date,
    overtime_hours: Decimal,
    hourly_wage: Decimal,
    day_type: str = DayType.WEEKDAY,
    is_demo: bool = False,
) -> SupervisionRecord:
    require(user, plan.organisation, "supervision_record")
    if line is not None and line.plan_id != plan.pk:
        raise DomainError(
            Message(
                "supervision.line.other_plan",
                gettext_noop("Dòng dự toán không thuộc kế hoạch này."),
            )
        )
    if overtime_hours < 0 or hourly_wage < 0:
        raise DomainError(
            Message("supervision.negative", gettext_noop("Số giờ và tiền lương không được âm."))
        )
    if kind not in CheckKind.values or day_type not in DayType.values:
        raise DomainError(
            Message(
                "supervision.kind_or_day.unknown",
                gettext_noop("Loại việc hoặc loại ngày không hợp lệ."),
            )
        )
    record = SupervisionRecord.objects.create(
        plan=plan,
        line=line,
        supervisor=user,
        supervisor_name=supervisor_name.strip()[:120] or user.get_full_name() or user.username,
        kind=kind,
        subject=subject[:300],
        checked_on=checked_on,
        overtime_hours=overtime_hours,
        hourly_wage=hourly_wage,
        day_type=day_type,
        is_demo=is_demo,
    )
    _log(
        user,
        "conference.supervision.recorded",
        record,
        plan,
        after={
            **snapshot(record, ["kind", "subject", "checked_on", "overtime_hours", "day_type"]),
            "pay": int(rules.overtime_pay(overtime_hours, hourly_wage, day_type)),
        },
    )
    return record
