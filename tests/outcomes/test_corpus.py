"""Realistic provincial reports (tests/outcomes/corpus, built from the layouts provinces publish:
two header rows, "Đã xử lý", "Tồn kỳ trước chuyển sang", a total row, rates printed on another
base, quarters and dated reporting periods) with the findings each must produce and the figures
each must store (issue 18); the source-scoped replacement and the undo."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kehoach.audit.models import AuditEntry
from kehoach.core.periods import parse_period
from kehoach.outcomes import services
from kehoach.outcomes.models import ImportState, MonthlyStat, OutcomeImport, SourceProfile
from kehoach.outcomes.statistics import read_statistics

CORPUS = Path(__file__).with_name("corpus")

# file -> (stored rows as (period key, agency, received, resolved, pending, carried over),
#          findings as (code, line, difference or None))
EXPECTED = {
    "bao-cao-quy-1-2020-so-nganh.csv": (
        [
            ("2020-Q1", "Sở Tư pháp", 300, 290, 20, 10),
            ("2020-Q1", "Sở Y tế", None, 100, 0, 0),  # the blank post count is unknown
        ],
        [
            ("STATS_TOTAL_ROW", 6, 2),  # the total's on-time figure is off by 2
            ("STATS_RESOLVED_SUM", 6, -2),  # reported once: with the printed resolved 390
            # the balance holds (10 + 400 − 390 = 20), so it is no second finding
            ("STATS_RATE_MISMATCH", 6, None),  # the online rate 18,9 no pair reproduces
            ("STATS_RATE_MISMATCH", 6, None),  # the on-time rate 99,71
            ("STATS_COLUMN_IGNORED", None, None),  # STT
            ("STATS_COLUMN_IGNORED", None, None),  # "Màu": not understood, listed
        ],
    ),
    "ky-15-02-den-14-03-2018.csv": (
        [
            ("2018-02-15..2018-03-14", "Sở Tư pháp", 200, 150, 50, None),
            ("2018-02-15..2018-03-14", "Sở Công Thương", 80, 90, 0, None),
            ("2018-02-15..2018-03-14", "UBND huyện Chợ Gạo", 100, 100, 0, None),
        ],
        [
            # rates printed as shares of the received while their wording means the resolved
            ("STATS_RATE_DENOMINATOR", 4, None),
            ("STATS_RATE_DENOMINATOR", 4, None),
            ("STATS_RATE_DENOMINATOR", 4, None),
            ("STATS_RESOLVED_OVER_RECEIVED", 5, None),
            ("STATS_PENDING_BALANCE", 7, 10),  # 380 − 340 = 40, not 50 (no carry-over column)
        ],
    ),
    "quy-trong-cot.csv": (
        [
            ("2020-Q1", "Sở Y tế", 100, 100, None, None),
            ("2020-Q1", "Sở Xây dựng", None, 90, None, None),
            ("2020-H1", "Sở Y tế", 200, 200, None, None),
            ("2020", "Sở Y tế", 400, 400, None, None),
        ],
        [],
    ),
}


def _rows(reading):
    out = []
    for r in reading.rows:
        key = parse_period(r.month.isoformat() if r.kind == "month" else r.period_label).key
        f = r.figures
        out.append((key, r.agency, f.received, f.resolved, f.pending, f.carried_over))
    return out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_corpus_report_gives_its_figures_and_its_findings(name):
    reading = read_statistics(name, (CORPUS / name).read_bytes())
    assert reading.fatal is None
    rows, findings = EXPECTED[name]
    assert _rows(reading) == rows
    got = [(f.code, f.data.get("line"), f.data.get("difference")) for f in reading.findings]
    assert sorted(got, key=str) == sorted(findings, key=str)
    assert not any(r.agency == "Tổng cộng" for r in reading.rows)  # a total is no agency


def test_columns_are_read_by_meaning_and_the_ignored_ones_are_listed():
    reading = read_statistics(
        "bao-cao.csv", (CORPUS / "bao-cao-quy-1-2020-so-nganh.csv").read_bytes()
    )
    fields = {c.header: (c.field, c.status) for c in reading.columns}
    assert fields["Tồn kỳ trước chuyển sang"] == ("carried_over", "used")
    assert fields["Đang giải quyết"] == ("pending", "used")
    assert fields["Đã xử lý Tổng số"] == ("stated_resolved", "used")
    assert fields["Tỷ lệ đúng hạn (%)"] == ("rate_on_time", "used")
    assert fields["Tỷ lệ hồ sơ trực tuyến (%)"] == ("rate_online", "used")
    assert fields["Màu"] == (None, "unknown")
    assert [c["header"] for c in reading.summary()["ignored"]] == ["STT", "Màu"]


def test_an_excel_percentage_and_a_blank_count_are_read_as_they_are():
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tháng 5"
    sheet.append(["BÁO CÁO THÁNG 5 NĂM 2018"])
    sheet.append(["Đơn vị", "Trực tuyến", "Trực tiếp", "Bưu chính", "Tỷ lệ trực tuyến"])
    sheet.append(["Sở Y tế", 177, 23, 0, 0.885])
    sheet.append(["Sở Tư pháp", None, 50, 0, None])
    sheet["E3"].number_format = "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    reading = read_statistics("bc.xlsx", buffer.getvalue())
    assert reading.sheet == "Tháng 5" and reading.fatal is None
    first, second = reading.rows
    assert str(first.stated_rates["rate_online"]) == "88.5"
    assert first.kind == "month" and first.month == date(2018, 5, 1)
    assert second.figures.received_online is None and second.figures.received is None
    assert not [f for f in reading.findings if f.code.startswith("STATS_RATE")]


pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_a_quarter_is_stored_as_a_quarter_and_not_as_january(demo):
    from kehoach.accounts.models import Organisation

    org = Organisation.objects.get(code="TG-STTTT")
    content = (CORPUS / "quy-trong-cot.csv").read_bytes()
    job = services.stats_import(user=None, organisation=org, filename="q.csv", content=content)
    assert job.status == ImportState.DONE
    kinds = set(
        MonthlyStat.objects.filter(job=job).values_list("period_kind", "month", "period_end")
    )
    assert ("quarter", date(2020, 1, 1), date(2020, 3, 31)) in kinds
    assert ("half", date(2020, 1, 1), date(2020, 6, 30)) in kinds
    assert ("year", date(2020, 1, 1), date(2020, 12, 31)) in kinds
    blank = MonthlyStat.objects.get(job=job, agency="Sở Xây dựng")
    assert blank.received_post is None  # blank is unknown, not 0


@pytestmark_db
def test_an_unreadable_period_fails_the_import_with_a_non_zero_exit(demo):
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import-statistics",
            str(CORPUS / "ky-khong-doc-duoc.csv"),
            "--org",
            "TG-STTTT",
            stdout=out,
        )
    assert raised.value.returncode == 1
    assert "Quý V/2020" in out.getvalue()
    job = OutcomeImport.objects.latest("id")
    assert job.status == ImportState.FAILED and not MonthlyStat.objects.filter(job=job).exists()


@pytestmark_db
def test_the_command_line_refuses_to_guess_and_takes_a_saved_profile(demo):
    path = str(CORPUS / "bao-cao-quy-1-2020-so-nganh.csv")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import-statistics", path, "--org", "TG-STTTT", stdout=out)
    assert "Màu" in out.getvalue() and "→" in out.getvalue()  # the preview was printed
    assert not MonthlyStat.objects.filter(source__contains="so-nganh").exists()
    call_command(
        "import-statistics",
        path,
        "--org",
        "TG-STTTT",
        "--save-profile",
        "Cổng DVC tỉnh",
        stdout=out,
    )
    profile = SourceProfile.objects.get(name="Cổng DVC tỉnh")
    assert profile.columns["Màu"] == "ignore"
    call_command(
        "import-statistics", path, "--org", "TG-STTTT", "--profile", "Cổng DVC tỉnh", stdout=out
    )
    assert MonthlyStat.objects.filter(source="Cổng DVC tỉnh").count() == 2


@pytestmark_db
def test_a_reimport_replaces_only_its_own_source_and_an_import_can_be_undone(demo):
    from kehoach.accounts.models import Organisation

    org = Organisation.objects.get(code="TG-STTTT")
    header = "Tháng,Đơn vị,Trực tuyến,Trực tiếp,Bưu chính\n"
    portal = (header + "03/2018,Sở Tư pháp,10,90,0\n03/2018,Sở Y tế,5,95,0\n").encode()
    other = (header + "03/2018,Sở Xây dựng,1,9,0\n").encode()
    first = services.stats_import(
        user=None, organisation=org, filename="a.csv", content=portal, source="Cổng"
    )
    kept = services.stats_import(
        user=None, organisation=org, filename="b.csv", content=other, source="Sở XD"
    )
    again = (header + "03/2018,Sở Tư pháp,20,80,0\n").encode()
    second = services.stats_import(
        user=None, organisation=org, filename="a2.csv", content=again, source="Cổng"
    )
    cong = MonthlyStat.objects.filter(source="Cổng", month=date(2018, 3, 1))
    assert [(s.agency, s.received_online) for s in cong] == [("Sở Tư pháp", 20)]
    assert MonthlyStat.objects.filter(job=kept).count() == 1  # another source is untouched
    assert not MonthlyStat.objects.filter(job=first).exists()
    deleted = services.import_undo(user=None, job=second)
    assert deleted == 1 and not MonthlyStat.objects.filter(source="Cổng").exists()
    assert MonthlyStat.objects.filter(job=kept).count() == 1
    second.refresh_from_db()
    assert second.status == ImportState.UNDONE
    assert AuditEntry.objects.filter(action="outcomes.import.undone").exists()
    with pytest.raises(services.DomainError):
        services.import_undo(user=None, job=second)


@pytestmark_db
def test_a_catalogue_level_naming_two_levels_is_not_stored_as_the_first(demo):
    from kehoach.accounts.models import Organisation

    org = Organisation.objects.get(code="TG-STTTT")
    content = (
        'Mã thủ tục,Tên thủ tục,Mức độ\nX-1,Cấp giấy phép,"Mức 1,2"\nX-2,Đăng ký,Mức độ 3\n'
    ).encode()
    job = services.catalogue_import(
        user=None, organisation=org, filename="dm.csv", content=content, as_of=date(2020, 1, 1)
    )
    assert job.counts["broken"] == 1 and "Mức 1,2" in job.errors[0]["message"]


HUE = "hue-dvc-ket-qua-theo-muc-do.csv"  # a real portal table, see its .nguon.md


def test_a_real_portal_table_by_level_is_refused_until_a_person_says_what_it_is():
    content = (CORPUS / HUE).read_bytes()
    reading = read_statistics(HUE, content)
    assert "cơ quan/đơn vị" in str(reading.fatal) and not reading.rows  # no unit column: no guess
    profile = {"columns": {"Mức độ": "agency", "Tổng": "stated_received"}}
    reading = read_statistics(HUE, content, profile=profile)
    assert "kỳ báo cáo" in str(reading.fatal) and not reading.rows  # no period: no guess


def test_a_real_portal_table_gives_its_figures_and_its_own_error():
    profile = {"columns": {"Mức độ": "agency", "Tổng": "stated_received"}, "period": "Năm 2020"}
    reading = read_statistics(HUE, (CORPUS / HUE).read_bytes(), profile=profile)
    assert reading.fatal is None
    got = [
        (
            r.agency,
            r.figures.received_total,
            r.figures.resolved_total,
            r.figures.pending,
            r.figures.resolved_early,
            r.figures.resolved_on_time,
            r.figures.resolved_late,
        )
        for r in reading.rows
    ]
    assert got == [
        ("Mức 1, 2", 268763, 257141, 11622, 124907, 102770, 19852),
        ("Mức 3", 68544, 61827, 6717, 43434, 11795, 4331),
        ("Mức 4", 1665, 1611, 54, 952, 388, 268),
    ]
    findings = [(f.code, f.data.get("line"), f.data.get("difference")) for f in reading.findings]
    # early + on-time + late falls short of the resolved on every row of the publication
    assert [f for f in findings if f[0] == "STATS_RESOLVED_SUM"] == [
        ("STATS_RESOLVED_SUM", 4, 9612),
        ("STATS_RESOLVED_SUM", 5, 2267),
        ("STATS_RESOLVED_SUM", 6, 3),
    ]
    # The balance uses the printed resolved (268 763 − 257 141 = 11 622 holds): the shortfall
    # of the parts is reported once, not again as a balance finding.
    assert not [f for f in findings if f[0] == "STATS_PENDING_BALANCE"]


def test_a_real_portal_table_whose_pending_does_not_balance_is_reported_with_its_printed_total():
    profile = {"columns": {"Mức độ": "agency", "Tổng": "stated_received"}, "period": "Năm 2020"}
    content = (CORPUS / HUE).read_text(encoding="utf-8").replace(",6717,", ",6700,")
    reading = read_statistics(HUE, content.encode(), profile=profile)
    (balance,) = [f for f in reading.findings if f.code == "STATS_PENDING_BALANCE"]
    data = balance.data
    assert (data["line"], data["received"], data["resolved"], data["resolved_from"]) == (
        5,
        68544,
        61827,
        "stated",
    )
    assert (data["expected"], data["pending"], data["difference"]) == (6717, 6700, -17)
    assert "tệp hue-dvc-ket-qua-theo-muc-do.csv, dòng 5" in balance.message_vi
    assert "cột C (Đã xử lý)" in balance.message_vi and "cột D (Chưa xử lý)" in balance.message_vi
    sums = [f.data["difference"] for f in reading.findings if f.code == "STATS_RESOLVED_SUM"]
    assert sums == [9612, 2267, 3]  # the parts' own error, still once per row


def test_a_total_row_whose_pending_does_not_balance_is_still_reported():
    text = (CORPUS / "bao-cao-quy-1-2020-so-nganh.csv").read_text(encoding="utf-8")
    text = text.replace("390,120,252,20,20,", "390,120,252,20,25,")
    reading = read_statistics("bao-cao.csv", text.encode())
    got = {(f.code, f.data.get("line"), f.data.get("difference")) for f in reading.findings}
    assert ("STATS_PENDING_BALANCE", 6, 5) in got  # 10 + 400 − 390 = 20, not 25
    assert ("STATS_TOTAL_ROW", 6, 5) in got  # and 20 + 0 = 20 rows' pending, not 25
    assert ("STATS_RESOLVED_SUM", 6, -2) in got


def test_a_real_portal_tables_percent_columns_under_a_two_row_header_are_checked():
    profile = {"columns": {"Mức độ": "agency", "Tổng": "stated_received"}, "period": "Năm 2020"}
    text = (CORPUS / HUE).read_text(encoding="utf-8")
    reading = read_statistics(HUE, text.encode(), profile=profile)
    fields = {c.header: (c.field, c.status) for c in reading.columns}
    # "Trước hạn" over "Tổng | %": the group's words carried over its merged cell
    assert fields["Trước hạn Tổng"] == ("resolved_early", "used")
    assert fields["Trước hạn %"] == ("rate_early", "used")
    assert fields["Đúng hạn %"] == ("rate_on_time_only", "used")  # on time, early apart
    assert fields["Trễ hạn %"] == ("rate_late", "used")
    assert reading.header.line == 3 and reading.header.first_line == 2 and not reading.errors
    assert [{k: str(v) for k, v in r.stated_rates.items()} for r in reading.rows] == [
        {"rate_early": "48.6", "rate_on_time_only": "40", "rate_late": "7.7"},
        {"rate_early": "70.3", "rate_on_time_only": "19.1", "rate_late": "7"},
        {"rate_early": "59.1", "rate_on_time_only": "24.1", "rate_late": "16.6"},
    ]
    # every printed share is of the printed resolved: nothing to report
    assert not [f for f in reading.findings if f.code.startswith("STATS_RATE")]
    # a share of the received printed in its place is found, naming its column
    changed = text.replace('"48,6%"', '"46,5%"').replace('"19,1%"', '"25%"')
    reading = read_statistics(HUE, changed.encode(), profile=profile)
    rates = {f.code: f for f in reading.findings if f.code.startswith("STATS_RATE")}
    denominator = rates["STATS_RATE_DENOMINATOR"]  # 124 907 / 268 763 = 46,47 %
    assert (denominator.data["line"], denominator.data["column"]) == (4, "F (Trước hạn %)")
    assert denominator.data["matches"] == ["received"]
    assert "cột F (Trước hạn %)" in denominator.message_vi
    mismatch = rates["STATS_RATE_MISMATCH"]  # 11 795 / 61 827 = 19,08 %, not 25
    assert (mismatch.data["line"], mismatch.data["column"]) == (5, "H (Đúng hạn %)")
    assert mismatch.data["numerator"] == 11795


def test_a_rate_group_over_a_count_and_a_percent_is_read_as_the_count_and_its_share():
    text = (
        "BÁO CÁO THÁNG 3 NĂM 2020,,,\n"
        "Đơn vị,Đã giải quyết,Tỷ lệ giải quyết đúng hạn,\n"
        ",,Số lượng,%\n"
        "Sở A,200,190,95\n"
        "Sở B,100,80,90\n"
    )
    reading = read_statistics("ty-le.csv", text.encode())
    fields = {c.header: c.field for c in reading.columns}
    assert fields["Tỷ lệ giải quyết đúng hạn Số lượng"] == "resolved_on_time"
    assert fields["Tỷ lệ giải quyết đúng hạn %"] == "rate_on_time_only"
    assert [r.figures.resolved_on_time for r in reading.rows] == [190, 80]
    (mismatch,) = [f for f in reading.findings if f.code == "STATS_RATE_MISMATCH"]
    place = (mismatch.data["line"], mismatch.data["column"])
    assert place == (5, "D (Tỷ lệ giải quyết đúng hạn %)")  # 80 / 100 = 80 %, not 90


def test_a_data_row_under_a_one_row_header_is_never_read_as_its_second_header_row():
    text = (
        "BÁO CÁO THÁNG 3 NĂM 2020,,,,\n"
        "Đơn vị,Trực tuyến,Trực tiếp,Bưu chính,\n"
        "Sở A,10,20,0,tỷ lệ trực tuyến thấp\n"  # a note under a blank header cell
        "Sở B,5,5,0,\n"
    )
    reading = read_statistics("mot-dong.csv", text.encode())
    assert reading.header.line == 2
    assert [r.agency for r in reading.rows] == ["Sở A", "Sở B"]
