"""Fill the English catalogue from scripts/translations_en.py and compile it with polib."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).parent))
from translations_en import EN

PO = Path(__file__).resolve().parent.parent / "src/kehoach/locale/en/LC_MESSAGES/django.po"


def main() -> int:
    po = polib.pofile(str(PO))
    for entry in po.obsolete_entries():  # strings no longer in the code: not compiled, not kept
        po.remove(entry)
    missing = []
    for entry in po:
        if entry.msgid in EN:
            entry.msgstr = EN[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
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
