"""A conference's delegate groups against its stated total (CONFERENCE_GROUPS_MISMATCH).

The groups and the total are given to the check as data: this module knows nothing of where
they are stored."""

from __future__ import annotations

from kehoach.core.findings import Finding, Where
from kehoach.core.messages import declare
from kehoach.core.money import format_quantity

# The pattern for every check (docs/architecture.md, "Messages"): the Vietnamese text is
# declared once, its English lives in the catalogue (the .po).
GROUPS_MISMATCH = declare(
    "CONFERENCE_GROUPS_MISMATCH",
    "Hội nghị '{title}' có {total} đại biểu, nhưng các thành phần ({groups} nhóm) cộng lại là "
    "{planned}.",
)


def check_groups(
    title: str, total: int, groups: list[tuple[str, int]], *, where: Where | None = None
) -> list[Finding]:
    planned = sum(number for _name, number in groups)
    if planned == total:
        return []
    said = GROUPS_MISMATCH.with_params(
        title=title,
        total=format_quantity(total),
        groups=len(groups),
        planned=format_quantity(planned),
    )
    return [
        Finding.of(
            said,
            where or Where(part="body", text=title[:60]),
            data={"total": total, "groups": planned},
        )
    ]
