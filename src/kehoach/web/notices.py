"""E-mail notices (issue 23): when something lands in a person's "Việc cần làm" list, they get
a short e-mail through Django's e-mail backend (the console in development), unless they turned
notices off.

The notices follow the audit entries the services already write (a plan submitted, approved or
returned; an airing reported; a contract accepted), so no service has to know about them; the
mail leaves only once the change is committed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kehoach.accounts.models import (
    Membership,
    NoticePreference,
    Organisation,
    OrganisationKind,
    Role,
)
from kehoach.audit.models import AuditEntry
from kehoach.audit.services import log_action

# audit action -> (the roles whose people get the notice, what landed in their list)
NOTICES: dict[str, tuple[frozenset[str], str]] = {
    "plans.plan.submitted": (frozenset({Role.APPROVER}), "Kế hoạch chờ phê duyệt"),
    "plans.plan.approved": (frozenset({Role.CLERK}), "Kế hoạch đã duyệt, chờ vào sổ và ban hành"),
    "plans.plan.returned": (frozenset({Role.EDITOR}), "Kế hoạch bị trả lại, cần sửa và trình lại"),
    "execution.airing.reported": (
        frozenset({Role.EDITOR}),
        "Bản ghi phát sóng chờ xác nhận",
    ),
    "execution.contract.accepted": (
        frozenset({Role.FINANCE}),
        "Hợp đồng đã nghiệm thu, chờ thanh toán",
    ),
}


def wants_email(user: Any) -> bool:
    pref = NoticePreference.objects.filter(user=user).first()
    return pref is None or pref.email_notices


@transaction.atomic
def set_email(user: Any, on: bool) -> None:
    """Turn a person's e-mail notices on or off (with an audit entry)."""
    pref, _created = NoticePreference.objects.get_or_create(user=user)
    before = pref.email_notices
    pref.email_notices = on
    pref.save(update_fields=["email_notices"])
    log_action(
        actor=user,
        action="accounts.notices.changed",
        obj=pref,
        before={"email_notices": before},
        after={"email_notices": on},
    )


def members(organisation: Organisation, roles: frozenset[str]) -> list[Any]:
    """The people holding one of ``roles`` in the organisation (or one of its divisions)."""
    user_ids = {
        m.user_id
        for m in Membership.objects.filter(
            role__in=roles, organisation__in=_with_divisions(organisation)
        ).select_related("organisation", "organisation__parent")
        if m.organisation.root().pk == organisation.pk
    }
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))


def _with_divisions(organisation: Organisation) -> set[int]:
    """The organisation and its divisions, theirs too (a query per level): the memberships
    read are this organisation's, not every province's."""
    found, level = {organisation.pk}, [organisation.pk]
    while level:
        level = list(
            Organisation.objects.filter(parent__in=level, kind=OrganisationKind.DIVISION)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found.update(level)
    return found


def recipients(entry: AuditEntry) -> list[Any]:
    roles, _what = NOTICES[entry.action]
    plan = entry.plan
    if plan is None:
        return []
    people = members(plan.organisation, roles)
    if entry.action == "plans.plan.returned" and plan.created_by_id:
        # The plan goes back to its own editor when that person still edits there.
        own = [p for p in people if p.pk == plan.created_by_id]
        people = own or people
    off = set(
        NoticePreference.objects.filter(user__in=people, email_notices=False).values_list(
            "user_id", flat=True
        )
    )
    return [p for p in people if p.email and p.pk not in off and p.pk != entry.actor_id]


def _send(entry: AuditEntry) -> None:
    people = recipients(entry)
    if not people:
        return
    _roles, what = NOTICES[entry.action]
    plan = entry.plan
    assert plan is not None
    base = str(getattr(settings, "KEHOACH_PUBLIC_BASE_URL", "")).rstrip("/")
    # In the site's language, whoever's action sent it: the screen of the person who pressed
    # the button says nothing of the language of the people who read the mail.
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"[kehoach] {_(what)}: {plan.reference or plan.title}"[:200]
        body = "\n".join(
            [
                _(what),
                _("Kế hoạch: %(plan)s") % {"plan": plan},
                "",
                _("Xem danh sách việc cần làm: %(url)s") % {"url": base + reverse("todo")},
                "",
                _("Tắt thư báo này trên trang Việc cần làm."),
            ]
        )
    sender = settings.DEFAULT_FROM_EMAIL
    send_mass_mail([(subject, body, sender, [p.email]) for p in people], fail_silently=True)


def on_audit_entry(sender: Any, instance: AuditEntry, created: bool, **kwargs: Any) -> None:
    if created and instance.action in NOTICES:
        transaction.on_commit(lambda: _send(instance))
