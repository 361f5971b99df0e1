"""Checks on outcomes, pure: the stated baseline against the catalogue, parts that do not add
up, a stated percentage that cannot be reproduced, a month missing; levels over time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kehoach.core.checks.outcomes import StatRow, check_baseline, check_statistics
from kehoach.core.indicators import Figures
from kehoach.core.outcomes import (
    LevelPeriod,
    RoadmapTarget,
    ServiceRecord,
    count_catalogue,
    parse_level,
    parse_stated_baseline,
    roadmap_supply,
)

DAY = date(2016, 7, 21)


def service(code: str, *levels: tuple[str, date, date | None], agency="Sở A", field="F"):
    return ServiceRecord(
        code, code, field, agency, tuple(LevelPeriod(lv, a, b) for lv, a, b in levels)
    )


def test_the_sample_plan_states_209_services_of_which_30_at_level_4(sample_text):
    stated = parse_stated_baseline(sample_text)
    assert stated is not None
    assert (stated.level3_or_above, stated.level4) == (209, 30)
    assert "209 dịch vụ" in stated.quote


def test_levels_are_read_as_portals_write_them():
    assert parse_level("Mức độ 3") == "3"
    assert parse_level("MỨC ĐỘ 4") == "4"
    assert parse_level("4") == "4"
    assert parse_level("DVC trực tuyến toàn trình") == "full"
    assert parse_level("Một phần") == "partial"
    assert parse_level("cao") is None


def test_counts_at_a_date_follow_each_services_history():
    start = date(2015, 1, 1)
    services = [
        service("A", ("3", start, date(2016, 3, 1)), ("4", date(2016, 3, 1), None)),
        service("B", ("2", start, date(2016, 9, 1)), ("3", date(2016, 9, 1), None), field="G"),
        service("C", ("3", start, None), agency="Sở B"),
        service("D", ("full", date(2022, 8, 1), None)),
    ]
    on_day = count_catalogue(services, DAY)
    assert (on_day.level3_or_above, on_day.level4, on_day.total) == (2, 1, 3)
    assert on_day.by_level == {"4": 1, "2": 1, "3": 1}
    assert on_day.by_agency == {"Sở A": 2, "Sở B": 1}
    later = count_catalogue(services, date(2023, 1, 1))
    assert (later.level3_or_above, later.level4) == (4, 2)  # toàn trình counts as level 4
    assert count_catalogue(services, date(2016, 2, 29)).level4 == 0


def test_the_roadmap_is_met_when_the_level_is_reached_by_the_due_date():
    services = [
        service("B", ("2", date(2015, 1, 1), date(2016, 9, 1)), ("3", date(2016, 9, 1), None))
    ]
    results = roadmap_supply(
        services,
        [
            RoadmapTarget("B", "B", "3", date(2016, 12, 31)),
            RoadmapTarget("B", "B", "4", date(2016, 12, 31)),
            RoadmapTarget("Z", "Z", "3", date(2016, 12, 31)),
        ],
    )
    assert [(r.met, r.known) for r in results] == [(True, True), (False, True), (False, False)]


def test_a_baseline_that_differs_from_the_catalogue_is_a_finding(sample_text):
    stated = parse_stated_baseline(sample_text)
    start = date(2015, 1, 1)
    services = [service(f"S{i}", ("3", start, None)) for i in range(200)]
    services += [service(f"T{i}", ("4", start, None)) for i in range(25)]
    findings = check_baseline(stated, count_catalogue(services, DAY))
    assert [f.code for f in findings] == ["BASELINE_MISMATCH", "BASELINE_MISMATCH"]
    assert "209" in findings[0].message_vi and "225" in findings[0].message_vi
    assert findings[1].data == {"figure": "level4", "stated": 30, "catalogue": 25, "on": str(DAY)}


def test_a_baseline_that_agrees_gives_no_finding(sample_text):
    stated = parse_stated_baseline(sample_text)
    start = date(2015, 1, 1)
    services = [service(f"S{i}", ("3", start, None)) for i in range(179)]
    services += [service(f"T{i}", ("4", start, None)) for i in range(30)]
    assert check_baseline(stated, count_catalogue(services, DAY)) == []


def row(month, **kw):
    figures = kw.pop("figures", Figures(10, 30, 0, 5, 20, 10, 5, 20, 4))
    return StatRow(month=month, agency=kw.pop("agency", "Sở A"), figures=figures, **kw)


def test_parts_that_do_not_add_up_are_reported_at_their_line():
    findings = check_statistics(
        [
            row(date(2016, 1, 1), stated_received=41, stated_resolved=35, line=7),
            row(date(2016, 2, 1), stated_received=40, stated_resolved=36, line=8),
        ]
    )
    assert [(f.code, f.where.source_line) for f in findings] == [
        ("STATS_CHANNELS_SUM", 7),
        ("STATS_RESOLVED_SUM", 8),
    ]


def test_a_stated_percentage_is_accepted_rounded_or_truncated_and_otherwise_reported():
    ok = [Decimal("25"), Decimal("25.0"), Decimal("25.00")]
    for stated in ok:
        assert check_statistics([row(date(2016, 1, 1), stated_online_rate=stated)]) == []
    thirds = Figures(received_online=1, received_counter=2)
    for stated in (Decimal("33.33"), Decimal("33.3"), Decimal("33")):
        assert (
            check_statistics([row(date(2016, 1, 1), figures=thirds, stated_online_rate=stated)])
            == []
        )
    bad = check_statistics([row(date(2016, 1, 1), stated_online_rate=Decimal("30"), line=9)])
    assert [f.code for f in bad] == ["STATS_RATE_MISMATCH"]
    assert "25,00%" in bad[0].message_vi


def test_a_month_missing_between_two_months_of_an_agency_is_reported():
    findings = check_statistics(
        [row(date(2016, 1, 1)), row(date(2016, 4, 1)), row(date(2016, 2, 1), agency="Sở B")]
    )
    assert [(f.code, f.data["month"]) for f in findings] == [
        ("STATS_MONTH_MISSING", "2016-02-01"),
        ("STATS_MONTH_MISSING", "2016-03-01"),
    ]


def _balance_row(**figures) -> StatRow:
    stated = {k: figures.pop(k) for k in ("stated_received", "stated_resolved") if k in figures}
    return StatRow(
        month=date(2020, 1, 1),
        agency="Sở A",
        figures=Figures(
            **figures,
            received_total=stated.get("stated_received"),
            resolved_total=stated.get("stated_resolved"),
        ),
        line=7,
        source="tệp bc.csv",
        columns={"pending": "K (Đang giải quyết)", "stated_resolved": "G (Đã xử lý)"},
        **stated,
    )


def _codes(row: StatRow) -> list[tuple[str, object]]:
    return [(f.code, f.data.get("difference")) for f in check_statistics([row])]


def test_one_error_of_the_parts_is_reported_once_not_again_as_a_balance():
    # early + on time + late = 95, printed resolved 100; 10 + 100 − 100 = 10 pending holds
    parts_wrong = _balance_row(
        received_online=50, received_counter=50, received_post=0, carried_over=10,
        resolved_early=20, resolved_on_time=70, resolved_late=5, pending=10, stated_resolved=100,
    )  # fmt: skip
    assert _codes(parts_wrong) == [("STATS_RESOLVED_SUM", 5)]
    # the channels add up to 90, the printed received is 100: reported once as well
    channels_wrong = _balance_row(
        received_online=40, received_counter=50, received_post=0, carried_over=10,
        resolved_early=20, resolved_on_time=75, resolved_late=5, pending=10,
        stated_received=100, stated_resolved=100,
    )  # fmt: skip
    assert _codes(channels_wrong) == [("STATS_CHANNELS_SUM", 10)]


def test_the_balance_uses_the_printed_resolved_and_the_parts_only_without_one():
    printed = _balance_row(
        received_online=50, received_counter=50, received_post=0, carried_over=10,
        resolved_early=20, resolved_on_time=70, resolved_late=5, pending=12, stated_resolved=100,
    )  # fmt: skip
    findings = {f.code: f for f in check_statistics([printed])}
    balance = findings["STATS_PENDING_BALANCE"]
    assert (balance.data["resolved"], balance.data["resolved_from"]) == (100, "stated")
    assert (balance.data["expected"], balance.data["difference"]) == (10, 2)
    assert "tệp bc.csv, dòng 7" in balance.message_vi
    assert "cột G (Đã xử lý)" in balance.message_vi and "K (Đang giải quyết)" in balance.message_vi
    assert "STATS_RESOLVED_SUM" in findings  # its own finding, with its own difference
    no_total = _balance_row(
        received_online=50, received_counter=50, received_post=0, carried_over=10,
        resolved_early=20, resolved_on_time=70, resolved_late=5, pending=10,
    )  # fmt: skip
    (balance,) = check_statistics([no_total])
    assert (balance.data["resolved"], balance.data["resolved_from"]) == (95, "parts")
    assert balance.data["difference"] == -5
    assert "trước hạn + đúng hạn + trễ hạn" in balance.message_vi
