"""The final report (Báo cáo kết quả thực hiện Kế hoạch) and the communication outline (đề
cương tuyên truyền) as DOCX and PDF, in the official format of the plan (Decree 30/2020/NĐ-CP,
Appendix I: agency and number on the left, national title, motto, place and date on the
right; recipients and signer at the end).

The words, the order and the figures are decided once, in :func:`final_content` and
:func:`outline_content`, as JSON-ready blocks (the report's snapshot); the DOCX and PDF writers
only lay the blocks out. Every figure comes from :mod:`kehoach.reports.selectors`; nothing here
adds anything up. A figure that is not a result yet is written as such ("chưa có"), never 0.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import translation

from kehoach.core.indicators import group, online_rate
from kehoach.core.money import format_quantity, format_vnd
from kehoach.core.outcomes import LEVEL_LABELS_VI
from kehoach.core.text import fold
from kehoach.core.words import amount_to_words
from kehoach.documents.writers.docx import SignatureBlock
from kehoach.documents.writers.layout import long_date, slug_join
from kehoach.documents.writers.official import (
    Align,
    Block,
    Closing,
    Figure,
    Grid,
    Head,
    OfficialDocument,
    Para,
)
from kehoach.documents.writers.official import render_docx as official_docx
from kehoach.documents.writers.official import render_html as official_html
from kehoach.documents.writers.official import render_pdf as official_pdf
from kehoach.outcomes import charts, selectors
from kehoach.outcomes.synthetic import SYNTHETIC_LABEL_VI
from kehoach.reports.charts import progress_chart

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
MIMETYPES = {"docx": DOCX, "pdf": PDF}
NOT_YET = "chưa có"
_BLANK = "\u00a0" * 6

ACTIVITY_HEADER = [
    "STT",
    "Hình thức",
    "Kế hoạch",
    "Đã thực hiện",
    "Đã phát sóng, đăng tải",
    "Đã nghiệm thu",
    "Chưa thực hiện",
    "Chậm so với kế hoạch",
]
UNIT_HEADER = ["STT", "Đơn vị thực hiện", *ACTIVITY_HEADER[2:]]
MONEY_HEADER = [
    "Mục",
    "Nội dung",
    "Dự toán",
    "Đã cam kết (hợp đồng)",
    "Đã nghiệm thu",
    "Đã thanh toán",
    "Còn lại",
]


def num(value: Any) -> str:
    """A count or a figure in Vietnamese form: 6.000; 1.218; 0,02."""
    if value is None:
        return "—"
    return format_quantity(Decimal(str(value)))


def _synthetic_note(p: Any) -> str:
    """The synthetic statistics' parameters, said once and in Vietnamese figures (0,02;
    6.000 hồ sơ/tháng)."""
    return (
        f"Ghi chú: {SYNTHETIC_LABEL_VI}. Tham số: seed={p.seed}; tỷ lệ trực tuyến ban đầu "
        f"{num(p.online_rate_start)}; xu hướng {num(p.trend_per_month)}/tháng; hiệu ứng chiến "
        f"dịch {num(p.campaign_effect)} ({p.campaign_start:%m/%Y}–"
        f"{p.campaign_last_month:%m/%Y}); {num(p.dossiers_per_month)} hồ sơ/tháng."
    )


def result(n: int) -> str:
    """A count of results: the number, or "chưa có" while there is none."""
    return num(n) if n else NOT_YET


def money_result(value: Any) -> str:
    return format_vnd(value) if value else NOT_YET


def _counts_cells(c: Any) -> list[str]:
    return [
        num(c.planned),
        result(c.produced),
        result(c.aired),
        result(c.accepted),
        num(c.not_produced) if c.not_produced else "—",
        num(c.late) if c.late else "—",
    ]


def header(plan: Any, *, number: str = "", symbol: str = "BC-STTTT", on: date | None) -> dict:
    place = plan.place or ""
    when = long_date(on) if on else f"ngày{_BLANK}tháng{_BLANK}năm{_BLANK}"
    org = plan.organisation.root()
    return {
        "governing_body": plan.governing_body or org.governing_body,
        "agency": plan.agency or org.name,
        "author": org.name,
        "organisation_id": org.pk,
        "number_line": f"Số: {number}/{symbol}" if number else f"Số:{_BLANK}/{symbol}",
        "place_date": f"{place}, {when}" if place else when.capitalize(),
    }


def closing(plan: Any, recipients: list[str]) -> dict:
    titles = [t.strip() for t in plan.signer_title.split("\n") if t.strip()]
    if titles and plan.signer_prefix:
        titles[0] = f"{plan.signer_prefix} {titles[0]}"
    return {
        "recipients": recipients,
        "signer_lines": titles,
        "signer_name": plan.signer_name,
    }


def _report_recipients(plan: Any) -> list[str]:
    """To whom the plan is reported (its recipients "báo cáo"), then the archive."""
    up = [
        f"{r.text.strip()} ({r.purpose})" if r.purpose else r.text.strip()
        for r in plan.recipients.all()
        if not r.is_archive and "bao cao" in fold(f"{r.text} {r.purpose}")
    ]
    archive = next((r.text.strip() for r in plan.recipients.all() if r.is_archive), "Lưu: VT")
    lines = [f"- {text};" for text in up or ["UBND tỉnh (báo cáo)"]]
    lines.append(f"- {archive.rstrip('.;')}.")
    return lines


def _plan_ref(plan: Any) -> str:
    ref = f"Kế hoạch số {plan.reference}" if plan.reference else "Kế hoạch"
    if plan.date:
        ref += f" {long_date(plan.date)}"
    return ref


# -- the final report ---------------------------------------------------------------------------


def final_content(dash: Any, report: Any) -> dict[str, Any]:
    """The final report's words and figures, once for both formats (and the snapshot)."""
    with translation.override("vi"):
        return _final_content(dash, report)


