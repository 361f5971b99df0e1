"""``kehoach report PLAN --to docx|pdf [--out PATH] [--kind final|outline] [--on DATE]``:
the final report (an issued report's frozen file, else the draft with today's figures) or the
communication outline (the catalogue on ``--on``, today by default)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext_noop

from kehoach.core.messages import Message
from kehoach.documents.writers import RenderError
from kehoach.plans.management.commands.status import find_plan
from kehoach.reports import services
from kehoach.web.language import SaidHelp, command_error, command_help

PLAN = Message(
    "cli.report.plan", gettext_noop("số/ký hiệu hoặc mã số kế hoạch, ví dụ 46a/KH-STTTT")
)
OUT = Message(
    "cli.report.out", gettext_noop("tệp hoặc thư mục ghi ra (mặc định: thư mục hiện tại)")
)
ON = Message("cli.report.on", gettext_noop("ngày của số liệu danh mục (đề cương), YYYY-MM-DD"))


class Command(SaidHelp):
    about = Message(
        "cli.report.help",
        gettext_noop(
            "Báo cáo kết quả hoặc đề cương tuyên truyền của một kế hoạch: kehoach report "
            "46a/KH-STTTT --to pdf"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan", help=command_help(PLAN))
        parser.add_argument("--to", choices=["docx", "pdf"], required=True)
        parser.add_argument("--out", help=command_help(OUT))
        parser.add_argument("--kind", choices=["final", "outline"], default="final")
        parser.add_argument("--on", help=command_help(ON))

    def handle(self, *args: Any, **options: Any) -> None:
        plan = find_plan(options["plan"])
        on = None
        if options["on"]:
            try:
                on = date.fromisoformat(options["on"])
            except ValueError:
                raise command_error(
                    Message("cli.bad_date", gettext_noop("Ngày không hợp lệ: {on}")).with_params(
                        on=options["on"]
                    )
                ) from None
        try:
            if options["kind"] == "outline":
                filename, _mimetype, content = services.outline_document(plan, options["to"], on)
            else:
                filename, _mimetype, content = services.final_document(plan, options["to"])
        except RenderError as exc:
            raise command_error(exc) from exc
        out = Path(options["out"]) if options["out"] else Path(filename)
        if out.is_dir():
            out = out / filename
        out.write_bytes(content)
        self.stdout.write(str(out))
