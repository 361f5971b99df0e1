"""The money of a contract's lines (execution.selectors.line_money): plain values in, plain
values out, no database."""

from __future__ import annotations

from decimal import Decimal as D

from kehoach.execution.selectors import line_money


def test_an_advance_goes_to_the_lines_by_their_amounts_while_nothing_is_accepted():
    money = line_money(D(100), [(D(300), 0, 3), (D(100), 0, 1)])
    assert money == [(D(0), D(75)), (D(0), D(25))]


def test_payments_follow_what_is_accepted_once_something_is():
    # 1 of 3 deliverables accepted on the first line (100 of 300), the second line all (100).
    money = line_money(D(150), [(D(300), 1, 3), (D(100), 1, 1)])
    assert money == [(D(100), D(75)), (D(100), D(75))]


def test_a_line_with_nothing_accepted_gets_no_payment_when_another_has_some():
    money = line_money(D(200), [(D(500), 0, 5), (D(200), 2, 2)])
    assert money == [(D(0), D(0)), (D(200), D(200))]


def test_the_shares_are_whole_dong_and_add_up_exactly():
    money = line_money(D(100), [(D(10), 0, 1), (D(10), 0, 1), (D(10), 0, 1)])
    shares = [paid for _accepted, paid in money]
    assert shares == [D(34), D(33), D(33)] and sum(shares) == D(100)


def test_a_contract_without_lines_has_no_money_per_line():
    assert line_money(D(0), []) == []
