"""The ``kehoach`` command: Django's management utility with the project's settings.

``kehoach``, ``kehoach --help`` and ``kehoach --version`` answer without starting Django (start-up
matters on an old laptop); every other command goes to Django's utility.
"""

from __future__ import annotations

import gettext
import os
import sys
from pathlib import Path


def gettext_noop(message: str) -> str:
    """Marks a msgid for `makemessages` (Django's own is not imported here)."""
    return message


# One language (issue 24): Vietnamese, or its English from the compiled catalogue when
# KEHOACH_LANG says "en" (read with the standard library's gettext: Django is not started).
HELP = gettext_noop(
    """\
kehoach — lập, thực hiện và báo cáo kế hoạch tuyên truyền

Cách dùng: kehoach <lệnh> [tùy chọn]

Lệnh chính:
  check FILE [--format text|json] [--lang vi|en]   kiểm tra một kế hoạch (txt, docx, xlsx)
  export FILE --to docx|xlsx|pdf [--out PATH]      xuất văn bản chính thức
  status PLAN [--format json]                      trạng thái một kế hoạch (46a/KH-STTTT hoặc id)
  demo                                             nạp dữ liệu mẫu Tiền Giang 2016
  backup DEST / restore SRC                        sao lưu / khôi phục
  import-dossiers FILE                             nạp hồ sơ (CSV, Parquet) vào thống kê tháng
  runserver, migrate, createsuperuser, …           các lệnh của Django

  kehoach help            danh sách đầy đủ các lệnh
  kehoach help <lệnh>     hướng dẫn một lệnh
"""
)


def help_text() -> str:
    """The usage in the command line's language (KEHOACH_LANG)."""
    if os.environ.get("KEHOACH_LANG", "").lower().startswith("en"):
        locale = Path(__file__).resolve().parent / "locale"
        catalogue = gettext.translation("django", locale, languages=["en"], fallback=True)
        return catalogue.gettext(HELP)
    return HELP


def main() -> None:
    args = sys.argv[1:]
    if args in ([], ["--help"], ["-h"]):
        sys.stdout.write(help_text())
        return
    if args == ["--version"]:
        # inside: only --version reads the metadata; `kehoach` and its help start without it
        from importlib.metadata import version

        sys.stdout.write(version("kehoach") + "\n")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kehoach.settings.dev")
    # inside: Django starts only for a command (the help and --version answer without it)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
