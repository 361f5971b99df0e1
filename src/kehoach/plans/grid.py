"""Reading what the estimate grid sends: a block pasted from a spreadsheet (tab-separated,
Vietnamese or English number forms) and the whole page saved without JavaScript. Each cell is
read by the editor form's own field (``LineForm``), so a figure means the same whether typed or
pasted; what cannot be read is returned with its cell's name, never saved as 0 or blank.
The arithmetic stays in the core: nothing here computes a total."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import QueryDict

from kehoach.core import bounds
from kehoach.plans.forms import LineForm
from kehoach.plans.models import EstimateLine, EstimateSection

# The grid's editable columns, in the order the page shows them (the computed total is not
# one of them: the server computes it).
GRID_FIELDS = [f for f in LineForm.Meta.fields if f != "executing_unit"]
MAX_ROWS = 500
MAX_CELLS = 10_000


@dataclass
class CellError:
    row: int  # 0-based row of the pasted block (or of the page)
    field: str
    text: str
    message: str
    line: EstimateLine | None = None  # set once the line exists

    def name(self) -> str:
        return f"line-{self.line.pk}-{self.field}" if self.line is not None else ""


@dataclass
class Reading:
    changes: list[tuple[EstimateLine, dict[str, Any], int | None]] = field(default_factory=list)
    additions: list[tuple[EstimateSection, dict[str, Any]]] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    # For each addition, the errors of its row (their line is known once it is created).
    addition_errors: list[list[CellError]] = field(default_factory=list)
    ignored_columns: int = 0


def parse_block(text: str) -> list[list[str]]:
    """Rows of cells from a spreadsheet's clipboard text: rows end with CRLF, LF or CR, cells
    are tab-separated; a cell Excel quoted (it holds a tab, a line break or a quote) is
    unquoted. The final empty line spreadsheets add is dropped."""
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    i, n = 0, len(text)
    quoted_start = True  # at the start of a cell
    while i < n:
        ch = text[i]
        if quoted_start and ch == '"':
            end = i + 1
            buf: list[str] = []
            while end < n:
                if text[end] == '"':
                    if end + 1 < n and text[end + 1] == '"':
                        buf.append('"')
                        end += 2
                        continue
                    break
                buf.append(text[end])
                end += 1
            closes = end < n and (end + 1 == n or text[end + 1] in "\t\r\n")
            if closes:
                cell.append("".join(buf))
                i = end + 1
                quoted_start = False
                continue
        quoted_start = False
        if ch == "\t":
            row.append("".join(cell))
            cell = []
            quoted_start = True
        elif ch in "\r\n":
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            row.append("".join(cell))
            rows.append(row)
            row, cell = [], []
            quoted_start = True
        else:
            cell.append(ch)
        i += 1
    if cell or row:
        row.append("".join(cell))
        rows.append(row)
    return rows


def clean_cell(name: str, text: str) -> Any:
    """One cell read by the editor form's field; ``forms.ValidationError`` when it cannot be."""
    form_field = LineForm.base_fields[name]
    value = form_field.clean(text.strip())
    if isinstance(value, str):
        value = bounds.clean_text(value.replace("\r\n", "\n"))
    return value


def _message(exc: forms.ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _read_row(
    row_index: int, cells: dict[str, str], line: EstimateLine | None
) -> tuple[dict[str, Any], list[CellError]]:
    data: dict[str, Any] = {}
    errors: list[CellError] = []
    for name, text in cells.items():
        if line is None and name == "content" and not text.strip():
            continue  # a new line without content is called "Dòng mới"
        try:
            value = clean_cell(name, text)
        except forms.ValidationError as exc:
            errors.append(CellError(row_index, name, text, _message(exc), line))
            continue
        if line is not None and _same(getattr(line, name), value):
            continue
        data[name] = value
    return data, errors


def _same(stored: Any, value: Any) -> bool:
    if stored is None or value is None:
        return stored is value or (stored in (None, "") and value in (None, ""))
    return bool(stored == value)


def read_paste(
    anchor: EstimateLine, field_name: str, rows: list[list[str]], versions: dict[int, int]
) -> Reading:
    """A pasted block whose top-left cell is ``anchor``'s ``field_name``: row i goes to the
    i-th line of the anchor's section from the anchor down; rows past the section's last line
    become new lines at its end. Columns past the grid's last are ignored (counted)."""
    if field_name not in GRID_FIELDS:
        field_name = "content"
    start = GRID_FIELDS.index(field_name)
    lines = list(
        EstimateLine.objects.filter(section_id=anchor.section_id).order_by("position", "id")
    )
    index = next((i for i, ln in enumerate(lines) if ln.pk == anchor.pk), 0)
    targets = lines[index:]
    reading = Reading()
    for r, row in enumerate(rows[:MAX_ROWS]):
        columns = GRID_FIELDS[start : start + len(row)]
        reading.ignored_columns = max(reading.ignored_columns, len(row) - len(columns))
        cells = dict(zip(columns, row, strict=False))
        line = targets[r] if r < len(targets) else None
        data, errors = _read_row(r, cells, line)
        if line is not None:
            if data:
                reading.changes.append((line, data, versions.get(line.pk)))
            reading.errors.extend(errors)
        elif any(text.strip() for text in row) or errors:
            reading.additions.append((anchor.section, data))
            reading.addition_errors.append(errors)
    return reading


_LINE_NAME = re.compile(r"^line-(\d{1,12})-(\w+)$")
_NEW_NAME = re.compile(r"^content-(\d{1,12})$")


def read_page(plan: Any, post: QueryDict) -> Reading:
    """The editor page submitted whole (its "save" button, or Enter in a cell, without
    JavaScript): every line whose shown values differ from the stored ones, checked against
    the version its row showed, and one new line for each section's filled "new line" box."""
    wanted: dict[int, dict[str, str]] = {}
    for key in post:
        match = _LINE_NAME.match(key)
        if match and match.group(2) in GRID_FIELDS:
            wanted.setdefault(int(match.group(1)), {})[match.group(2)] = post.get(key, "")
    reading = Reading()
    lines = EstimateLine.objects.filter(plan=plan, pk__in=list(wanted)).order_by(
        "section__position", "position", "id"
    )
    for r, line in enumerate(lines):
        data, errors = _read_row(r, wanted[line.pk], line)
        version = post.get(f"line-{line.pk}-version", "")
        if data:
            reading.changes.append((line, data, int(version) if version.isdigit() else None))
        reading.errors.extend(errors)
    for key in post:
        match = _NEW_NAME.match(key)
        content = post.get(key, "").strip()
        if match and content:
            section = EstimateSection.objects.filter(plan=plan, pk=int(match.group(1))).first()
            if section is not None:
                reading.additions.append((section, {"content": content[:300]}))
                reading.addition_errors.append([])
    return reading
