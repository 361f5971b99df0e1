"""SYNTHETIC data for the demo and the benchmark: Tiền Giang, January 2015 – December 2017.

Nothing here is a measurement. The generator exists so that the pages, the charts and the
benchmark have something of the right shape to work on; every page, chart and report that
shows its output says "DỮ LIỆU TỔNG HỢP (SYNTHETIC)" and prints :meth:`SyntheticParams.describe`.

It is deterministic: the same parameters give the same rows, on any machine, because each
dossier's random draws are DuckDB ``hash(i, seed, k)`` of its index ``i`` (no RNG state, no
thread ordering). Parameters (docs/outcomes.md lists them with their defaults):

- the online rate starts at ``online_rate_start`` in the first month and moves by
  ``trend_per_month`` each month (a straight line, clipped to 0–1);
- ``campaign_effect`` is added to the online rate for dossiers received in
  [``campaign_start``, ``campaign_end``): **zero unless asked**, so the synthetic data never
  shows a campaign effect nobody chose to put in;
- ``post_rate`` of dossiers come by post, the rest at the counter; ``pending_rate`` are still
  pending, ``early_rate`` resolved before the due date, ``late_rate`` after it, the rest on it;
  ``fee_rate`` carry a fee; of the fee-bearing online dossiers ``paid_online_share`` pay online.

The catalogue (:func:`synthetic_catalogue`) is generated to AGREE with the sample plan's
stated baseline — 209 services at level 3 or above on 21/7/2016, 30 of them at level 4 — so
that the demo does not show a BASELINE_MISMATCH against the real plan produced by made-up
data. The mismatch is shown by the tests, on a catalogue built to differ.

Of Django this module imports only ``gettext_noop`` (it marks the msgids of its description,
whose English is in the catalogue): the benchmark uses it as it is.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from kehoach.core import refdata
from kehoach.core.messages import Message

# What every page, chart and report showing the generator's output says (English in the
# catalogue only).
SYNTHETIC_LABEL = Message(
    "synthetic.label", gettext_noop("DỮ LIỆU TỔNG HỢP (SYNTHETIC) — không phải số liệu thật")
)
SYNTHETIC_LABEL_VI = SYNTHETIC_LABEL.vi
DESCRIPTION = Message(
    "synthetic.description",
    gettext_noop(
        "{label}. Tham số: seed={seed}; tỷ lệ trực tuyến ban đầu {start}; xu hướng "
        "{trend}/tháng; hiệu ứng chiến dịch {effect} ({first}–{last}); {per_month} hồ sơ/tháng."
    ),
)

DEPARTMENTS = [
    # (code, name, fields of its services, number of services)
    ("STP", "Sở Tư pháp", ("Hộ tịch", "Lý lịch tư pháp", "Công chứng"), 40),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", ("Thành lập doanh nghiệp", "Đầu tư"), 45),
    ("SXD", "Sở Xây dựng", ("Cấp phép xây dựng", "Quy hoạch"), 30),
    ("SGTVT", "Sở Giao thông vận tải", ("Đường bộ", "Đường thủy nội địa"), 40),
    ("STNMT", "Sở Tài nguyên và Môi trường", ("Đất đai", "Môi trường"), 35),
    ("SLDTBXH", "Sở Lao động – Thương binh và Xã hội", ("Việc làm", "Người có công"), 30),
    ("SCT", "Sở Công Thương", ("Thương mại", "An toàn thực phẩm"), 25),
    ("SYT", "Sở Y tế", ("Khám bệnh, chữa bệnh", "Dược phẩm"), 25),
]
DISTRICT_SERVICES = 30  # services of the district people's committees (one catalogue)
DISTRICT_FIELDS = ("Hộ tịch", "Đất đai", "Kinh doanh hộ cá thể")
DEMO_ON = date(2016, 7, 21)


@dataclass(frozen=True)
class SyntheticParams:
    seed: int = 2016
    start: date = date(2015, 1, 1)
    months: int = 36
    dossiers_per_month: int = 6000
    online_rate_start: Decimal = Decimal("0.02")
    trend_per_month: Decimal = Decimal("0.001")
    campaign_effect: Decimal = Decimal("0")
    campaign_start: date = date(2016, 8, 1)
    campaign_end: date = date(2017, 1, 1)
    district_share: Decimal = Decimal("0.4")
    post_rate: Decimal = Decimal("0.03")
    pending_rate: Decimal = Decimal("0.02")
    early_rate: Decimal = Decimal("0.25")
    late_rate: Decimal = Decimal("0.07")
    fee_rate: Decimal = Decimal("0.45")
    paid_online_share: Decimal = Decimal("0.3")

    def to_dict(self) -> dict[str, Any]:
        return {k: str(v) if not isinstance(v, int) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SyntheticParams:
        kinds = {"seed": int, "months": int, "dossiers_per_month": int}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key in kinds:
                values[key] = int(value)
            elif key in ("start", "campaign_start", "campaign_end"):
                values[key] = date.fromisoformat(str(value))
            else:
                values[key] = Decimal(str(value))
        return cls(**values)

    @property
    def campaign_last_month(self) -> date:
        index = self.campaign_end.year * 12 + self.campaign_end.month - 2
        return date(index // 12, index % 12 + 1, 1)

    @property
    def said(self) -> Message:
        """The label and every parameter, said in the reader's language."""
        return DESCRIPTION.with_params(
            label=SYNTHETIC_LABEL,
            seed=self.seed,
            start=str(self.online_rate_start),
            trend=str(self.trend_per_month),
            effect=str(self.campaign_effect),
            first=f"{self.campaign_start:%m/%Y}",
            last=f"{self.campaign_last_month:%m/%Y}",
            per_month=self.dossiers_per_month,
        )

    def describe(self, lang: str = "vi") -> str:
        return self.said.text(lang)


