"""The indicators of a small hand-computed dataset, exactly (Fractions and Decimals, no floats)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from kehoach.core.indicators import (
    Figures,
    Rate,
    Row,
    compare_periods,
    group,
    indicator_for_target,
    on_time_rate,
    online_rate,
    payment_rate,
    period_key,
    target_against,
)

# Two agencies over four months, figures chosen by hand.
#            online counter post early on_time late pending fee paid
JAN_A = Figures(10, 30, 0, 5, 20, 10, 5, 20, 4)
JAN_B = Figures(5, 45, 0, 10, 30, 5, 5, 10, 1)
FEB_A = Figures(20, 20, 0, 10, 20, 5, 5, 30, 15)
MAR_A = Figures(30, 15, 5, 20, 20, 5, 5, 40, 20)
APR_B = Figures(1, 2, 0, 1, 1, 1, 0, 3, 0)
ROWS = [
    Row(date(2016, 1, 1), JAN_A, agency="A", district="Chợ Gạo"),
    Row(date(2016, 1, 1), JAN_B, agency="B", district="Cái Bè"),
    Row(date(2016, 2, 1), FEB_A, agency="A", district="Chợ Gạo"),
    Row(date(2016, 3, 1), MAR_A, agency="A", district="Chợ Gạo"),
    Row(date(2016, 4, 1), APR_B, agency="B", district="Cái Bè"),
]


def test_the_three_rates_of_one_month_are_exact_fractions():
    assert online_rate(JAN_A) == Rate(10, 40)
    assert online_rate(JAN_A).value == Fraction(1, 4)
    assert on_time_rate(JAN_A).value == Fraction(25, 35)
    assert payment_rate(JAN_A).value == Fraction(4, 20)


def test_percentages_are_rounded_half_up_once():
    assert Rate(1, 3).percent(2) == Decimal("33.33")
    assert Rate(2, 3).percent(2) == Decimal("66.67")
    assert Rate(1, 8).percent(2) == Decimal("12.50")
    assert Rate(1, 8).percent(1) == Decimal("12.5")
    assert Rate(1, 200).percent(0) == Decimal("1")  # 0.5 rounds up
    assert Rate(0, 0).percent() is None
    assert Rate(1, 8).text() == "12,50%"


def test_quarter_totals_and_rates_by_hand():
    q1 = group(ROWS, period="quarter")[("2016-Q1", "")]
    assert q1.received == 40 + 50 + 40 + 50
    assert q1.received_online == 65
    assert online_rate(q1).value == Fraction(65, 180)
    assert online_rate(q1).percent(2) == Decimal("36.11")
    assert on_time_rate(q1).value == Fraction(5 + 20 + 10 + 30 + 10 + 20 + 20 + 20, 160)
    assert payment_rate(q1).value == Fraction(40, 100)


def test_grouping_by_agency_month_and_year():
    by_agency = group(ROWS, period="year", by="agency")
    assert online_rate(by_agency[("2016", "A")]).value == Fraction(60, 130)
    assert online_rate(by_agency[("2016", "B")]).value == Fraction(6, 53)
    by_month = group(ROWS, period="month")
    assert list(by_month) == [("2016-01", ""), ("2016-02", ""), ("2016-03", ""), ("2016-04", "")]
    assert by_month[("2016-01", "")] == JAN_A + JAN_B


def test_period_keys():
    assert period_key(date(2016, 7, 1), "month") == "2016-07"
    assert period_key(date(2016, 7, 1), "quarter") == "2016-Q3"
    assert period_key(date(2016, 12, 1), "year") == "2016"


def test_a_campaign_is_compared_with_the_period_of_the_same_length_before_it():
    comparison = compare_periods(ROWS, date(2016, 3, 1), date(2016, 5, 1))
    assert comparison.baseline_start == date(2016, 1, 1)
    assert comparison.baseline == Rate(35, 130)  # January and February
    assert comparison.campaign == Rate(31, 53)  # March and April
    assert comparison.difference == Fraction(31, 53) - Fraction(35, 130)
    assert comparison.difference_points(2) == Decimal("31.57")
    assert comparison.direction == "up"


def test_a_fall_is_reported_as_down_and_no_data_as_unknown():
    assert compare_periods(ROWS, date(2016, 4, 1), date(2016, 5, 1)).direction == "down"
    assert compare_periods(ROWS, date(2017, 4, 1), date(2017, 5, 1)).direction == "unknown"


def test_targets_know_their_indicator_and_whether_they_are_met():
    assert indicator_for_target("%", "Tỷ lệ hồ sơ trực tuyến đạt 10%") == "online_rate"
    assert indicator_for_target("% hồ sơ đúng hạn") == "on_time_rate"
    assert indicator_for_target("%", "thanh toán trực tuyến") == "payment_rate"
    assert indicator_for_target("dịch vụ", "đạt 250 dịch vụ mức độ 4") == "level4"
    assert indicator_for_target("dịch vụ mức độ 3") == "level3"
    assert indicator_for_target("người", "tập huấn 120 người") is None
    met = target_against("online_rate", Decimal("10"), "%", Decimal("12.50"))
    assert met.met is True
    assert target_against("online_rate", Decimal("10"), "%", Decimal("9.99")).met is False
    assert target_against("online_rate", Decimal("10"), "%", None).met is None
