import unicodedata

from kehoach.core.text import fold, name_key, nfc, spelling_key


def test_it_folds_diacritics_case_and_d_bar():
    assert fold("Đăng ký kinh doanh") == "dang ky kinh doanh"
    assert fold("ẤP BẮC") == fold("Ấp Bắc") == "ap bac"


def test_it_folds_decomposed_text_like_composed_text():
    decomposed = unicodedata.normalize("NFD", "Tiền Giang")
    assert fold(decomposed) == fold("Tiền Giang")
    assert nfc(decomposed) == "Tiền Giang"


def test_name_keys_ignore_dashes_and_punctuation_but_spelling_keys_keep_marks():
    assert name_key("Đài Phát thanh – Truyền hình") == name_key("Đài Phát thanh-truyền hình")
    assert spelling_key("Ấp Bắc") != spelling_key("Áp Bắc")
    assert name_key("Ấp Bắc") == name_key("Áp Bắc")
