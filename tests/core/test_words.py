"""Amounts of đồng in Vietnamese words, both ways (kehoach.core.words)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kehoach.core.words import (
    MAX_AMOUNT,
    WordsError,
    WordsStyle,
    amount_to_words,
    words_to_amount,
)

# Hand-checked against the official reading rules: groups of three digits,
# zero groups skipped, every later group read with all three digits
# ("không trăm"), linh for a zero tens digit, mốt/tư/lăm after "mươi",
# lăm after "mười". Written without the leading capital and the currency word.
TABLE: list[tuple[int, str]] = [
    (0, "không"),
    (1, "một"),
    (2, "hai"),
    (3, "ba"),
    (4, "bốn"),
    (5, "năm"),
    (6, "sáu"),
    (7, "bảy"),
    (8, "tám"),
    (9, "chín"),
    (10, "mười"),
    (11, "mười một"),
    (12, "mười hai"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (16, "mười sáu"),
    (19, "mười chín"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (22, "hai mươi hai"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (27, "hai mươi bảy"),
    (30, "ba mươi"),
    (31, "ba mươi mốt"),
    (34, "ba mươi tư"),
    (35, "ba mươi lăm"),
    (41, "bốn mươi mốt"),
    (44, "bốn mươi tư"),
    (45, "bốn mươi lăm"),
    (50, "năm mươi"),
    (51, "năm mươi mốt"),
    (54, "năm mươi tư"),
    (55, "năm mươi lăm"),
    (61, "sáu mươi mốt"),
    (70, "bảy mươi"),
    (74, "bảy mươi tư"),
    (75, "bảy mươi lăm"),
    (81, "tám mươi mốt"),
    (88, "tám mươi tám"),
    (90, "chín mươi"),
    (91, "chín mươi mốt"),
    (94, "chín mươi tư"),
    (95, "chín mươi lăm"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (109, "một trăm linh chín"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (114, "một trăm mười bốn"),
    (115, "một trăm mười lăm"),
    (120, "một trăm hai mươi"),
    (121, "một trăm hai mươi mốt"),
    (124, "một trăm hai mươi tư"),
    (125, "một trăm hai mươi lăm"),
    (200, "hai trăm"),
    (305, "ba trăm linh năm"),
    (999, "chín trăm chín mươi chín"),
    (1_000, "một nghìn"),
    (1_001, "một nghìn không trăm linh một"),
    (1_004, "một nghìn không trăm linh bốn"),
    (1_005, "một nghìn không trăm linh năm"),
    (1_010, "một nghìn không trăm mười"),
    (1_015, "một nghìn không trăm mười lăm"),
    (1_021, "một nghìn không trăm hai mươi mốt"),
    (1_100, "một nghìn một trăm"),
    (1_105, "một nghìn một trăm linh năm"),
    (1_234, "một nghìn hai trăm ba mươi tư"),
    (2_024, "hai nghìn không trăm hai mươi tư"),
    (10_000, "mười nghìn"),
    (10_005, "mười nghìn không trăm linh năm"),
    (15_000, "mười lăm nghìn"),
    (21_000, "hai mươi mốt nghìn"),
    (24_000, "hai mươi tư nghìn"),
    (100_000, "một trăm nghìn"),
    (105_000, "một trăm linh năm nghìn"),
    (500_000, "năm trăm nghìn"),
    (1_000_000, "một triệu"),
    (1_000_001, "một triệu không trăm linh một"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (1_500_000, "một triệu năm trăm nghìn"),
    (2_050_000, "hai triệu không trăm năm mươi nghìn"),
    (12_345_678, "mười hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám"),
    (188_500_000, "một trăm tám mươi tám triệu năm trăm nghìn"),
    (10**9, "một tỷ"),
    (1_000_000_001, "một tỷ không trăm linh một"),
    (1_000_005_000, "một tỷ không trăm linh năm nghìn"),
    (1_001_000_000, "một tỷ không trăm linh một triệu"),
    (1_500_000_000, "một tỷ năm trăm triệu"),
    (21_000_000_000, "hai mươi mốt tỷ"),
    (10**12, "một nghìn tỷ"),
    (10**12 + 1, "một nghìn tỷ không trăm linh một"),
    (1_005_000_000_000, "một nghìn không trăm linh năm tỷ"),
    (10**15, "một triệu tỷ"),
    (10**15 + 5, "một triệu tỷ không trăm linh năm"),
    (2_300_000 * 10**9, "hai triệu ba trăm nghìn tỷ"),
    (
        1_234_567_890_123_456,
        "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy tỷ"
        " tám trăm chín mươi triệu một trăm hai mươi ba nghìn bốn trăm năm mươi sáu",
    ),
    (
        10**18 - 1,
        "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ"
        " chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín",
    ),
]


def _official(words: str) -> str:
    """The default style's full text: capital first letter and "đồng"."""
    return f"{words[0].upper()}{words[1:]} đồng"


