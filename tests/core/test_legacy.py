"""Legacy Vietnamese encodings (TCVN3, VNI) -> Unicode."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach.core import legacy

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
LOWER = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
ALL_LETTERS = LOWER + [ch.upper() for ch in LOWER]


@pytest.mark.parametrize(
    ("encoding", "legacy_text", "unicode_text"),
    [
        ("tcvn3", "Së Th«ng tin vµ TruyÒn th«ng", "Sở Thông tin và Truyền thông"),
        ("tcvn3", "Ph¸t thanh - TruyÒn h×nh", "Phát thanh - Truyền hình"),
        ("tcvn3", "\u00a7µi Tr\u00adêng", "Đài Trường"),
        ("vni", "Sôû Thoâng tin vaø Truyeàn thoâng", "Sở Thông tin và Truyền thông"),
        ("vni", "Ñaøi Phaùt thanh", "Đài Phát thanh"),
        ("vni", "NAÜNG, naüng, ñaúng, kî", "NẴNG, nẵng, đẳng, kỵ"),
    ],
)
def test_it_converts_known_words(encoding, legacy_text, unicode_text):
    assert legacy.decode(legacy_text, encoding) == unicode_text


def test_it_brings_text_in_an_uppercase_tcvn3_font_back_upper_case():
    typed = legacy.encode("kế hoạch tuyên truyền", legacy.TCVN3)
    assert legacy.decode(typed, legacy.TCVN3, uppercase=True) == "KẾ HOẠCH TUYÊN TRUYỀN"


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", ("tcvn3", False)),
        (".VnTimeH", ("tcvn3", True)),
        (".VnArial NarrowH", ("tcvn3", True)),
        (".VnArial", ("tcvn3", False)),
        ("VNI-Times", ("vni", False)),
        ("VNI-Helve", ("vni", False)),
        ("Times New Roman", None),
        (None, None),
    ],
)
def test_it_tells_the_encoding_from_the_font_name(font, expected):
    assert legacy.font_encoding(font) == expected


@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
def test_every_vietnamese_letter_has_a_code_and_comes_back(encoding):
    for letter in ALL_LETTERS:
        runs = legacy.encode_runs(letter, encoding)
        back = "".join(legacy.decode(code, encoding, uppercase=upper) for code, upper in runs)
        assert back == letter, (encoding, letter, runs)


@given(
    st.text(alphabet=st.sampled_from(ALL_LETTERS + list(" .,-0123456789ABCXYZbcdg")), max_size=80)
)
def test_vni_round_trips_any_vietnamese_text(text):
    assert legacy.decode(legacy.encode(text, legacy.VNI), legacy.VNI) == text


@given(st.text(alphabet=st.sampled_from(LOWER + list(" .,-0123456789ABCXYZbcdg")), max_size=80))
def test_tcvn3_round_trips_text_without_upper_case_accented_letters(text):
    assert legacy.decode(legacy.encode(text, legacy.TCVN3), legacy.TCVN3) == text


@given(st.text(max_size=200))
def test_decoding_never_fails_on_any_text(text):
    for encoding in legacy.ENCODINGS:
        assert isinstance(legacy.decode(text, encoding), str)


def test_plain_tcvn3_lines_in_capitals_come_back_upper_case():
    original = "I. MỤC TIÊU, SỰ CẦN THIẾT\nSở Thông tin"
    typed = legacy.encode(original, legacy.TCVN3)
    assert legacy.restore_case(typed, legacy.decode(typed, legacy.TCVN3)) == original


def test_the_tables_name_their_source():
    for encoding in legacy.ENCODINGS:
        assert "cross-checked" in legacy.source(encoding).lower()
