"""The person's language, chosen one way at every edge (issue 24): web views, the API and the
command line all ask :func:`current`, and say a message or a refusal with :func:`say`."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from kehoach.core import messages as core_messages
from kehoach.core.findings import Where
from kehoach.core.messages import Message, Refusal, asked_language, normalise

# The command line's language when no --lang is given: Vietnamese unless this says "en".
ENVIRONMENT = core_messages.ENVIRONMENT


def current() -> str:
    """``"en"`` or ``"vi"``: the language of the request being answered (the language switch's
    cookie, kehoach.web.middleware); outside a request Django's default (Vietnamese), or
    ``KEHOACH_LANG`` when translations are deactivated. Commands ask :func:`for_command`."""
    active = translation.get_language()
    if active is None:  # translations deactivated: a management command
        return normalise(os.environ.get(ENVIRONMENT))
    return normalise(active)


def for_command(options: dict[str, Any] | None = None) -> str:
    """A command's language: its ``--lang`` option when it has one, else ``KEHOACH_LANG``,
    else Vietnamese. Never the request machinery's default."""
    chosen = (options or {}).get("lang") or os.environ.get(ENVIRONMENT)
    return normalise(chosen)


def help_language(argv: Sequence[str] | None = None) -> str:
    """The language a command's help is printed in: its ``--lang`` on the command line when it
    has one (argparse prints the help before the options are read), else :func:`for_command`."""
    return asked_language(sys.argv if argv is None else argv, for_command())


def command_help(message: Message) -> str:
    """A command's help, or an option's, in :func:`help_language` (one language, never
    "vi / en"); its English is in the catalogue."""
    return say(message, help_language())


class SaidHelp(BaseCommand):
    """A command whose help (``about``) is said in the language of its command line
    (:func:`help_language`) when its parser is made, not when the module is imported."""

    about: ClassVar[Message]

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = command_help(self.about)
        return super().create_parser(prog_name, subcommand, **kwargs)


def say(what: Message | Refusal | Any, language: str | None = None) -> str:
    """A Message, a Refusal (or an older error with ``message_vi``/``message_en``) as text in
    the person's language."""
    language = normalise(language or current())
    if isinstance(what, Message | Refusal):
        return what.text(language)
    if hasattr(what, "message_vi"):
        return str(what.message_en if language == "en" else what.message_vi)
    return str(what)


def say_kept(entry: Mapping[str, Any], language: str | None = None) -> str:
    """What a record keeps of a message (a job's error or finding, a column's reason) in the
    person's language: by its parts (``said``), else, when written before, by its texts
    (``message``, ``message_en``)."""
    language = normalise(language or current())
    if isinstance(entry.get("said"), Mapping):
        return Message.from_dict(entry["said"]).text(language)
    english = entry.get("message_en") if language == "en" else None
    return str(english or entry.get("message", ""))


def place_kept(entry: Mapping[str, Any], language: str | None = None) -> str:
    """Where a kept finding is (``entry["where"]``) in the person's language: said again from
    its parts, else, when written before, by its labels (``label``, ``label_en``)."""
    language = normalise(language or current())
    where = entry.get("where") or {}
    if "part" in where:
        return Where(**{k: where[k] for k in Where.__dataclass_fields__ if k in where}).label(
            language
        )
    english = where.get("label_en") if language == "en" else None
    return str(english or where.get("label") or "")


def _gettext(msgid: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


# The layers free of Django declare their messages (kehoach.core.messages.declare): makemessages
# does not scan them, so their msgids are gathered by importing every module.
DECLARING = ("kehoach.core", "kehoach.documents")


def declared_messages() -> dict[str, Message]:
    """Every message the core and the documents declare, by catalogue key: each of their
    modules imported (a module declares its messages when it is imported)."""
    for root in DECLARING:
        package = importlib.import_module(root)
        for info in pkgutil.walk_packages(package.__path__, f"{root}."):
            importlib.import_module(info.name)
    return dict(core_messages.DECLARED)


def install() -> None:
    """Messages without English in code take it from the catalogue (called when Django starts)."""
    core_messages.set_translator(_gettext)


def command_error(
    what: Message | Refusal | Any, *, returncode: int = 1, options: dict[str, Any] | None = None
) -> CommandError:
    """A command's refusal in one language (:func:`for_command`), never "vi / en"."""
    return CommandError(say(what, for_command(options)), returncode=returncode)