Blocks = list[dict[str, Any]]


def _heading(text: str) -> dict[str, Any]:
    return {"kind": "heading", "text": text}


def _para(text: str, style: str = "") -> dict[str, Any]:
    return {"kind": "para", "text": text, "style": style}


def _table(
    head: list[str], rows: list[list[str]], name: str, numeric_from: int = 2
) -> dict[str, Any]:
    return {
        "kind": "table",
        "name": name,
        "header": head,
        "rows": rows,
        "numeric_from": numeric_from,
    }


def _chart(name: str, caption: str) -> dict[str, Any]:
    return {"kind": "chart", "name": name, "caption": caption}


def _final_content(dash: Any, report: Any) -> dict[str, Any]:
    """The report's parts in order (each part builds its own blocks), then the header, the
    closing and the figures kept in the snapshot."""
    plan = dash.plan
    blocks = [
        *_final_opening(dash),
        *_final_activities(dash),
        *_final_money(dash),
        *_final_attendance(dash),
        *_final_effect(dash),
        *_final_problems_and_proposals(dash, report),
    ]
    return {
        "kind": "final",
        "header": header(plan, number=report.number, symbol=report.symbol, on=report.date),
        "title": "BÁO CÁO",
        "subject": f"Kết quả thực hiện {_plan_ref(plan)}",
        "blocks": blocks,
        **closing(plan, _report_recipients(plan)),
        "figures": _final_figures(dash),
    }


def _final_opening(dash: Any) -> Blocks:
    """Why the report is made, as of when, and whether the plan is finished."""
    plan = dash.plan
    agency_name = plan.organisation.name
    blocks = [
        _para(
            f"Thực hiện {_plan_ref(plan)} của {agency_name} về {plan.title[:1].lower()}"
            f"{plan.title[1:]}, {agency_name} báo cáo kết quả thực hiện như sau:"
        ),
        _para(f"Số liệu trong báo cáo tính đến {long_date(dash.as_of)}.", "italic"),
    ]
    if dash.finished:
        blocks.append(
            _para("Các hoạt động của kế hoạch đã được thực hiện, nghiệm thu và thanh toán.")
        )
    else:
        blocks.append(
            _para("Kế hoạch chưa thực hiện xong. Những việc chưa làm xong đến thời điểm báo cáo:")
        )
        blocks.extend(_para(f"- {text}") for text in dash.pending)
    return blocks


