"""``kehoach status PLAN [--format json]``: a plan's state for scripts and operators."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandParser
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop

from kehoach.core.messages import Message
from kehoach.core.money import format_vnd
from kehoach.plans.mapping import plan_to_document
from kehoach.plans.models import Plan
from kehoach.plans.selectors import plan_findings
from kehoach.web.language import SaidHelp, command_error, command_help, for_command, say

PLAN_ARGUMENT = Message("cli.status.plan", gettext_noop("số/ký hiệu (46a/KH-STTTT) hoặc id"))
STATE = Message("cli.status.state", gettext_noop("Trạng thái: {status}  Năm: {year}"))
TOTAL = Message("cli.status.total", gettext_noop("Tổng dự toán: {total} đồng"))
FINDINGS = Message("cli.status.findings", gettext_noop("Phát hiện: {count}"))


def find_plan(ref: str) -> Plan:
    if ref.isdigit():
        plan = Plan.objects.filter(pk=int(ref)).first()
    else:
        number, _, symbol = ref.partition("/")
        plan = (
            Plan.objects.filter(number=number, symbol=symbol.upper())
            .order_by("-revision", "-id")
            .first()
        )
    if plan is None:
        raise command_error(
            Message("cli.no_plan", gettext_noop("Không có kế hoạch '{ref}'.")).with_params(ref=ref),
            returncode=2,
        )
    return plan


def status_label(plan: Plan, language: str) -> str:
    """The plan's state as a person reads it ("Dự thảo", "Draft"), in ``language``."""
    with translation.override(language):
        return str(plan.get_status_display())


def plan_status(plan: Plan, language: str = "vi") -> dict[str, Any]:
    """The plan's state for scripts: its codes as they are (``status``: "draft"), and what a
    person reads — the state's name (``status_label``), the findings, the apps' parts — in
    ``language`` (issue 23: one language per output)."""
    doc = plan_to_document(plan)
    findings = plan_findings(plan, doc)
    return {
        "id": plan.pk,
        "organisation": plan.organisation.name,
        "number": plan.reference,
        "title": plan.title,
        "year": plan.year,
        "date": plan.date.isoformat() if plan.date else None,
        "status": plan.status,
        "status_label": status_label(plan, language),
        "revision": plan.revision,
        "versions": [
            {
                "number": f"{v.number}/{v.symbol}",
                "date": v.date.isoformat(),
                "issued_at": v.issued_at.isoformat(),
                "files": [f.kind for f in v.files.all()],
            }
            for v in plan.versions.prefetch_related("files")
        ],
        "estimate": {
            "total": int(doc.estimate.total),
            "sections": {s.key: int(s.total) for s in doc.estimate.walk_sections()},
        },
        "findings": [f.to_dict(language) for f in findings],
        **_parts(plan, language),
    }


# Each app adds its part of a plan's state (contracts, conference, indicators …): a function
# taking the plan and the language of the output, and returning a dict of top-level keys whose
# codes stay as they are and whose texts for people are said in that language.
STATUS_PARTS = [
    "kehoach.execution.status.plan_status",
    "kehoach.outcomes.status.plan_status",
    "kehoach.conference.status.plan_status",
    "kehoach.reports.status.plan_status",
    "kehoach.public.status.plan_status",
]


def _parts(plan: Plan, language: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for dotted in STATUS_PARTS:
        try:
            part = import_string(dotted)
        except ImportError:
            continue  # the app has nothing to add yet
        out.update(part(plan, language))
    return out


class Command(SaidHelp):
    about = Message(
        "cli.status.help", gettext_noop("Trạng thái một kế hoạch: kehoach status 46a/KH-STTTT")
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan", help=command_help(PLAN_ARGUMENT))
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        language = for_command(options)
        data = plan_status(find_plan(options["plan"]), language)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return

        self.stdout.write(f"{data['number']} — {data['title']}")
        self.stdout.write(
            say(STATE.with_params(status=data["status_label"], year=data["year"]), language)
        )
        total = format_vnd(data["estimate"]["total"])
        self.stdout.write(say(TOTAL.with_params(total=total), language))
        for key, section in data["estimate"]["sections"].items():
            self.stdout.write(f"  {key:<8} {format_vnd(section):>15}")
        self.stdout.write(say(FINDINGS.with_params(count=len(data["findings"])), language))
