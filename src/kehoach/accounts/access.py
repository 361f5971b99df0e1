"""The one place where access is decided (docs/design.md §6, docs/conventions.md §5).

A person outside a plan's organisation gets 404 (the plan does not exist for them); a member
whose roles do not allow an action gets 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_noop

from kehoach.accounts.models import Membership, Organisation, Role
from kehoach.api.models import ApiToken
from kehoach.audit.models import AuditEntry
from kehoach.core.messages import Message
from kehoach.execution.models import Contract, Minutes, MinutesKind
from kehoach.plans.models import Plan

STAFF_ROLES = frozenset(
    {Role.ADMIN, Role.APPROVER, Role.EDITOR, Role.FINANCE, Role.CLERK, Role.VIEWER}
)

# action -> roles allowed. Reading is every staff role of the organisation; contractors (media
# units) see only their own contracts, never the plan as a whole.
ACTIONS: dict[str, frozenset[str]] = {
    "view": STAFF_ROLES,
    "edit": frozenset({Role.ADMIN, Role.EDITOR}),
    "submit": frozenset({Role.ADMIN, Role.EDITOR}),
    "approve": frozenset({Role.APPROVER}),
    "return": frozenset({Role.APPROVER}),
    "issue": frozenset({Role.CLERK}),
    "revise": frozenset({Role.ADMIN, Role.EDITOR}),
    "create": frozenset({Role.ADMIN, Role.EDITOR}),
    "norms_edit": frozenset({Role.ADMIN, Role.FINANCE}),
    # outcomes (issue 8): the services catalogue and dossier statistics (imports, hand edits)
    "outcomes_edit": frozenset({Role.ADMIN, Role.FINANCE, Role.EDITOR}),
    # execution (issue 6): the lead division proposes and supervises, the director or the
    # finance division accepts, finance pays and records the department's own expenses.
    "contract_edit": frozenset({Role.ADMIN, Role.EDITOR}),
    "airing_report": frozenset({Role.ADMIN, Role.EDITOR}),
    "airing_verify": frozenset({Role.ADMIN, Role.EDITOR}),
    "contract_accept": frozenset({Role.APPROVER, Role.FINANCE}),
    "payment_record": frozenset({Role.FINANCE}),
    "expense_record": frozenset({Role.FINANCE}),
    # public (issue 12): short links and QR codes for a plan's outlets and deliverables
    "links_edit": frozenset({Role.ADMIN, Role.EDITOR}),
    # reports (issue 9): the lead division drafts the final report, the records clerk issues it
    "report_edit": frozenset({Role.ADMIN, Role.EDITOR}),
    "report_issue": frozenset({Role.CLERK}),
    # conference, content, supervision (issue 7). Delegates' names and contacts are personal
    # data (Decree 13/2023/NĐ-CP): only the organisers (the lead division, the admin) see them.
    "conference_organise": frozenset({Role.ADMIN, Role.EDITOR}),
    # What documents need of an organisation and of its contractors (issue 19).
    "organisation_edit": frozenset({Role.ADMIN}),
    # The invitation and the sign-in sheet (issue 19): the clerk issues and sends them, the
    # director signs them, finance pays the conference; they list the delegates' names.
    "conference_documents": frozenset(
        {Role.ADMIN, Role.EDITOR, Role.CLERK, Role.FINANCE, Role.APPROVER}
    ),
    "content_edit": frozenset({Role.ADMIN, Role.EDITOR}),
    "supervision_record": frozenset({Role.ADMIN, Role.EDITOR}),
}

# What a contractor's people may do on their own contract: see it and report what was aired.
CONTRACTOR_ACTIONS = frozenset({"view", "airing_report"})


def roles_for(user: Any, organisation: Organisation) -> set[str]:
    """The user's roles in an organisation (a membership in one of its divisions counts)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache: dict[int, set[str]] = user.__dict__.setdefault("_kehoach_roles", {})
    if organisation.pk not in cache:
        roles: set[str] = set()
        for membership in Membership.objects.filter(user=user).select_related(
            "organisation", "organisation__parent"
        ):
            if membership.organisation.root().pk == organisation.pk:
                roles.add(membership.role)
        cache[organisation.pk] = roles
    return cache[organisation.pk]