def _final_activities(dash: Any) -> Blocks:
    """I. The deliverables by kind of information and by executing unit, and the chart."""
    blocks = [_heading("I. KẾT QUẢ THỰC HIỆN CÁC HOẠT ĐỘNG")]
    if not dash.has_execution:
        blocks.append(
            _para(
                "Chưa có sản phẩm nào được giao thực hiện theo hợp đồng: chưa có kết quả thực "
                "hiện các hoạt động."
            )
        )
        return blocks
    blocks.append(_para("1. Theo hình thức thông tin (số sản phẩm):", "bold"))
    rows = [
        [str(i), g.label, *_counts_cells(g.counts)] for i, g in enumerate(dash.by_activity, start=1)
    ]
    rows.append(["", "Tổng cộng", *_counts_cells(dash.total)])
    blocks.append(_table(ACTIVITY_HEADER, rows, "activities"))
    blocks.append(_para("2. Theo đơn vị thực hiện (số sản phẩm):", "bold"))
    # Full names in the document (issue 19), never a mix of short and full ones.
    full = {str(c.pk): c.contractor.name for c in dash.overview.contracts}
    rows = [
        [str(i), full.get(str(g.key), g.label), *_counts_cells(g.counts)]
        for i, g in enumerate(dash.by_unit, start=1)
    ]
    rows.append(["", "Tổng cộng", *_counts_cells(dash.total)])
    blocks.append(_table(UNIT_HEADER, rows, "units"))
    blocks.append(_chart("progress", "Sản phẩm tuyên truyền theo tháng"))
    if dash.late:
        blocks.append(
            _para(
                f"Có {num(len(dash.late))} sản phẩm chậm so với ngày dự kiến (chưa báo cáo phát "
                "sóng, đăng tải đúng hạn)."
            )
        )
    return blocks


def _money_cells(f: Any) -> list[str]:
    return [
        format_vnd(f.estimated),
        money_result(f.committed),
        money_result(f.accepted),
        money_result(f.paid),
        format_vnd(f.remaining),
    ]


def _final_money(dash: Any) -> Blocks:
    """II. The money per section and in total, in words, and the budget year's balance."""
    o = dash.overview
    money = dash.money
    rows = [[s.code, s.title, *_money_cells(s.figures)] for s in o.sections]
    rows.append(["", "Tổng cộng", *_money_cells(money)])
    blocks = [
        _heading("II. KINH PHÍ"),
        _table(MONEY_HEADER, rows, "money"),
        _para(
            f"Tổng dự toán: {format_vnd(money.estimated)} đồng "
            f"(Bằng chữ: {amount_to_words(money.estimated)})."
        ),
    ]
    if money.paid:
        blocks.append(
            _para(
                f"Đã thanh toán: {format_vnd(money.paid)} đồng "
                f"(Bằng chữ: {amount_to_words(money.paid)}); còn lại "
                f"{format_vnd(money.remaining)} đồng."
            )
        )
    else:
        blocks.append(_para("Chưa thanh toán khoản kinh phí nào của kế hoạch."))
    year = o.budget.year
    blocks.append(
        _para(
            f"Năm ngân sách {year}"
            + (f" ({o.budget.funding_source})" if o.budget.funding_source else "")
            + f": đã thanh toán đến ngày 31/12/{year} là {format_vnd(o.paid_by_year_end)} đồng; "
            f"kinh phí chưa sử dụng hết tại thời điểm kết thúc năm ngân sách là "
            f"{format_vnd(o.unspent_at_year_end)} đồng "
            f"(Bằng chữ: {amount_to_words(o.unspent_at_year_end)})."
        )
    )
    after = len(o.after_year_payments) + len(o.after_year_expenses)
    if after:
        blocks.append(
            _para(f"Có {num(after)} khoản thanh toán, chi có chứng từ sau ngày 31/12/{year}.")
        )
    return blocks


def _final_attendance(dash: Any) -> Blocks:
    """III. Who attended the training conference, against the plan."""
    blocks = [_heading("III. HỘI NGHỊ TẬP HUẤN")]
    attendance = dash.attendance
    if attendance is None:
        blocks.append(
            _para(
                "Số liệu tham dự hội nghị: chưa có (phần hội nghị chưa ghi nhận người tham dự "
                "trong kehoach)."
            )
        )
        return blocks
    planned = attendance.planned
    blocks.append(
        _para(
            f"Số đại biểu tham dự: {num(attendance.attended)}"
            + (f"/{num(planned)} đại biểu theo kế hoạch." if planned is not None else " đại biểu.")
        )
    )
    if attendance.groups:
        rows = [
            [str(i), name, "—" if p is None else num(p), "—" if a is None else result(a)]
            for i, (name, p, a) in enumerate(attendance.groups, start=1)
        ]
        blocks.append(_table(["STT", "Thành phần", "Kế hoạch", "Tham dự"], rows, "attendance"))
    return blocks


