"""What kehoach itself writes as an audit entry's comment, said in the reader's language
(issue 23: one language per screen).

A comment a person typed (a reason to return a plan, a payment's note) is kept and shown as
written. A comment kehoach writes (why a preview was removed, the regulation behind an
anonymisation, a contract's amendment) is one of the messages below, kept by its parts
(:func:`kept`, kehoach.core.messages.stored) and said where the entry is read
(:func:`said_comment`). The texts written before they were kept by their parts are still said
as they mean; an undo's "undo:<id>" (which plans.services reads back) is said in words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext_noop

from kehoach.core.messages import Message, from_stored, stored

# English in the catalogue only.
ANONYMISED = Message(
    "audit.comment.anonymised",
    gettext_noop("Nghị định 13/2023/NĐ-CP: xóa dữ liệu cá nhân sau khi hoàn thành mục đích."),
)
PREVIEW_EXPIRED = Message(
    "audit.comment.preview_expired",
    gettext_noop("Xem trước không được xác nhận sau {days} ngày: đã xóa cùng tệp."),
)
PREVIEW_REPLACED = Message(
    "audit.comment.preview_replaced", gettext_noop("Dọn khi có bản xem trước mới.")
)
PREVIEWS_CLEANED = Message(
    "audit.comment.previews_cleaned",
    gettext_noop("kehoach clean-previews: không được xác nhận sau {days} ngày."),
)
AMENDMENT = Message("audit.comment.amendment", gettext_noop("Phụ lục {number} hợp đồng {contract}"))
SUBMITTED_WITH_ERRORS = Message(
    "audit.comment.submitted_with_errors", gettext_noop("Trình khi còn {count} lỗi: {reason}")
)
UNDO = Message("audit.comment.undo", gettext_noop("Hoàn tác thay đổi số {entry}"))
REDO = Message("audit.comment.redo", gettext_noop("Làm lại thay đổi số {entry}"))


def kept(message: Message) -> str:
    """A comment kehoach writes, as an entry keeps it: its message's parts."""
    return stored(message)


def _fields(pattern: str) -> str:
    """A message's Vietnamese as a pattern of the text it wrote: each ``{name}`` any text."""
    parts = re.split(r"\{(\w+)\}", pattern)
    out = []
    for position, part in enumerate(parts):
        out.append(f"(?P<{part}>.+?)" if position % 2 else re.escape(part))
    return "".join(out)


# The texts kehoach wrote as they are (before they were kept by their parts), and "undo:<id>".
_WRITTEN: list[tuple[re.Pattern[str], Callable[..., Message]]] = [
    *(
        (re.compile(_fields(m.vi), re.DOTALL), m.with_params)
        for m in (
            ANONYMISED,
            PREVIEW_EXPIRED,
            PREVIEW_REPLACED,
            PREVIEWS_CLEANED,
            AMENDMENT,
            SUBMITTED_WITH_ERRORS,
        )
    ),
    (re.compile(r"undo:(?P<entry>[0-9]+)"), UNDO.with_params),
    (re.compile(r"redo:(?P<entry>[0-9]+)"), REDO.with_params),
]


def said_comment(comment: str) -> Message:
    """An entry's comment to say in the reader's language: kept by its parts, one of the
    texts kehoach wrote before, or a person's text (said as written)."""
    for pattern, message in _WRITTEN:
        found = pattern.fullmatch(comment)
        if found is not None:
            return message(**found.groupdict())
    return from_stored(comment)