def test_the_table_has_at_least_seventy_distinct_amounts() -> None:
    amounts = [amount for amount, _ in TABLE]
    assert len(amounts) >= 70
    assert len(set(amounts)) == len(amounts)


@pytest.mark.parametrize(("amount", "words"), TABLE, ids=[str(n) for n, _ in TABLE])
def test_it_writes_each_table_amount_in_official_words(amount: int, words: str) -> None:
    assert amount_to_words(amount) == _official(words)


@pytest.mark.parametrize(("amount", "words"), TABLE, ids=[str(n) for n, _ in TABLE])
def test_it_reads_each_table_amount_back_from_words(amount: int, words: str) -> None:
    assert words_to_amount(_official(words)) == amount
    assert words_to_amount(words) == amount


def test_it_reads_188500000_as_in_the_brief() -> None:
    assert amount_to_words(188_500_000) == "Một trăm tám mươi tám triệu năm trăm nghìn đồng"


def test_it_reads_zero_as_khong_dong() -> None:
    assert amount_to_words(0) == "Không đồng"
    assert words_to_amount("Không đồng") == 0


def test_it_reads_1015_with_khong_tram() -> None:
    assert amount_to_words(1015) == "Một nghìn không trăm mười lăm đồng"


def test_it_skips_a_group_that_is_entirely_zero() -> None:
    assert amount_to_words(1_000_000) == "Một triệu đồng"
    assert amount_to_words(1_000_000_001) == "Một tỷ không trăm linh một đồng"


def test_it_reads_the_part_below_ty_as_non_leading() -> None:
    assert amount_to_words(1_000_005_000) == "Một tỷ không trăm linh năm nghìn đồng"


def test_it_reads_the_part_above_ty_recursively() -> None:
    assert amount_to_words(10**12) == "Một nghìn tỷ đồng"
    assert amount_to_words(10**15) == "Một triệu tỷ đồng"


def test_it_prefixes_a_negative_amount_with_am() -> None:
    assert amount_to_words(-100) == "Âm một trăm đồng"
    assert amount_to_words(-100, capitalize=False) == "âm một trăm đồng"
    assert words_to_amount("Âm một trăm đồng") == -100
    assert words_to_amount("Bằng chữ: âm hai mươi mốt nghìn đồng") == -21_000


def test_it_leaves_the_first_letter_alone_when_not_capitalizing() -> None:
    assert amount_to_words(105, capitalize=False) == "một trăm linh năm đồng"


def test_it_accepts_a_whole_decimal() -> None:
    assert amount_to_words(Decimal("188500000")) == amount_to_words(188_500_000)
    assert amount_to_words(Decimal("1500.00")) == "Một nghìn năm trăm đồng"
    assert amount_to_words(Decimal("1E+3")) == "Một nghìn đồng"
    assert amount_to_words(Decimal("-5")) == "Âm năm đồng"