def _final_effect(dash: Any) -> Blocks:
    """IV. The indicators before and during the campaign, the targets and the visits."""
    data = dash.indicators
    blocks = [_heading("IV. HIỆU QUẢ TUYÊN TRUYỀN")]
    synthetic = data.get("synthetic")
    if synthetic:
        blocks.append(_para(_synthetic_note(synthetic), "italic"))
    blocks.extend(_final_indicators(data))
    blocks.extend(_final_targets(data))
    blocks.extend(_final_visits(dash.visits))
    return blocks


def _final_indicators(data: dict[str, Any]) -> Blocks:
    comparisons = data.get("comparisons") or []
    if not comparisons:
        return [
            _para(
                "Chưa có số liệu thống kê hồ sơ của thời gian chiến dịch: chưa đánh giá được "
                "hiệu quả."
            )
        ]
    labels = data.get("labels") or {}
    rows = []
    for c in comparisons:
        diff = c.difference_points(2)
        rows.append(
            [
                labels.get(c.indicator, c.indicator),
                f"{c.baseline.text()} ({num(c.baseline.numerator)}/{num(c.baseline.denominator)})",
                f"{c.campaign.text()} ({num(c.campaign.numerator)}/{num(c.campaign.denominator)})",
                "—" if diff is None else num(diff),
            ]
        )
    c0 = comparisons[0]
    return [
        _para(
            "Chỉ số trước chiến dịch (từ tháng "
            f"{c0.baseline_start:%m/%Y}) và trong chiến dịch (từ tháng {c0.campaign_start:%m/%Y}"
            " đến hết năm):"
        ),
        _table(
            ["Chỉ số", "Trước chiến dịch", "Trong chiến dịch", "Chênh lệch (điểm %)"],
            rows,
            "indicators",
            numeric_from=1,
        ),
        _chart("online", "Tỷ lệ hồ sơ nộp trực tuyến theo tháng và thời gian chiến dịch"),
    ]


def _final_targets(data: dict[str, Any]) -> Blocks:
    targets = data.get("targets") or []
    if not targets:
        return []
    rows = []
    for objective, r in targets:
        met = "Chưa đo được" if r.met is None else ("Đạt" if r.met else "Chưa đạt")
        rows.append(
            [
                objective.text[:160],
                f"{num(r.target)} {r.unit}".strip(),
                "chưa đo được" if r.measured is None else num(r.measured),
                met,
            ]
        )
    return [_table(["Mục tiêu", "Chỉ tiêu", "Đo được", "Kết quả"], rows, "targets", numeric_from=1)]


def _final_visits(visits: Any) -> Blocks:
    if visits is None or not visits.total:
        return []
    rows = [[c.name, num(c.links), num(c.visits)] for c in visits.channels]
    return [
        _para(f"Lượt truy cập qua liên kết rút gọn, mã QR của chiến dịch: {num(visits.total)}."),
        _table(["Kênh", "Số liên kết", "Lượt truy cập"], rows, "visits", numeric_from=1),
    ]


def _final_problems_and_proposals(dash: Any, report: Any) -> Blocks:
    """V and VI as the person wrote them, then the closing sentence."""
    plan = dash.plan
    blocks = [_heading("V. KHÓ KHĂN, VƯỚNG MẮC")]
    blocks.extend(_para(text) for text in _paragraphs(report.problems) or ["(Chưa nhập nội dung.)"])
    blocks.append(_heading("VI. ĐỀ XUẤT, KIẾN NGHỊ"))
    blocks.extend(
        _para(text) for text in _paragraphs(report.proposals) or ["(Chưa nhập nội dung.)"]
    )
    blocks.append(
        _para(
            f"Trên đây là báo cáo kết quả thực hiện {_plan_ref(plan)} của "
            f"{plan.organisation.name}./."
        )
    )
    return blocks


