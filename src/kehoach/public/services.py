"""Services write: short links (one per outlet and deliverable of a plan, or for any page of the
catalogue) and the count of visits. Each change of a link writes an audit entry."""

from __future__ import annotations

import json
import re
import secrets
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_noop

from kehoach.accounts.models import Organisation, OrganisationKind
from kehoach.audit.services import log_action, snapshot
from kehoach.core.text import search_key
from kehoach.errors import DomainError, Message
from kehoach.execution.models import Deliverable
from kehoach.public.models import FILTER_KEYS, LinkKind, LinkVisit, ShortLink

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
# no 0/o, 1/l/i: a code read off a screen or a page is typed without doubt
RANDOM_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RANDOM_LENGTH = 6
OUTLET_KINDS = (
    OrganisationKind.NEWSPAPER,
    OrganisationKind.STATION,
    OrganisationKind.DISTRICT_STATION,
)


@cache
def _prefixes(*groups: str) -> tuple[str, ...]:
    text = resources.files("kehoach.public").joinpath("data/speakable.json").read_text("utf-8")
    data = json.loads(text)
    return tuple(sorted((p for g in groups for p in data[g]), key=len, reverse=True))


def _strip(name: str, prefixes: tuple[str, ...]) -> str:
    key = search_key(name)
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            if key.startswith(prefix + " "):
                key = key[len(prefix) + 1 :]
                changed = True
    return re.sub(r"[^a-z0-9]", "", key)[:30]


def speakable_base(name: str) -> str:
    """'Đài TT-TH Chợ Gạo' -> 'chogao': the place name, folded, without the outlet's kind."""
    return _strip(name, _prefixes("outlet", "place")) or "kenh"


def speakable_code(outlet: Organisation) -> str:
    """A free address a listener can remember: the place ('chogao'); if another outlet has
    it, the place with its kind from the full name ('thixacailay'); then numbered ('chogao2',
    as for the same outlet in a later plan)."""
    short = speakable_base(outlet.short_name or outlet.name)
    holder = ShortLink.objects.filter(code=short).values_list("outlet_id", flat=True).first()
    if holder is None and _free(short):
        return short
    long = _strip(outlet.name, _prefixes("outlet"))
    if holder != outlet.pk and long and _free(long):
        return long
    return new_code(base=short)


def _free(code: str) -> bool:
    return not ShortLink.objects.filter(code=code).exists()


def new_code(*, base: str = "") -> str:
    """A free code: ``base`` (then base2, base3 …) for a speakable one, else six random
    characters."""
    if base:
        for n in range(1, 1000):
            code = base if n == 1 else f"{base}{n}"
            if _free(code):
                return code
    while True:
        code = "".join(secrets.choice(RANDOM_ALPHABET) for _ in range(RANDOM_LENGTH))
        if _free(code):
            return code


def clean_filters(filters: dict[str, Any] | None) -> dict[str, str]:
    return {k: str(v).strip()[:200] for k, v in (filters or {}).items() if k in FILTER_KEYS and v}


