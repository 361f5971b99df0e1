"""What ``kehoach check`` prints: the recomputed appendix and the findings, as text or JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kehoach.core.bounds import words_or_note
from kehoach.core.estimate import Estimate, EstimateLine, EstimateSection
from kehoach.core.findings import COLUMNS, Finding, Severity
from kehoach.core.messages import declare
from kehoach.core.money import format_quantity, format_vnd
from kehoach.core.plan import Citation, PlanDocument
from kehoach.core.words import WordsStyle


def _num(value: Decimal | None) -> int | str | None:
    """Whole numbers as JSON integers, fractional quantities as exact decimal strings."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else str(value)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _citation(c: Citation) -> dict[str, Any]:
    return {
        "type": c.type_name,
        "number": c.reference,
        "symbol": c.symbol,
        "date": _iso(c.date),
        "issuer": c.issuer,
        "summary": c.summary,
    }


def _line(line: EstimateLine) -> dict[str, Any]:
    return {
        "key": line.key,
        "number": line.number,
        "content": line.content,
        "duration": line.duration,
        "unit": line.unit,
        "quantity": _num(line.quantity),
        "unit_price": _num(line.unit_price),
        "amount": _num(line.production_amount),
        "airings": _num(line.effective_airings),
        "airing_unit_price": _num(line.airing_unit_price),
        "airing_amount": _num(line.airing_amount),
        "total": _num(line.total),
        "lump_sum": line.is_lump_sum,
        "activity": line.activity,
        "note": line.note,
        "stated": {
            "amount": _num(line.stated_amount),
            "airing_amount": _num(line.stated_airing_amount),
            "total": _num(line.stated_total),
        },
    }


def _section(section: EstimateSection) -> dict[str, Any]:
    return {
        "key": section.key,
        "code": section.code,
        "title": section.title,
        "total": _num(section.total),
        "stated_total": _num(section.stated_total),
        "lines": [_line(line) for line in section.lines],
        "sections": [_section(s) for s in section.sections],
    }


def words_style(thousand: str = "nghìn") -> WordsStyle:
    return WordsStyle(thousand=thousand)


def estimate_json(estimate: Estimate, style: WordsStyle) -> dict[str, Any]:
    return {
        "title": estimate.title,
        "reference": estimate.reference_text,
        "sections": [_section(s) for s in estimate.sections],
        "total": _num(estimate.total),
        "in_words": words_or_note(estimate.total, style),
        "stated": {
            "total": _num(estimate.stated_total),
            "in_words": estimate.stated_words,
        },
    }


def to_json(
    doc: PlanDocument, findings: list[Finding], *, lang: str = "vi", style: WordsStyle | None = None
) -> dict[str, Any]:
    style = style or WordsStyle()
    header = doc.header
    return {
        "document": {
            "source": doc.source_name,
            "format": doc.source_format,
            "type": header.type_name,
            "governing_body": header.governing_body,
            "agency": header.agency,
            "number": header.reference,
            "symbol": header.symbol,
            "place": header.place,
            "date": _iso(header.date),
            "title": header.title,
            "legal_bases": [_citation(c) for c in doc.legal_bases],
            "objectives": [
                {
                    "text": o.text,
                    "baseline": o.is_baseline,
                    "figures": [{"value": _num(f.value), "unit": f.unit} for f in o.figures],
                }
                for o in doc.objectives
            ],
            "activities": [
                {
                    "number": a.number,
                    "title": a.title,
                    "kind": a.kind,
                    "audience": a.audience,
                    "quantity": _num(a.quantity),
                    "unit": a.unit,
                    "items": [
                        {
                            "text": i.text,
                            "kind": i.kind,
                            "medium": i.medium,
                            "quantity": _num(i.quantity),
                            "unit": i.unit,
                        }
                        for i in a.items
                    ],
                }
                for a in doc.activities
            ],
            "funding": {
                "total": _num(doc.body_total.amount),
                "in_words": doc.body_total.words,
                "source": doc.funding_source,
            },
            "responsibilities": [r.text for r in doc.responsibilities],
            "recipients": [
                {"text": r.text, "purpose": r.purpose, "archive": r.is_archive}
                for r in doc.recipients
            ],
            "signer": {
                "prefix": doc.signer.prefix,
                "title": doc.signer.title,
                "name": doc.signer.name,
            },
        },
        "estimate": estimate_json(doc.estimate, style),
        "findings": [f.to_dict(lang) for f in findings],
    }


# -- text ----------------------------------------------------------------------------------


