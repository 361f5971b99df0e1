from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kehoach.core.estimate import Estimate, EstimateLine, EstimateSection
from kehoach.core.money import round_vnd

quantities = st.decimals(min_value=0, max_value=10**4, places=1, allow_nan=False)
prices = st.integers(min_value=0, max_value=10**9).map(Decimal)


@st.composite
def lines(draw):
    kind = draw(st.sampled_from(["production", "broadcast", "both", "lump"]))
    line = EstimateLine(content="x")
    if kind in ("production", "both"):
        line.quantity, line.unit_price = draw(quantities), draw(prices)
    if kind in ("broadcast", "both"):
        line.airings, line.airing_unit_price = draw(quantities), draw(prices)
    if kind == "lump":
        line.lump_sum = draw(prices)
    return line


@st.composite
def estimates(draw):
    estimate = Estimate()
    for code in "ABCD"[: draw(st.integers(1, 4))]:
        section = EstimateSection(code=code, title=code, key=code)
        section.lines = draw(st.lists(lines(), max_size=6))
        for sub in ("I", "II")[: draw(st.integers(0, 2))]:
            child = EstimateSection(code=sub, title=sub, key=f"{code}.{sub}")
            child.lines = draw(st.lists(lines(), max_size=6))
            section.sections.append(child)
        estimate.sections.append(section)
    return estimate


@given(estimates())
def test_line_amounts_always_add_up_to_the_grand_total(estimate):
    assert estimate.total == sum((line.total for _s, line in estimate.walk_lines()), Decimal(0))
    assert all(isinstance(line.total, Decimal) for _s, line in estimate.walk_lines())
    assert estimate.total == estimate.total.to_integral_value()


def test_a_line_is_quantity_times_price_plus_airings_times_airing_price():
    line = EstimateLine(
        content="x",
        quantity=Decimal(44),
        unit_price=Decimal(1000000),
        airings=Decimal(10),
        airing_unit_price=Decimal(150000),
    )
    assert line.production_amount == 44000000
    assert line.airing_amount == 1500000
    assert line.total == 45500000


def test_a_fractional_quantity_is_rounded_half_up_once_per_amount():
    line = EstimateLine(content="x", quantity=Decimal("1.5"), unit_price=Decimal(333333))
    assert line.total == round_vnd(Decimal("499999.5")) == 500000


def test_a_line_with_only_an_airing_price_airs_its_quantity():
    line = EstimateLine(content="x", quantity=Decimal(110), airing_unit_price=Decimal(150000))
    assert line.effective_airings == 110
    assert line.total == 16500000


def test_a_line_with_no_quantity_is_a_lump_sum():
    line = EstimateLine(content="x", stated_total=Decimal(10000000))
    assert line.is_lump_sum
    assert line.total == 10000000


def test_the_established_total_is_the_stated_one_only_when_it_adds_up():
    section = EstimateSection(code="A", title="A", key="A")
    section.lines = [EstimateLine(content="x", quantity=Decimal(2), unit_price=Decimal(5))]
    estimate = Estimate(sections=[section], stated_total=Decimal(10))
    assert estimate.established_total == 10
    estimate.stated_total = Decimal(11)
    assert estimate.established_total == 10


def test_the_database_link_is_neither_compared_nor_shown():
    # A line or section read from a file and the same one read from the database are the same
    # line: the stored row's id and version are a link, not part of what it says.
    read = EstimateLine(content="x", quantity=Decimal(2), unit_price=Decimal(5))
    stored = EstimateLine(
        content="x", quantity=Decimal(2), unit_price=Decimal(5), db_id=7, version=3
    )
    assert read == stored
    assert repr(read) == repr(stored)
    assert (read.db_id, read.version, stored.db_id, stored.version) == (None, None, 7, 3)
    assert EstimateSection(code="A", title="A") == EstimateSection(code="A", title="A", db_id=9)
    assert "db_id" not in repr(EstimateSection(code="A", title="A", db_id=9))
