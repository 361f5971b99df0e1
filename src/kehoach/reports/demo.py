"""The reports part of `kehoach demo` (idempotent): a draft final report for the sample plan,
its problems and proposals labelled as demo text, once the sample plan has its execution."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from kehoach.execution.demo import sample_plan
from kehoach.execution.models import Contract
from kehoach.reports.models import Report
from kehoach.reports.services import report_symbol

PROBLEMS = (
    "(Dữ liệu mẫu) Một số đài truyền thanh cấp huyện báo cáo phát sóng chậm so với lịch; "
    "Báo Ấp Bắc chưa gửi đủ minh chứng các số báo đã đăng."
)
PROPOSALS = (
    "(Dữ liệu mẫu) Đề nghị UBND tỉnh tiếp tục bố trí kinh phí tuyên truyền dịch vụ công trực "
    "tuyến năm sau; các sở, ngành cập nhật danh mục dịch vụ mức độ 3, 4 trên Cổng."
)


def load() -> None:
    plan = sample_plan()
    if plan is None or Report.objects.filter(plan=plan).exists():
        return
    if not Contract.objects.filter(plan=plan).exists():
        return  # the report has nothing to say before the campaign runs
    with transaction.atomic():
        Report.objects.create(
            plan=plan,
            symbol=report_symbol(plan),
            problems=PROBLEMS,
            proposals=PROPOSALS,
            is_demo=True,
            created_by=User.objects.filter(username="bcxb").first(),
        )