def _final_figures(dash: Any) -> dict[str, Any]:
    """The figures the snapshot keeps, to compare with the records later."""
    o = dash.overview
    attendance = dash.attendance
    return {
        "as_of": dash.as_of.isoformat(),
        "finished": dash.finished,
        "pending": dash.pending,
        "deliverables": {
            "planned": dash.total.planned,
            "produced": dash.total.produced,
            "aired": dash.total.aired,
            "accepted": dash.total.accepted,
            "late": dash.total.late,
        },
        "money": dash.money.as_dict()["money"],
        "budget": {
            "year": o.budget.year,
            "paid_by_year_end": int(o.paid_by_year_end),
            "unspent_at_year_end": int(o.unspent_at_year_end),
        },
        "attendance": None
        if attendance is None
        else {"planned": attendance.planned, "attended": attendance.attended},
    }


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n") if p.strip()]


def final_charts(dash: Any) -> dict[str, bytes]:
    """The charts the report embeds, as PNG, with Vietnamese labels (a Vietnamese document,
    whoever asks: the charts' language is Vietnamese by default)."""
    out = {
        "progress": progress_chart(
            [(g.label, g.counts.planned, g.counts.aired, g.counts.accepted) for g in dash.by_month]
        )
    }
    if dash.indicators.get("comparisons"):
        out["online"] = online_chart(dash.plan)
    return out


def online_chart(plan: Any, fmt: str = "png") -> bytes:
    """The online rate by month with the campaign marked — the outcomes app's chart."""
    rows = selectors.stat_rows(plan.organisation)
    points = [
        (date.fromisoformat(key + "-01"), online_rate(figures))
        for (key, _v), figures in group(rows).items()
    ]
    deliveries = [(d.day, d.label) for d in selectors.campaign_deliveries(plan)]
    params = selectors.synthetic_params(plan.organisation)
    return charts.online_rate_chart(
        points,
        title=charts.PLAN_TITLE.with_params(plan=plan.reference or plan.title[:40]),
        period=None if deliveries else selectors.plan_period(plan),
        deliveries=deliveries,
        note=_synthetic_note(params).removeprefix("Ghi chú: ") if params else None,
        fmt=fmt,
    )


# -- the communication outline ------------------------------------------------------------------

WHAT_IT_IS = [
    "Dịch vụ công trực tuyến là dịch vụ hành chính công và các dịch vụ khác của cơ quan nhà "
    "nước được cung cấp cho tổ chức, cá nhân trên môi trường mạng (Nghị định 43/2011/NĐ-CP).",
    "Mức độ 1, 2: người dân xem thông tin về thủ tục và tải mẫu đơn, tờ khai trên mạng. Mức độ "
    "3: điền và gửi hồ sơ trực tuyến, nhận kết quả tại cơ quan. Mức độ 4: nộp hồ sơ, thanh toán "
    "lệ phí và nhận kết quả trực tuyến hoặc qua bưu chính. Từ Nghị định 42/2022/NĐ-CP, dịch vụ "
    "công trực tuyến được chia thành “toàn trình” và “một phần”.",
]
HOW_TO_USE = [
    "Truy cập Cổng dịch vụ công của tỉnh (hoặc quét mã QR in trên báo, phát trên sóng), tìm "
    "thủ tục theo tên hoặc theo lĩnh vực.",
    "Đăng ký, đăng nhập tài khoản; điền tờ khai, đính kèm giấy tờ theo hướng dẫn và nộp hồ sơ.",
    "Theo dõi tình trạng hồ sơ trên Cổng; nộp phí, lệ phí trực tuyến nếu có.",
    "Nhận kết quả trực tuyến, qua bưu chính hoặc tại Bộ phận tiếp nhận và trả kết quả.",
]
BENEFITS = [
    "Nộp hồ sơ mọi lúc, mọi nơi có kết nối mạng, không phải đến cơ quan nhiều lần.",
    "Tiết kiệm thời gian, chi phí đi lại; biết trước thành phần hồ sơ, thời hạn, lệ phí.",
    "Theo dõi được quá trình giải quyết hồ sơ; công khai, minh bạch, hạn chế phiền hà.",
    "Góp phần cải cách hành chính, xây dựng chính quyền điện tử của tỉnh.",
]


