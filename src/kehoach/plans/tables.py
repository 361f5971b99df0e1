"""The estimate as HTML rows, built in Python: a 300-line estimate is 3,000 cells, and the
template engine spends far longer on them than string building does. Totals are computed once
per request by the core (``section_totals``) and every text is escaped here."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from html import escape
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kehoach.core.estimate import Estimate, EstimateLine, EstimateSection
from kehoach.core.findings import Finding
from kehoach.core.money import format_quantity, format_vnd

# The editor's labels are translated by key below (``_(k)``); marked here so that makemessages
# keeps them in the catalogue.
_LABELS = (
    gettext_noop("Dòng mới"),
    gettext_noop("Thêm dòng"),
    gettext_noop("Chuyển lên"),
    gettext_noop("Chuyển xuống"),
    gettext_noop("Chuyển sang mục"),
    gettext_noop("Chuyển"),
    gettext_noop("Xóa"),
    gettext_noop("Lỗi"),
    gettext_noop("Cảnh báo"),
    gettext_noop("Gợi ý"),
    gettext_noop("Thao tác"),
    gettext_noop("Chèn dòng phía trên"),
    gettext_noop("Chèn dòng phía dưới"),
    gettext_noop("dòng"),
)
SEVERITY_WORDS = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Gợi ý"}


def section_totals(estimate: Estimate) -> dict[str, Decimal]:
    """Every section's total in one post-order walk (each line's total computed once)."""
    totals: dict[str, Decimal] = {}

    def walk(section: EstimateSection) -> Decimal:
        total = sum((line.total for line in section.lines), Decimal(0))
        total += sum((walk(sub) for sub in section.sections), Decimal(0))
        totals[section.key] = total
        return total

    for section in estimate.sections:
        walk(section)
    return totals


def _q(value: Decimal | None) -> str:
    return format_quantity(value) if value is not None else ""


def _m(value: Decimal | None) -> str:
    return format_vnd(value) if value is not None else ""


def findings_html(findings: Iterable[Finding], lang: str) -> str:
    """A line's findings in words: the severity as a word ("Lỗi", "Cảnh báo", "Gợi ý"), the
    message, then the code, small and secondary (never the colour alone)."""
    words = {k: _(v) for k, v in SEVERITY_WORDS.items()}

    def column(f: Finding) -> str:
        return f' data-field="{escape(f.where.column)}"' if f.where.column else ""

    return "".join(
        f'<p class="finding sev-{f.level.value}"{column(f)}>'
        f'<strong class="sev">{words[f.level.value]}:</strong> '
        f'<span class="message">{escape(f.message(lang))}</span> '
        f'<small class="code">{escape(f.code)}</small></p>'
        for f in findings
    )


def findings_panel(estimate: Estimate, findings: list[Finding], lang: str) -> dict[str, str]:
    """The findings summary bar (counts by severity, each a link to the first of its kind) and
    the full list, each finding linked to its line in the grid when it has one."""
    words = {k: _(v) for k, v in SEVERITY_WORDS.items()}
    line_ids = {line.key: line.db_id for _section, line in estimate.walk_lines()}
    items: list[str] = []
    first: dict[str, str] = {}
    for i, f in enumerate(sorted(findings, key=lambda f: f.level.rank)):
        level = f.level.value
        anchor = f"finding-{i}"
        first.setdefault(level, anchor)
        where = f.where.label(lang)
        db_id = line_ids.get(f.where.line or "")
        place = f"<span>{escape(where)}</span>"
        if db_id:
            place = f'<a href="#line-{db_id}">{escape(where)}</a>'

        items.append(
            f'<li id="{anchor}" class="finding sev-{level}"><strong class="sev">'
            f"{words[level]}:</strong> {place} — "
            f'<span class="message">{escape(f.message(lang))}</span> '
            f'<small class="code">{escape(f.code)}</small></li>'
        )
    counts = {k: sum(1 for f in findings if f.level.value == k) for k in SEVERITY_WORDS}
    links = "".join(
        f'<li class="sev-{k}">'
        + (
            f'<a href="#{first[k]}">{words[k]}: {counts[k]}</a>'
            if counts[k]
            else f"<span>{words[k]}: 0</span>"
        )
        + "</li>"
        for k in SEVERITY_WORDS
    )
    listing = (
        f'<ul class="findings">{"".join(items)}</ul>'
        if items
        else f'<p class="ok">{_("Không có phát hiện nào.")}</p>'
    )
    return {"bar": f'<ul class="findings-bar">{links}</ul>', "list": listing}


def _ordered(estimate: Estimate) -> list[tuple[int, EstimateSection]]:
    out: list[tuple[int, EstimateSection]] = []

    def walk(section: EstimateSection, depth: int) -> None:
        out.append((depth, section))
        for sub in section.sections:
            walk(sub, depth + 1)

    for section in estimate.sections:
        walk(section, 0)
    return out


def estimate_table_rows(
    estimate: Estimate,
    totals: dict[str, Decimal],
    findings_by_line: dict[str, list[Finding]],
    lang: str,
) -> SafeString:
    """The read-only rows of the plan page."""
    parts: list[str] = []
    for _depth, section in _ordered(estimate):
        parts.append(
            f'<tr class="section"><th scope="row">{escape(section.code)}</th>'
            f'<td colspan="6" lang="vi">{escape(section.title)}</td>'
            f'<td class="num">{format_vnd(totals[section.key])}</td><td></td></tr>'
        )
        for line in section.lines:
            parts.append(
                f'<tr><td>{escape(line.number)}</td><td lang="vi">{escape(line.content)}</td>'
                f'<td>{escape(line.duration)}</td><td class="num">{_q(line.quantity)}</td>'
                f'<td class="num">{_m(line.unit_price)}</td>'
                f'<td class="num">{_q(line.airings)}</td>'
                f'<td class="num">{_m(line.airing_unit_price)}</td>'
                f'<td class="num">{format_vnd(line.total)}</td><td>{escape(line.note)}</td></tr>'
            )
            found = findings_by_line.get(line.key)
            if found:
                parts.append(
                    f'<tr class="line-findings"><td colspan="9">'
                    f"{findings_html(found, lang)}</td></tr>"
                )
    return mark_safe("".join(parts))


_FIELDS = [
    ("number", "STT", False),
    ("content", "Nội dung", False),
    ("duration", "Thời lượng", False),
    ("quantity", "Số lượng", True),
    ("unit_price", "Đơn giá", True),
    ("airings", "Số lần phát sóng", True),
    ("airing_unit_price", "Đơn giá phát sóng", True),
    ("lump_sum", "Khoán", True),
]


def _value(line: EstimateLine, name: str) -> str:
    value = getattr(line, name)
    if name in ("unit_price", "airing_unit_price"):
        return _m(value)
    if name == "lump_sum":
        return _m(value)
    if name in ("quantity", "airings"):
        return _q(value)
    return str(value or "")


def section_choices(estimate: Estimate) -> SafeString:
    """The "belongs to" select of the new-section form, and the list of section keys the rows'
    "move to section" fields offer (one list for the page, not one select per row)."""
    ordered = _ordered(estimate)
    options = "".join(
        f'<option value="{s.db_id}">{escape(s.key)} {escape(s.title[:30])}</option>'
        for _d, s in ordered
    )
    keys = "".join(
        f'<option value="{escape(s.key)}">{escape(s.key)} {escape(s.title[:30])}</option>'
        for _d, s in ordered
    )
    return mark_safe(
        f'<select id="sec-parent" name="parent"><option value="">—</option>{options}</select>'
        f'<datalist id="section-keys">{keys}</datalist>'
    )


def editor_layout(estimate: Estimate, totals: dict[str, Decimal]) -> dict[str, Any]:
    """What the editor needs to show a large estimate one top-level section at a time: the
    number of lines, and each top-level section's id, key, title, lines and total."""

    def count(section: EstimateSection) -> int:
        return len(section.lines) + sum(count(sub) for sub in section.sections)

    tops = [
        {
            "id": s.db_id,
            "key": s.key,
            "title": s.title,
            "lines": count(s),
            "total": totals[s.key],
        }
        for s in estimate.sections
    ]
    return {"lines": sum(count(s) for s in estimate.sections), "tops": tops}