def test_it_supports_amounts_up_to_ten_to_the_eighteen_minus_one() -> None:
    assert MAX_AMOUNT == 10**18 - 1
    assert words_to_amount(amount_to_words(MAX_AMOUNT)) == MAX_AMOUNT
    assert words_to_amount(amount_to_words(-MAX_AMOUNT)) == -MAX_AMOUNT


# --- style variants -------------------------------------------------------

STYLE_CASES: list[tuple[WordsStyle, int, str]] = [
    (WordsStyle(thousand="ngàn"), 1_005_000, "Một triệu không trăm linh năm ngàn đồng"),
    (WordsStyle(thousand="ngàn"), 10**12, "Một ngàn tỷ đồng"),
    (WordsStyle(zero_tens="lẻ"), 105, "Một trăm lẻ năm đồng"),
    (WordsStyle(zero_tens="lẻ"), 1_001, "Một nghìn không trăm lẻ một đồng"),
    (WordsStyle(four="bốn"), 24, "Hai mươi bốn đồng"),
    (WordsStyle(four="bốn"), 14, "Mười bốn đồng"),
    (WordsStyle(four="bốn"), 104, "Một trăm linh bốn đồng"),
    (WordsStyle(four="tư"), 14, "Mười bốn đồng"),
    (WordsStyle(four="tư"), 104, "Một trăm linh bốn đồng"),
    (WordsStyle(billion="tỉ"), 10**12, "Một nghìn tỉ đồng"),
    (WordsStyle(billion="tỉ"), 1_000_000_001, "Một tỉ không trăm linh một đồng"),
    (WordsStyle(even=True), 188_500_000, "Một trăm tám mươi tám triệu năm trăm nghìn đồng chẵn"),
    (WordsStyle(currency=""), 105, "Một trăm linh năm"),
    (WordsStyle(currency=""), 0, "Không"),
    (WordsStyle(currency="", even=True), 100, "Một trăm chẵn"),
    (
        WordsStyle(thousand="ngàn", zero_tens="lẻ", four="bốn", billion="tỉ", even=True),
        1_024_005_104,
        "Một tỉ không trăm hai mươi bốn triệu không trăm lẻ năm ngàn một trăm lẻ bốn đồng chẵn",
    ),
]


@pytest.mark.parametrize(("style", "amount", "words"), STYLE_CASES)
def test_it_writes_each_style_variant(style: WordsStyle, amount: int, words: str) -> None:
    assert amount_to_words(amount, style) == words


@pytest.mark.parametrize(("style", "amount", "words"), STYLE_CASES)
def test_it_reads_each_style_variant_back(style: WordsStyle, amount: int, words: str) -> None:
    assert words_to_amount(words) == amount


def test_it_rejects_an_unknown_style_choice() -> None:
    with pytest.raises(ValueError, match="thousand"):
        WordsStyle(thousand="ngìn")
    with pytest.raises(ValueError, match="billion"):
        WordsStyle(billion="ty")


def test_it_normalises_a_decomposed_style_to_nfc() -> None:
    style = WordsStyle(thousand=unicodedata.normalize("NFD", "ngàn"))
    assert amount_to_words(1000, style) == "Một ngàn đồng"


# --- reading tolerance ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("(Bằng chữ: Một tỷ không trăm linh năm nghìn đồng chẵn./.)", 1_000_005_000),
        ("Bằng chữ: Một trăm tám mươi tám triệu năm trăm nghìn đồng", 188_500_000),
        ("Số tiền bằng chữ: mười lăm nghìn đồng", 15_000),
        ("  MỘT   trăm   LẺ   tư   VNĐ  ", 104),
        ("một trăm linh tư", 104),
        ("hai mươi bốn", 24),
        ("hai mươi một", 21),
        ("hai mươi nhăm", 25),
        ("hai mươi năm", 25),
        ("mười năm", 15),
        ("một ngàn tỉ", 10**12),
        ("hai triệu ba trăm nghìn tỷ", 2_300_000 * 10**9),
        ("một nghìn tỷ không trăm linh một", 10**12 + 1),
        ("Năm trăm nghìn đồng Việt Nam", 500_000),
        ("năm trăm nghìn VND.", 500_000),
        ("bảy mươi bẩy", 77),
        ("một nghìn linh năm", 1_005),
        ("mười hai triệu, ba trăm nghìn đồng", 12_300_000),
    ],
)
def test_it_tolerates_the_usual_ways_of_writing_an_amount(text: str, amount: int) -> None:
    assert words_to_amount(text) == amount


