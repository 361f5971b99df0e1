"""Fill the English catalogue from scripts/translations_en.py and compile it with polib."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).parent))
from translations_en import EN

PO = Path(__file__).resolve().parent.parent / "src/kehoach/locale/en/LC_MESSAGES/django.po"


def core_msgids() -> list[str]:
    """The msgids the core declares (kehoach.core.messages.declare): makemessages does not scan
    the core (it is free of Django), so they are added here."""
    sys.path.insert(0, str(PO.parents[4]))
    # the checks declare their messages when imported
    import kehoach.core.checks
    import kehoach.core.checks.conference  # noqa: F401
    from kehoach.core.messages import DECLARED

    return sorted({message.vi for message in DECLARED.values()})


def add_core_messages(po: polib.POFile) -> None:
    for msgid in core_msgids():
        entry = po.find(msgid, include_obsolete_entries=True)
        if entry is not None and entry.obsolete:
            po.remove(entry)
            entry = None
        if entry is None:
            po.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=[("core", "")]))


def main() -> int:
    po = polib.pofile(str(PO))
    add_core_messages(po)
    for entry in po.obsolete_entries():  # strings no longer in the code: not compiled, not kept
        po.remove(entry)
    missing = []
    for entry in po:
        if entry.msgid in EN:
            entry.msgstr = EN[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None  # the msgid of makemessages' fuzzy guess, gone with it
        elif not entry.msgstr or "fuzzy" in entry.flags:
            # a fuzzy guess of makemessages is not a translation (and is not compiled)
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
