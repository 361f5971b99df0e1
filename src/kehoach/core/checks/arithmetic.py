"""Arithmetic: every stated figure against the one its parts give.

Each comparison is local — a line against its own quantity and price, a subtotal against its
children as stated (or as computed), the grand total against its sections — so that one wrong
figure gives one finding, at the figure, instead of a cascade up the tree.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from kehoach.core import bounds
from kehoach.core.estimate import Estimate, EstimateLine, EstimateSection
from kehoach.core.findings import Finding, Severity, Where, column_name
from kehoach.core.messages import Message, declare, joined
from kehoach.core.money import (
    NumberFormatError,
    format_quantity,
    format_vnd,
    parse_number,
    round_vnd,
)
from kehoach.core.plan import PlanDocument
from kehoach.core.words import WordsError, words_to_amount

BODY_EXPRESSION = re.compile(
    r"(?P<a>\d+(?:[.,]\d+)?)\s*(?P<a_words>[^\d=x×*+]*?)\s*(?P<op>[x×*+])\s*"
    r"(?P<b>\d+(?:[.,]\d+)?)\s*(?P<b_words>[^\d=]*?)\s*=\s*(?P<c>\d+(?:[.,]\d+)?)"
)

# What the checks say (docs/architecture.md, "Messages"): English in the catalogue only.
TOTAL = declare(
    "ARITH_TOTAL", "Tổng cộng ghi {stated} đồng, nhưng cộng các mục được {computed} đồng."
)
LINE = declare("ARITH_LINE", "Dòng '{content}': {details}.")
LINE_DETAIL = declare(
    "ARITH_LINE.detail", "cột {column} ghi {stated}, tính lại ({formula}) được {computed}"
)
SUM_OF_AMOUNTS = declare("ARITH_LINE.sum", "tổng các thành tiền")
SUBTOTAL = declare(
    "ARITH_SUBTOTAL",
    "Mục {key} '{title}' ghi cộng {stated} đồng, nhưng các dòng của mục cộng lại được "
    "{computed} đồng.",
)
WORDS_UNREADABLE = declare("WORDS_MISMATCH", "Không đọc được số tiền bằng chữ '{words}': {reason}")
WORDS_DIFFER = declare(
    "WORDS_MISMATCH",
    "Số tiền bằng chữ '{words}' là {value} đồng, khác số {figure} đồng ghi bằng số.",
)
BODY_TOTAL = declare(
    "BODY_TOTAL_MISMATCH",
    "Mục kinh phí ghi tổng {stated} đồng, còn phụ lục dự toán cộng được {appendix} đồng.",
)
BODY_ARITH = declare("BODY_ARITH", "Phép tính '{expression}' sai: kết quả đúng là {computed}.")


def check(doc: PlanDocument) -> list[Finding]:
    findings: list[Finding] = []
    estimate = doc.estimate
    for _owner, line in estimate.walk_lines():
        findings.extend(_line(line))
    for section in estimate.walk_sections():
        findings.extend(_section(section))
    if estimate.stated_total is not None and estimate.stated_total not in (
        estimate.stated_children_total,
        estimate.total,
    ):
        said = TOTAL.with_params(
            stated=format_vnd(estimate.stated_total), computed=format_vnd(estimate.total)
        )
        findings.append(
            Finding.of(
                said,
                estimate.stated_total_where or Where(part="appendix"),
                data={"stated": int(estimate.stated_total), "computed": int(estimate.total)},
            )
        )
    findings.extend(_bounds(estimate))
    if not estimate.is_empty:
        findings.extend(_words(doc))
        findings.extend(_body_total(doc))
    findings.extend(_body_expressions(doc))
    return findings


def _bounds(estimate: Estimate) -> list[Finding]:
    """Totals beyond the bounds (kehoach.core.bounds): refused at every door, but a value stored
    before the bounds, or read from a file, is shown with this finding instead of failing."""
    found: list[Finding] = []
    for _owner, line in estimate.walk_lines():
        refusal = bounds.check_line_total(line.total, line.key)
        if refusal is not None:
            found.append(_out_of_bounds(refusal, line.where, line.total))
    for section in estimate.walk_sections():
        refusal = bounds.check_section_total(section.total, section.key)
        if refusal is not None:
            found.append(_out_of_bounds(refusal, section.where, section.total))
    refusal = bounds.check_grand_total(estimate.total)
    if refusal is not None:
        found.append(_out_of_bounds(refusal, Where(part="appendix"), estimate.total))
    return found


def _out_of_bounds(refusal: bounds.Refusal, where: Where | None, total: Decimal) -> Finding:
    return Finding.of(
        replace(refusal.said, code="AMOUNT_OUT_OF_BOUNDS"),
        where or Where(part="appendix"),
        data={"total": str(total), "limit": int(bounds.MAX_LINE_TOTAL)},
    )


def _line(line: EstimateLine) -> list[Finding]:
    problems: list[tuple[str, Decimal, Decimal, Message | str]] = []
    production, airing = line.production_amount, line.airing_amount
    if (
        line.stated_amount is not None
        and production is not None
        and line.stated_amount != production
    ):
        formula = f"{format_quantity(line.quantity or 0)} × {format_vnd(line.unit_price or 0)}"
        problems.append(("amount", line.stated_amount, production, formula))
    if (
        line.stated_airing_amount is not None
        and airing is not None
        and line.stated_airing_amount != airing
    ):
        formula = (
            f"{format_quantity(line.effective_airings or 0)} × "
            f"{format_vnd(line.airing_unit_price or 0)}"
        )
        problems.append(("airing_amount", line.stated_airing_amount, airing, formula))
    if line.stated_total is not None and not line.is_lump_sum:
        accepted = {line.total}
        if line.ambiguous_price and line.quantity is not None and line.airing_unit_price:
            # Either price may be the one meant (AMBIGUOUS_PRICE says so): accept each reading.
            aired = round_vnd(line.quantity * line.airing_unit_price)
            accepted |= {aired, line.total + aired}
        if line.stated_total not in accepted and not any(p[0] == "total" for p in problems):
            problems.append(("total", line.stated_total, line.total, SUM_OF_AMOUNTS))
    if not problems:
        return []
    column, stated, computed, _formula = problems[0]
    details = joined(
        LINE_DETAIL.with_params(
            column=column_name(c), stated=format_vnd(s), formula=f, computed=format_vnd(v)
        )
        for c, s, v, f in problems
    )
    return [
        Finding.of(
            LINE.with_params(content=line.content, details=details),
            _at(line.where, column),
            data={"stated": int(stated), "computed": int(computed), "column": column},
        )
    ]


def _at(where: Where, column: str) -> Where:
    return Where(
        part=where.part,
        source_line=where.source_line,
        section=where.section,
        line=where.line,
        column=column,
        text=where.text,
    )


def _section(section: EstimateSection) -> list[Finding]:
    stated = section.stated_total
    # Compared with the children as stated first: the computed total only when that differs.
    if stated is None or stated == section.stated_children_total or stated == section.total:
        return []
    said = SUBTOTAL.with_params(
        key=section.key,
        title=section.title,
        stated=format_vnd(stated),
        computed=format_vnd(section.total),
    )
    return [
        Finding.of(
            said,
            section.stated_total_where or section.where,
            data={"stated": int(stated), "computed": int(section.total)},
        )
    ]


def _read_words(text: str, where: Where) -> tuple[int | None, Finding | None]:
    try:
        return words_to_amount(text), None
    except WordsError as exc:
        return None, Finding.of(WORDS_UNREADABLE.with_params(words=text, reason=exc.message), where)


def _words(doc: PlanDocument) -> list[Finding]:
    """A typed "Bằng chữ" against the figure beside it. When the words agree with the
    recomputed total and only the figure is wrong, the figure's own check reports it."""
    findings: list[Finding] = []
    estimate = doc.estimate
    established = estimate.established_total
    places = []
    if estimate.stated_words is not None:
        figure = estimate.stated_total if estimate.stated_total is not None else established
        places.append(
            (
                estimate.stated_words,
                figure,
                estimate.stated_words_where or Where(part="appendix", column="in_words"),
            )
        )
    body = doc.body_total
    if body.words is not None:
        figure = body.amount if body.amount is not None else established
        places.append(
            (
                body.words,
                figure,
                Where(
                    part="funding",
                    source_line=body.where.source_line,
                    column="in_words",
                    text=body.words[:60],
                ),
            )
        )
    for words, figure, where in places:
        value, problem = _read_words(words, where)
        if problem:
            findings.append(problem)
            continue
        if value not in (figure, established):
            said = WORDS_DIFFER.with_params(
                words=words, value=format_vnd(value or 0), figure=format_vnd(figure)
            )
            findings.append(
                Finding.of(
                    said,
                    where,
                    data={"words_value": value, "figure": int(figure)},
                )
            )
    return findings


def _body_total(doc: PlanDocument) -> list[Finding]:
    body = doc.body_total
    established = doc.estimate.established_total
    if body.amount is None or body.amount == established:
        return []
    said = BODY_TOTAL.with_params(stated=format_vnd(body.amount), appendix=format_vnd(established))
    return [
        Finding.of(
            said,
            body.where,
            data={"stated": int(body.amount), "appendix": int(established)},
        )
    ]


def _body_expressions(doc: PlanDocument) -> list[Finding]:
    findings = []
    for paragraph in doc.paragraphs:
        for match in BODY_EXPRESSION.finditer(paragraph.text):
            try:
                a, b, c = (parse_number(match.group(k)).value for k in ("a", "b", "c"))
            except NumberFormatError:
                continue
            result = a * b if match.group("op") in "x×*" else a + b
            if result == c:
                continue
            said = BODY_ARITH.with_params(
                expression=match.group(0).strip(), computed=format_quantity(result)
            )
            findings.append(
                Finding.of(
                    said,
                    paragraph.where,
                    severity=Severity.ERROR,
                    data={"stated": str(c), "computed": str(result)},
                )
            )
    return findings
