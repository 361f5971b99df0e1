"""The grid's figures-only save (issue 22) computes a line's total, its sections' totals and
the grand total from the plan's figures alone (kehoach.plans.figures), not from the whole
estimate: these tests hold that fast path equal to the full computation
(``section_totals(build_estimate(plan))``), for random plans and random edits, in memory
(Hypothesis) and through the endpoint on the demo plan."""

from __future__ import annotations

import random
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.core.money import format_vnd
from kehoach.plans.figures import PlanFigures
from kehoach.plans.mapping import build_estimate
from kehoach.plans.models import EstimateLine, EstimateSection, Plan
from kehoach.plans.tables import section_totals

quantities = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=100_000, places=3, allow_nan=False, allow_infinity=False),
)
amounts = st.one_of(st.none(), st.integers(min_value=0, max_value=10**9).map(Decimal))
figures = st.tuples(quantities, amounts, quantities, amounts, amounts)


@st.composite
def plans(draw):
    """Sections in a tree (each one's parent drawn among the earlier ones, or none) and lines
    with any mix of blank and filled figures, as unsaved rows with ids."""
    count = draw(st.integers(min_value=1, max_value=8))
    sections = []
    for i in range(count):
        parent = (
            draw(st.one_of(st.none(), st.integers(min_value=0, max_value=i - 1))) if i else None
        )
        sections.append(
            EstimateSection(
                pk=100 + i,
                plan_id=1,
                parent_id=None if parent is None else 100 + parent,
                code=f"S{i}",
                title=f"Mục {i}",
                position=i,
            )
        )
    rows = draw(st.lists(st.tuples(st.integers(0, count - 1), figures), max_size=25))
    lines = [
        EstimateLine(
            pk=1000 + j,
            plan_id=1,
            section_id=100 + s,
            position=j,
            number=str(j + 1),
            content=f"Dòng {j}",
            quantity=f[0],
            unit_price=f[1],
            airings=f[2],
            airing_unit_price=f[3],
            lump_sum=f[4],
        )
        for j, (s, f) in enumerate(rows)
    ]
    return sections, lines


def _fields(line: EstimateLine):
    return (line.quantity, line.unit_price, line.airings, line.airing_unit_price, line.lump_sum)


def _full(sections, lines):
    """The full computation: the estimate tree and its section totals, by database id."""
    estimate = build_estimate(Plan(title="x"), sections=sections, lines=lines)
    by_key = section_totals(estimate)
    totals = {s.__dict__["db_id"]: by_key[s.key] for s in estimate.walk_sections()}
    lines_total = {ln.__dict__["db_id"]: ln.total for _s, ln in estimate.walk_lines()}
    grand = sum((by_key[s.key] for s in estimate.sections), Decimal(0))
    return totals, lines_total, grand


def _fast(sections, lines) -> PlanFigures:
    return PlanFigures.from_rows(
        ((ln.pk, ln.section_id, _fields(ln)) for ln in lines),
        ((s.pk, s.parent_id, s.code) for s in sections),
    )


@settings(max_examples=150, deadline=None)
@given(plans(), st.data())
def test_the_fast_figures_equal_the_whole_estimate_after_random_edits(plan, data):
    sections, lines = plan
    fast = _fast(sections, lines)
    for _ in range(data.draw(st.integers(min_value=0, max_value=4))):
        if not lines:
            break
        index = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
        new = data.draw(figures)
        line = lines[index]
        line.quantity, line.unit_price, line.airings, line.airing_unit_price, line.lump_sum = new
        fast = fast.with_line(line.pk, line.section_id, new)
    totals, line_totals, grand = _full(sections, lines)
    fast_totals = fast.section_totals()
    assert fast_totals == totals
    assert fast.grand_total(fast_totals) == grand
    assert {pk: fast.line_total(pk) for pk in fast.lines} == line_totals
    for value in [*fast_totals.values(), grand]:
        assert isinstance(value, Decimal)  # exact, never float


def test_the_chain_of_a_line_is_its_sections_outermost_first():
    sections = [
        EstimateSection(pk=1, parent_id=None, code="A"),
        EstimateSection(pk=2, parent_id=1, code="I"),
        EstimateSection(pk=3, parent_id=2, code="1"),
    ]
    fast = _fast(sections, [EstimateLine(pk=9, section_id=3, quantity=Decimal(2))])
    assert fast.chain(3) == [1, 2, 3]
    assert fast.chain(1) == [1]


