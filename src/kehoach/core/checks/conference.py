"""A conference's delegate groups against its stated total (CONFERENCE_GROUPS_MISMATCH).

The groups and the total are given to the check as data: this module knows nothing of where
they are stored."""

from __future__ import annotations

from kehoach.core.findings import Finding, Where
from kehoach.core.money import format_quantity


def check_groups(
    title: str, total: int, groups: list[tuple[str, int]], *, where: Where | None = None
) -> list[Finding]:
    planned = sum(number for _name, number in groups)
    if planned == total:
        return []
    return [
        Finding(
            code="CONFERENCE_GROUPS_MISMATCH",
            message_vi=f"Hội nghị '{title}' có {format_quantity(total)} đại biểu, nhưng các "
            f"thành phần ({len(groups)} nhóm) cộng lại là {format_quantity(planned)}.",
            message_en=f"The conference '{title}' has {format_quantity(total)} delegates, but its "
            f"{len(groups)} groups add up to {format_quantity(planned)}.",
            where=where or Where(part="body", text=title[:60]),
            data={"total": total, "groups": planned},
        )
    ]