def outline_content(plan: Any, data: Any) -> dict[str, Any]:
    """The outline from the catalogue on ``data.on`` (the date is stated): its parts in order,
    then the header and the figures kept in the snapshot."""
    day = f"{data.on:%d/%m/%Y}"
    blocks = [
        *_outline_opening(plan, data, day),
        _heading("I. DỊCH VỤ CÔNG TRỰC TUYẾN LÀ GÌ"),
        *[_para(text) for text in WHAT_IT_IS],
        _heading("II. CÁC LĨNH VỰC, CƠ QUAN ĐÃ CUNG CẤP DỊCH VỤ CÔNG TRỰC TUYẾN"),
        *_outline_catalogue(data, day),
        _heading("III. CÁCH SỬ DỤNG DỊCH VỤ CÔNG TRỰC TUYẾN"),
        *_outline_how_to_use(data),
        _heading("IV. LỢI ÍCH KHI SỬ DỤNG DỊCH VỤ CÔNG TRỰC TUYẾN"),
        *[_para(f"- {text}") for text in BENEFITS],
    ]
    return {
        "kind": "outline",
        "header": header(plan, number="", symbol="", on=data.on) | {"number_line": ""},
        "title": "ĐỀ CƯƠNG TUYÊN TRUYỀN",
        "subject": "Về dịch vụ công trực tuyến",
        "blocks": blocks,
        "recipients": [],
        "signer_lines": [],
        "signer_name": "",
        "figures": {
            "on": data.on.isoformat(),
            "total": data.total,
            "level3_or_above": data.level3_or_above,
            "level4": data.level4,
        },
    }


def _outline_opening(plan: Any, data: Any, day: str) -> Blocks:
    """What the outline serves, the day of its figures, and whether they are synthetic."""
    blocks = [
        _para(
            f"Phục vụ {_plan_ref(plan)} về {plan.title[:1].lower()}{plan.title[1:]}; dùng cho "
            "các cơ quan báo chí, đài truyền thanh khi xây dựng tin, bài, phóng sự, chuyên mục."
        ),
        _para(f"Số liệu danh mục dịch vụ công trực tuyến tính đến ngày {day}.", "italic"),
    ]
    if data.synthetic:
        blocks.append(
            _para(
                "Ghi chú: danh mục là DỮ LIỆU TỔNG HỢP (SYNTHETIC), dùng để minh họa, không phải "
                "số liệu thật.",
                "italic",
            )
        )
    return blocks


def _outline_catalogue(data: Any, day: str) -> Blocks:
    """The catalogue on ``day``: its counts by level, by field and by agency (level 3 and
    above), or that it has no service yet."""
    if not data.total:
        return [
            _para(f"Danh mục dịch vụ công trực tuyến của tỉnh chưa có dịch vụ nào vào ngày {day}.")
        ]
    levels = [
        [LEVEL_LABELS_VI.get(level, level), num(n)] for level, n in sorted(data.by_level.items())
    ]
    fields = [
        [str(i), name, num(n["3"] + n["4"]), num(n["4"])]
        for i, (name, n) in enumerate(data.fields, start=1)
    ]
    agencies = [[f"Cấp {tier}", name, num(n), num(full)] for tier, name, n, full in data.agencies]
    return [
        _para(
            f"Đến ngày {day}, danh mục của tỉnh có {num(data.total)} dịch vụ công trực tuyến, "
            f"trong đó {num(data.level3_or_above)} dịch vụ mức độ 3 trở lên (mức độ 3, 4; một "
            f"phần, toàn trình), {num(data.level4)} dịch vụ mức độ 4 (toàn trình)."
        ),
        _table(["Mức độ", "Số dịch vụ"], levels, "levels", numeric_from=1),
        _para("1. Theo lĩnh vực (dịch vụ mức độ 3 trở lên):", "bold"),
        _table(["STT", "Lĩnh vực", "Mức độ 3 trở lên", "Trong đó mức độ 4"], fields, "fields"),
        _para("2. Theo cơ quan, từng cấp (dịch vụ mức độ 3 trở lên):", "bold"),
        _table(["Cấp", "Cơ quan", "Mức độ 3 trở lên", "Trong đó mức độ 4"], agencies, "agencies"),
    ]


def _outline_how_to_use(data: Any) -> Blocks:
    """The portal's address, then the steps."""
    blocks = []
    if data.portal.get("url"):
        blocks.append(
            _para(
                f"Địa chỉ: {data.portal.get('name', '')} — {data.portal['url']}".replace(
                    " —  ", " "
                )
            )
        )
    blocks += [_para(f"Bước {i}. {text}") for i, text in enumerate(HOW_TO_USE, start=1)]
    return blocks