def organisations_for(user: Any) -> list[Organisation]:
    """Organisations whose plans the user may see."""
    if not getattr(user, "is_authenticated", False):
        return []
    if "_kehoach_organisations" not in user.__dict__:  # kept for the request, as roles_for's
        seen: dict[int, Organisation] = {}
        for membership in Membership.objects.filter(user=user, role__in=STAFF_ROLES).select_related(
            "organisation", "organisation__parent"
        ):
            root = membership.organisation.root()
            seen[root.pk] = root
        user.__dict__["_kehoach_organisations"] = sorted(seen.values(), key=lambda o: o.name)
    return list(user.__dict__["_kehoach_organisations"])


def can(user: Any, organisation: Organisation, action: str) -> bool:
    return bool(roles_for(user, organisation) & ACTIONS[action])


def require(user: Any, organisation: Organisation, action: str) -> None:
    """404 for outsiders, 403 for members without the right."""
    roles = roles_for(user, organisation)
    if not roles & STAFF_ROLES:
        raise Http404
    if not roles & ACTIONS[action]:
        raise PermissionDenied


def get_plan_for_user(user: Any, pk: int, *, action: str = "view") -> Plan:
    try:
        plan = Plan.objects.select_related("organisation").get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    require(user, plan.organisation, action)
    return plan


def require_contract(user: Any, contract: Contract, action: str = "view") -> None:
    """Staff of the plan's organisation by their roles; members of the contractor with the
    contractor role for their own contract only (view, report); everyone else 404."""
    roles = roles_for(user, contract.plan.organisation)
    if roles & STAFF_ROLES:
        if action == "view" or roles & ACTIONS[action]:
            return
        raise PermissionDenied
    if Role.CONTRACTOR in roles_for(user, contract.contractor):
        if action in CONTRACTOR_ACTIONS:
            return
        raise PermissionDenied
    raise Http404