def districts() -> list[str]:
    """The district-level units of Tiền Giang on the demo date, by their full names."""
    return [u.full_name for u in refdata.district_units("Tiền Giang", DEMO_ON)]


def agencies() -> list[tuple[str, str, str, int]]:
    """(code, name, district, number of services) of every synthetic agency."""
    out = [(code, name, "", n) for code, name, _fields, n in DEPARTMENTS]
    for i, district in enumerate(districts(), start=1):
        out.append((f"UBND-H{i:02d}", f"UBND {district}", district, DISTRICT_SERVICES))
    return out


def _sql_list(values: list[str] | list[int]) -> str:
    return "[" + ", ".join(repr(v) if isinstance(v, int) else _quote(v) for v in values) + "]"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def dossier_query(params: SyntheticParams, rows: int | None = None) -> str:
    """A DuckDB SELECT giving dossier records (the columns of docs/outcomes.md)."""
    total = rows if rows is not None else params.dossiers_per_month * params.months
    end_index = params.start.year * 12 + params.start.month - 1 + params.months
    end = date(end_index // 12, end_index % 12 + 1, 1)
    days = (end - params.start).days
    agency_list = agencies()
    departments = [a for a in agency_list if not a[2]]
    district_agencies = [a for a in agency_list if a[2]]
    ordered = departments + district_agencies
    p = params
    u = "(hash(i, {seed}, {k}) % 1000000) / 1000000.0"

    def draw(k: int) -> str:
        return u.format(seed=p.seed, k=k)

    return f"""
WITH g AS (
  SELECT i,
    {draw(1)} AS u_day, {draw(2)} AS u_agency, {draw(3)} AS u_channel,
    {draw(4)} AS u_resolve, {draw(5)} AS u_fee, {draw(6)} AS u_pay, {draw(10)} AS u_side,
    hash(i, {p.seed}, 7) AS h_service, hash(i, {p.seed}, 8) AS h_days,
    hash(i, {p.seed}, 9) AS h_shift
  FROM range({total}) t(i)
), d AS (
  SELECT *, DATE '{p.start}' + CAST(floor(u_day * {days}) AS INTEGER) AS received,
    CASE WHEN u_side < {p.district_share}
      THEN {len(departments)} + 1 + CAST(floor(u_agency * {len(district_agencies)}) AS INTEGER)
      ELSE 1 + CAST(floor(u_agency * {len(departments)}) AS INTEGER) END AS ai
  FROM g
), e AS (
  SELECT *, least(1.0, greatest(0.0, {p.online_rate_start}
      + {p.trend_per_month} * datediff('month', DATE '{p.start}', received)
      + CASE WHEN received >= DATE '{p.campaign_start}' AND received < DATE '{p.campaign_end}'
        THEN {p.campaign_effect} ELSE 0 END)) AS p_online,
    received + CAST(3 + h_days % 13 AS INTEGER) AS due
  FROM d
), f AS (
  SELECT *, CASE WHEN u_channel < p_online THEN 'online'
      WHEN u_channel < p_online + {p.post_rate} THEN 'post' ELSE 'counter' END AS channel
  FROM e
)
SELECT
  printf('SYN-%010d', i) AS code,
  list_extract({_sql_list([a[0] if not a[2] else "UBND-H" for a in ordered])}, ai) || '-'
    || lpad(CAST(h_service % list_extract({_sql_list([a[3] for a in ordered])}, ai) + 1
            AS VARCHAR), 3, '0') AS procedure,
  list_extract({_sql_list([a[1] for a in ordered])}, ai) AS agency,
  list_extract({_sql_list([a[2] for a in ordered])}, ai) AS district,
  channel,
  received,
  due,
  CASE WHEN u_resolve < {p.pending_rate} THEN NULL
    WHEN u_resolve < {p.pending_rate + p.early_rate}
      THEN due - CAST(1 + h_shift % 3 AS INTEGER)
    WHEN u_resolve < {p.pending_rate + p.early_rate + p.late_rate}
      THEN due + CAST(1 + h_shift % 5 AS INTEGER)
    ELSE due END AS resolved,
  u_fee < {p.fee_rate} AS fee,
  u_fee < {p.fee_rate} AND channel = 'online' AND u_pay < {p.paid_online_share} AS paid_online
FROM f
"""


# -- the catalogue --------------------------------------------------------------------------


@dataclass(frozen=True)
class SyntheticService:
    code: str
    name: str
    field: str
    agency: str
    levels: tuple[tuple[str, date, date | None], ...]  # (level, from, to exclusive)


@dataclass(frozen=True)
class SyntheticTarget:
    code: str
    name: str
    target_level: str
    due: date


DECREE_42 = date(2022, 8, 1)  # Decree 42/2022/NĐ-CP in force: levels become full / partial
ROADMAP_SOURCE = "Lộ trình (SYNTHETIC, theo mẫu Quyết định 1237/QĐ-UBND)"


def synthetic_catalogue(seed: int = 2016) -> tuple[list[SyntheticService], list[SyntheticTarget]]:
    """300 services agreeing with the plan's baseline on 21/7/2016 (209 at level 3 or above,
    30 at level 4) and a roadmap: 40 services due at level 3 by 31/12/2016 (30 make it), 20
    due at level 4 by 31/12/2017 (12 make it). On 1/8/2022 levels 4 and 3 become "toàn trình"
    and "một phần" (Decree 42/2022/NĐ-CP)."""
    rng = random.Random(seed)
    specs: list[tuple[str, str, str]] = []
    for code, name, fields, count in DEPARTMENTS:
        for k in range(1, count + 1):
            specs.append((f"{code}-{k:03d}", name, fields[k % len(fields)]))
    for k in range(1, DISTRICT_SERVICES + 1):
        specs.append((f"UBND-H-{k:03d}", "UBND cấp huyện", DISTRICT_FIELDS[k % 3]))
    order = list(range(len(specs)))
    rng.shuffle(order)
    start = date(2015, 1, 1)
    services: list[SyntheticService] = []
    targets: list[SyntheticTarget] = []
    for rank, index in enumerate(order):
        code, agency, field = specs[index]
        name = f"Thủ tục tổng hợp {code} ({field})"
        periods: list[tuple[str, date]]
        if rank < 30:  # level 4 since March 2016
            periods = [("3", start), ("4", date(2016, 3, 1))]
        elif rank < 50:  # level 3, due at level 4 by the end of 2017; 12 make it
            periods = [("3", start)]
            if rank < 42:
                periods.append(("4", date(2017, 6, 1)))
            targets.append(SyntheticTarget(code, name, "4", date(2017, 12, 31)))
        elif rank < 209:  # level 3 (some only since January 2016)
            periods = [("3", start)] if rank % 4 else [("2", start), ("3", date(2016, 1, 1))]
        elif rank < 249:  # level 2, due at level 3 by the end of 2016; 30 make it
            periods = [("2", start)]
            if rank < 239:
                periods.append(("3", date(2016, 9 + (rank % 4), 1)))
            targets.append(SyntheticTarget(code, name, "3", date(2016, 12, 31)))
        else:
            periods = [("2", start)]
        last = periods[-1][0]
        if last in ("3", "4"):
            periods.append(("full" if last == "4" else "partial", DECREE_42))
        levels = tuple(
            (level, begin, periods[i + 1][1] if i + 1 < len(periods) else None)
            for i, (level, begin) in enumerate(periods)
        )
        services.append(SyntheticService(code, name, field, agency, levels))
    return services, targets