# What the text report says (docs/architecture.md, "Messages"): English in the catalogue only.
ESTIMATE_HEADING = declare("report.estimate", "DỰ TOÁN KINH PHÍ (tính lại)")
HEADS = (
    COLUMNS["content"],
    declare("report.quantity", "Số lượng", context="short"),  # "Qty": a narrow column
    COLUMNS["unit_price"],
    declare("report.airings", "Số lần PS"),
    declare("report.airing_price", "Đơn giá PS"),
    COLUMNS["amount"],
)
GRAND_TOTAL = declare("report.total", "TỔNG CỘNG")
IN_WORDS = declare("report.in_words", "(Bằng chữ: {words})")
FINDINGS = declare("report.findings", "KẾT QUẢ KIỂM TRA: {summary}")


def _row(cols: list[str], widths: list[int]) -> str:
    out = []
    for i, (col, width) in enumerate(zip(cols, widths, strict=True)):
        out.append(col.ljust(width) if i < 2 else col.rjust(width))
    return "  ".join(out).rstrip()


def render_text(
    doc: PlanDocument, findings: list[Finding], *, lang: str = "vi", style: WordsStyle | None = None
) -> str:
    """The text report: the plan's title, subject and date, the recomputed estimate (when the
    plan has one), then the findings by severity."""
    style = style or WordsStyle()
    header = doc.header
    lines: list[str] = []
    title = " ".join(x for x in (header.type_name, header.reference) if x)
    lines.append(title or doc.source_name)
    if header.title:
        lines.append(header.title)
    if header.date:
        lines.append(
            f"{header.place}, {header.date:%d/%m/%Y}" if header.place else f"{header.date:%d/%m/%Y}"
        )
    lines.append("")
    if not doc.estimate.is_empty:
        lines.extend(_estimate_text(doc.estimate, lang, style))
    lines.extend(_findings_text(findings, lang))
    return "\n".join(lines) + "\n"


def _estimate_text(estimate: Estimate, lang: str, style: WordsStyle) -> list[str]:
    """The estimate's lines: its heading, the table (each column as wide as its widest cell)
    ending with the grand total, the total in words, then a blank line."""
    heads = ["", *(head.text(lang) for head in HEADS)]
    rows = [row for section in estimate.sections for row in _section_rows(section, 0)]
    rows.append(["", GRAND_TOTAL.text(lang), "", "", "", "", format_vnd(estimate.total)])
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]
    lines = [ESTIMATE_HEADING.text(lang), _row(heads, widths)]
    lines.append("-" * (sum(widths) + 2 * (len(widths) - 1)))
    lines.extend(_row(r, widths) for r in rows)
    words = words_or_note(estimate.total, style)
    lines.append(IN_WORDS.with_params(words=words).text(lang))
    lines.append("")
    return lines


def _section_rows(section: EstimateSection, depth: int) -> list[list[str]]:
    """The table's rows of a section: its own (title in capitals, total), its lines', then
    its subsections', each level indented by two spaces."""
    rows = [
        [
            section.code,
            ("  " * depth) + section.title.upper()[:48],
            "",
            "",
            "",
            "",
            format_vnd(section.total),
        ]
    ]
    for line in section.lines:
        rows.append(
            [
                line.number,
                ("  " * (depth + 1)) + line.content[:48],
                format_quantity(line.quantity) if line.quantity is not None else "",
                format_vnd(line.unit_price) if line.unit_price is not None else "",
                format_quantity(line.effective_airings)
                if line.effective_airings is not None and line.airing_unit_price is not None
                else "",
                format_vnd(line.airing_unit_price) if line.airing_unit_price is not None else "",
                format_vnd(line.total),
            ]
        )
    for sub in section.sections:
        rows.extend(_section_rows(sub, depth + 1))
    return rows


def _findings_text(findings: list[Finding], lang: str) -> list[str]:
    """The findings' lines: the count of each severity, then each severity's findings (its
    code and place, its message below)."""
    counts = {s: sum(1 for f in findings if f.level is s) for s in Severity}
    summary = ", ".join(f"{counts[s]} {s.label(lang).lower()}" for s in Severity)
    lines = [FINDINGS.with_params(summary=summary).text(lang)]
    for severity in Severity:
        group = [f for f in findings if f.level is severity]
        if not group:
            continue
        lines.append("")
        lines.append(f"{severity.label(lang)} ({len(group)})")
        for finding in group:
            lines.append(f"  [{finding.code}] {finding.where.label(lang)}")
            lines.append(f"      {finding.message(lang)}")
    return lines
