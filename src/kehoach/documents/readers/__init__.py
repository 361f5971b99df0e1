"""Readers: a file -> :class:`~kehoach.core.plan.PlanDocument`.

``read_plan`` picks the reader by the file's content and name. Every failure to read is a
:class:`ReadError` whose message says, in one line, what is wrong — never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from kehoach.core.plan import PlanDocument

MAX_BYTES = 20 * 1024 * 1024  # a plan with its appendix is a few hundred kB at most


class ReadError(Exception):
    """A file that cannot be read as a plan. ``message_vi`` and ``message_en`` are one line."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en

    def message(self, lang: str = "vi") -> str:
        return self.message_vi if lang == "vi" else self.message_en


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(
            f"Không mở được tệp '{path}': {exc.strerror or exc}",
            f"Cannot open '{path}': {exc.strerror or exc}",
        ) from exc
    if not path.is_file():
        raise ReadError(f"'{path}' không phải là một tệp.", f"'{path}' is not a file.")
    if size == 0:
        raise ReadError(f"Tệp '{path.name}' rỗng.", f"The file '{path.name}' is empty.")
    if size > MAX_BYTES:
        mb = MAX_BYTES // (1024 * 1024)
        raise ReadError(
            f"Tệp '{path.name}' quá lớn ({size // (1024 * 1024)} MB; tối đa {mb} MB).",
            f"The file '{path.name}' is too large ({size // (1024 * 1024)} MB; at most {mb} MB).",
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(
            f"Không đọc được tệp '{path}': {exc.strerror or exc}",
            f"Cannot read '{path}': {exc.strerror or exc}",
        ) from exc


def read_plan(
    path: Path | str, *, encoding: str | None = None, appendix: Path | str | None = None
) -> PlanDocument:
    from kehoach.documents.readers import txt

    path = Path(path)
    data = read_bytes(path)
    doc = txt.read_text_plan(data, name=path.name, encoding=encoding)
    doc.source_name = path.name
    if appendix is not None:
        raise ReadError(
            "Chưa hỗ trợ đọc phụ lục riêng (--appendix).",
            "A separate appendix file (--appendix) is not supported yet.",
        )
    return doc