def test_it_reads_decomposed_unicode() -> None:
    text = unicodedata.normalize("NFD", "Một nghìn không trăm mười lăm đồng chẵn")
    assert text != unicodedata.normalize("NFC", text)
    assert words_to_amount(text) == 1_015


# --- errors -----------------------------------------------------------------


def test_a_float_raises_type_error() -> None:
    with pytest.raises(TypeError, match="float"):
        amount_to_words(1.0)  # type: ignore[arg-type]


def test_a_bool_or_string_raises_type_error() -> None:
    with pytest.raises(TypeError):
        amount_to_words(True)
    with pytest.raises(TypeError):
        amount_to_words("100")  # type: ignore[arg-type]


def test_a_decimal_with_a_fraction_raises_value_error() -> None:
    with pytest.raises(ValueError, match="whole"):
        amount_to_words(Decimal("1.5"))


def test_a_decimal_nan_or_infinity_raises_value_error() -> None:
    with pytest.raises(ValueError):
        amount_to_words(Decimal("NaN"))
    with pytest.raises(ValueError):
        amount_to_words(Decimal("Infinity"))


def test_an_amount_beyond_the_limit_raises_value_error() -> None:
    with pytest.raises(ValueError, match="range"):
        amount_to_words(10**18)
    with pytest.raises(ValueError, match="range"):
        amount_to_words(-(10**18))


def test_words_error_is_a_value_error() -> None:
    assert issubclass(WordsError, ValueError)


def test_garbage_text_raises_words_error_naming_the_word() -> None:
    with pytest.raises(WordsError) as caught:
        words_to_amount("một trăm xyz đồng")
    assert caught.value.text("vi") == "Không hiểu từ 'xyz' trong số tiền bằng chữ"
    assert caught.value.text("en") == "Unknown word 'xyz' in the amount in words"
    assert caught.value.word == "xyz"


def test_digits_in_the_text_are_not_words() -> None:
    with pytest.raises(WordsError, match="'100'"):
        words_to_amount("100 đồng")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("trăm trăm", "trăm"),
        ("một trăm trăm", "trăm"),
        ("mươi", "mươi"),
        ("mươi lăm", "mươi"),
        ("một mươi", "mươi"),
        ("không mươi", "mươi"),
        ("nghìn", "nghìn"),
        ("một triệu nghìn", "nghìn"),
        ("một nghìn nghìn", "nghìn"),
        ("một tỷ hai tỷ", "tỷ"),
        ("một tỷ hai nghìn tỷ", "tỷ"),
        ("một trăm năm", "năm"),
        ("một nghìn năm", "năm"),
        ("một triệu hai", "hai"),
        ("hai mươi không", "không"),
        ("một trăm linh", "linh"),
        ("một trăm linh không", "linh"),
        ("linh năm", "linh"),
        ("tư", "tư"),
        ("lăm trăm", "lăm"),
        ("hai ba", "ba"),
        ("không không", "không"),
        ("không trăm", "trăm"),
        ("một nghìn không", "không"),
        ("một đồng trăm", "đồng"),
        ("Bằng chữ", None),
        ("Âm", None),
        ("đồng chẵn", None),
    ],
)
def test_an_invalid_sequence_raises_words_error_naming_the_word(
    text: str, word: str | None
) -> None:
    with pytest.raises(WordsError) as caught:
        words_to_amount(text)
    assert caught.value.word == word
    if word is not None:
        assert f"'{word}'" in str(caught.value)


