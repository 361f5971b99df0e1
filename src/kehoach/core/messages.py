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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

LANGUAGES = ("vi", "en")
DEFAULT = "vi"
# The command line's language when a command has no --lang: Vietnamese unless this says "en".
ENVIRONMENT = "KEHOACH_LANG"

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


# What separates a context from its msgid in a compiled catalogue (gettext's pgettext).
CONTEXT_SEPARATOR = "\x04"


def translate(msgid: str, language: str, context: str = "") -> str:
    """``msgid`` in ``language`` from the catalogue; a ``context`` (msgctxt) tells apart two
    meanings of one Vietnamese text ("Lỗi": "Error" on a button, "Errors" over a list)."""
    if normalise(language) == "vi" or _translator is None:
        return msgid
    key = f"{context}{CONTEXT_SEPARATOR}{msgid}" if context else msgid
    out = _translator(key, normalise(language))
    if not out or CONTEXT_SEPARATOR in out:  # not in the catalogue
        return msgid
    return out


def asked_language(argv: Sequence[str], fallback: str | None = DEFAULT) -> str:
    """The language a command line asks for (``--lang en`` or ``--lang=en``), else
    ``fallback``'s: what a command's help is said in, since argparse prints the help while it
    reads the options."""
    for position, arg in enumerate(argv):
        if arg == "--lang" and position + 1 < len(argv):
            return normalise(argv[position + 1])
        if arg.startswith("--lang="):
            return normalise(arg.split("=", 1)[1])
    return normalise(fallback)


def said(value: Any, language: str | None = DEFAULT) -> Any:
    """A parameter as it is put into a text: a Message (or anything with a ``text(language)``
    method) said in the same language as the text around it; anything else as it is."""
    text = getattr(value, "text", None)
    return text(language) if callable(text) else value


@dataclass(frozen=True, eq=True)
class Message:
    """Something said to a person: a stable code, the Vietnamese text (msgid) and, when the
    catalogue does not hold it yet, the English text; ``params`` fill ``{name}`` fields. A
    parameter that is itself a Message (a column's name, a reason) is said in the same
    language; ``context`` is the catalogue's msgctxt when one Vietnamese text has two
    translations."""

    code: str
    vi: str
    en: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    context: str = ""
    # A Message is callable (``__call__`` below); Django's templates call what they are given
    # without arguments, which would say it in Vietnamese before a filter (``said``) could say
    # it in the reader's language: they are told not to.
    do_not_call_in_templates: ClassVar[bool] = True

    def text(self, language: str | None = DEFAULT) -> str:
        """The message in ``language`` (``vi`` or ``en``; ``en-us`` counts as ``en``)."""
        english = normalise(language) == "en"
        template = (self.en or translate(self.vi, "en", self.context)) if english else self.vi
        if not self.params:
            return template
        params = {name: said(value, language) for name, value in self.params.items()}
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):  # a translation that lost a field
            return self.vi.format(**params)

    # ``exc.message("vi")`` in code written when ReadError and RenderError had such a method.
    __call__ = text

    def __str__(self) -> str:
        return self.text(DEFAULT)

    def __hash__(self) -> int:
        params = tuple(sorted(self.params.items()))
        return hash((self.code, self.vi, self.en, params, self.context))

    def with_params(self, **params: Any) -> Message:
        """The same message with its ``{name}`` fields given."""
        return Message(self.code, self.vi, self.en, {**self.params, **params}, self.context)

    def to_dict(self) -> dict[str, Any]:
        """What a job or a record stores instead of a text: rendered at the edge later (a
        parameter that is a Message is kept as its parts too)."""
        out: dict[str, Any] = {"code": self.code, "vi": self.vi}
        if self.en:
            out["en"] = self.en
        if self.context:
            out["context"] = self.context
        if self.params:
            out["params"] = {name: _param_dict(value) for name, value in self.params.items()}
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Message:
        params = {name: _param_of(value) for name, value in (data.get("params") or {}).items()}
        return cls(
            str(data.get("code", "")),
            str(data.get("vi", "")),
            str(data.get("en", "")),
            params,
            str(data.get("context", "")),
        )


def _param_dict(value: Any) -> Any:
    if isinstance(value, Message):
        return {"message": value.to_dict()}
    if callable(getattr(value, "text", None)):  # said later: kept in both languages' words
        return {"message": Message("said", value.text("vi"), value.text("en")).to_dict()}
    return value


def _param_of(value: Any) -> Any:
    if isinstance(value, Mapping) and isinstance(value.get("message"), Mapping):
        return Message.from_dict(value["message"])
    return value


def joined(parts: Iterable[Message | Clause | str], separator: str = "; ") -> Message:
    """Several messages (or texts) as one, each said in the language of the whole: the
    details of a finding listed one after another."""
    items = list(parts)
    names = [f"p{i}" for i in range(len(items))]
    template = separator.join("{" + name + "}" for name in names)
    return Message("joined", template, "", dict(zip(names, items, strict=True)))


@dataclass(frozen=True)
class Clause:
    """A message said without its full stop: one clause of a list said as one sentence
    (:func:`joined`, then a template that ends it)."""

    message: Message

    def text(self, language: str | None = DEFAULT) -> str:
        return self.message.text(language).rstrip(".")


# Every message the core and the documents declare (:func:`declare`), by its catalogue key
# (the msgid, after its context if it has one): makemessages does not scan them (they are free
# of Django), so scripts/messages.py adds these msgids to the catalogue.
DECLARED: dict[str, Message] = {}


def declare(code: str, vi: str, *, context: str = "") -> Message:
    """A message of the core whose English lives in the catalogue only (the .po):
    ``declare(code, "Vietnamese with {name}.")`` at module level,
    then ``.with_params(name=…)`` where it is said. Several messages may share a code (one
    finding said in two ways); ``context`` tells apart one Vietnamese text translated two
    ways (its English is the .po entry with that msgctxt)."""
    message = Message(code, vi, context=context)
    DECLARED[catalogue_key(message)] = message
    return message


def catalogue_key(message: Message) -> str:
    """The message's entry in the catalogue: its msgid, after its context if it has one."""
    if message.context:
        return f"{message.context}{CONTEXT_SEPARATOR}{message.vi}"
    return message.vi


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


class Unreadable(Refusal, ValueError):
    """A value that cannot be read (a period, a day, a count in a file): a ``ValueError``, as
    the callers written before catch it, carrying what to tell the person (``.message``), so
    that whoever reports it says it in the reader's language."""

    code = "unreadable"