def editor_rows(
    plan_pk: int,
    estimate: Estimate,
    totals: dict[str, Decimal],
    findings_by_line: dict[str, list[Finding]],
    lang: str,
    only: int | None = None,
) -> SafeString:
    """The editable rows: one input per cell, named as ``LineForm`` with prefix line-<id>.

    The rows hold nothing that belongs to one person: their cells and buttons (add, insert,
    move, delete) name the page's one form ``row-op`` (HTML's ``form`` and ``formaction``
    attributes), which holds the CSRF token and the lock, so the same rows serve everyone
    (kehoach.web.pages). Without JavaScript, Enter in a cell submits that form by its first
    button, "save" (``plans:estimate_save``); with it, grid.js posts one row at a time to
    ``plans:line_update`` (``data-update``) and repaints what the server answers."""
    labels = {name: _(label) for name, label, _num in _FIELDS}
    ordered = _ordered(estimate)
    if only is not None:  # one top-level section and its sub-sections
        top = next(s for s in estimate.sections if s.db_id == only)
        ordered = [(d, s) for d, s in ordered if s is top or s.key.startswith(top.key + ".")]
    add_url = reverse("plans:line_add", args=[plan_pk])
    t = {k: _(k) for k in _EDITOR_WORDS}
    parts: list[str] = []
    for depth, section in ordered:
        parts.append(_editor_section_row(section, depth, totals[section.key], add_url, t))
        for line in section.lines:
            parts.append(
                _editor_line_rows(
                    plan_pk, line, add_url, t, labels, findings_by_line.get(line.key, []), lang
                )
            )
    return mark_safe("".join(parts))


