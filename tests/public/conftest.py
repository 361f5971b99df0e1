"""Public-side fixtures: a small catalogue written by hand (real procedure names, some spelt
with the old tone placement), the web demo for links and QR codes, a clean rate-limit cache."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache

from kehoach.accounts.models import Organisation, OrganisationKind
from kehoach.outcomes.models import Service, ServiceLevel
from tests.web.conftest import demo, editor, login, outsider, plan, viewer  # noqa: F401

PHONE = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Mobile Safari/537.36"
)

# (code, name, field, agency, level)
SERVICES = [
    ("HT-01", "Đăng ký khai sinh", "Hộ tịch", "UBND cấp xã", "full"),
    ("HT-02", "Đăng ký kết hôn", "Hộ tịch", "UBND cấp xã", "partial"),
    ("HT-03", "Đăng ký khai tử", "Hộ tịch", "UBND cấp xã", "full"),
    ("HT-04", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", "UBND cấp xã", "partial"),
    ("TP-01", "Cấp phiếu lý lịch tư pháp", "Lý lịch tư pháp", "Sở Tư pháp", "partial"),
    ("TP-02", "Công nhận hòa giải viên", "Hòa giải ở cơ sở", "UBND cấp xã", "2"),
    ("TP-03", "Chứng thực hợp đồng uỷ quyền", "Chứng thực", "UBND cấp xã", "2"),
    (
        "KH-01",
        "Đăng ký thành lập doanh nghiệp tư nhân",
        "Thành lập doanh nghiệp",
        "Sở Kế hoạch và Đầu tư",
        "full",
    ),
    ("KH-02", "Đăng ký kinh doanh hộ cá thể", "Kinh doanh hộ cá thể", "UBND cấp huyện", "partial"),
    ("XD-01", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Cấp phép xây dựng", "Sở Xây dựng", "2"),
    (
        "TN-01",
        "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        "Đất đai",
        "Sở Tài nguyên và Môi trường",
        "1",
    ),
    ("TN-02", "Hoà giải tranh chấp đất đai", "Đất đai", "UBND cấp xã", "1"),
    (
        "GT-01",
        "Cấp giấy phép hoạt động bến thủy nội địa",
        "Đường thuỷ nội địa",
        "Sở Giao thông vận tải",
        "partial",
    ),
    ("GT-02", "Đổi giấy phép lái xe", "Đường bộ", "Sở Giao thông vận tải", "full"),
    (
        "CT-01",
        "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        "An toàn thực phẩm",
        "Sở Công Thương",
        "partial",
    ),
    (
        "YT-01",
        "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh",
        "Khám bệnh, chữa bệnh",
        "Sở Y tế",
        "partial",
    ),
    ("YT-02", "Cấp giấy chứng nhận sức khoẻ", "Khám bệnh, chữa bệnh", "Sở Y tế", "2"),
    (
        "LD-01",
        "Giải quyết hưởng trợ cấp thất nghiệp",
        "Việc làm",
        "Sở Lao động – Thương binh và Xã hội",
        "partial",
    ),
    (
        "LD-02",
        "Xác nhận người có công với cách mạng",
        "Người có công",
        "Sở Lao động – Thương binh và Xã hội",
        "2",
    ),
    ("NN-01", "Đăng ký tàu cá", "Thủy sản", "Sở Nông nghiệp và Phát triển nông thôn", "2"),
    ("CA-01", "Đăng ký thường trú", "Cư trú", "Công an cấp huyện", "2"),
    ("TT-01", "Cấp giấy phép xuất bản bản tin", "Xuất bản", "Sở Thông tin và Truyền thông", "full"),
]


@pytest.fixture(autouse=True)
def clean_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue(db) -> Organisation:
    org = Organisation.objects.create(
        code="QT-STTTT",
        kind=OrganisationKind.DEPARTMENT,
        name="Sở Thông tin và Truyền thông tỉnh Thử Nghiệm",
        province="Thử Nghiệm",
    )
    for code, name, field, agency, level in SERVICES:
        service = Service.objects.create(
            organisation=org,
            code=code,
            name=name,
            field=field,
            agency=agency,
            portal_url=f"https://dichvucong.example.gov.vn/thu-tuc/{code}",
        )
        ServiceLevel.objects.create(service=service, level=level, valid_from=date(2015, 1, 1))
    return org