# -- writers ------------------------------------------------------------------------------------


def file_stem(plan: Any, kind: str, report: Any = None) -> str:
    """ "bao-cao-ket-qua-12-BC-STTTT-stttt-46a-KH-STTTT": the number, the organisation's short
    name in full and the plan's reference (never cut)."""
    org = plan.organisation.root()
    ref = plan.reference or str(plan.pk)
    if kind == "outline":
        return slug_join("de-cuong-tuyen-truyen", org.short_name or org.name, ref)
    number = report.reference if report is not None and report.number else ""
    return slug_join("bao-cao-ket-qua", number, org.short_name or org.name, ref)


# Column widths (mm on the 165 mm of a portrait line) per table: names never wrap word by word.
_WIDTHS: dict[str, list[float]] = {
    "activities": [12, 35, 20, 20, 20, 20, 19, 19],
    "units": [12, 51, 17, 17, 17, 17, 17, 17],
    "money": [12, 41, 23, 23, 22, 22, 22],
    "attendance": [12, 93, 30, 30],
    "indicators": [55, 40, 40, 30],
    "targets": [75, 30, 30, 30],
    "visits": [85, 40, 40],
    "levels": [110, 55],
    "fields": [12, 93, 30, 30],
    "agencies": [20, 85, 30, 30],
}


def official(content: dict[str, Any], charts: dict[str, bytes]) -> OfficialDocument:
    """The report or the outline as the one official description (DOCX and PDF)."""
    head = content["header"]
    blocks: list[Block] = []
    for block in content["blocks"]:
        kind = block["kind"]
        if kind == "heading":
            blocks.append(Para(block["text"], "heading"))
        elif kind == "para":
            style = block.get("style")
            blocks.append(
                Para(
                    block["text"],
                    "bold" if style == "bold" else "italic" if style == "italic" else "body",
                )
            )
        elif kind == "table":
            columns = len(block["header"])
            widths = _WIDTHS.get(block.get("name", ""), [])
            if len(widths) != columns:
                widths = [165 / columns] * columns
            first = block["numeric_from"]
            align: list[Align] = [
                "right" if i >= first else ("center" if i == 0 and columns > 2 else "left")
                for i in range(columns)
            ]
            rows = block["rows"]
            bold = [i for i, row in enumerate(rows) if row[1:2] == ["Tổng cộng"]]
            blocks.append(
                Grid(
                    block["header"],
                    rows,
                    widths,
                    align,
                    bold_rows=bold,
                    keep_last=1 if bold and bold[-1] == len(rows) - 1 else 0,
                )
            )
        elif kind == "chart" and block["name"] in charts:
            blocks.append(Figure(charts[block["name"]], 160, block["caption"]))
    if content["recipients"] or content["signer_lines"] or content["signer_name"]:
        blocks.append(
            Closing(
                recipients=content["recipients"],
                signatures=[
                    SignatureBlock(lines=content["signer_lines"], name=content["signer_name"])
                ],
            )
        )
    return OfficialDocument(
        head=Head(
            governing_body=head["governing_body"],
            agency=head["agency"],
            number_line=head["number_line"],
            place_date=head["place_date"],
        ),
        type_name=content["title"],
        summary=content["subject"],
        blocks=blocks,
        title=f"{content['title']} {content['subject']}",
        author=head.get("author") or head["agency"],
        owner_id=head.get("organisation_id"),
        kind=content.get("kind", ""),
    )


def render_docx(content: dict[str, Any], charts: dict[str, bytes]) -> bytes:
    return official_docx(official(content, charts))


def render_html(content: dict[str, Any], charts: dict[str, bytes]) -> str:
    return official_html(official(content, charts))


def render_pdf(content: dict[str, Any], charts: dict[str, bytes]) -> bytes:
    return official_pdf(official(content, charts))


def render(
    content: dict[str, Any], charts: dict[str, bytes], fmt: str, stem: str
) -> tuple[str, str, bytes]:
    """``render() -> (filename, mimetype, bytes)``, the documents' one interface."""
    if fmt == "docx":
        return f"{stem}.docx", DOCX, render_docx(content, charts)
    if fmt == "pdf":
        return f"{stem}.pdf", PDF, render_pdf(content, charts)
    raise ValueError(f"Unknown format {fmt!r}: docx or pdf")
