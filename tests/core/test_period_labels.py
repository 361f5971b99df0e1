"""Periods as a person reads them (issue 23): "Quý I/2016", never the key "2016-Q1"; every key
reads back to its period."""

from __future__ import annotations

from datetime import date

import pytest

from kehoach.core.periods import Period


@pytest.mark.parametrize(
    ("period", "vi", "en"),
    [
        (Period.month(2016, 7), "Tháng 07/2016", "07/2016"),
        (Period.quarter(2016, 1), "Quý I/2016", "Q1/2016"),
        (Period.quarter(2020, 4), "Quý IV/2020", "Q4/2020"),
        (Period.half(2020, 2), "6 tháng cuối năm 2020", "Second half of 2020"),
        (Period.year(2019), "Năm 2019", "2019"),
        (
            Period.of(date(2018, 2, 15), date(2018, 3, 14)),
            "Từ 15/02/2018 đến 14/03/2018",
            "15/02/2018 to 14/03/2018",
        ),
    ],
)
def test_labels_and_keys(period, vi, en):
    assert period.label("vi") == vi and period.label("en") == en
    assert Period.from_key(period.key) == period


@pytest.mark.parametrize("key", ["", "2016-13", "2016-Q5", "Q1", "2016-07-01", "abc"])
def test_a_key_that_is_no_period_is_refused(key):
    with pytest.raises(ValueError):
        Period.from_key(key)