@pytest.mark.parametrize("text", ["", "   ", "./.", "(Bằng chữ: )"])
def test_empty_text_raises_words_error(text: str) -> None:
    with pytest.raises(WordsError, match="no amount in words"):
        words_to_amount(text)


def test_an_amount_in_words_beyond_the_limit_raises_words_error() -> None:
    with pytest.raises(WordsError, match="limit"):
        words_to_amount("một nghìn triệu tỷ")


# --- properties -------------------------------------------------------------

styles = st.builds(
    WordsStyle,
    thousand=st.sampled_from(["nghìn", "ngàn"]),
    zero_tens=st.sampled_from(["linh", "lẻ"]),
    four=st.sampled_from(["tư", "bốn"]),
    billion=st.sampled_from(["tỷ", "tỉ"]),
    even=st.booleans(),
    currency=st.sampled_from(["đồng", ""]),
)


@given(amount=st.integers(min_value=0, max_value=10**15), style=styles, capitalize=st.booleans())
def test_words_round_trip_through_the_number_for_any_style(
    amount: int, style: WordsStyle, capitalize: bool
) -> None:
    words = amount_to_words(amount, style, capitalize=capitalize)
    assert words_to_amount(words) == amount
    assert amount_to_words(words_to_amount(words), style, capitalize=capitalize) == words


@given(amount=st.integers(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT), style=styles)
def test_every_supported_amount_round_trips(amount: int, style: WordsStyle) -> None:
    assert words_to_amount(amount_to_words(amount, style)) == amount


@given(amount=st.integers(min_value=0, max_value=10**15), style=styles)
def test_decomposed_words_read_the_same(amount: int, style: WordsStyle) -> None:
    words = amount_to_words(amount, style)
    assert words_to_amount(unicodedata.normalize("NFD", words).upper()) == amount


@given(
    first=st.integers(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT),
    second=st.integers(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT),
)
def test_two_different_amounts_never_read_the_same(first: int, second: int) -> None:
    assume(first != second)
    assert amount_to_words(first) != amount_to_words(second)


@given(amount=st.integers(min_value=0, max_value=10**15), delta=st.integers(1, 1_000_000))
def test_nearby_amounts_never_read_the_same(amount: int, delta: int) -> None:
    assert amount_to_words(amount) != amount_to_words(amount + delta)


def _reads_or_raises_words_error(text: str) -> None:
    try:
        amount = words_to_amount(text)
    except WordsError:
        return
    assert isinstance(amount, int)
    assert -MAX_AMOUNT <= amount <= MAX_AMOUNT


@given(text=st.text())
def test_arbitrary_text_raises_nothing_but_words_error(text: str) -> None:
    _reads_or_raises_words_error(text)


VOCABULARY = [
    *["không", "một", "mốt", "hai", "ba", "bốn", "tư", "năm", "lăm", "nhăm"],
    *["sáu", "bảy", "bẩy", "tám", "chín", "mười", "mươi", "trăm", "linh", "lẻ"],
    *["nghìn", "ngàn", "triệu", "tỷ", "tỉ"],
    *["đồng", "chẵn", "VNĐ", "Âm", "Bằng", "chữ:", "Việt", "Nam", "./.", "(", ")", "xyz"],
]


@given(words=st.lists(st.sampled_from(VOCABULARY), max_size=12))
def test_any_sequence_of_number_words_raises_nothing_but_words_error(words: list[str]) -> None:
    _reads_or_raises_words_error(" ".join(words))


@given(words=st.lists(st.sampled_from(VOCABULARY), max_size=12))
def test_whatever_reads_writes_back_to_a_reading_of_the_same_amount(words: list[str]) -> None:
    try:
        amount = words_to_amount(" ".join(words))
    except WordsError:
        return
    assert words_to_amount(amount_to_words(amount)) == amount
