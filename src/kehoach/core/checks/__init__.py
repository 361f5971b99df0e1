"""The plan checks (docs/design.md §5). ``run_checks`` runs them all on a :class:`PlanDocument`.

Each check is general: it works on any plan of this kind, from what the document states and
the reference data in ``core/data``, never from the sample's wording.
"""

from __future__ import annotations

from kehoach.core.checks import arithmetic, coverage, references, text
from kehoach.core.findings import Finding, sort_findings
from kehoach.core.plan import PlanDocument

CHECKS = (arithmetic.check, references.check, coverage.check, text.check)


def run_checks(doc: PlanDocument) -> list[Finding]:
    findings = list(doc.reading_findings)
    for check in CHECKS:
        findings.extend(check(doc))
    return sort_findings(findings)
