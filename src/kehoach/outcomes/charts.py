"""Charts drawn on the server with matplotlib (Agg, no pyplot state, no external scripts),
labelled in the reader's language (issue 23: its titles, axes and legends are messages of the
catalogue; a chart embedded in a Vietnamese document is drawn in Vietnamese) in DejaVu Sans
(matplotlib ships it, and it has every Vietnamese mark).

The exact figures are in the tables beside the charts; a chart's pixels are the only place a
rate becomes a float. SVG keeps its text as text (``svg.fonttype = none``), so labels can be
read and searched. Synthetic data is stamped on the chart with its generator's parameters.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext_noop

from kehoach.core.indicators import Rate
from kehoach.core.messages import DEFAULT, Message, said

MIMETYPES = {"png": "image/png", "svg": "image/svg+xml"}
STYLE: Any = {  # matplotlib rcParams (its stubs want literal keys)
    "font.family": "DejaVu Sans",
    "svg.fonttype": "none",
    "svg.hashsalt": "kehoach",
    "axes.spines.top": False,
    "axes.spines.right": False,
}

# What the charts say (English in the catalogue only), in the language they are drawn in.
ONLINE_TITLE = Message(
    "outcomes.chart.online_title", gettext_noop("Tỷ lệ hồ sơ nộp trực tuyến theo tháng")
)
PLAN_TITLE = Message(
    "outcomes.chart.plan_title", gettext_noop("Tỷ lệ hồ sơ trực tuyến và kế hoạch {plan}")
)
DISTRICT_TITLE = Message(
    "outcomes.chart.district_title",
    gettext_noop("Số lần phát sóng của đài huyện và tỷ lệ hồ sơ trực tuyến của huyện"),
)
ONLINE_RATE = Message("outcomes.chart.online_rate", gettext_noop("Tỷ lệ trực tuyến (%)"))
ONLINE_AXIS = Message("outcomes.chart.online_axis", gettext_noop("Tỷ lệ hồ sơ trực tuyến (%)"))
CAMPAIGN = Message("outcomes.chart.campaign", gettext_noop("Thời gian chiến dịch"))
DELIVERED = Message(
    "outcomes.chart.delivered", gettext_noop("Sản phẩm tuyên truyền đã thực hiện ({count})")
)
MONTH = Message("outcomes.chart.month", gettext_noop("Tháng"))
AIRINGS = Message("outcomes.chart.airings", gettext_noop("Số lần phát sóng"))
NO_AIRINGS = Message("outcomes.chart.no_airings", gettext_noop("Chưa có số liệu phát sóng"))


def _figure(width: float = 9.0, height: float = 4.6) -> Any:
    from matplotlib.figure import Figure  # inside: heavy (matplotlib), only when a chart is drawn

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _render(figure: Any, fmt: str) -> bytes:
    if fmt not in MIMETYPES:
        raise ValueError(f"unknown chart format {fmt!r}")
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": "kehoach"}
    figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def _note(figure: Any, note: object | None, language: str) -> None:
    """The synthetic data's note, said in the chart's language (a Message; a text as it is)."""
    if note:
        figure.suptitle(
            "\n".join(textwrap.wrap(str(said(note, language)), 120)),
            fontsize=8,
            color="#b00020",
            ha="left",
            x=0.01,
        )


def _percent(rate: Rate) -> float | None:
    value = rate.value
    return None if value is None else float(value * 100)


def gapped(points: Sequence[tuple[date, Rate]]) -> tuple[list[date], list[float]]:
    """Every month from the first to the last point; a month with no figures (or no known
    rate) is NaN, which matplotlib draws as a gap — never a straight line across it."""
    known = {m.replace(day=1): _percent(r) for m, r in points}
    if not known:
        return [], []
    month, last = min(known), max(known)
    xs: list[date] = []
    ys: list[float] = []
    while month <= last:
        value = known.get(month)
        xs.append(month)
        ys.append(float("nan") if value is None else value)
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return xs, ys


def online_rate_chart(
    points: Sequence[tuple[date, Rate]],
    *,
    title: Message | str = ONLINE_TITLE,
    period: tuple[date, date] | None = None,
    deliveries: Sequence[tuple[date, str]] = (),
    note: object | None = None,
    fmt: str = "png",
    language: str = DEFAULT,
) -> bytes:
    """The online rate by month, with the campaign's deliveries marked on the same time axis
    (or, until there are any, the campaign's period shaded), in ``language`` ("vi" or "en")."""
    import matplotlib  # inside: heavy (matplotlib, ~0.4 s), only when a chart is drawn
    from matplotlib.dates import DateFormatter  # inside: the same

    with matplotlib.rc_context(STYLE):
        figure = _figure()
        axes = figure.add_subplot()
        axes.xaxis.set_major_formatter(DateFormatter("%m/%Y"))  # as people write it: 08/2016
        xs, ys = gapped(points)
        axes.plot(
            xs, ys, marker="o", markersize=3, color="#1f5fa8", label=ONLINE_RATE.text(language)
        )
        if period is not None:
            axes.axvspan(
                period[0], period[1], color="#f2c14e", alpha=0.25, label=CAMPAIGN.text(language)
            )
        if deliveries:
            axes.vlines(
                [d for d, _ in deliveries],
                0,
                1,
                transform=axes.get_xaxis_transform(),
                colors="#c0392b",
                linewidth=0.6,
                alpha=0.6,
                label=DELIVERED.with_params(count=len(deliveries)).text(language),
            )
        axes.set_title(said(title, language))
        axes.set_xlabel(MONTH.text(language))
        axes.set_ylabel(ONLINE_AXIS.text(language))
        axes.set_ylim(bottom=0)
        axes.grid(True, alpha=0.3)
        axes.legend(loc="upper left", fontsize=8)
        figure.autofmt_xdate()
        _note(figure, note, language)
        return _render(figure, fmt)


def district_chart(
    data: Sequence[tuple[str, int | None, Rate]],
    *,
    title: Message | str = DISTRICT_TITLE,
    note: object | None = None,
    fmt: str = "png",
    language: str = DEFAULT,
) -> bytes:
    """Per district: airings (bars, when known) against the district's online rate (dots), in
    ``language`` ("vi" or "en")."""
    import matplotlib  # inside: heavy (matplotlib, ~0.4 s), only when a chart is drawn

    with matplotlib.rc_context(STYLE):
        figure = _figure(9.0, 5.0)
        axes = figure.add_subplot()
        names = [d for d, _a, _r in data]
        positions = list(range(len(names)))
        airings = [a or 0 for _d, a, _r in data]
        if any(a is not None for _d, a, _r in data):
            axes.bar(positions, airings, color="#9ab7d3", label=AIRINGS.text(language))
            axes.set_ylabel(AIRINGS.text(language))
        else:
            axes.set_ylabel(NO_AIRINGS.text(language))
            axes.set_yticks([])
        rates = axes.twinx()
        rates.plot(
            positions,
            [_percent(r) for _d, _a, r in data],
            "o",
            color="#c0392b",
            label=ONLINE_RATE.text(language),
        )
        rates.set_ylabel(ONLINE_AXIS.text(language))
        rates.set_ylim(bottom=0)
        axes.set_xticks(positions, names, rotation=35, ha="right", fontsize=8)
        axes.set_title(said(title, language))
        _note(figure, note, language)
        return _render(figure, fmt)
