"""The dashboard's and the report's own chart: deliverables by month — planned, aired or
published, accepted — drawn on the server with matplotlib in the outcomes app's style
(DejaVu Sans, which has every Vietnamese mark; SVG text kept as text), in the reader's
language (the report, a Vietnamese document, embeds it in Vietnamese)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext_noop

from kehoach.core.messages import DEFAULT, Message, said
from kehoach.outcomes.charts import MIMETYPES, STYLE

__all__ = ["MIMETYPES", "progress_chart"]

# What the chart says (English in the catalogue only), in the language it is drawn in.
TITLE = Message("reports.chart.title", gettext_noop("Sản phẩm tuyên truyền theo tháng"))
# "Kế hoạch" here is what was planned ("Planned"), not a plan: the catalogue's entry with the
# context "planned", which the dashboard's tables use too.
PLANNED = Message("reports.chart.planned", gettext_noop("Kế hoạch"), context="planned")
AIRED = Message("reports.chart.aired", gettext_noop("Đã phát sóng, đăng tải"))
ACCEPTED = Message("reports.chart.accepted", gettext_noop("Đã nghiệm thu"))
MONTH = Message("reports.chart.month", gettext_noop("Tháng (theo ngày dự kiến của sản phẩm)"))
COUNT = Message("reports.chart.count", gettext_noop("Số sản phẩm"))
EMPTY = Message("reports.chart.empty", gettext_noop("Chưa có sản phẩm nào"))


def progress_chart(
    months: list[tuple[str, int, int, int]],
    *,
    title: Message | str = TITLE,
    fmt: str = "png",
    language: str = DEFAULT,
) -> bytes:
    """``months``: (label, planned, aired or published, accepted) per month; drawn in
    ``language`` ("vi" or "en")."""
    # inside: heavy (matplotlib, ~0.4 s), only when a chart is drawn
    import matplotlib
    from matplotlib.figure import Figure  # inside: the same
    from matplotlib.ticker import MaxNLocator  # inside: the same

    if fmt not in MIMETYPES:
        raise ValueError(f"unknown chart format {fmt!r}")
    with matplotlib.rc_context(STYLE):
        figure: Any = Figure(figsize=(9.0, 4.2), dpi=100, layout="constrained")
        axes = figure.add_subplot()
        positions = list(range(len(months)))
        width = 0.27
        series = (
            (PLANNED, 1, "#c9d6e3"),
            (AIRED, 2, "#1f5fa8"),
            (ACCEPTED, 3, "#2e8b57"),
        )
        for offset, (label, index, colour) in zip((-1, 0, 1), series, strict=True):
            axes.bar(
                [p + offset * width for p in positions],
                [m[index] for m in months],
                width,
                label=label.text(language),
                color=colour,
            )
        axes.set_xticks(positions, [m[0] for m in months], rotation=35, ha="right", fontsize=8)
        axes.set_title(said(title, language))
        axes.set_xlabel(MONTH.text(language))
        axes.set_ylabel(COUNT.text(language))
        axes.grid(True, axis="y", alpha=0.3)
        # Whole counts ("20", not "20.0").
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        if not months:
            axes.text(0.5, 0.5, EMPTY.text(language), ha="center", transform=axes.transAxes)
        else:
            # Under the chart, never over its bars (issue 19).
            figure.legend(loc="outside lower center", ncols=3, fontsize=8, frameon=False)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": "kehoach"}
        figure.savefig(buffer, format=fmt, metadata=metadata)
        return buffer.getvalue()
