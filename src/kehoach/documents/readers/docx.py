"""DOCX plans -> :class:`~kehoach.documents.readers.Extracted`.

What an agency's Word file holds, read the way Word shows it:

- body paragraphs in order, with Word's automatic numbering rendered ("I.", "1.", "a)", "-")
  so that numbered headings are found as if typed; "All caps" formatting applied;
- tables: the estimate table (found by its header words, wherever it is) becomes rows for
  :mod:`~kehoach.documents.estimate_table`, a merged cell appearing once (in its first grid
  column and first row, the cells it covers empty); every other table — the two-column
  header, the signature and "Nơi nhận" block side by side — is layout, read cell by cell,
  each paragraph a line;
- text boxes (read once: the drawing, not its VML fallback copy), page headers (before the
  body) and page footers (kept as extra paragraphs);
- runs in legacy fonts (".VnTime", ".VnTimeH", "VNI-Times" …) converted to Unicode, upper
  case for the ".Vn…H" fonts; ``encoding`` ("tcvn3"/"vni") converts the runs of any other
  font too, for files whose fonts were replaced.

Line numbers (``source_line``) count paragraphs in document order, table cells included.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import docx  # python-docx

from kehoach.core import legacy
from kehoach.core.findings import Where
from kehoach.core.plan import Paragraph
from kehoach.core.text import collapse_spaces, fold
from kehoach.documents.estimate_table import Row, find_header
from kehoach.documents.plan_text import TextLine
from kehoach.documents.readers import Extracted
from kehoach.documents.readers.ooxml import Container, damaged
from kehoach.documents.readers.txt import _cells, _is_table_row

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
RT_HEADER = "relationships/header"
RT_FOOTER = "relationships/footer"
RT_STYLES = "relationships/styles"
RT_NUMBERING = "relationships/numbering"
MAX_DEPTH = 40
_ROMAN_VALUES: tuple[tuple[int, str], ...] = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
    (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_FALSE = ("0", "false", "off")

Element = Any  # an lxml element; python-docx's oxml classes are untyped


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _local(el: Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""  # comments, processing instructions
    return tag.rsplit("}", 1)[-1]


def _val(el: Element | None, attr: str = "val") -> str | None:
    if el is None:
        return None
    value = el.get(_w(attr))
    return str(value) if value is not None else None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _on(el: Element | None) -> bool | None:
    """A toggle property (w:caps, w:b): None when absent."""
    if el is None:
        return None
    return (_val(el) or "true").lower() not in _FALSE


# -- styles: fonts, caps, numbering -----------------------------------------------------------
class _Styles:
    def __init__(self, root: Element | None) -> None:
        self.styles: dict[str, Element] = {}
        self.default_paragraph: str | None = None
        self.default_font: str | None = None
        if root is None:
            return
        for style in root.iter(_w("style")):
            style_id = style.get(_w("styleId"))
            if style_id is None:
                continue
            self.styles[str(style_id)] = style
            if style.get(_w("type")) == "paragraph" and (
                (style.get(_w("default")) or "").lower() in ("1", "true", "on")
            ):
                self.default_paragraph = str(style_id)
        defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        if defaults is not None:
            self.default_font = _font_of(defaults)

    def _chain(self, style_id: str | None) -> Iterator[Element]:
        seen: set[str] = set()
        while style_id and style_id not in seen and len(seen) < 20:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                return
            yield style
            style_id = _val(style.find(_w("basedOn")))

    def font(self, style_id: str | None) -> str | None:
        for style in self._chain(style_id):
            font = _font_of(style.find(_w("rPr")))
            if font is not None:
                return font
        return None

    def caps(self, style_id: str | None) -> bool | None:
        for style in self._chain(style_id):
            rpr = style.find(_w("rPr"))
            if rpr is not None:
                value = _on(rpr.find(_w("caps")))
                if value is not None:
                    return value
        return None

    def numbering(self, style_id: str | None) -> tuple[str, int] | None:
        for style in self._chain(style_id):
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is not None:
                num_id = _val(num_pr.find(_w("numId")))
                if num_id is not None:
                    return num_id, _int(_val(num_pr.find(_w("ilvl"))), 0)
        return None


def _font_of(rpr: Element | None) -> str | None:
    """The font of high-ANSI characters (where legacy Vietnamese letters are), else ASCII's.
    A theme font counts as a (non-legacy) font, so that it stops the style chain."""
    if rpr is None:
        return None
    fonts = rpr.find(_w("rFonts"))
    if fonts is None:
        return None
    for attr in ("hAnsi", "ascii"):
        value = fonts.get(_w(attr))
        if value:
            return str(value)
    if fonts.get(_w("hAnsiTheme")) or fonts.get(_w("asciiTheme")):
        return "(theme)"
    return None


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


class _Numbering:
    """Word's automatic numbering, rendered as the labels Word shows."""

    def __init__(self, root: Element | None) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for abstract in root.iter(_w("abstractNum")):
            levels = {}
            for lvl in abstract.iter(_w("lvl")):
                levels[_int(lvl.get(_w("ilvl")), 0)] = _Level(
                    fmt=_val(lvl.find(_w("numFmt"))) or "decimal",
                    text=_val(lvl.find(_w("lvlText"))) or "",
                    start=_int(_val(lvl.find(_w("start"))), 1),
                )
            self.abstract[str(abstract.get(_w("abstractNumId")))] = levels
        for num in root.iter(_w("num")):
            overrides = {}
            for override in num.iter(_w("lvlOverride")):
                start = override.find(_w("startOverride"))
                if start is not None:
                    overrides[_int(override.get(_w("ilvl")), 0)] = _int(_val(start), 1)
            self.nums[str(num.get(_w("numId")))] = (
                _val(num.find(_w("abstractNumId"))) or "",
                overrides,
            )

    def label(self, num_id: str, ilvl: int) -> str:
        if num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = overrides.get(ilvl, level.start)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none":
            return ""

        def substitute(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            lvl = levels.get(k, _Level())
            value = counters.get(k, overrides.get(k, lvl.start))
            return _format_number(value, lvl.fmt)

        return re.sub(r"%([1-9])", substitute, level.text).strip()


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        out, rest = "", max(value, 1)
        for amount, numeral in _ROMAN_VALUES:
            while rest >= amount and len(out) < 30:
                out, rest = out + numeral, rest - amount
        return out if fmt == "upperRoman" else out.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (max(value, 1) - 1) % 26) * (1 + (max(value, 1) - 1) // 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


# -- blocks -----------------------------------------------------------------------------------
@dataclass
class _Para:
    lines: list[str]
    source: int


@dataclass
class _Cell:
    lines: list[str]
    source: int


@dataclass
class _Table:
    rows: list[list[_Cell | None]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def as_rows(self) -> list[Row]:
        out = []
        for cells in self.rows:
            sources = [c.source for c in cells if c is not None]
            out.append(
                Row(
                    cells=[collapse_spaces(" ".join(c.lines)) if c else "" for c in cells],
                    source_line=sources[0] if sources else None,
                )
            )
        return out

    def as_lines(self) -> list[TextLine]:
        return [
            TextLine(line, cell.source)
            for cells in self.rows
            for cell in cells
            if cell is not None
            for line in cell.lines
        ]


class _Reader:
    def __init__(self, styles: _Styles, numbering: _Numbering, forced: str | None) -> None:
        self.styles = styles
        self.numbering = numbering
        self.forced = forced
        self.counter = 0
        self.conversions: dict[str, int] = {}
        self.table_styles: list[str | None] = []  # the styles of the tables being read

    # blocks of a container (body, cell, text box, header) in order
    def blocks(self, container: Element, depth: int = 0) -> Iterator[_Para | _Table]:
        if depth > MAX_DEPTH:
            return
        for child in container:
            tag = _local(child)
            if tag == "p":
                para, boxes = self.paragraph(child)
                yield para
                for box in boxes:
                    yield from self.blocks(box, depth + 1)
            elif tag == "tbl":
                yield self.table(child, depth + 1)
            elif tag in ("sdt", "sdtContent", "customXml", "ins", "moveTo"):
                yield from self.blocks(child, depth + 1)
            elif tag == "AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    yield from self.blocks(choice, depth + 1)

    def table(self, tbl: Element, depth: int) -> _Table:
        self.table_styles.append(_val(tbl.find(f"{_w('tblPr')}/{_w('tblStyle')}")))
        try:
            return self._table(tbl, depth)
        finally:
            self.table_styles.pop()

    def _table(self, tbl: Element, depth: int) -> _Table:
        table = _Table()
        for tr in self._children(tbl, "tr"):
            cells: list[_Cell | None] = []
            before = tr.find(f"{_w('trPr')}/{_w('gridBefore')}")
            cells.extend([None] * min(_int(_val(before), 0), 64))
            for tc in self._children(tr, "tc"):
                tc_pr = tc.find(_w("tcPr"))
                span = 1
                continued = False
                if tc_pr is not None:
                    span = max(1, min(_int(_val(tc_pr.find(_w("gridSpan"))), 1), 64))
                    v_merge = tc_pr.find(_w("vMerge"))
                    continued = v_merge is not None and (_val(v_merge) or "continue") == "continue"
                if continued:
                    self._skip_paragraphs(tc)
                    cells.extend([None] * span)
                    continue
                first = self.counter + 1
                lines: list[str] = []
                for block in self.blocks(tc, depth + 1):
                    lines.extend(block.lines if isinstance(block, _Para) else _flat(block))
                cells.append(_Cell([ln for ln in lines if ln.strip()], first))
                cells.extend([None] * (span - 1))
            table.rows.append(cells)
        return table

    def _skip_paragraphs(self, tc: Element) -> None:
        # A continued merged cell holds an empty paragraph: count it, to keep numbering stable.
        self.counter += sum(1 for _ in tc.iter(_w("p")))

    @staticmethod
    def _children(parent: Element, tag: str) -> Iterator[Element]:
        for child in parent:
            name = _local(child)
            if name == tag:
                yield child
            elif name in ("sdt", "sdtContent", "customXml"):
                yield from _Reader._children(child, tag)

    def paragraph(self, p: Element) -> tuple[_Para, list[Element]]:
        self.counter += 1
        source = self.counter
        p_pr = p.find(_w("pPr"))
        style_id = _val(p_pr.find(_w("pStyle"))) if p_pr is not None else None
        style_id = style_id or self.styles.default_paragraph
        parts: list[str] = []
        boxes: list[Element] = []
        self._inline(p, style_id, parts, boxes, 0)
        text = "".join(parts)
        label = self._label(p_pr, style_id)
        if label:
            text = f"{label} {text.lstrip()}"
        lines = [collapse_tabs(line) for line in text.split("\n")]
        return _Para([ln for ln in lines if ln.strip()], source), boxes

    def _label(self, p_pr: Element | None, style_id: str | None) -> str:
        num: tuple[str, int] | None = None
        num_pr = p_pr.find(_w("numPr")) if p_pr is not None else None
        if num_pr is not None:
            num_id = _val(num_pr.find(_w("numId")))
            if num_id is not None:
                num = (num_id, _int(_val(num_pr.find(_w("ilvl"))), 0))
        if num is None:
            num = self.styles.numbering(style_id)
        if num is None or num[0] == "0":
            return ""
        return self.numbering.label(num[0], num[1])

    def _inline(
        self, el: Element, style_id: str | None, parts: list[str], boxes: list[Element], depth: int
    ) -> None:
        if depth > MAX_DEPTH:
            return
        for child in el:
            tag = _local(child)
            if tag == "r":
                parts.append(self.run(child, style_id, boxes))
            elif tag in ("pPr", "del", "moveFrom", "rPr", ""):
                continue
            elif tag == "AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self._inline(choice, style_id, parts, boxes, depth + 1)
            else:  # hyperlink, ins, smartTag, sdt, sdtContent, fldSimple, customXml, moveTo …
                self._inline(child, style_id, parts, boxes, depth + 1)

    def _style_font(self, run_style: str | None, style_id: str | None) -> str | None:
        """A run's font when the run sets none: its character style, its paragraph style, the
        style of the table it is in (over the default paragraph style, as Word does), the
        default paragraph style, the document's defaults."""
        font = self.styles.font(run_style)
        if font is None and style_id != self.styles.default_paragraph:
            font = self.styles.font(style_id)
        if font is None and self.table_styles:
            font = self.styles.font(self.table_styles[-1])
        if font is None:
            font = self.styles.font(self.styles.default_paragraph)
        return font or self.styles.default_font

    def run(self, r: Element, style_id: str | None, boxes: list[Element]) -> str:
        r_pr = r.find(_w("rPr"))
        run_style = _val(r_pr.find(_w("rStyle"))) if r_pr is not None else None
        font = _font_of(r_pr) or self._style_font(run_style, style_id)
        detected = legacy.font_encoding(font)
        encoding, upper = detected if detected else (self.forced, False)
        caps = _on(r_pr.find(_w("caps"))) if r_pr is not None else None
        if caps is None:
            caps = self.styles.caps(run_style)
        if caps is None:
            caps = self.styles.caps(style_id)
        out: list[str] = []
        for child in r:
            tag = _local(child)
            if tag == "t":
                out.append(child.text or "")
            elif tag in ("tab", "ptab"):
                out.append("\t")
            elif tag in ("br", "cr"):
                out.append("\n")
            elif tag == "noBreakHyphen":
                out.append("-")
            elif tag == "softHyphen":
                out.append("\u00ad" if encoding == legacy.TCVN3 else "")
            elif tag in ("drawing", "pict", "AlternateContent", "object"):
                boxes.extend(_textboxes(child, 0))
        text = "".join(out)
        if encoding in legacy.ENCODINGS and text:
            converted = legacy.decode(text, encoding, uppercase=upper)
            if converted != text:
                self.conversions[encoding] = self.conversions.get(encoding, 0) + 1
            text = converted
        if caps:
            text = text.upper()
        return text


def _textboxes(el: Element, depth: int) -> Iterator[Element]:
    """The text boxes inside a drawing, once: Word writes each box twice (the DrawingML shape
    and a VML fallback), so the fallback is skipped; a box inside a box is read with it."""
    if depth > MAX_DEPTH:
        return
    for child in el:
        tag = _local(child)
        if tag == "txbxContent":
            yield child
        elif tag == "Fallback":
            continue
        else:
            yield from _textboxes(child, depth + 1)


def _flat(table: _Table) -> list[str]:
    return [line.text for line in table.as_lines()]


def collapse_tabs(text: str) -> str:
    return re.sub(r"[ \u00a0]*\t[\t \u00a0]*", "\t", text)


def _is_appendix_title(text: str) -> bool:
    folded = fold(text.strip(" *#_"))
    return folded == "phu luc" or (folded.startswith("phu luc") and len(folded) < 40)


def _related(part: Any, suffix: str) -> list[Any]:
    return [rel.target_part for rel in part.rels.values() if rel.reltype.endswith(suffix)]


def extract_docx(container: Container, *, name: str = "", encoding: str | None = None) -> Extracted:
    """A DOCX file read: its page headers (before the body's lines) and footers (extra
    paragraphs), then its body's blocks; a damaged package is a ReadError."""
    try:
        document = docx.Document(io.BytesIO(container.data))
        part = document.part
        body = document.element.body
        styles_parts = _related(part, RT_STYLES)
        numbering_parts = _related(part, RT_NUMBERING)
        page_parts = [(p, "header") for p in _related(part, RT_HEADER)]
        page_parts += [(p, "footer") for p in _related(part, RT_FOOTER)]
        page_elements = [(p.element, kind) for p, kind in page_parts]
        styles_root = styles_parts[0].element if styles_parts else None
        numbering_root = numbering_parts[0].element if numbering_parts else None
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise damaged(name, "DOCX") from exc
    if body is None:
        raise damaged(name, "DOCX")
    reader = _Reader(_Styles(styles_root), _Numbering(numbering_root), encoding)
    extracted = Extracted(source_format="docx", encoding=encoding or "utf-8")
    page_header = _page_parts(reader, page_elements, extracted)
    reader.counter = 0  # body paragraphs are numbered from 1, as in the file
    extracted.lines = _body_blocks(reader, body, extracted, list(page_header))
    for enc, count in reader.conversions.items():
        extracted.add_conversion(enc, count)
    return extracted


def _page_parts(
    reader: _Reader, page_elements: list[tuple[Element, str]], extracted: Extracted
) -> list[TextLine]:
    """The page headers' lines (returned: they come before the body) and the page footers'
    (added to ``extracted`` as extra paragraphs), each distinct text once."""
    page_header: list[TextLine] = []
    seen: set[str] = set()
    for element, kind in page_elements:
        for block in reader.blocks(element):
            lines = (
                [TextLine(t, block.source) for t in block.lines]
                if isinstance(block, _Para)
                else block.as_lines()
            )
            for line in lines:
                if line.text in seen:
                    continue
                seen.add(line.text)
                if kind == "header":
                    page_header.append(line)
                else:
                    extracted.extra_paragraphs.append(
                        Paragraph(line.text, "", Where(part="file", text=line.text[:60]))
                    )
    return page_header


def _body_blocks(
    reader: _Reader, body: Element, extracted: Extracted, body_lines: list[TextLine]
) -> list[TextLine]:
    """The body's blocks in order: the estimate's rows and the appendix's lines go into
    ``extracted``, the other lines after ``body_lines``, which are returned."""
    in_appendix = False
    estimate_width = 0
    for block in reader.blocks(body):
        if isinstance(block, _Para):
            for text in block.lines:
                line = TextLine(text, block.source)
                if not in_appendix and _is_appendix_title(text):
                    in_appendix = True
                if _is_table_row(text):
                    extracted.rows.append(Row(cells=_cells(text), source_line=block.source))
                elif in_appendix:
                    extracted.appendix.append(line)
                else:
                    body_lines.append(line)
            continue
        rows = block.as_rows()
        is_estimate = find_header(rows) is not None or (in_appendix and block.width >= 6)
        if is_estimate and not extracted.rows:
            extracted.rows = rows
            estimate_width = block.width
        elif is_estimate and block.width == estimate_width and find_header(rows) is None:
            extracted.rows.extend(rows)  # the table continues after a page break
        elif in_appendix:
            extracted.appendix.extend(block.as_lines())
        else:
            body_lines.extend(block.as_lines())
    return body_lines
