"""Text: how the document writes its figures and names.

- NUMBER_FORMAT_MIXED: money cells of one table grouped in different ways (1,500,000 beside
  3.000.000 beside 400000) — the mark of figures retyped by hand over a spreadsheet;
- NAME_VARIANT: a proper name spelled with different diacritics in different places
  ("Báo Ấp Bắc" and "báo Áp Bắc").
- LEGACY_ENCODING is reported by the readers when they convert TCVN3 or VNI text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from kehoach.core.findings import Finding, Where
from kehoach.core.messages import declare
from kehoach.core.plan import PlanDocument
from kehoach.core.text import name_key, spelling_key

# What the checks say (docs/architecture.md, "Messages"): English in the catalogue only.
_STYLES = {
    "dot": declare("NUMBER_FORMAT_MIXED.dot", "với dấu chấm"),
    "comma": declare("NUMBER_FORMAT_MIXED.comma", "với dấu phẩy"),
    "plain": declare("NUMBER_FORMAT_MIXED.plain", "không phân cách"),
}
MIXED = declare(
    "NUMBER_FORMAT_MIXED",
    "Số '{text}' viết {style}, khác phần lớn bảng (viết {usual}, như '{example}'); có thể số "
    "này được gõ lại bằng tay.",
)
VARIANT = declare(
    "NAME_VARIANT",
    "'{found}' được viết khác với '{usual}' ở những chỗ khác trong văn bản (khác dấu); kiểm tra "
    "chính tả tên riêng.",
)
_WORD = re.compile(r"\w+|\S")


def _title_runs(text: str) -> list[list[str]]:
    """Runs of two or more consecutive capitalised words ("Báo Ấp Bắc", "Tiền Giang")."""
    runs: list[list[str]] = []
    current: list[str] = []
    for token in _WORD.findall(text):
        if token.isalpha() and token[0].isupper() and (len(token) == 1 or token[1:].islower()):
            current.append(token)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = []
    if len(current) >= 2:
        runs.append(current)
    return runs


def check(doc: PlanDocument) -> list[Finding]:
    return _number_formats(doc) + _name_variants(doc)


def _number_formats(doc: PlanDocument) -> list[Finding]:
    styles = [(s, w) for s, w in doc.estimate.cell_styles if s in _STYLES]
    counts = Counter(s for s, _ in styles)
    if len(counts) < 2:
        return []
    main = counts.most_common(1)[0][0]
    # The example is a figure of the table itself, never a made-up one.
    example = next(w.text for s, w in styles if s == main)
    return [
        Finding.of(
            MIXED.with_params(
                text=where.text, style=_STYLES[style], usual=_STYLES[main], example=example
            ),
            where,
            data={"style": style, "usual": main, "example": example},
        )
        for style, where in styles
        if style != main
    ]


def _texts(doc: PlanDocument) -> list[tuple[str, Where]]:
    texts = [(p.text, p.where) for p in doc.paragraphs]
    texts += [(r.text, r.where) for r in doc.recipients]
    for section in doc.estimate.walk_sections():
        texts.append((section.title, section.where))
    for _section, line in doc.estimate.walk_lines():
        texts.append((line.content, line.where))
    if doc.estimate.title:
        texts.append((doc.estimate.title, doc.estimate.where))
    return texts


def _name_variants(doc: PlanDocument) -> list[Finding]:
    # name key -> spelling -> places. Every run of two or more capitalised words, and every
    # sub-run of it, so that "Báo Ấp Bắc" and "báo Áp Bắc" meet on "Ấp Bắc".
    seen: dict[str, dict[str, list[tuple[str, Where]]]] = defaultdict(lambda: defaultdict(list))
    for text, where in _texts(doc):
        for words in _title_runs(text):
            for i in range(len(words)):
                for j in range(i + 2, len(words) + 1):
                    phrase = " ".join(words[i:j])
                    seen[name_key(phrase)][spelling_key(phrase)].append((phrase, where))
    findings = []
    reported: set[str] = set()
    for key in sorted(seen, key=len, reverse=True):
        spellings = seen[key]
        if len(spellings) < 2:
            continue
        ranked = sorted(spellings.items(), key=lambda kv: -len(kv[1]))
        main_phrase = ranked[0][1][0][0]
        for spelling, places in ranked[1:]:
            for phrase, where in places:
                marker = f"{spelling}@{where.source_line}"
                if any(
                    (marker.startswith(r.split("@")[0]) and r.endswith(f"@{where.source_line}"))
                    or spelling in r
                    for r in reported
                ):
                    continue
                reported.add(marker)
                findings.append(
                    Finding.of(
                        VARIANT.with_params(found=phrase, usual=main_phrase),
                        where,
                        data={"found": phrase, "usual": main_phrase},
                    )
                )
    return findings