def link_create(
    *,
    user: Any,
    organisation: Organisation,
    kind: str,
    label: str,
    plan: Any = None,
    outlet: Organisation | None = None,
    deliverable: Any = None,
    service: Any = None,
    filters: dict[str, Any] | None = None,
    code: str = "",
    speakable: bool = False,
    is_demo: bool = False,
) -> ShortLink:
    code = code.strip().lower()
    chosen = bool(code)
    if code:
        if not CODE_RE.match(code):
            raise DomainError(
                Message(
                    "public.link.code_form",
                    gettext_noop(
                        "Mã liên kết chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang "
                        "(2–40 ký tự)."
                    ),
                )
            )
        if not _free(code):
            raise DomainError(
                Message(
                    "public.link.code_taken", gettext_noop("Mã liên kết '{code}' đã được dùng.")
                ).with_params(code=code)
            )
    elif speakable:
        code = new_code(base=speakable_base(label))
    else:
        code = new_code()
    if service is not None and service.organisation_id != organisation.pk:
        raise DomainError(
            Message(
                "public.link.service_other",
                gettext_noop("Dịch vụ không thuộc danh mục của cơ quan."),
            )
        )
    with transaction.atomic():
        link = ShortLink.objects.create(
            code=code,
            kind=kind,
            label=label[:300],
            organisation=organisation,
            plan=plan,
            outlet=outlet,
            deliverable=deliverable,
            service=service,
            filters=clean_filters(filters),
            speakable=speakable or chosen,
            is_demo=is_demo,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        log_action(
            actor=user,
            action="public.link.created",
            obj=link,
            after=snapshot(link, ["code", "kind", "label", "service_id", "filters"]),
            plan=plan,
            organisation=organisation,
        )
    return link


def plan_outlets(plan: Any) -> list[Organisation]:
    """The channels of a plan: the newspapers and stations of its province in force on the
    plan's date, and every media unit holding one of its contracts."""
    day = plan.date or date(plan.year, 1, 1)
    province = plan.organisation.province
    found = {
        o.pk: o
        for o in Organisation.objects.filter(kind__in=OUTLET_KINDS, province=province)
        if province and o.valid_on(day)
    }
    for o in Organisation.objects.filter(contracts__plan=plan, kind__in=OUTLET_KINDS).distinct():
        found[o.pk] = o
    order: dict[str, int] = {k: i for i, k in enumerate(OUTLET_KINDS)}
    return sorted(found.values(), key=lambda o: (order[o.kind], search_key(o.name)))


def plan_deliverables(plan: Any) -> list[Any]:
    return list(
        Deliverable.objects.filter(line__plan=plan)
        .select_related("contract_line__contract__contractor")
        .order_by("line__section__position", "line__position", "sequence")
    )


def plan_links_create(*, user: Any, plan: Any, is_demo: bool = False) -> int:
    """A link for every outlet (speakable: /l/chogao) and every deliverable (random code) of the
    plan that has none yet, all to the catalogue of the plan's organisation. Idempotent."""
    organisation = plan.organisation
    made = 0
    with transaction.atomic():
        have_outlets = set(
            ShortLink.objects.filter(plan=plan, kind=LinkKind.OUTLET).values_list(
                "outlet_id", flat=True
            )
        )
        for outlet in plan_outlets(plan):
            if outlet.pk in have_outlets:
                continue
            link_create(
                user=user,
                organisation=organisation,
                kind=LinkKind.OUTLET,
                label=outlet.short_name or outlet.name,
                plan=plan,
                outlet=outlet,
                code=speakable_code(outlet),
                speakable=True,
                is_demo=is_demo,
            )
            made += 1
        have = set(
            ShortLink.objects.filter(plan=plan, kind=LinkKind.DELIVERABLE).values_list(
                "deliverable_id", flat=True
            )
        )
        for deliverable in plan_deliverables(plan):
            if deliverable.pk in have:
                continue
            contract_line = deliverable.contract_line
            deliverable_outlet = contract_line.contract.contractor if contract_line else None
            link_create(
                user=user,
                organisation=organisation,
                kind=LinkKind.DELIVERABLE,
                label=deliverable.label,
                plan=plan,
                outlet=deliverable_outlet,
                deliverable=deliverable,
                is_demo=is_demo,
            )
            made += 1
    return made


def visit_record(link: ShortLink, day: date) -> None:
    """One more visit of the link on the day (concurrent visits each count)."""
    updated = LinkVisit.objects.filter(link=link, day=day).update(count=F("count") + 1)
    if updated:
        return
    try:
        with transaction.atomic():
            LinkVisit.objects.create(link=link, day=day, count=1)
    except IntegrityError:  # another request created the day's row first
        LinkVisit.objects.filter(link=link, day=day).update(count=F("count") + 1)
