import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kehoach.core.text import fold, search_key, spelling_key, tone_placement


def test_it_moves_the_tone_of_open_oa_oe_uy_syllables_to_the_first_vowel():
    assert tone_placement("hoà giải") == "hòa giải"
    assert tone_placement("Đường thuỷ nội địa") == "Đường thủy nội địa"
    assert tone_placement("Uỷ ban nhân dân") == "Ủy ban nhân dân"
    assert tone_placement("UỶ BAN") == "ỦY BAN"
    assert tone_placement("khoẻ mạnh, toà án, loã") == "khỏe mạnh, tòa án, lõa"


def test_it_leaves_syllables_that_everyone_writes_one_way():
    for text in ("hoàng", "thuyền", "quý", "quỳ", "khuỷu", "hòa", "thủy", "hoa", "tuy", "Hóa"):
        assert tone_placement(text) == text


def test_decomposed_input_gives_the_same_placement():
    assert tone_placement(unicodedata.normalize("NFD", "thuỷ")) == "thủy"


def test_both_placements_then_have_one_spelling():
    assert spelling_key(tone_placement("Hoà Bình")) == spelling_key(tone_placement("Hòa Bình"))


def test_search_key_ignores_marks_case_placement_and_punctuation():
    key = search_key("Đăng ký kinh doanh")
    for typed in (
        "dang ky kinh doanh",
        "DANG KY KINH DOANH",
        "đăng  ký kinh-doanh",
        "Đăng Ký Kinh Doanh",
    ):
        assert search_key(typed) == key
    assert search_key("Hoà giải") == search_key("hòa giải") == search_key("hoa giai")
    assert search_key("Thuỷ lợi.") == search_key("thủy lợi") == "thuy loi"


@given(st.text())
def test_tone_placement_is_idempotent_and_invisible_to_fold(text):
    placed = tone_placement(text)
    assert tone_placement(placed) == placed
    assert fold(placed) == fold(text)


@given(st.text(alphabet="aăâeêioôơuưyAĐđhkgnqtờòóỏõọàáảãạèéẻẽẹùúủũụỳýỷỹỵ \u0300\u0301"))
def test_search_key_of_text_equals_that_of_its_placements(text):
    assert search_key(text) == search_key(tone_placement(text))