def get_contract_for_user(user: Any, pk: int, *, action: str = "view") -> Contract:
    try:
        contract = Contract.objects.select_related("plan", "plan__organisation", "contractor").get(
            pk=pk
        )
    except (Contract.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    require_contract(user, contract, action)
    return contract


def require_content(user: Any, organisation: Organisation, stations: list[int]) -> str:
    """A content item of ``organisation`` sent to ``stations``: its staff read it; a
    contractor of one of the stations downloads it (returns that station's id as text); anyone
    else gets 404. Returns "staff" for staff."""
    if roles_for(user, organisation) & STAFF_ROLES:
        return "staff"
    for station in contractor_organisations_for(user):
        if station.pk in stations:
            return str(station.pk)
    raise Http404


def contractor_organisations_for(user: Any) -> list[Organisation]:
    """The media units whose contracts the user reports on."""
    if not getattr(user, "is_authenticated", False):
        return []
    if "_kehoach_stations" not in user.__dict__:  # kept for the request, as roles_for's
        user.__dict__["_kehoach_stations"] = [
            m.organisation
            for m in Membership.objects.filter(user=user, role=Role.CONTRACTOR).select_related(
                "organisation"
            )
        ]
    return list(user.__dict__["_kehoach_stations"])


def get_token_for_user(user: Any, pk: int) -> Any:
    """An API token the person may manage: their own, or (issue 21) one of a member of an
    organisation they administer; any other does not exist for them (404)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        token = ApiToken.objects.select_related("user").get(pk=pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not may_manage_token(user, token):
        raise Http404
    return token


def _administered_roots(user: Any) -> set[int]:
    return {
        m.organisation.root().pk
        for m in Membership.objects.filter(user=user, role=Role.ADMIN).select_related(
            "organisation", "organisation__parent"
        )
    }


def tokens_managed_by(user: Any) -> Any:
    """The tokens an administrator oversees: those of the members of the organisations they
    administer (a superuser: all), their own excluded."""
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    tokens = ApiToken.objects.select_related("user").exclude(user=user)
    if user.is_superuser:
        return tokens
    roots = _administered_roots(user)
    members = {
        m.user_id
        for m in Membership.objects.select_related("organisation", "organisation__parent")
        if m.organisation.root().pk in roots
    }
    return tokens.filter(user_id__in=members)


def may_manage_token(user: Any, token: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if token.user_id == user.pk or user.is_superuser:
        return True
    roots = _administered_roots(user)
    if not roots:
        return False
    return any(
        m.organisation.root().pk in roots
        for m in Membership.objects.filter(user_id=token.user_id).select_related(
            "organisation", "organisation__parent"
        )
    )


# -- separation of duties ---------------------------------------------------------------------
# Circular 10/2020/TT-BTC and the internal-control rules of public bodies: the person who
# prepares a record does not approve, verify or settle it, even when they hold both roles.

# Plan actions that are not drafting: the approver's and the clerk's own steps.
_NOT_DRAFTING = (
    "plans.plan.approved",
    "plans.plan.returned",
    "plans.plan.issued",
    "plans.plan.superseded",
)


# Separation of duties: why a person may not take an action their roles allow.
DUTY_DRAFTED = Message(
    "duty.approve.drafted",
    gettext_noop(
        "Bạn là người soạn kế hoạch này nên không tự phê duyệt được (tách bạch nhiệm vụ): "
        "người khác có quyền phê duyệt phải duyệt."
    ),
)
DUTY_SUBMITTED = Message(
    "duty.approve.submitted",
    gettext_noop(
        "Bạn là người trình kế hoạch này nên không tự phê duyệt được (tách bạch nhiệm vụ): "
        "người khác có quyền phê duyệt phải duyệt."
    ),
)
DUTY_EDITED = Message(
    "duty.approve.edited",
    gettext_noop(
        "Bạn đã soạn, sửa nội dung kế hoạch này nên không tự phê duyệt được (tách bạch nhiệm "
        "vụ): người khác có quyền phê duyệt phải duyệt."
    ),
)
DUTY_REPORTED = Message(
    "duty.airing_verify.reported",
    gettext_noop(
        "Bạn là người báo cáo bản ghi phát sóng này nên không tự xác nhận được (tách bạch nhiệm "
        "vụ): người giám sát khác phải xác nhận."
    ),
)
DUTY_ACCEPTED = Message(
    "duty.payment_confirm.accepted",
    gettext_noop(
        "Bạn đã lập biên bản nghiệm thu hợp đồng này nên không tự xác nhận thanh toán (chứng "
        "từ Kho bạc) được (tách bạch nhiệm vụ): người khác của bộ phận tài chính phải xác nhận."
    ),
)


def duty_conflict(user: Any, action: str, subject: Any) -> Message | None:
    """Why ``user`` may not take ``action`` on ``subject`` although their roles allow it, or
    None. ``approve``: a plan they drafted or submitted; ``airing_verify``: an airing record
    they reported; ``payment_confirm``: a payment of a contract whose acceptance minutes they
    made."""
    if not getattr(user, "is_authenticated", False):
        return None
    if action == "approve":
        plan = subject
        if plan.created_by_id == user.pk:
            return DUTY_DRAFTED
        mine = (
            AuditEntry.objects.filter(plan=plan, actor=user, action__startswith="plans.")
            .exclude(action__in=_NOT_DRAFTING)
            .values_list("action", flat=True)
        )
        done = set(mine)
        if "plans.plan.submitted" in done:
            return DUTY_SUBMITTED
        if done:
            return DUTY_EDITED
        return None
    if action == "airing_verify":
        if subject.reported_by_id == user.pk:
            return DUTY_REPORTED
        return None
    if action == "payment_confirm":
        contract = subject
        if Minutes.objects.filter(
            contract=contract, kind=MinutesKind.ACCEPTANCE, created_by=user
        ).exists():
            return DUTY_ACCEPTED
        return None
    return None