def _answer_figures(text: str) -> dict[str, str]:
    return dict(
        re.findall(r'id="((?:total|sec)-\d+|grand-total)" hx-swap-oob="true">([^<]*)<', text)
    )


@pytest.mark.django_db
def test_random_saves_through_the_grid_answer_what_the_whole_estimate_computes(plan, editor):
    """Random edits of the demo plan's lines through the grid's endpoint: every figure of the
    answer is the one the whole estimate, rebuilt from the database, computes."""
    rng = random.Random(22)
    lines = list(EstimateLine.objects.filter(plan=plan).order_by("pk"))
    assert len(lines) > 3
    for _ in range(12):
        line = rng.choice(lines)
        line.refresh_from_db()
        data = {
            f"line-{line.pk}-{k}": getattr(line, k) or "" for k in ("number", "content", "duration")
        }
        data[f"line-{line.pk}-version"] = str(line.version)
        choice = rng.randrange(3)
        data[f"line-{line.pk}-quantity"] = "" if choice == 0 else str(rng.randint(1, 40))
        data[f"line-{line.pk}-unit_price"] = str(rng.randint(0, 5_000) * 1000)
        if choice == 2:
            data[f"line-{line.pk}-quantity"] = f"{rng.randint(1, 999)},5"
        answer = editor.post(
            f"/ke-hoach/{plan.pk}/du-toan/dong/{line.pk}/",
            data,
            HTTP_HX_REQUEST="true",
            HTTP_X_KEHOACH_FINDINGS="later",
        )
        assert answer.status_code == 200
        shown = _answer_figures(answer.content.decode())
        estimate = build_estimate(Plan.objects.get(pk=plan.pk))
        by_key = section_totals(estimate)
        full = next(ln for _s, ln in estimate.walk_lines() if ln.__dict__["db_id"] == line.pk)
        assert shown[f"total-{line.pk}"] == format_vnd(full.total)
        grand = sum((by_key[s.key] for s in estimate.sections), Decimal(0))
        assert shown["grand-total"] == format_vnd(grand)
        holding = [s for s in estimate.walk_sections() if full.key.startswith(s.key + ".")]
        assert holding
        for section in holding:
            assert shown[f"sec-{section.__dict__['db_id']}"] == format_vnd(by_key[section.key])
        assert len([k for k in shown if k.startswith("sec-")]) == len(holding)


@pytest.mark.django_db
def test_figures_read_before_the_lock_are_used_only_when_no_change_committed_since(plan):
    """The editor's save reads the plan's figures before taking the write lock, with the plan's
    lock_version seen before the read; under the lock they are used only if that version is
    still the plan's, and read again otherwise (a change of another line committed between)."""
    from django.contrib.auth import get_user_model

    from kehoach.plans import services

    user = get_user_model().objects.get(username="bcxb")
    first, other = list(
        EstimateLine.objects.filter(plan=plan, quantity__isnull=False).order_by("pk")[:2]
    )
    seen_version = Plan.objects.get(pk=plan.pk).lock_version
    seen = PlanFigures.read(plan.pk)
    # Someone else's change of another line commits after the read.
    services.line_update(user=user, line=other, data={"quantity": other.quantity + 7}, version=None)
    line = EstimateLine.objects.select_related("plan").get(pk=first.pk)
    saved = services._line_update(
        user=user,
        line=line,
        data={"quantity": first.quantity + 1},
        version=None,
        comment="",
        seen=(seen_version, seen),
    )
    used = saved.__dict__["plan_figures"]
    assert used.lines[other.pk][1][0] == other.quantity  # read again: the other change is in
    assert used == PlanFigures.read(plan.pk)
    # With the plan's current version, the figures given are the ones used (no read).
    current = Plan.objects.get(pk=plan.pk).lock_version
    marker = seen.with_line(other.pk, seen.lines[other.pk][0], (Decimal(3), None, None, None, None))
    line = EstimateLine.objects.select_related("plan").get(pk=first.pk)
    saved = services._line_update(
        user=user,
        line=line,
        data={"quantity": first.quantity + 2},
        version=None,
        comment="",
        seen=(current, marker),
    )
    assert saved.__dict__["plan_figures"].lines[other.pk][1][0] == Decimal(3)
