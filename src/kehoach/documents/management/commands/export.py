"""``kehoach export FILE --to docx|xlsx|pdf [--out PATH] [--part plan|appendix|all]``.

``FILE`` may also name a plan stored in kehoach ("46a/KH-STTTT"): the file is then the web
download's, byte for byte but for the time of creation.

Reads the plan, maps it as an import would (``kehoach.plans.mapping.document_as_stored``: the
document is the web download's of the plan imported from the file, into the organisation
``--organisation`` names), renders it with the writer of the chosen format and writes the
file. DOCX and PDF hold the plan followed by its appendix unless ``--part`` says otherwise;
the XLSX workbook is always the estimate. Exit status 0 when the file is written, 2 when the
input cannot be read or the output cannot be written (one line on standard error).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from kehoach.accounts.models import Organisation
from kehoach.core.messages import declare
from kehoach.documents.management.commands.check import LANGUAGE, help_language
from kehoach.documents.readers import ReadError, read_plan
from kehoach.documents.report import words_style
from kehoach.documents.writers import FORMATS, PARTS, RenderError
from kehoach.plans.management.commands.status import find_plan
from kehoach.plans.mapping import document_as_stored, render_document, render_plan

# "46a/KH-STTTT": a plan's number and symbol (a file name has a dot or a folder).
CANNOT_WRITE = declare("cli.export.write", "Không ghi được tệp '{path}': {reason}")
NO_ORGANISATION = declare("cli.export.organisation", "Không có tổ chức mã '{code}'.")
# The command's help and its options' (English in the catalogue only), in help_language().
ABOUT = declare(
    "cli.export.help",
    "Xuất kế hoạch và phụ lục dự toán ra DOCX, XLSX hoặc PDF theo thể thức Nghị định "
    "30/2020/NĐ-CP.",
)
FILE = declare("cli.export.file", "Tệp kế hoạch (txt, docx, xlsx)")
TO = declare("cli.export.to", "docx, xlsx hoặc pdf")
OUT = declare("cli.export.out", "Tệp hoặc thư mục đầu ra (mặc định: thư mục hiện tại)")
PART = declare(
    "cli.export.part",
    "plan (kế hoạch), appendix (phụ lục) hoặc all (mặc định); XLSX luôn là dự toán",
)
THOUSAND_DEFAULT = declare(
    "cli.export.thousand",
    "Từ chỉ hàng nghìn trong số tiền bằng chữ (mặc định: như văn bản gốc viết)",
)
ENCODING = declare("cli.export.encoding", "Bảng mã của tệp văn bản")
ORGANISATION = declare(
    "cli.export.organisation_option",
    "Mã tổ chức (TG-STTTT): văn bản như khi tải về kế hoạch đã nhập vào tổ chức này",
)
_PLAN_REFERENCE = re.compile(r"[0-9A-Za-z]+/[0-9A-Za-zĐđ-]+")


def _thousand_of(doc: Any) -> str:
    """ "ngàn" when the plan's own words say so ("… năm trăm ngàn đồng"), else "nghìn": the
    same word in the body and the appendix (issue 19)."""
    words = [doc.body_total.words, doc.estimate.stated_words]
    words += [p.text for p in doc.paragraphs if "bằng chữ" in p.text.lower()]
    return "ngàn" if any(" ngàn" in (w or "") for w in words) else "nghìn"


class Command(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = ABOUT.text(help_language())
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        language = help_language()
        parser.add_argument("file", help=FILE.text(language))
        parser.add_argument(
            "--to", dest="fmt", choices=FORMATS, required=True, help=TO.text(language)
        )
        parser.add_argument("--out", default=None, help=OUT.text(language))
        parser.add_argument("--part", choices=PARTS, default="all", help=PART.text(language))
        parser.add_argument(
            "--lang", choices=["vi", "en"], default="vi", help=LANGUAGE.text(language)
        )
        parser.add_argument(
            "--thousand",
            choices=["nghìn", "ngàn"],
            default=None,
            help=THOUSAND_DEFAULT.text(language),
        )
        parser.add_argument("--encoding", default=None, help=ENCODING.text(language))
        parser.add_argument("--organisation", default=None, help=ORGANISATION.text(language))

    def handle(self, *args: Any, **options: Any) -> None:
        lang = options["lang"]
        source = Path(options["file"])
        if not source.exists() and _PLAN_REFERENCE.fullmatch(options["file"]):
            # A plan stored in kehoach ("46a/KH-STTTT" or its id): the same file as the web
            # download (issue 19).
            filename, content = self._stored(options["file"], options["fmt"], options["part"])
        else:
            try:
                doc = read_plan(source, encoding=options["encoding"])
            except ReadError as exc:
                self._fail(exc.text(lang))
            organisation = self._organisation(options["organisation"], lang)
            root = organisation.root() if organisation is not None else None
            thousand = (
                options["thousand"]
                or (root.thousand_word or "nghìn" if root is not None else "")
                or _thousand_of(doc)
            )
            style = words_style(thousand)
            # The document the web download gives once the file is imported: the same mapping
            # (the body in the official order, the closing, the appendix), issue 19.
            stored = document_as_stored(doc, organisation=organisation, style=style)
            try:
                filename, _, content = render_document(
                    stored,
                    options["fmt"],
                    options["part"],
                    style,
                    root.pk if root is not None else None,
                )
            except RenderError as exc:
                self._fail(exc.text(lang))
        target = self._target(options["out"], filename)
        try:
            _write_atomically(target, content)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self._fail(CANNOT_WRITE.with_params(path=str(target), reason=reason).text(lang))
        self.stdout.write(str(target))

    def _organisation(self, code: str | None, lang: str) -> Any:
        if not code:
            return None

        found = Organisation.objects.filter(code=code).first()
        if found is None:
            self._fail(NO_ORGANISATION.with_params(code=code).text(lang))
        return found

    def _stored(self, ref: str, fmt: str, part: str) -> tuple[str, bytes]:
        filename, _, content = render_plan(find_plan(ref), fmt, part)
        return filename, content

    @staticmethod
    def _target(out: str | None, filename: str) -> Path:
        if out is None:
            return Path.cwd() / filename
        path = Path(out)
        if path.is_dir() or out.endswith(("/", os.sep)):
            return path / filename
        return path

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(f"kehoach: {message}")
        self.stderr.flush()
        sys.exit(2)


def _write_atomically(target: Path, content: bytes) -> None:
    """Write beside the target and rename, so that a failed export never leaves half a file."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
