"""Every audit action has a human label (kehoach.audit.readable.ACTIONS), so no history page or
API answer shows a code where it could show words."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from kehoach.audit.readable import ACTIONS, action_label
from kehoach.execution.models import Decision
from kehoach.plans.services import _PAST, PLAN_VERSIONED

SRC = Path(__file__).resolve().parents[2] / "src" / "kehoach"
LITERAL = re.compile(
    r'"((?:plans|execution|conference|outcomes|reports|public|api)\.[a-z_]+\.[a-z_]+)"'
)


# A message's code (kehoach.core.messages.Message) looks like an action but is not one.
MESSAGE_CODE = re.compile(r'Message\(\s*"([a-z_.]+)"')


def test_every_action_written_in_the_code_has_a_label():
    written, codes = set(), set()
    for path in SRC.rglob("*.py"):
        if "migrations" not in path.parts and path.name != "readable.py":
            text = path.read_text(encoding="utf-8")
            written |= set(LITERAL.findall(text))
            codes |= set(MESSAGE_CODE.findall(text))
    written -= codes
    written |= {f"plans.plan.{past}" for past in _PAST.values()}
    written |= set(PLAN_VERSIONED)
    written |= {f"execution.airing.{decision}" for decision in Decision.values}
    assert written - set(ACTIONS) == set()


def test_a_label_is_in_the_persons_language():
    with translation.override("vi"):
        assert action_label("plans.line.changed") == "Sửa dòng dự toán"
    with translation.override("en"):
        assert action_label("plans.line.changed") == "Estimate line changed"
    assert action_label("someone.else.did") == "someone.else.did"
