"""Columns of a statistics table by meaning (issue 18).

The wordings are data (``data/vocabulary.json``): each header, read with the group header
above it when the table has two header rows ("Đã giải quyết" over "Trước hạn | Đúng hạn"), is
matched against ordered rules. Every column ends in one of four states, all listed in the
preview and the import's record: ``used`` (feeds a field), ``ignored`` (understood and not
stored: a row number, a note, a rate whose meaning is unclear), ``duplicate`` (a second column
of a field already fed) or ``unknown`` (no rule matches: never guessed, never silently
dropped). A source profile can fix the field of any header by its words.
Of Django this module imports only ``gettext_noop`` (it marks the msgids of what it says: a
field's name, why a column is not used; their English is in the catalogue).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_noop

from kehoach.core.findings import STATISTICS_COLUMNS
from kehoach.core.messages import Message
from kehoach.core.text import collapse_spaces, fold

VOCABULARY = Path(__file__).with_name("data") / "vocabulary.json"
IGNORE = "ignore"


@cache
def vocabulary() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    return data


# Each field's name as the preview shows it: the Vietnamese msgid (kept in a job's summary),
# said in the reader's language where it is shown ({% translate label %}). The figures' names
# are the ones the statistics checks say (kehoach.core.findings.STATISTICS_COLUMNS): one
# wording, one catalogue entry.
FIELD_LABELS = {
    "period": gettext_noop("Kỳ báo cáo"),
    "agency": gettext_noop("Cơ quan, đơn vị"),
    "service": gettext_noop("Mã thủ tục"),
    "district": gettext_noop("Huyện"),
    **{name: said.vi for name, said in STATISTICS_COLUMNS.items()},
}

# Why a column is not used (English in the catalogue only). Every "ignore:…" field of the
# vocabulary's rules has its reason here.
IGNORED = {
    "ignore:index": Message("columns.ignored.index", gettext_noop("số thứ tự")),
    "ignore:note": Message("columns.ignored.note", gettext_noop("ghi chú")),
    "ignore:rate": Message(
        "columns.ignored.rate", gettext_noop("tỷ lệ chưa rõ nghĩa (không đoán)")
    ),
    "ignore:offline": Message(
        "columns.ignored.offline",
        gettext_noop("trực tiếp và bưu chính gộp một cột: không tách được (không đoán)"),
    ),
}
UNKNOWN = Message("columns.unknown", gettext_noop("không hiểu tiêu đề cột (không đoán)"))
BY_PROFILE = Message("columns.by_profile", gettext_noop("theo hồ sơ nguồn"))
IGNORED_BY_PROFILE = Message("columns.ignored.profile", gettext_noop("bỏ qua theo hồ sơ nguồn"))
SAME_AS = Message("columns.duplicate", gettext_noop("cùng nghĩa với cột {place}, bỏ qua"))
SHARE_OF = Message("columns.share_of", gettext_noop("tỷ lệ của cột bên cạnh cùng nhóm «{group}»"))


def field_labels() -> dict[str, str]:
    """Each field's name (the Vietnamese msgid: say it with gettext where it is shown)."""
    return FIELD_LABELS


