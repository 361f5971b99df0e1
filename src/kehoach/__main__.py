"""The ``kehoach`` command: Django's management utility with the project's settings.

``kehoach``, ``kehoach --help`` and ``kehoach --version`` answer without starting Django (start-up
matters on an old laptop); every other command goes to Django's utility.
"""

from __future__ import annotations

import os
import sys

HELP = """\
kehoach — lập, thực hiện và báo cáo kế hoạch tuyên truyền / plan, run and report campaigns

Cách dùng / usage: kehoach <lệnh> [tùy chọn]

Lệnh chính / main commands:
  check FILE [--format text|json] [--lang vi|en]   kiểm tra một kế hoạch (txt, docx, xlsx)
  export FILE --to docx|xlsx|pdf [--out PATH]      xuất văn bản chính thức
  status PLAN [--format json]                      trạng thái một kế hoạch (46a/KH-STTTT hoặc id)
  demo                                             nạp dữ liệu mẫu Tiền Giang 2016
  backup DEST / restore SRC                        sao lưu / khôi phục
  import-dossiers FILE                             nạp hồ sơ (CSV, Parquet) vào thống kê tháng
  runserver, migrate, createsuperuser, …           các lệnh của Django

  kehoach help            danh sách đầy đủ các lệnh / every command
  kehoach help <lệnh>     hướng dẫn một lệnh / help on one command
"""


def main() -> None:
    args = sys.argv[1:]
    if args in ([], ["--help"], ["-h"]):
        sys.stdout.write(HELP)
        return
    if args == ["--version"]:
        from importlib.metadata import version

        sys.stdout.write(version("kehoach") + "\n")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kehoach.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
