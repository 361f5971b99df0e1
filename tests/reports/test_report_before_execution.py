"""A report over a plan not yet executed (moved here from test_reports.py, whose tests share
the executed sample per module): "chưa có", never zeros as results."""

from __future__ import annotations

import pytest

from kehoach.reports import services
from tests.web.conftest import login

from .test_reports import docx_tables, docx_text

pytestmark = pytest.mark.django_db


def test_a_report_before_any_execution_shows_no_zeros_as_results(demo):
    from kehoach.plans.models import Plan

    plan = Plan.objects.get(number="46a", symbol="KH-STTTT")
    content = services.final_document(plan, "docx")[2]
    text = docx_text(content)
    assert "Chưa có sản phẩm nào được giao thực hiện" in text
    assert "Chưa thanh toán khoản kinh phí nào" in text
    assert "Số liệu tham dự hội nghị: chưa có" in text or "Số đại biểu tham dự" in text
    money = docx_tables(content)["Mục | Nội dung"][-1]
    assert money[3:6] == ["chưa có", "chưa có", "chưa có"]
    assert "STT | Hình thức" not in docx_tables(content)
    html = login("bcxb").get(f"/bao-cao/ke-hoach/{plan.pk}/").content.decode()
    assert "Chưa có hợp đồng, sản phẩm nào được giao thực hiện" in html
