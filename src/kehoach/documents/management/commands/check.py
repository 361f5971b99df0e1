"""``kehoach check``: the plan checker, or Django's system check.

Given an existing file (or anything that looks like a path), it reads the plan, recomputes
the estimate and prints the findings; exit status 0 with no error finding, 1 with some, 2 when
the file cannot be read. With no file, or with Django's own options (``--deploy``, ``--tag``,
app labels), it is Django's system check, unchanged.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.core.management.commands import check as django_check

from kehoach.core.checks import run_checks
from kehoach.core.findings import Severity
from kehoach.core.messages import ENVIRONMENT, asked_language, declare
from kehoach.documents.readers import ReadError, read_plan
from kehoach.documents.report import render_text, to_json, words_style

ONE_FILE = declare("cli.check.one_file", "Chỉ kiểm tra một tệp mỗi lần.")


def _is_plan_argument(arg: str) -> bool:
    # App labels are Python identifiers: anything with a dot, a slash or that exists is a file.
    return Path(arg).exists() or "." in arg or "/" in arg or "\\" in arg


# The command's help and its options' (English in the catalogue only), said in the language
# its command line asks for (--lang, else KEHOACH_LANG): argparse prints the help while it
# reads the options.
ABOUT = declare(
    "cli.check.help",
    "Kiểm tra kế hoạch: kehoach check TỆP [--format text|json] [--lang vi|en]. Không có tệp: "
    "kiểm tra hệ thống của Django.",
)
FORMAT = declare("cli.check.format", "text (mặc định) hoặc json")
LANGUAGE = declare("cli.option.lang", "Ngôn ngữ của thông báo")
THOUSAND = declare("cli.option.thousand", "Từ chỉ hàng nghìn trong số tiền bằng chữ")
ENCODING = declare("cli.check.encoding", "Bảng mã của tệp văn bản (utf-8, tcvn3, vni)")
APPENDIX = declare("cli.check.appendix", "Phụ lục dự toán ở tệp riêng (XLSX)")


def help_language() -> str:
    """The language of a documents command's help: its --lang, else KEHOACH_LANG."""
    return asked_language(sys.argv, os.environ.get(ENVIRONMENT))


class Command(django_check.Command):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = ABOUT.text(help_language())
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        language = help_language()
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help=FORMAT.text(language)
        )
        parser.add_argument(
            "--lang", choices=["vi", "en"], default="vi", help=LANGUAGE.text(language)
        )
        parser.add_argument(
            "--thousand",
            choices=["nghìn", "ngàn"],
            default="nghìn",
            help=THOUSAND.text(language),
        )
        parser.add_argument("--encoding", default=None, help=ENCODING.text(language))
        parser.add_argument("--appendix", default=None, help=APPENDIX.text(language))

    def handle(self, *app_labels: Any, **options: Any) -> None:
        plans = [a for a in app_labels if _is_plan_argument(a)]
        if not plans:
            super().handle(*app_labels, **options)
            return
        lang = options["lang"]
        if len(plans) != 1 or len(app_labels) != 1:
            self._fail(ONE_FILE.text(lang))
        try:
            doc = read_plan(
                Path(plans[0]), encoding=options["encoding"], appendix=options["appendix"]
            )
        except ReadError as exc:
            self._fail(exc.text(lang))
        findings = run_checks(doc)
        style = words_style(options["thousand"])
        if options["format"] == "json":
            payload = to_json(doc, findings, lang=lang, style=style)
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_text(doc, findings, lang=lang, style=style), ending="")
        self.stdout.flush()
        if any(f.level is Severity.ERROR for f in findings):
            sys.exit(1)

    def _fail(self, message: str) -> None:
        self.stderr.write(f"kehoach: {message}")
        self.stderr.flush()
        sys.exit(2)
