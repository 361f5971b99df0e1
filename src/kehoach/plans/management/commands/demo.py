"""``kehoach demo``: load the demo data and print the demo users with their passwords."""

from __future__ import annotations

import os
from typing import Any

from django.utils.translation import gettext_noop

from kehoach.core.messages import Message
from kehoach.plans.demo import load_demo
from kehoach.web.language import SaidHelp, for_command, say

USERS = Message("cli.demo.users", gettext_noop("Người dùng mẫu (mật khẩu đặt lại mỗi lần chạy):"))
USERNAME = Message("cli.demo.username", gettext_noop("tên đăng nhập"))
ROLE = Message("cli.demo.role", gettext_noop("vai trò"))
PASSWORD = Message("cli.demo.password", gettext_noop("mật khẩu"))
ORGANISATION = Message("cli.demo.organisation", gettext_noop("đơn vị"))


class Command(SaidHelp):
    about = Message(
        "cli.demo.help",
        gettext_noop("Nạp dữ liệu mẫu (Tiền Giang 2016) và in danh sách người dùng mẫu."),
    )

    def handle(self, *args: Any, **options: Any) -> None:
        users = load_demo(os.environ.get("KEHOACH_DEMO_PASSWORD") or None)
        language = for_command(options)
        self.stdout.write(say(USERS, language))
        username, role, password, organisation = (
            say(m, language) for m in (USERNAME, ROLE, PASSWORD, ORGANISATION)
        )
        self.stdout.write(f"{username:<14} {role:<12} {password:<16} {organisation}")
        for user in users:
            self.stdout.write(
                f"{user.username:<14} {user.role:<12} {user.password:<16} {user.org_code}"
            )
