from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach.core.money import (
    NumberFormatError,
    NumberStyle,
    format_quantity,
    format_vnd,
    leading_number,
    parse_amount,
    parse_number,
    round_vnd,
)


@pytest.mark.parametrize(
    ("text", "value", "style"),
    [
        ("1,500,000", Decimal(1500000), NumberStyle.COMMA_GROUPED),
        ("3.000.000", Decimal(3000000), NumberStyle.DOT_GROUPED),
        ("400000", Decimal(400000), NumberStyle.PLAIN),
        ("188.500.000 đồng", Decimal(188500000), NumberStyle.DOT_GROUPED),
        ("**188.500.000 đồng**", Decimal(188500000), NumberStyle.DOT_GROUPED),
        ("12.000 đ", Decimal(12000), NumberStyle.DOT_GROUPED),
        ("1,5", Decimal("1.5"), NumberStyle.SMALL),
        ("0.75", Decimal("0.75"), NumberStyle.SMALL),
        ("3.000", Decimal(3000), NumberStyle.DOT_GROUPED),
        ("1.234.567,5", Decimal("1234567.5"), NumberStyle.DOT_GROUPED),
        ("1,234,567.5", Decimal("1234567.5"), NumberStyle.COMMA_GROUPED),
        ("02", Decimal(2), NumberStyle.SMALL),
        ("1 500 000", Decimal(1500000), NumberStyle.PLAIN),
        ("-5.000", Decimal(-5000), NumberStyle.DOT_GROUPED),
    ],
)
def test_it_reads_the_number_forms_real_documents_use(text, value, style):
    parsed = parse_number(text)
    assert parsed.value == value
    assert parsed.style == style


@pytest.mark.parametrize("text", ["", "abc", "1,50,000", "1.5.00", "12a", "--", "1,,5", "đồng"])
def test_it_refuses_malformed_numbers_with_a_message(text):
    with pytest.raises(NumberFormatError) as info:
        parse_number(text)
    # one message, said in one language at a time (issue 24)
    vietnamese, english = info.value.text("vi"), info.value.text("en")
    assert "số" in vietnamese.lower() and "number" in english.lower()
    assert " / " not in vietnamese and " / " not in english


def test_it_reads_a_decimal_comma_in_a_duration():
    assert leading_number("1,5 phút") == Decimal("1.5")
    assert leading_number("2 trang 4 màu") == Decimal(2)
    assert leading_number("phút") is None


def test_it_refuses_an_amount_with_a_fraction_of_a_dong():
    with pytest.raises(NumberFormatError):
        parse_amount("1.234,5")


def test_it_formats_money_with_dots():
    assert format_vnd(188500000) == "188.500.000"
    assert format_vnd(Decimal(0)) == "0"
    assert format_vnd(999) == "999"
    assert format_vnd(-1500) == "-1.500"


def test_it_formats_quantities_with_a_decimal_comma():
    assert format_quantity(Decimal("1.5")) == "1,5"
    assert format_quantity(Decimal(1000)) == "1.000"
    assert format_quantity(Decimal("2.50")) == "2,5"


def test_it_refuses_floats_wherever_money_is_handled():
    with pytest.raises(TypeError):
        format_vnd(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        round_vnd(0.1)  # type: ignore[arg-type]


def test_it_refuses_to_display_a_figure_that_is_not_whole_dong():
    with pytest.raises(ValueError):
        format_vnd(Decimal("10.5"))


def test_it_rounds_half_up_to_whole_dong():
    assert round_vnd(Decimal("0.5")) == 1
    assert round_vnd(Decimal("1.49")) == 1
    assert round_vnd(Decimal("2.5")) == 3
    assert round_vnd(Decimal("-2.5")) == -3


@given(st.integers(min_value=0, max_value=10**15))
def test_formatted_amounts_read_back_to_the_same_value(n):
    assert parse_number(format_vnd(n)).value == n
