"""``kehoach demo``: load the demo data and print the demo users with their passwords."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand

from kehoach.plans.demo import load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (Tiền Giang 2016) và in danh sách người dùng mẫu / Load the demo."

    def handle(self, *args: Any, **options: Any) -> None:
        users = load_demo(os.environ.get("KEHOACH_DEMO_PASSWORD") or None)
        self.stdout.write("Người dùng mẫu / demo users (mật khẩu đặt lại mỗi lần chạy):")
        self.stdout.write(f"{'tên đăng nhập':<14} {'vai trò':<12} {'mật khẩu':<16} đơn vị")
        for user in users:
            self.stdout.write(
                f"{user.username:<14} {user.role:<12} {user.password:<16} {user.org_code}"
            )
