"""Honest comparisons (issue 18): coverage stated and a minimum below which nothing is
concluded, the change measured against the pre-campaign trend and, where districts without the
campaign's activities have figures, a difference in differences; charts leave gaps; synthetic
marked per import and period."""

from __future__ import annotations

import math
from datetime import date

import pytest

from kehoach.core.indicators import Figures, Rate, Row, add_months, compare_periods
from kehoach.outcomes.charts import gapped

START = date(2015, 1, 1)
CAMPAIGN = date(2016, 7, 1)
END = date(2017, 1, 1)


def month_row(month: date, online: int, total: int = 1000, district: str = "") -> Row:
    return Row(
        month=month,
        figures=Figures(received_online=online, received_counter=total - online, received_post=0),
        district=district,
    )


def series(rate_at, months=24, district=""):
    return [
        month_row(add_months(START, k), rate_at(k, add_months(START, k)), district=district)
        for k in range(months)
    ]


def test_a_comparison_on_too_few_months_concludes_nothing():
    rows = series(lambda k, m: 100 + 10 * k)
    sparse = [r for r in rows if r.month in (date(2016, 4, 1), date(2016, 8, 1), date(2016, 9, 1))]
    c = compare_periods(sparse, CAMPAIGN, END)
    assert (c.baseline_months, c.campaign_months, c.months) == (1, 2, 6)
    assert not c.conclusive and c.difference_points() is None and c.direction == "unknown"
    assert c.raw_difference is not None  # kept, but not offered as a conclusion
    full = compare_periods(rows, CAMPAIGN, END)
    assert full.conclusive and full.direction == "up"


def test_a_rise_that_is_only_the_trend_is_measured_as_nothing_against_the_trend():
    rows = series(lambda k, m: 100 + 5 * k)  # +0,5 point a month, no campaign effect
    c = compare_periods(rows, CAMPAIGN, END)
    assert c.difference_points() == pytest.approx(3)  # what a before/after would call a rise
    assert c.versus_trend_points() == 0 and c.trend_points == 18


def test_the_difference_in_differences_removes_what_every_district_shared():
    def treated(k, m):
        return 200 + 5 * k + (100 if m >= CAMPAIGN else 0)

    rows = series(treated, district="Chợ Gạo") + series(
        lambda k, m: 200 + 5 * k, district="Gò Công"
    )
    c = compare_periods(rows, CAMPAIGN, END, treated=["Chợ Gạo"])
    assert c.did_points() == 10
    assert compare_periods(rows, CAMPAIGN, END).did is None


def test_a_chart_leaves_a_gap_where_a_month_has_no_figures():
    points = [
        (date(2016, 1, 1), Rate(1, 4)),
        (date(2016, 4, 1), Rate(1, 2)),
        (date(2016, 5, 1), Rate(0, 0)),
    ]
    xs, ys = gapped(points)
    assert xs == [date(2016, m, 1) for m in (1, 2, 3, 4, 5)]
    assert ys[0] == 25 and ys[3] == 50
    assert math.isnan(ys[1]) and math.isnan(ys[2]) and math.isnan(ys[4])


@pytest.mark.django_db
def test_synthetic_is_marked_per_import_and_period_not_per_organisation(demo):
    from kehoach.accounts.models import Organisation
    from kehoach.outcomes import selectors, services

    org = Organisation.objects.get(code="AG-STTTT")
    header = "Tháng,Đơn vị,Trực tuyến,Trực tiếp,Bưu chính\n"
    made_up = (header + "01/2018,Sở Y tế,1,9,0\n02/2018,Sở Y tế,1,9,0\n").encode()
    services.stats_import(
        user=None, organisation=org, filename="s.csv", content=made_up, synthetic=True
    )
    assert selectors.synthetic_periods(org) == ["2018-01", "2018-02"]
    real = (header + "02/2018,Sở Y tế,3,7,0\n").encode()
    services.stats_import(user=None, organisation=org, filename="r.csv", content=real)
    assert selectors.synthetic_periods(org) == ["2018-01"]
