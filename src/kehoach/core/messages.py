"""One message type for everything said to a person (issue 24), free of Django.

A :class:`Message` is a stable ``code``, its Vietnamese text (the msgid: Vietnamese is the
default language) and, for messages written before the catalogue carried them, its English text.
Named ``params`` are put into the text after translation (``str.format`` fields, ``{name}``).
The text is chosen at the edge — web page, API answer, command line — in the person's language
with :meth:`Message.text`; nothing stores or shows "Vietnamese / English" in one string.

When ``en`` is empty the English comes from the translation catalogue: the web app installs a
translator (:func:`set_translator`, gettext) when Django starts; without one (the core alone, a
script) the Vietnamese text is said.

:class:`Refusal` is the one base of every error a person reads (DomainError, ReadError,
RenderError, TableError, BackupError, FileRefused): it carries a Message and says it in a
language with :meth:`Refusal.text`. See docs/architecture.md, "Messages".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

LANGUAGES = ("vi", "en")
DEFAULT = "vi"

# msgid, language -> its translation (the msgid itself when the catalogue has none).
Translator = Callable[[str, str], str]
_translator: Translator | None = None


def set_translator(translator: Translator | None) -> None:
    """Where English comes from for messages that carry none (the web app sets gettext)."""
    global _translator
    _translator = translator


def normalise(language: str | None) -> str:
    """``"en"`` for any English tag (``en``, ``en-us``), else ``"vi"``."""
    return "en" if (language or DEFAULT).lower().startswith("en") else "vi"


def translate(msgid: str, language: str) -> str:
    if normalise(language) == "vi" or _translator is None:
        return msgid
    return _translator(msgid, normalise(language)) or msgid


@dataclass(frozen=True, eq=True)
class Message:
    """Something said to a person: a stable code, the Vietnamese text (msgid) and, when the
    catalogue does not hold it yet, the English text; ``params`` fill ``{name}`` fields."""

    code: str
    vi: str
    en: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, language: str | None = DEFAULT) -> str:
        """The message in ``language`` (``vi`` or ``en``; ``en-us`` counts as ``en``)."""
        english = normalise(language) == "en"
        template = (self.en or translate(self.vi, "en")) if english else self.vi
        if not self.params:
            return template
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):  # a translation that lost a field
            return self.vi.format(**self.params)

    # ``exc.message("vi")`` in code written when ReadError and RenderError had such a method.
    __call__ = text

    def __str__(self) -> str:
        return self.text(DEFAULT)

    def __hash__(self) -> int:
        return hash((self.code, self.vi, self.en, tuple(sorted(self.params.items()))))

    def with_params(self, **params: Any) -> Message:
        """The same message with its ``{name}`` fields given."""
        return Message(self.code, self.vi, self.en, {**self.params, **params})

    def to_dict(self) -> dict[str, Any]:
        """What a job or a record stores instead of a text: rendered at the edge later."""
        out: dict[str, Any] = {"code": self.code, "vi": self.vi}
        if self.en:
            out["en"] = self.en
        if self.params:
            out["params"] = dict(self.params)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Message:
        return cls(
            str(data.get("code", "")),
            str(data.get("vi", "")),
            str(data.get("en", "")),
            dict(data.get("params") or {}),
        )


# Every message the core declares (:func:`declare`), by code: makemessages does not scan the
# core (it is free of Django), so scripts/messages.py adds these msgids to the catalogue.
DECLARED: dict[str, Message] = {}


def declare(code: str, vi: str) -> Message:
    """A message of the core whose English lives in the catalogue only (the .po, filled from
    scripts/translations_en.py): ``declare(code, "Vietnamese with {name}.")`` at module level,
    then ``.with_params(name=…)`` where it is said."""
    message = Message(code, vi)
    DECLARED[code] = message
    return message


def stored(message: Message) -> str:
    """A message as a text field keeps it (JSON of its parts), to be said at the edge in the
    reader's language by :func:`from_stored`; never a "Vietnamese / English" join."""
    return json.dumps(message.to_dict(), ensure_ascii=False)


def from_stored(text: str) -> Message:
    """A message kept by :func:`stored`; a text kept before (one language or a join) is said
    as it was written."""
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict) and "vi" in data:
            return Message.from_dict(data)
    return Message("stored", text, text)


class Refusal(Exception):
    """Something refused, with what to tell the person: the base of every error a person reads.

    ``Refusal(Message(...))`` or, as the older errors are written, ``Refusal(vi, en)``; a
    subclass may set ``code`` (the message's code when none is given) and ``str_language`` (the
    language of ``str(exc)``, kept for logs and tests written before)."""

    code: ClassVar[str] = "refused"
    str_language: ClassVar[str] = DEFAULT

    def __init__(self, message_vi: str | Message = "", message_en: str = "", *, code: str = ""):
        if isinstance(message_vi, Message):
            message = message_vi
        else:
            message = Message(code or self.code, str(message_vi), str(message_en or ""))
        self.message = message
        super().__init__(message.text(self.str_language))

    def text(self, language: str | None = DEFAULT) -> str:
        return self.message.text(language)

    @property
    def message_vi(self) -> str:
        return self.message.text("vi")

    @property
    def message_en(self) -> str:
        return self.message.text("en")