def _has(header: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", header) is not None


COUNT_ENDINGS = (" so luong", " sl", " so ho so", " tong so", " tong")
RATE_MARKERS = {"%", "(%)", "ty le", "ty le %", "ty le (%)", "ti le", "ti le %", "ti le (%)"}
# The share of each count: a "%" column next to a count under the same group header is that
# count's share ("Đúng hạn" over "Tổng | %": the on-time dossiers only, without the early ones).
RATE_OF = {
    "resolved_early": "rate_early",
    "resolved_on_time": "rate_on_time_only",
    "resolved_late": "rate_late",
    "received_online": "rate_online",
    "paid_online": "rate_payment",
}


def classify(header: str) -> tuple[str | None, Message | None]:
    """(field or "ignore:…", reason) of a folded header; (None, None) when no rule matches."""
    folded = fold(header)
    key = collapse_spaces(folded.replace("(%)", " ").replace("%", " "))
    if not key:
        return None, None
    if "%" in folded and not _has(key, "ty le"):
        key = f"ty le {key}"  # "Đúng hạn (%)", a "%" under a group: a share, not a count
    elif "%" not in folded and _has(key, "ty le") and key.endswith(COUNT_ENDINGS):
        # "Tỷ lệ đúng hạn" over "Số lượng | %": the count column under a rate's group
        key = collapse_spaces(re.sub(r"(?<!\w)ty le(?!\w)", " ", key))
    for rule in vocabulary()["rules"]:
        if rule.get("exact"):
            if key not in rule.get("any", []):
                continue
        else:
            if not all(_has(key, w) for w in rule.get("all", [])):
                continue
            if rule.get("any") and not any(_has(key, w) for w in rule["any"]):
                continue
            if rule.get("also") and not any(_has(key, w) for w in rule["also"]):
                continue
        if any(_has(key, w) for w in rule.get("none", [])):
            continue
        return rule["field"], IGNORED.get(rule["field"])
    return None, None


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class ColumnInfo:
    index: int
    header: str  # the file's own words (group and sub-header)
    field: str | None = None
    status: str = "unknown"  # used, ignored, duplicate, unknown, empty
    why: Message | None = None  # why it is not used (or how a used one was read)

    @property
    def reason(self) -> str:
        """Why, in Vietnamese ("" when nothing is to be said)."""
        return self.why.text("vi") if self.why is not None else ""

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def place(self) -> str:
        """'E (Đúng hạn)' — how a finding names the column."""
        return f"{self.letter} ({self.header})" if self.header else self.letter

    def to_dict(self) -> dict[str, Any]:
        """What a job's summary keeps: the label as its msgid, the reason in Vietnamese and
        as its message's parts (``said``), said again in the reader's language."""
        return {
            "letter": self.letter,
            "header": self.header,
            "field": self.field or "",
            "label": field_labels().get(self.field or "", ""),
            "status": self.status,
            "reason": self.reason,
            **({"said": self.why.to_dict()} if self.why is not None else {}),
        }


@dataclass
class Header:
    line: int  # the (last) header line
    columns: list[ColumnInfo] = field(default_factory=list)
    first_line: int = 0  # the group header line when there are two

    @property
    def index(self) -> dict[str, int]:
        return {c.field: c.index for c in self.columns if c.status == "used" and c.field}

    def column(self, name: str) -> ColumnInfo | None:
        for c in self.columns:
            if c.status == "used" and c.field == name:
                return c
        return None

    def get(self, cells: list[str], name: str) -> str:
        i = self.index.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""


def header_parts(parent: list[str] | None, cells: list[str]) -> list[tuple[str, str]]:
    """(group, sub-header) of each column of a header row read with the row above it: the
    above row's text is carried to the right over blank (merged) cells while there is a
    sub-header under them. Without a group row (fewer than two filled cells) groups are
    empty."""
    if parent is None or sum(1 for c in parent if c.strip()) < 2:
        return [("", collapse_spaces(c)) for c in cells]
    out, group = [], ""
    width = max(len(parent), len(cells))
    for i in range(width):
        top = collapse_spaces(parent[i]) if i < len(parent) else ""
        sub = collapse_spaces(cells[i]) if i < len(cells) else ""
        if top:
            group = top
        elif not sub:
            group = ""
        out.append((top or group, sub))
    return out


def compose(parent: list[str] | None, cells: list[str]) -> list[str]:
    """Header texts of a row, each prefixed by its group header when the row above is one (two
    or more filled cells; a merged group is blank after its first cell, so it is carried to
    the right over the sub-headers under it)."""
    return [_joined(group, sub) for group, sub in header_parts(parent, cells)]


def _joined(group: str, sub: str) -> str:
    if sub and group and fold(group) != fold(sub):
        return f"{group} {sub}"
    return sub or group


def _group_rates(
    names: list[tuple[str | None, Message | None]], parts: list[tuple[str, str]]
) -> list[tuple[str | None, Message | None]]:
    """A "%" (or "Tỷ lệ") sub-header under a group is the share of the count beside it under
    the same group: its field follows that count's (RATE_OF)."""
    out = list(names)
    for i, (group, sub) in enumerate(parts):
        if not group or fold(sub).strip() not in RATE_MARKERS:
            continue
        span = [j for j, (g, _) in enumerate(parts) if g == group and _contiguous(parts, i, j)]
        counts = [names[j][0] for j in span if j != i and names[j][0] in RATE_OF]
        if len(counts) == 1 and counts[0] is not None:
            out[i] = (RATE_OF[counts[0]], SHARE_OF.with_params(group=group))
    return out


def _contiguous(parts: list[tuple[str, str]], i: int, j: int) -> bool:
    low, high = min(i, j), max(i, j)
    return all(parts[k][0] == parts[i][0] for k in range(low, high + 1))


def map_columns(
    headers: list[str],
    profile: Mapping[str, str] | None = None,
    parts: list[tuple[str, str]] | None = None,
) -> list[ColumnInfo]:
    """Each header's state; a profile ({folded header: field or "ignore"}) overrides the
    vocabulary for the headers it names. With ``parts`` (group, sub-header) of a two-row
    header, a "%" column under a group is the share of the count beside it."""
    profile = {fold(k): v for k, v in (profile or {}).items()}
    names: list[tuple[str | None, Message | None]] = []
    for header in headers:
        if not header.strip():
            names.append((None, None))
        elif fold(header) in profile:
            names.append((profile[fold(header)] or IGNORE, BY_PROFILE))
        else:
            names.append(classify(header))
    if parts is not None:
        fixed = _group_rates(names, parts)
        names = [names[i] if fold(headers[i]) in profile else fixed[i] for i in range(len(headers))]
    out: list[ColumnInfo] = []
    seen: dict[str, ColumnInfo] = {}
    for i, header in enumerate(headers):
        info = ColumnInfo(i, header)
        if not header.strip():
            info.status = "empty"
            out.append(info)
            continue
        name, reason = names[i]
        if name is None:
            info.status, info.why = "unknown", UNKNOWN
        elif name.startswith(IGNORE):
            info.status, info.why = "ignored", reason or IGNORED_BY_PROFILE
        elif name in seen:
            info.field = name
            info.status = "duplicate"
            info.why = SAME_AS.with_params(place=seen[name].place)
        else:
            info.field, info.status, info.why = name, "used", reason
            seen[name] = info
        out.append(info)
    return out


SCORED = {
    "agency",
    "period",
    "received_online",
    "received_counter",
    "received_post",
    "stated_received",
    "stated_resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending",
    "carried_over",
    "stated_total",
}


def find_header(
    rows: list[tuple[int, list[str]]], profile: Mapping[str, str] | None = None, scan: int = 20
) -> Header | None:
    """The header row (with its group row above when there is one): the candidate where most
    columns feed a field."""
    best: tuple[tuple[int, int], Header] | None = None
    for position, (number, cells) in enumerate(rows[:scan]):
        for parent_number, parent in ((0, None), *(rows[position - 1 : position])):
            parts = header_parts(parent, cells)
            headers = [_joined(group, sub) for group, sub in parts]
            columns = map_columns(headers, profile, parts)
            used = {c.field for c in columns if c.status == "used"}
            # most figures first; on a tie, the reading that understands more columns (a
            # second header row "Tổng | %" under "Trước hạn" adds the rates)
            # (a data row under a one-row header never wins a tie: it holds figures)
            figures = any(re.fullmatch(r"[\d.,%\s]*\d[\d.,%\s]*", c) for c in cells if c.strip())
            score = (len(used & SCORED), 0 if figures else len(used))
            if score[0] >= 2 and (best is None or score > best[0]):
                best = (score, Header(number, columns, parent_number or number))
    return best[1] if best else None


def is_total_label(text: str) -> bool:
    key = fold(text).strip(" .:")
    return key in vocabulary()["total_rows"] or key.startswith("tong cong")
