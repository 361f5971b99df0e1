"""A rebroadcast ("Phát lại …") airs its quantity: the workbook lays it out as airings (issue
19) without changing any amount the core computes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kehoach.core.estimate import EstimateLine


def line(**kw) -> EstimateLine:
    base = {
        "content": "Phát lại câu chuyện truyền thanh",
        "quantity": Decimal(110),
        "unit_price": Decimal(150_000),
        "airing_unit_price": Decimal(150_000),
    }
    return EstimateLine(**{**base, **kw})


def test_the_sample_s_rebroadcast_airs_its_quantity_at_the_same_total():
    rebroadcast = line()
    assert rebroadcast.is_rebroadcast and rebroadcast.airs_its_quantity
    assert rebroadcast.total == Decimal(16_500_000) == rebroadcast.quantity * Decimal(150_000)


@pytest.mark.parametrize(
    "kw",
    [
        {"unit_price": Decimal(100_000)},  # two prices: as the source wrote it
        {"airings": Decimal(10)},  # airings stated
        {"quantity": None},
        {"airing_unit_price": None},
        {"content": "Xây dựng chuyên mục"},  # not a rebroadcast
    ],
)
def test_other_lines_keep_their_layout(kw):
    assert not line(**kw).airs_its_quantity


def test_a_rebroadcast_by_its_activity_kind_or_with_only_an_airing_price():
    assert line(content="Tiếp sóng", activity="rebroadcast").airs_its_quantity
    pure = line(unit_price=None)
    assert pure.airs_its_quantity and pure.total == Decimal(16_500_000)
