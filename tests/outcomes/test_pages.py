"""Charts render (PNG bytes, Vietnamese labels), synthetic data is labelled with its parameters
everywhere it appears, a plan shows its targets against measured values, the baseline finding
appears on a catalogue that differs from the plan, `kehoach status` includes the indicators,
and the demo is idempotent."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from kehoach.core.indicators import Rate
from kehoach.outcomes import charts
from kehoach.outcomes import demo as outcomes_demo
from kehoach.outcomes.models import MonthlyStat, Service, ServiceLevel

pytestmark = pytest.mark.django_db


def test_charts_render_png_and_svg_with_vietnamese_labels():
    points = [(date(2016, m, 1), Rate(m, 100)) for m in range(1, 13)]
    png = charts.online_rate_chart(points, period=(date(2016, 7, 1), date(2017, 1, 1)))
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    svg = charts.online_rate_chart(
        points, deliveries=[(date(2016, 8, 3), "Phóng sự")], note="SYNTHETIC x", fmt="svg"
    ).decode()
    assert "Tỷ lệ hồ sơ trực tuyến (%)" in svg and "Tháng" in svg
    assert "Sản phẩm tuyên truyền đã thực hiện (1)" in svg and "SYNTHETIC x" in svg
    # months as people write them (issue 23: no ISO date), "08/2016", never "2016-08"
    assert re.search(r">\d\d/2016<", svg) and not re.search(r"\b2016-\d\d\b", svg)
    district = charts.district_chart([("huyện Chợ Gạo", 12, Rate(1, 4))], fmt="svg").decode()
    assert "huyện Chợ Gạo" in district and "Số lần phát sóng" in district


def test_the_pages_and_charts_label_synthetic_data_with_its_parameters(editor, plan):
    for url in ("/ket-qua/", f"/ket-qua/ke-hoach/{plan.pk}/"):
        html = editor.get(url).content.decode()
        assert "DỮ LIỆU TỔNG HỢP (SYNTHETIC)" in html
        assert "hiệu ứng chiến dịch 0" in html
    svg = editor.get(f"/ket-qua/ke-hoach/{plan.pk}/bieu-do.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert "SYNTHETIC" in svg.content.decode() and "seed=2016" in svg.content.decode()
    png = editor.get("/ket-qua/bieu-do/ty-le-truc-tuyen.png")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert "SYNTHETIC" in editor.get("/ket-qua/dich-vu/").content.decode()


def test_the_demo_catalogue_agrees_with_the_plan_and_a_different_one_is_a_finding(
    editor, plan, department
):
    html = editor.get(f"/ket-qua/ke-hoach/{plan.pk}/").content.decode()
    assert "BASELINE_MISMATCH" not in html and "Khớp với danh mục" in html
    # Five level-3 services lose their level before the plan's date.
    ids = list(
        Service.objects.filter(organisation=department, levels__level="3").values_list(
            "pk", flat=True
        )[:5]
    )
    ServiceLevel.objects.filter(service_id__in=ids).delete()
    html = editor.get(f"/ket-qua/ke-hoach/{plan.pk}/").content.decode()
    assert "BASELINE_MISMATCH" in html and "Kế hoạch ghi 209 dịch vụ" in html


def test_a_plans_targets_are_shown_against_measured_values(editor, plan):
    objective = plan.objectives.first()
    objective.target_value = Decimal("5")
    objective.target_unit = "% hồ sơ trực tuyến"
    objective.save()
    html = editor.get(f"/ket-qua/ke-hoach/{plan.pk}/").content.decode()
    assert "Chưa đạt" in html or "Đạt" in html
    out = io.StringIO()
    call_command("status", "46a/KH-STTTT", "--format", "json", stdout=out)
    indicators = json.loads(out.getvalue())["indicators"]
    assert indicators["synthetic"]["parameters"]["campaign_effect"] == "0"
    assert indicators["targets"][0]["indicator"] == "online_rate"
    assert indicators["targets"][0]["met"] in (True, False)
    assert indicators["comparisons"]["online_rate"]["direction"] in ("up", "down", "same")
    assert indicators["baseline"]["catalogue"] == {"level3_or_above": 209, "level4": 30}


def test_the_demo_is_idempotent(demo, department):
    count = MonthlyStat.objects.filter(organisation=department).count()
    outcomes_demo.load()
    assert MonthlyStat.objects.filter(organisation=department).count() == count
    assert Service.objects.filter(organisation=department).count() == 300


def test_the_charts_are_drawn_in_the_readers_language(editor, plan):
    """Issue 23: a chart's titles, axes, legends and synthetic note in the reader's language
    (the districts' names are data); kept by the browser for that language only."""
    from tests.test_said_in_one_language import english, svg_words

    urls = (
        "/ket-qua/bieu-do/ty-le-truc-tuyen.svg",
        f"/ket-qua/ke-hoach/{plan.pk}/bieu-do.svg",
        f"/ket-qua/ke-hoach/{plan.pk}/huyen.svg",
    )
    vi = [svg_words(editor.get(url).content) for url in urls]
    assert "Tỷ lệ hồ sơ nộp trực tuyến theo tháng" in vi[0] and "Tháng" in vi[0]
    assert f"Tỷ lệ hồ sơ trực tuyến và kế hoạch {plan.reference}" in vi[1]
    assert "SYNTHETIC" in vi[1] and "hiệu ứng chiến dịch" in vi[1]
    assert "Tỷ lệ hồ sơ trực tuyến (%)" in vi[2]
    districts = set(
        MonthlyStat.objects.filter(organisation=plan.organisation).values_list(
            "district", flat=True
        )
    )
    editor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    for url in urls:
        response = editor.get(url)
        assert "Cookie" in response["Vary"]
        english(svg_words(response.content), *districts, plan.reference)
    png = editor.get(f"/ket-qua/ke-hoach/{plan.pk}/bieu-do.png")
    assert png.content.startswith(b"\x89PNG") and "Cookie" in png["Vary"]
