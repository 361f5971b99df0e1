"""Bring the English catalogue up to date and compile it with polib (no GNU gettext needed).

The .po (src/kehoach/locale/en/LC_MESSAGES/django.po) is the one place a translation lives:
after `kehoach makemessages` has added the apps' new msgids, this adds the msgids the core and
the documents declare, drops strings no longer in the code, compiles the .mo and prints every
msgid still without English (exit 1) — write its English in the .po itself."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "src/kehoach/locale/en/LC_MESSAGES/django.po"


def core_msgids() -> list[tuple[str, str]]:
    """(context, msgid) of every message the core and the documents declare
    (kehoach.core.messages.declare): makemessages does not scan them (they are free of
    Django), so they are added here. Every module of theirs is imported: each declares its
    messages when imported."""
    sys.path.insert(0, str(PO.parents[4]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kehoach.settings.dev")
    import django

    django.setup()
    from kehoach.web.language import declared_messages

    return sorted({(m.context, m.vi) for m in declared_messages().values()})


def add_core_messages(po: polib.POFile) -> None:
    # makemessages does not read the core, and its msgmerge may take a core entry's English
    # as the fuzzy guess of a new msgid of the apps (keeping the core msgid as "#| msgid"):
    # that English goes back to the core entry.
    moved = {
        (entry.previous_msgctxt or "", entry.previous_msgid): entry.msgstr
        for entry in po
        if "fuzzy" in entry.flags and entry.previous_msgid and entry.msgstr
    }
    for context, msgid in core_msgids():
        entry = po.find(msgid, include_obsolete_entries=True, msgctxt=context or None)
        if entry is not None and entry.obsolete:
            # makemessages does not read the core, so msgmerge marks its entries obsolete: they
            # come back with their English (never re-added empty: that would lose it)
            entry.obsolete = False
            entry.occurrences = [("core", "")]
            continue
        if entry is None:
            english = moved.get((context, msgid), "")
            po.append(
                polib.POEntry(
                    msgid=msgid,
                    msgctxt=context or None,
                    msgstr=english,
                    occurrences=[("core", "")],
                )
            )


def main() -> int:
    po = polib.pofile(str(PO))
    add_core_messages(po)
    for entry in po.obsolete_entries():  # strings no longer in the code: not compiled, not kept
        po.remove(entry)
    missing = []
    for entry in po:
        if not entry.msgstr or "fuzzy" in entry.flags:
            # a fuzzy guess of makemessages is not a translation (and is not compiled): write
            # the English, then remove the "fuzzy" flag and the "#| msgid" line
            missing.append(entry.msgid)
    po.metadata["Language"] = "en"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save(str(PO))
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    for msgid in missing:
        print(f"missing English: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
