"""Which activity kind and which medium a phrase speaks of ("20 phóng sự ngắn truyền hình" ->
report, tv). The words live in ``data/activity_kinds.json``; this module only applies them."""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from kehoach.core.messages import Message, declare
from kehoach.core.text import fold

_LEADING_NUMBER = re.compile(r"^\s*[\d.,]+\s*")


@cache
def _data() -> dict[str, Any]:
    text = resources.files("kehoach.core").joinpath("data/activity_kinds.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _words(text: str) -> str:
    return " " + re.sub(r"[^\w]+", " ", fold(text)).strip() + " "


# The vocabulary folded once (the data never changes while the process runs); a plan asks for
# the kind and medium of every line, many of them with the same words.
@cache
def _folded_leads() -> tuple[str, ...]:
    return tuple(fold(w) for w in _data()["lead_words"])


@cache
def _folded_kinds() -> tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]:
    return tuple(
        (
            str(kind["code"]),
            tuple(fold(k) for k in kind["keywords"]),
            frozenset(fold(k) for k in kind.get("prefix_only", [])),
        )
        for kind in _data()["kinds"]
    )


@cache
def _folded_media() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (str(code), tuple(f" {fold(w)} " for w in words))
        for code, words in _data()["media"].items()
    )


def _strip_lead(folded: str) -> str:
    leads = _folded_leads()
    changed = True
    while changed:
        changed = False
        for lead in leads:
            if folded.startswith(f" {lead} "):
                folded = folded[len(lead) + 1 :]
                changed = True
    return folded


@lru_cache(maxsize=4096)
def activity_kind(text: str, *, anywhere: bool = True) -> str | None:
    """The kind a phrase names, looked for first at its start (after a number and lead words
    such as "xây dựng"), then, if ``anywhere``, inside it."""
    folded = _strip_lead(_words(_LEADING_NUMBER.sub("", text)))
    kinds = _folded_kinds()
    for code, keywords, _prefix_only in kinds:
        for keyword in keywords:
            if folded.startswith(f" {keyword} "):
                return code
    if not anywhere:
        return None
    for code, keywords, prefix_only in kinds:
        for key in keywords:
            if key not in prefix_only and f" {key} " in folded:
                return code
    return None


@lru_cache(maxsize=4096)
def medium(text: str) -> str | None:
    """tv, radio or print when the phrase names exactly one of them."""
    folded = _words(text)
    found = {code for code, words in _folded_media() if any(w in folded for w in words)}
    # "Đài Truyền thanh - Truyền hình" names two media: the phrase does not decide.
    return found.pop() if len(found) == 1 else None


# The names of the kinds and media, declared once (their Vietnamese is reference data,
# data/activity_kinds.json; their English is in the catalogue, msgctxt "activity kind" and
# "medium", like every other message of the core).
KIND_NAMES: dict[str, Message] = {
    **{
        str(kind["code"]): declare(f"kind.{kind['code']}", str(kind["vi"]), context="activity kind")
        for kind in _data()["kinds"]
    },
    **{
        code: declare(f"kind.{code}", str(name), context="activity kind")
        for code, name in _data().get("norm_kind_labels", {}).items()
        if not code.startswith("_")
    },
}
MEDIUM_NAMES: dict[str, Message] = {
    code: declare(f"medium.{code}", str(name), context="medium")
    for code, name in _data().get("media_labels", {}).items()
}


def kind_label(code: str | None, lang: str = "vi") -> str:
    """ "Phóng sự" for ``report`` (the kinds only price norms name, ``conference_meal``, too);
    an unknown code is shown as it is."""
    name = KIND_NAMES.get(code or "")
    return name.text(lang) if name is not None else code or ""


def kind_name(code: str | None) -> Message:
    """An activity kind's name to put in a message, said in the message's language."""
    return KIND_NAMES.get(code or "") or Message(f"kind.{code}", code or "", code or "")


def medium_label(code: str | None, lang: str = "vi") -> str:
    """ "Truyền hình" for ``tv`` (or "TV" in English); an unknown code is shown as it is."""
    name = MEDIUM_NAMES.get(code or "")
    return name.text(lang) if name is not None else code or ""


def line_media(estimate: Any) -> dict[str, str | None]:
    """Every estimate line's medium, by line key: named in the line itself, or else by the
    nearest section that names one. One walk of the tree, for every check that needs it."""
    media: dict[str, str | None] = {}

    def walk(section: Any, inherited: str | None) -> None:
        own = medium(section.title) or inherited
        for line in section.lines:
            media[line.key] = medium(line.content) or own
        for sub in section.sections:
            walk(sub, own)

    for section in estimate.sections:
        walk(section, None)
    return media
