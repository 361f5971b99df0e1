"""The dashboard's and the report's own chart: deliverables by month — planned, aired or
published, accepted — drawn on the server with matplotlib in the outcomes app's style
(DejaVu Sans, which has every Vietnamese mark; SVG text kept as text)."""

from __future__ import annotations

import io
from typing import Any

from kehoach.outcomes.charts import MIMETYPES, STYLE

__all__ = ["MIMETYPES", "progress_chart"]


def progress_chart(
    months: list[tuple[str, int, int, int]],
    *,
    title: str = "Sản phẩm tuyên truyền theo tháng",
    fmt: str = "png",
) -> bytes:
    """``months``: (label, planned, aired or published, accepted) per month."""
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
            ("Kế hoạch", 1, "#c9d6e3"),
            ("Đã phát sóng, đăng tải", 2, "#1f5fa8"),
            ("Đã nghiệm thu", 3, "#2e8b57"),
        )
        for offset, (label, index, colour) in zip((-1, 0, 1), series, strict=True):
            axes.bar(
                [p + offset * width for p in positions],
                [m[index] for m in months],
                width,
                label=label,
                color=colour,
            )
        axes.set_xticks(positions, [m[0] for m in months], rotation=35, ha="right", fontsize=8)
        axes.set_title(title)
        axes.set_xlabel("Tháng (theo ngày dự kiến của sản phẩm)")
        axes.set_ylabel("Số sản phẩm")
        axes.grid(True, axis="y", alpha=0.3)
        # Whole counts ("20", not "20.0").
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        if not months:
            axes.text(0.5, 0.5, "Chưa có sản phẩm nào", ha="center", transform=axes.transAxes)
        else:
            # Under the chart, never over its bars (issue 19).
            figure.legend(loc="outside lower center", ncols=3, fontsize=8, frameon=False)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": "kehoach"}
        figure.savefig(buffer, format=fmt, metadata=metadata)
        return buffer.getvalue()