# The editor's words, said by key (``t[...]``).
_EDITOR_WORDS = (
    "Nội dung dòng mới",
    "Dòng mới",
    "Thêm dòng",
    "Chuyển lên",
    "Chuyển xuống",
    "Chuyển sang mục",
    "Chuyển",
    "Xóa",
    "Căn cứ tính",
    "Ghi chú",
    "Thao tác",
    "Chèn dòng phía trên",
    "Chèn dòng phía dưới",
    "dòng",
)


def _editor_section_row(
    section: EstimateSection, depth: int, total: Decimal, add_url: str, t: dict[str, str]
) -> str:
    """A section's row: its code, title and total, and the box that adds a line to it."""
    sid = section.db_id
    return (
        f'<tr class="section depth-{depth}" data-section="{sid}">'
        f'<th scope="row">{escape(section.code)}</th>'
        f'<td colspan="7">{escape(section.title)}</td>'
        f'<td class="num"><span id="sec-{sid}">{format_vnd(total)}</span></td>'
        f'<td colspan="3" class="new-line"><span class="new-line-box">'
        f'<label class="sr" for="new-{sid}">'
        f"{t['Nội dung dòng mới']} {escape(section.key)}</label>"
        f'<input id="new-{sid}" name="content-{sid}" form="row-op" '
        f'placeholder="{t["Dòng mới"]}">'
        f'<button type="submit" form="row-op" formaction="{add_url}" name="section" '
        f'value="{sid}" class="small">{t["Thêm dòng"]}</button></span></td></tr>'
    )


def _editor_line_rows(
    plan_pk: int,
    line: EstimateLine,
    add_url: str,
    t: dict[str, str],
    labels: dict[str, str],
    found: list[Finding],
    lang: str,
) -> str:
    """A line's row (an input per cell, its total, the menu of its operations) and the row of
    its findings."""
    pk = line.db_id
    cells = []
    for name, _label, numeric in _FIELDS:
        # Text inputs by default (no type, no id: every byte counts 300 times).
        extra = ' class="num" inputmode="decimal" autocomplete="off"' if numeric else ""
        cells.append(
            f'<td><input name="line-{pk}-{name}" value="{escape(_value(line, name))}" '
            f'aria-label="{labels[name]}" form="row-op"{extra}></td>'
        )
    move = reverse("plans:line_move", args=[plan_pk, pk])
    delete = reverse("plans:line_delete", args=[plan_pk, pk])
    update = reverse("plans:line_update", args=[plan_pk, pk])
    name = escape(line.number or line.content[:30])
    return (
        f'<tr id="line-{pk}" class="line" data-line="{pk}" data-update="{update}">'
        + "".join(cells)
        + f'<td class="num"><span id="total-{pk}">{format_vnd(line.total)}</span></td>'
        f'<td><input name="line-{pk}-basis" value="{escape(line.basis)}" '
        f'aria-label="{t["Căn cứ tính"]}" form="row-op"></td>'
        f'<td><input name="line-{pk}-note" value="{escape(line.note)}" '
        f'aria-label="{t["Ghi chú"]}" form="row-op"></td>'
        f'<td class="ops"><input type="hidden" id="v-{pk}" name="line-{pk}-version" '
        f'value="{"" if line.version is None else line.version}" form="row-op">'
        f'<details class="row-menu"><summary>{t["Thao tác"]}'
        f'<span class="sr"> {t["dòng"]} {name}</span></summary><div class="menu">'
        f'<button type="submit" form="row-op" formaction="{add_url}" name="above" '
        f'value="{pk}" class="small">{t["Chèn dòng phía trên"]}</button>'
        f'<button type="submit" form="row-op" formaction="{add_url}" name="below" '
        f'value="{pk}" class="small">{t["Chèn dòng phía dưới"]}</button>'
        f'<button type="submit" form="row-op" formaction="{move}" '
        f'name="direction" value="up" class="small">↑ {t["Chuyển lên"]}</button>'
        f'<button type="submit" form="row-op" formaction="{move}" name="direction" '
        f'value="down" class="small">↓ {t["Chuyển xuống"]}</button>'
        f'<span class="move-to"><input name="to-{pk}" form="row-op" list="section-keys" '
        f'size="5" aria-label="{t["Chuyển sang mục"]}">'
        f'<button type="submit" form="row-op" formaction="{move}" class="small">'
        f"{t['Chuyển']}</button></span>"
        f'<button type="submit" form="row-op" formaction="{delete}" '
        f'class="small danger">{t["Xóa"]}</button></div></details></td></tr>'
        f'<tr class="line-findings"><td colspan="12"><div id="findings-{pk}">'
        f"{findings_html(found, lang)}</div></td></tr>"
    )
