"""Search typed without diacritics, in the wrong case or with the other tone placement finds
exactly what the query typed with diacritics finds."""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.test import Client

from kehoach.public import selectors

# (the query as written with diacritics, a service it must find, how else people type it)
QUERIES = [
    (
        "Đăng ký kinh doanh",
        "Đăng ký kinh doanh hộ cá thể",
        ["dang ky kinh doanh", "DANG KY KINH DOANH", "Dang Ky Kinh Doanh"],
    ),
    ("đăng ký khai sinh", "Đăng ký khai sinh", ["dang ky khai sinh", "ĐĂNG KÝ KHAI SINH"]),
    ("kết hôn", "Đăng ký kết hôn", ["ket hon", "KẾT HÔN", "Ket Hon"]),
    ("hòa giải", "Hoà giải tranh chấp đất đai", ["hoà giải", "hoa giai", "HOÀ GIẢI", "Hòa Giải"]),
    (
        "thủy nội địa",
        "Cấp giấy phép hoạt động bến thủy nội địa",
        ["thuỷ nội địa", "thuy noi dia", "THUỶ NỘI ĐỊA"],
    ),
    ("sức khỏe", "Cấp giấy chứng nhận sức khoẻ", ["sức khoẻ", "suc khoe", "SỨC KHỎE"]),
    ("ủy quyền", "Chứng thực hợp đồng uỷ quyền", ["uỷ quyền", "UY QUYEN", "Ủy Quyền"]),
    ("lý lịch tư pháp", "Cấp phiếu lý lịch tư pháp", ["ly lich tu phap", "LY LICH TU PHAP"]),
    ("giấy phép xây dựng", "Cấp giấy phép xây dựng nhà ở riêng lẻ", ["giay phep xay dung"]),
    (
        "quyền sử dụng đất",
        "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        ["quyen su dung dat", "QUYỀN SỬ DỤNG ĐẤT"],
    ),
    ("lái xe", "Đổi giấy phép lái xe", ["lai xe", "LÁI XE", "Lai Xe"]),
    (
        "an toàn thực phẩm",
        "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        ["an toan thuc pham", "AN TOAN THUC PHAM"],
    ),
    ("khám bệnh", "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", ["kham benh", "KHAM BENH"]),
    ("thất nghiệp", "Giải quyết hưởng trợ cấp thất nghiệp", ["that nghiep", "THẤT NGHIỆP"]),
    ("người có công", "Xác nhận người có công với cách mạng", ["nguoi co cong"]),
    ("tàu cá", "Đăng ký tàu cá", ["tau ca", "TÀU CÁ"]),
    ("thường trú", "Đăng ký thường trú", ["thuong tru", "Thuong Tru"]),
    ("xuất bản", "Cấp giấy phép xuất bản bản tin", ["xuat ban", "XUẤT BẢN"]),
    ("Đất đai", "Hoà giải tranh chấp đất đai", ["dat dai", "DAT DAI", "đất  đai"]),
    (
        "doanh nghiệp tư nhân",
        "Đăng ký thành lập doanh nghiệp tư nhân",
        ["doanh nghiep tu nhan", "doanh-nghiệp tư nhân", "Doanh Nghiep Tu Nhan"],
    ),
]


def names(org, q: str) -> list[str]:
    return [e.service.name for e in selectors.search(org, q=q)]


def test_there_are_twenty_queries():
    assert len(QUERIES) == 20


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "wanted", "variants"), QUERIES, ids=[q[0] for q in QUERIES])
def test_a_query_typed_any_way_finds_what_the_query_with_diacritics_finds(
    catalogue, query, wanted, variants
):
    expected = names(catalogue, query)
    assert wanted in expected
    for typed in [*variants, unicodedata.normalize("NFD", query)]:
        assert names(catalogue, typed) == expected, typed


@pytest.mark.django_db
def test_old_and_new_tone_placement_find_both_spellings(catalogue):
    found = names(catalogue, "hoà giải")
    assert "Hoà giải tranh chấp đất đai" in found
    assert "Công nhận hòa giải viên" in found


def _listed(html: str) -> list[str]:
    return re.findall(r'<li><a href="/dich-vu-cong/[^"]+">([^<]+)</a>', html)


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "wanted", "variants"), QUERIES[:6])
def test_the_public_page_lists_the_same_services(catalogue, query, wanted, variants):
    client = Client()
    url = "/dich-vu-cong/qt-stttt/"
    expected = _listed(client.get(url, {"q": query}).content.decode())
    assert wanted in expected
    for typed in variants:
        assert _listed(client.get(url, {"q": typed}).content.decode()) == expected


@pytest.mark.django_db
def test_it_filters_by_field_agency_and_level_whatever_the_spelling(catalogue):
    client = Client()
    url = "/dich-vu-cong/qt-stttt/"
    by_field = _listed(client.get(url, {"linh_vuc": "Hộ tịch"}).content.decode())
    assert by_field == sorted(by_field, key=lambda n: selectors.search_key(n))
    assert set(by_field) == {
        "Đăng ký khai sinh",
        "Đăng ký kết hôn",
        "Đăng ký khai tử",
        "Cấp bản sao trích lục hộ tịch",
    }
    assert _listed(client.get(url, {"linh_vuc": "Đường thủy nội địa"}).content.decode()) == [
        "Cấp giấy phép hoạt động bến thủy nội địa"
    ]
    agency = _listed(client.get(url, {"co_quan": "Sở Y tế"}).content.decode())
    assert len(agency) == 2
    full = _listed(client.get(url, {"muc_do": "full", "linh_vuc": "Hộ tịch"}).content.decode())
    assert set(full) == {"Đăng ký khai sinh", "Đăng ký khai tử"}
    # an unknown level is ignored, not an error
    assert client.get(url, {"muc_do": "<script>"}).status_code == 200


@pytest.mark.django_db
def test_filter_choices_show_one_spelling_per_field(catalogue):
    fields = selectors.filter_options(catalogue)["fields"]
    assert len([f for f in fields if selectors.search_key(f) == "duong thuy noi dia"]) == 1


@pytest.mark.django_db
def test_the_service_page_says_how_to_file_and_links_to_the_portal(catalogue):
    from kehoach.outcomes.models import Service

    service = Service.objects.get(organisation=catalogue, code="HT-01")
    html = Client().get(f"/dich-vu-cong/qt-stttt/{service.pk}/").content.decode()
    assert "Đăng ký khai sinh" in html
    assert "Cách nộp hồ sơ" in html and "Nộp phí, lệ phí trực tuyến" in html
    assert 'href="https://dichvucong.example.gov.vn/thu-tuc/HT-01"' in html


@pytest.mark.django_db
def test_public_pages_need_no_login_set_no_cookie_and_load_nothing_from_elsewhere(catalogue):
    client = Client()
    for url in ("/dich-vu-cong/", "/dich-vu-cong/qt-stttt/", "/dich-vu-cong/QT-STTTT/?q=ket"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        html = response.content.decode()
        assert "<script" not in html and "style=" not in html and "<style" not in html
        assert not re.search(r'(src|href)="https?://(?!dichvucong)', html)
        assert 'href="/ke-hoach/' not in html  # no staff navigation
        assert len(response.content) < 40_000


@pytest.mark.django_db
def test_an_unknown_catalogue_or_a_service_of_another_catalogue_is_404(catalogue, demo):
    from kehoach.outcomes.models import Service

    client = Client()
    assert client.get("/dich-vu-cong/khong-co/").status_code == 404
    other = Service.objects.exclude(organisation=catalogue).first()
    assert client.get(f"/dich-vu-cong/qt-stttt/{other.pk}/").status_code == 404
