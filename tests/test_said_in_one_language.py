"""Issues 23/24, one language per screen: every problem an import, a period, a command or an app
says to a person is said in the person's language, its English from the catalogue. Each path
converted from Vietnamese-only or "vi / en" texts is taken here and its English read: English
words around the values it quotes (a cell's text, a file's header words, a file's name), and
its Vietnamese Vietnamese."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.utils import translation

from kehoach.core.messages import Message, Unreadable
from kehoach.core.outcomes import LEVEL_LABELS, level_label
from kehoach.core.periods import Period, parse_period
from kehoach.outcomes import services
from kehoach.outcomes.dossiers import DossierFileError, aggregate_file, preview_file
from kehoach.outcomes.statistics import read_statistics
from kehoach.outcomes.synthetic import SyntheticParams
from kehoach.outcomes.tables import parse_day, parse_month
from kehoach.web.language import say_kept

VIETNAMESE = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
QUOTED = re.compile(r"'[^']*'|«[^»]*»")


def english(text: str, *values: str) -> str:
    """``text``, after checking that it is English: no Vietnamese letter outside the values it
    quotes ('…', «…») and the ``values`` given (what a file says: a header, an agency)."""
    rest = text
    for value in sorted(values, key=len, reverse=True):
        rest = rest.replace(value, "")
    rest = QUOTED.sub("", rest)
    assert text and not VIETNAMESE.search(rest), text
    return text


def vietnamese(text: str) -> str:
    assert VIETNAMESE.search(text), text
    return text


def both(message: Message, *values: str) -> None:
    english(message.text("en"), *values)
    vietnamese(message.text("vi"))


# -- periods (kehoach.core.periods) -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "không rõ",
        "15/03/2018",
        "2018-03-15",
        "13/2018",
        "Quý I/1800",
        "31/02/2018 - 05/03/2018",
    ],
)
def test_a_period_that_cannot_be_read_says_why_in_english_too(text):
    with pytest.raises(Unreadable) as refused:
        parse_period(text)
    both(refused.value.message, text)
    assert isinstance(refused.value, ValueError)  # callers written before still catch it


def test_a_period_backwards_or_not_a_key_says_why_in_english_too():
    with pytest.raises(Unreadable) as backwards:
        Period.of(date(2018, 3, 14), date(2018, 2, 15))
    both(backwards.value.message)
    with pytest.raises(Unreadable) as key:
        Period.from_key("Q5")
    english(key.value.text("en"))


@pytest.mark.parametrize(
    ("parse", "text"),
    [(parse_month, "abc"), (parse_month, "13/2016"), (parse_day, "abc"), (parse_day, "31/02/2016")],
)
def test_a_month_or_a_day_of_a_table_that_cannot_be_read_says_why_in_english_too(parse, text):
    with pytest.raises(Unreadable) as refused:
        parse(text)
    both(refused.value.message)


# -- a statistics report (kehoach.outcomes.statistics) ----------------------------------------

HEADER = (
    "Tháng,Cơ quan,Tiếp nhận trực tuyến,Tiếp nhận trực tiếp,Tỷ lệ hồ sơ trực tuyến (%),Ghi chú\n"
)


def statistics(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode("utf-8")


def test_every_row_problem_of_a_statistics_report_is_kept_by_its_parts_and_said_in_english():
    reading = read_statistics(
        "bc.csv",
        statistics(
            "01/2018,STP,10,30,25,",
            "01/2018,SXD,mười,30,25,",  # line 3: not a number
            "01/2018,SYT,10,-3,25,",  # line 4: not a count
            "01/2018,SCT,10,30,abc,",  # line 5: a rate not a number
            "01/2018,SGT,10,30,120,",  # line 6: a rate above 100
            "01/2018,,10,30,25,",  # line 7: no agency
            "01/2018,STP,10,30,25,",  # line 8: the same period and agency as line 2
        ),
    )
    assert [e["line"] for e in reading.errors] == [3, 4, 5, 6, 7, 8]
    places = [c.place for c in reading.columns]
    for error in reading.errors:
        assert error["message"] == say_kept(error, "vi")  # the error file's Vietnamese
        english(say_kept(error, "en"), *places, "STP")
        vietnamese(say_kept(error, "vi"))
    ignored = [f for f in reading.findings if f.code == "STATS_COLUMN_IGNORED"]
    assert ignored and all(english(f.message("en"), *places) for f in ignored)
    notes = [c.to_dict() for c in reading.columns if c.status == "ignored"]
    assert notes and all(english(say_kept(c, "en")) for c in notes)


@pytest.mark.parametrize(
    ("content", "profile"),
    [
        (b"a,b\n1,2\n", None),  # no header
        ("Cơ quan,Tiếp nhận trực tuyến,Tiếp nhận trực tiếp\nSTP,1,2\n".encode(), None),  # no period
        (statistics("Tháng 13/2018,STP,10,30,25,"), None),  # a period that cannot be read
        (
            "Cơ quan,Tiếp nhận trực tuyến,Tiếp nhận trực tiếp\nSTP,1,2\n".encode(),
            {"period": "không rõ"},
        ),
    ],
)
def test_a_statistics_report_refused_as_a_whole_says_why_in_english_too(content, profile):
    reading = read_statistics("bc.csv", content, profile=profile)
    assert reading.fatal is not None
    places = [c.place for c in reading.columns]
    both(reading.fatal, *places, "Tháng 13/2018", "không rõ")


# -- the services catalogue (kehoach.outcomes.services.parse_catalogue) ------------------------


def test_every_row_problem_of_the_catalogue_is_said_in_english_too():
    rows = [
        "Mã thủ tục,Tên thủ tục,Mức độ,Từ ngày,Đến ngày,Đường dẫn",
        ",Không mã,Mức độ 3,,,",  # no code
        "T2,,Mức độ 3,,,",  # no name
        "T3,Ba,Mức 1,2,,,",  # two levels
        "T4,Bốn,Mức độ chín,,,",  # a level that cannot be read
        "T5,Năm,Mức độ 3,01/02/2018,01/01/2018,",  # the end before the start
        "T6,Sáu,Mức độ 3,,,ftp://x",  # not a web address
        "T7,Bảy,Mức độ 3,31/02/2018,,",  # a day that does not exist
        "T8,Tám,Mức độ 3,,,",
        "T8,Tám,Mức độ 3,,,",  # the same row again
        "T8,Tám khác,Mức độ 3,,,",  # the same code, other content
    ]
    content = "\n".join(rows).encode("utf-8")
    parsed = services.parse_catalogue("dm.csv", content, as_of=date(2018, 1, 1))
    assert [e["line"] for e in parsed.errors] == [2, 3, 4, 5, 6, 7, 8, 10, 11]
    for error in parsed.errors:
        english(say_kept(error, "en"))
        vietnamese(say_kept(error, "vi"))


# -- dossier exports (kehoach.outcomes.dossiers) ---------------------------------------------

DOSSIERS = [
    "code,agency,channel,received,due,resolved",
    "H1,STP,online,01/03/2021,05/03/2021,04/03/2021",
    "H2,STP,online,,05/03/2021,04/03/2021",  # no date of receipt
    "H3,STP,online,31/02/2021,05/03/2021,",  # a date of receipt that does not exist
    "H4,,online,01/03/2021,05/03/2021,",  # no agency
    "H5,STP,pigeon,01/03/2021,05/03/2021,",  # an unknown channel
    "H6,STP,online,01/03/2021,abc,",  # a due date that cannot be read
    "H7,STP,online,10/03/2021,15/03/2021,05/03/2021",  # resolved before received
    "H1,STP,online,01/03/2021,05/03/2021,04/03/2021",  # a code seen before
    "H8,STP,online,01/03/2021,05/03/2021,,extra",  # a row of the wrong shape
]


def test_every_dossier_not_counted_is_said_in_english_too(tmp_path):
    path = tmp_path / "hs.csv"
    path.write_text("\n".join(DOSSIERS) + "\n", encoding="utf-8")
    result = aggregate_file(path)
    assert result.broken == len(result.errors) == 8
    errors = services._dossier_errors(result.errors, {date(2081, 3, 1): 2})
    assert {e["kind"] for e in errors} == {"broken", "duplicate", "stray"}
    for error in errors:
        english(say_kept(error, "en"), *{e["column"] for e in result.errors}, "STP")
        vietnamese(say_kept(error, "vi"))


def test_a_dossier_file_that_cannot_be_read_says_why_in_english_too(tmp_path):
    empty, missing, no_columns = tmp_path / "empty.csv", tmp_path / "none.csv", tmp_path / "x.csv"
    empty.write_bytes(b"")
    no_columns.write_text("code,procedure\nH1,P1\n", encoding="utf-8")
    for refused in (
        lambda: preview_file(missing),
        lambda: preview_file(empty),
        lambda: aggregate_file(no_columns),
    ):
        with pytest.raises(DossierFileError) as error:
            refused()
        both(error.value.message)


@pytest.mark.django_db
def test_a_dossier_file_refused_is_kept_by_its_parts_on_its_job(tmp_path):
    from kehoach.accounts.models import Organisation

    organisation = Organisation.objects.create(code="T-1", name="Sở T", kind="department")
    job = services.dossiers_import(user=None, organisation=organisation, path=tmp_path / "no.csv")
    assert job.status == "failed"
    english(say_kept(job.errors[0], "en"))
    assert job.errors[0]["message"] == say_kept(job.errors[0], "vi")


# -- what the pages, the reports and the commands say of the outcomes --------------------------


def test_levels_and_the_synthetic_data_note_are_said_in_english_too():
    for code in LEVEL_LABELS:
        english(level_label(code, "en"))
    both(SyntheticParams().said)
    english(SyntheticParams().describe("en"))


@pytest.mark.django_db
def test_a_price_norm_table_refused_says_every_row_in_english_too():
    from kehoach.accounts.models import Membership, Organisation, Role
    from kehoach.errors import DomainError
    from kehoach.plans.services import norms_import

    organisation = Organisation.objects.create(code="T-2", name="Sở T", kind="department")
    user = _member(organisation, Role.FINANCE)
    assert Membership.objects.filter(user=user).exists()
    table = (
        "Hình thức,Đơn vị tính,Đơn giá,Căn cứ,Hiệu lực từ\n"
        "tin,tin,mười,QĐ 1,01/01/2018\n"  # line 2: a price that is not a number
        "tin,tin,1000,QĐ 1,không rõ\n"  # line 3: a start that cannot be read
        "tin,tin,-5,QĐ 1,01/01/2018\n"  # line 4: a negative price
        "tin,tin,1000,QĐ 1,01/01/1900\n"  # line 5: a start out of range
    )
    with pytest.raises(DomainError) as refused:
        norms_import(
            user=user, organisation=organisation, filename="dm.csv", content=table.encode()
        )
    said = english(refused.value.text("en"), "QĐ 1")
    assert [f"line {n}" in said for n in (2, 3, 4, 5)] == [True] * 4
    assert ".;" not in refused.value.text("vi")  # each clause without its full stop
    with pytest.raises(DomainError) as columns:
        norms_import(user=user, organisation=organisation, filename="x.csv", content=b"a,b\n1,2\n")
    both(columns.value.message)


def _member(organisation, role):
    from django.contrib.auth.models import User

    from kehoach.accounts.models import Membership

    user = User.objects.create_user("t-finance")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.mark.django_db
def test_an_import_page_says_the_rows_problems_in_the_readers_language(tmp_path):
    from django.contrib.auth.models import User
    from django.test import Client

    from kehoach.accounts.models import Membership, Organisation, Role

    organisation = Organisation.objects.create(code="T-3", name="Sở T", kind="department")
    user = User.objects.create_user("t-editor")
    Membership.objects.create(user=user, organisation=organisation, role=Role.ADMIN)
    job = services.stats_import(
        user=user,
        organisation=organisation,
        filename="bc.csv",
        content=statistics("01/2018,STP,10,30,25,", "01/2018,SXD,mười,30,25,"),
    )
    client = Client()
    client.force_login(user)
    vi = client.get(f"/ket-qua/nhap/{job.pk}/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    en = client.get(f"/ket-qua/nhap/{job.pk}/").content.decode()
    assert "dòng 3: cột" in vi and "không phải là số" in vi
    assert "line 3: column" in en and "is not a number" in en
    assert "không phải là số" not in en and "Tháng 01/2018" in vi and "01/2018" in en


# -- the command line and the apps' names -----------------------------------------------------

COMMANDS = [
    "import-statistics",
    "import-dossiers",
    "synthetic-dossiers",
    "clean-previews",
    "status",
    "report",
    "demo",
    "backup",
    "restore",
    "anonymise-delegates",
]


@pytest.mark.parametrize("name", COMMANDS)
def test_a_commands_help_is_in_one_language_kehoach_lang_choosing(name, monkeypatch):
    from django.core.management import get_commands, load_command_class

    monkeypatch.setattr("sys.argv", ["kehoach", name, "--help"])
    command = load_command_class(get_commands()[name], name)
    monkeypatch.setenv("KEHOACH_LANG", "en")
    english(command.create_parser("kehoach", name).format_help(), "Tiền Giang")
    monkeypatch.delenv("KEHOACH_LANG")
    vietnamese(command.create_parser("kehoach", name).format_help())


@pytest.mark.parametrize("name", ["check", "export"])
def test_a_documents_commands_help_is_in_the_language_of_its_lang_option(name, monkeypatch):
    from django.core.management import get_commands, load_command_class

    command = load_command_class(get_commands()[name], name)
    monkeypatch.delenv("KEHOACH_LANG", raising=False)
    monkeypatch.setattr("sys.argv", ["kehoach", name, "--lang", "en", "--help"])
    text = command.create_parser("kehoach", name).format_help()
    english(text.replace("{nghìn,ngàn}", ""))
    monkeypatch.setattr("sys.argv", ["kehoach", name, "--help"])
    vietnamese(command.create_parser("kehoach", name).format_help())


def test_every_apps_name_is_said_in_the_readers_language():
    for config in apps.get_app_configs():
        if not config.name.startswith("kehoach."):
            continue
        with translation.override("en"):
            english(str(config.verbose_name))
        with translation.override("vi"):
            name = str(config.verbose_name)
        assert " / " not in name and (name == "API" or vietnamese(name))


def test_the_usage_of_kehoach_is_english_when_kehoach_lang_says_so(monkeypatch):
    from kehoach.__main__ import help_text

    monkeypatch.setenv("KEHOACH_LANG", "en")
    english(help_text(), "Tiền Giang")
    monkeypatch.delenv("KEHOACH_LANG")
    assert "kiểm tra một kế hoạch" in help_text()


def test_the_error_files_a_person_downloads_stay_vietnamese(tmp_path):
    """The error file (CSV) is not language-aware: it keeps the Vietnamese texts."""
    path = tmp_path / "hs.csv"
    path.write_text("\n".join(DOSSIERS) + "\n", encoding="utf-8")
    from kehoach.outcomes.dossiers import error_csv

    text = error_csv(aggregate_file(path).errors).decode("utf-8-sig")
    assert text.startswith("dòng,cột,giá trị,lý do,mã hồ sơ") and "thiếu ngày tiếp nhận" in text


def test_every_column_the_vocabulary_ignores_says_why_and_every_field_has_a_name():
    from kehoach.outcomes.columns import FIELD_LABELS, IGNORED, vocabulary

    rules = vocabulary()["rules"]
    assert {r["field"] for r in rules if r["field"].startswith("ignore:")} <= set(IGNORED)
    assert {r["field"] for r in rules if not r["field"].startswith("ignore")} <= set(FIELD_LABELS)
    for message in IGNORED.values():
        both(message)


@pytest.mark.django_db
def test_the_import_command_previews_and_reports_in_the_command_lines_language(
    tmp_path, monkeypatch
):
    from io import StringIO

    from django.core.management import call_command

    from kehoach.accounts.models import Organisation

    Organisation.objects.create(code="T-4", name="Sở T", kind="department")
    path = tmp_path / "bc.csv"
    path.write_bytes(statistics("01/2018,STP,10,30,25,", "01/2018,SXD,mười,30,25,"))
    headers = HEADER.strip().split(",")
    monkeypatch.setenv("KEHOACH_LANG", "en")
    for options in (["--preview"], []):
        out = StringIO()
        call_command("import-statistics", str(path), "--org", "T-4", *options, stdout=out)
        english(out.getvalue(), *headers, "STP", "SXD")
    monkeypatch.delenv("KEHOACH_LANG")
    out = StringIO()
    call_command("import-statistics", str(path), "--org", "T-4", "--preview", stdout=out)
    assert "Kỳ: Tháng 01/2018 (lấy từ cột A)" in out.getvalue()


# -- charts (kehoach.outcomes.charts, kehoach.reports.charts) ---------------------------------


def svg_words(svg: bytes) -> str:
    """The words a chart shows (its SVG keeps text as text), one after another."""
    return " | ".join(
        html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode())
    )


def _charts(language: str) -> list[bytes]:
    from kehoach.core.indicators import Rate
    from kehoach.outcomes import charts
    from kehoach.reports.charts import progress_chart

    points = [(date(2016, m, 1), Rate(m, 100)) for m in range(1, 13)]
    note = SyntheticParams().said
    said = {"fmt": "svg", "language": language}
    return [
        charts.online_rate_chart(points, period=(date(2016, 7, 1), date(2017, 1, 1)), **said),
        charts.online_rate_chart(
            points,
            title=charts.PLAN_TITLE.with_params(plan="46a/KH-STTTT"),
            deliveries=[(date(2016, 8, 3), "Phóng sự")],
            note=note,
            **said,
        ),
        charts.district_chart([("huyện Chợ Gạo", 12, Rate(1, 4))], note=note, **said),
        charts.district_chart([("huyện Chợ Gạo", None, Rate(1, 4))], **said),
        progress_chart([("01/2016", 3, 2, 1), ("02/2016", 1, 0, 0)], **said),
        progress_chart([], **said),
    ]


def test_every_chart_is_drawn_in_the_language_asked():
    """Titles, axes, legends and the synthetic data's note: English on the English screen, the
    Vietnamese as before on the Vietnamese one (the names of districts are data)."""
    for svg in _charts("en"):
        english(svg_words(svg), "huyện Chợ Gạo")
    words = [svg_words(svg) for svg in _charts("vi")]
    assert (
        "Tỷ lệ hồ sơ nộp trực tuyến theo tháng" in words[0] and "Thời gian chiến dịch" in words[0]
    )
    assert "Tỷ lệ hồ sơ trực tuyến và kế hoạch 46a/KH-STTTT" in words[1]
    assert "Sản phẩm tuyên truyền đã thực hiện (1)" in words[1] and "SYNTHETIC" in words[1]
    assert "Số lần phát sóng" in words[2] and "Chưa có số liệu phát sóng" in words[3]
    assert "Tháng (theo ngày dự kiến của sản phẩm)" in words[4] and "Kế hoạch" in words[4]
    assert "Chưa có sản phẩm nào" in words[5]


def test_a_png_chart_is_drawn_in_the_language_asked_too():
    from kehoach.reports.charts import progress_chart

    months = [("01/2016", 3, 2, 1)]
    assert progress_chart(months, language="en") != progress_chart(months, language="vi")
    assert progress_chart(months) == progress_chart(months, language="vi")  # the report's


# -- a row's file and line, and its label (kehoach.core.checks.outcomes.StatRow) ---------------


def test_a_finding_on_a_row_names_its_file_in_the_readers_language():
    header = "Tháng,Cơ quan,Tiếp nhận trực tuyến,Tiếp nhận trực tiếp,Tổng tiếp nhận,"
    header += "Tỷ lệ hồ sơ trực tuyến (%)\n"
    reading = read_statistics("bc.csv", (header + "01/2018,STP,10,30,40,33\n").encode())
    places = [c.place for c in reading.columns]
    (mismatch,) = [f for f in reading.findings if f.code == "STATS_RATE_MISMATCH"]
    assert english(mismatch.message("en"), *places, "STP").startswith("file bc.csv, line 2")
    assert mismatch.message("vi").startswith("tệp bc.csv, dòng 2")
    from kehoach.core.findings import stored_finding

    kept = stored_finding(mismatch)
    assert say_kept(kept, "en") == mismatch.message("en")
    assert say_kept(kept, "vi") == mismatch.message("vi")


def test_a_rows_place_and_label_are_said_in_the_readers_language():
    from decimal import Decimal

    from kehoach.core.checks.outcomes import StatRow
    from kehoach.core.indicators import Figures

    quarter = Period.quarter(2016, 1)
    sheet = StatRow(
        quarter.start, "STP", Figures(), line=7, file="a.xlsx", sheet="Sheet1", kind="quarter",
        period_end=quarter.end, stated_online_rate=Decimal(1),
    )  # fmt: skip
    assert sheet.place.text("vi") == "tệp a.xlsx, trang Sheet1, dòng 7"
    assert (
        english(sheet.place.text("en"), "a.xlsx", "Sheet1") == "file a.xlsx, sheet Sheet1, line 7"
    )
    assert sheet.said_label.text("vi") == sheet.label == "Quý I/2016 · STP"
    english(sheet.said_label.text("en"))
    # A named source (a profile's, or one stored before as its text) is said as written.
    named = StatRow(quarter.start, "STP", Figures(), line=3, source="tệp cũ.csv")
    assert named.place.text("en") == "tệp cũ.csv, line 3"
    assert named.place.text("vi") == "tệp cũ.csv, dòng 3"


def test_a_finding_on_a_row_names_its_column_never_its_fields_code():
    """A row read from a file names the column by its place and heading in the file; a row
    stored without them (the dashboard checks the stored months) by the field's name in the
    reader's language. The place (``Where``) names the field the same way, also when said
    again from a job's stored finding; its data keeps the code for programs."""
    from decimal import Decimal

    from kehoach.core.checks.outcomes import StatRow, check_statistics
    from kehoach.core.findings import Where, stored_finding
    from kehoach.core.indicators import Figures

    codes = re.compile(
        r"\b(rate|stated|received|resolved|pending|carried)_\w+|(cột|column) (received|resolved)"
    )
    stored = StatRow(
        date(2018, 1, 1), "STP", Figures(received_online=10, received_counter=30, received_post=0),
        stated_received=41, stated_online_rate=Decimal(33), line=2, source="bc.csv",
    )  # fmt: skip
    findings = {f.code: f for f in check_statistics([stored])}
    assert set(findings) == {"STATS_CHANNELS_SUM", "STATS_RATE_MISMATCH"}
    rate, channels = findings["STATS_RATE_MISMATCH"], findings["STATS_CHANNELS_SUM"]
    assert "cột Tỷ lệ hồ sơ trực tuyến (%)" in rate.message("vi")
    assert "column Online rate (%)" in english(rate.message("en"), "STP")
    assert "(cột Tổng số tiếp nhận trong kỳ)" in channels.message("vi")
    assert "(column Total received in the period)" in english(channels.message("en"), "STP")
    for finding in findings.values():
        kept = stored_finding(finding)
        again = Where(**{k: v for k, v in kept["where"].items() if k in Where.__dataclass_fields__})
        for language in ("vi", "en"):
            for text in (finding.message(language), finding.where.label(language)):
                assert not codes.search(text), text
            assert again.label(language) == finding.where.label(language)
        english(finding.where.label("en"))
    assert rate.where.label("vi") == "Số liệu hồ sơ, cột Tỷ lệ hồ sơ trực tuyến (%), dòng 2 của tệp"
    assert rate.data["column"] == "rate_online" and rate.where.column == "rate_online"

    header = "Tháng,Cơ quan,Tiếp nhận trực tuyến,Tiếp nhận trực tiếp,Tổng tiếp nhận,"
    header += "Tỷ lệ hồ sơ trực tuyến (%)\n"
    reading = read_statistics("bc.csv", (header + "01/2018,STP,10,30,40,33\n").encode())
    (mismatch,) = [f for f in reading.findings if f.code == "STATS_RATE_MISMATCH"]
    assert "cột F (Tỷ lệ hồ sơ trực tuyến (%))" in mismatch.message("vi")
    assert english(mismatch.where.label("en")).startswith("Dossier statistics, column Online rate")
    assert not codes.search(mismatch.where.label("vi"))


# -- what kehoach writes and keeps: a level's source, an audit entry's comment ---------------


def _catalogue_of_one(code: str) -> tuple[Any, Any]:
    """A department (``code``), its administrator, and a catalogue of one service (T1, level 3)
    imported from a file."""
    from kehoach.accounts.models import Organisation

    organisation = Organisation.objects.create(code=code, name="Sở T", kind="department")
    user = _member(organisation, "admin")
    content = "Mã thủ tục,Tên thủ tục,Mức độ,Từ ngày\nT1,Một,Mức độ 3,01/01/2018\n".encode()
    services.catalogue_import(
        user=user, organisation=organisation, filename="dm.csv", content=content
    )
    return organisation, user


@pytest.mark.django_db
def test_a_levels_source_written_by_kehoach_is_said_in_the_readers_language():
    from kehoach.outcomes.models import ServiceLevel

    organisation, user = _catalogue_of_one("T-5")
    imported = ServiceLevel.objects.get(service__code="T1")
    mine = services.service_save(
        user=user, organisation=organisation, service=None,
        data={"code": "T2", "name": "Hai", "level": "3", "level_from": date(2018, 1, 1)},
    )  # fmt: skip
    typed = services.service_save(
        user=user, organisation=organisation, service=None,
        data={"code": "T3", "name": "Ba", "level": "3", "level_source": "QĐ 12/QĐ-UBND"},
    )  # fmt: skip
    by_hand, as_typed = mine.levels.get(), typed.levels.get()
    with translation.override("en"):
        assert imported.source_text == "Imported from dm.csv"
        assert by_hand.source_text == "Entered by hand"
        assert as_typed.source_text == "QĐ 12/QĐ-UBND"  # a person's text, as written
    with translation.override("vi"):
        assert imported.source_text == "Nhập từ dm.csv"
        assert by_hand.source_text == "Nhập tay"
        assert as_typed.source_text == "QĐ 12/QĐ-UBND"
    # Levels stored before with kehoach's Vietnamese: the two texts said as they mean.
    for text, said in (
        ("Nhập từ cu.xlsx", "Imported from cu.xlsx"),
        ("Nhập tay", "Entered by hand"),
        ("Quyết định 1237/QĐ-UBND", "Quyết định 1237/QĐ-UBND"),
    ):
        with translation.override("en"):
            assert ServiceLevel(source=text).source_text == said
        with translation.override("vi"):
            assert ServiceLevel(source=text).source_text == text


@pytest.mark.django_db
def test_the_service_page_says_where_each_level_came_from_in_the_readers_language():
    from django.test import Client

    from kehoach.accounts.models import Organisation

    organisation = Organisation.objects.create(code="T-6", name="Sở T", kind="department")
    user = _member(organisation, "admin")
    content = "Mã thủ tục,Tên thủ tục,Mức độ,Từ ngày\nT1,Một,Mức độ 3,01/01/2018\n".encode()
    services.catalogue_import(
        user=user, organisation=organisation, filename="dm.csv", content=content
    )
    service = organisation.services.get(code="T1")
    client = Client()
    client.force_login(user)
    vi = client.get(f"/ket-qua/dich-vu/{service.pk}/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    en = client.get(f"/ket-qua/dich-vu/{service.pk}/").content.decode()
    assert "<td>Nhập từ dm.csv</td>" in vi
    assert "<td>Imported from dm.csv</td>" in en and "Nhập từ" not in en


@pytest.mark.django_db
def test_a_level_entered_by_hand_has_no_original_value_never_a_made_up_one():
    """A level's original value is what the imported file wrote; a level entered by hand has
    none ("—" on the page, "" in the API), never a "Mức độ 3" kehoach wrote itself — also for
    levels stored that way before (recognised when read). A file's own words stay as written."""
    import re

    from django.test import Client

    from kehoach.api.api import _service_out
    from kehoach.outcomes.models import LEVEL_BY_HAND, ServiceLevel, kept_source

    organisation, user = _catalogue_of_one("T-8")
    imported = organisation.services.get(code="T1")
    by_hand = services.service_save(
        user=user, organisation=organisation, service=None,
        data={"code": "T2", "name": "Hai", "level": "4", "level_from": date(2018, 1, 1)},
    )  # fmt: skip
    assert by_hand.levels.get().original == ""
    # Stored before: a level entered by hand, its "original" the level's Vietnamese name.
    before = services.service_save(
        user=user, organisation=organisation, service=None,
        data={"code": "T3", "name": "Ba", "level": "3", "level_source": "QĐ 12/QĐ-UBND"},
    )  # fmt: skip
    ServiceLevel.objects.filter(service=before).update(original="Mức độ 3")
    older = ServiceLevel.objects.create(
        service=before, level="2", original="Mức độ 2", valid_from=date(2017, 1, 1),
        valid_to=date(2018, 1, 1), source=kept_source(LEVEL_BY_HAND),
    )  # fmt: skip
    assert older.original_value == "" and imported.levels.get().original_value == "Mức độ 3"

    client = Client()
    client.force_login(user)

    def original_cells(service) -> list[str]:
        page = client.get(f"/ket-qua/dich-vu/{service.pk}/").content.decode()
        rows = re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td><td>\d\d/", page)
        assert rows, page
        return rows

    for language in ("vi", "en"):
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
        assert original_cells(by_hand) == ["—"]
        assert original_cells(before) == ["—", "—"]
        assert original_cells(imported) == ["Mức độ 3"]  # the file's words, as written
        listing = client.get("/ket-qua/dich-vu/?on=2018-06-01").content.decode()
        assert "(Mức độ" not in listing
    assert [lv.original for lv in _service_out(before)["levels"]] == ["", ""]
    assert [lv.original for lv in _service_out(imported)["levels"]] == ["Mức độ 3"]


@pytest.mark.django_db
def test_an_audit_comment_written_by_kehoach_is_said_in_the_readers_language():
    from kehoach.accounts.models import Organisation
    from kehoach.audit import comments
    from kehoach.audit.readable import describe
    from kehoach.audit.services import log_action

    organisation = Organisation.objects.create(code="T-7", name="Sở T", kind="department")
    written = [
        comments.kept(comments.ANONYMISED),
        comments.kept(comments.PREVIEW_EXPIRED.with_params(days=7)),
        comments.kept(comments.PREVIEW_REPLACED),
        comments.kept(comments.PREVIEWS_CLEANED.with_params(days=2)),
        comments.kept(comments.AMENDMENT.with_params(number=2, contract="05/2016/HĐ")),
        comments.kept(comments.SUBMITTED_WITH_ERRORS.with_params(count=2, reason="gấp")),
        "undo:12",
        # written before kehoach kept its own words by their parts: said as they mean
        "Nghị định 13/2023/NĐ-CP: xóa dữ liệu cá nhân sau khi hoàn thành mục đích.",
        "Xem trước không được xác nhận sau 7 ngày: đã xóa cùng tệp.",
        "Phụ lục 2 hợp đồng 05/2016/HĐ",
        "Trình khi còn 2 lỗi: gấp",
    ]
    entries = [log_action(actor=None, action="x.y", obj=organisation, comment=c) for c in written]
    typed = log_action(actor=None, action="x.y", obj=organisation, comment="Bổ sung kinh phí")
    with translation.override("en"):
        said_en = [d.comment for d in describe(entries, keep_empty=True)]
        (person,) = describe([typed], keep_empty=True)
        assert person.comment == "Bổ sung kinh phí"  # a person's words, as written
    with translation.override("vi"):
        said_vi = [d.comment for d in describe(entries, keep_empty=True)]
    for text in said_en:
        english(text, "NĐ-CP", "05/2016/HĐ", "gấp")
    assert said_en[6] == "Undo of change no. 12"
    assert said_en[0] == said_en[7] and said_en[1] == said_en[8] and said_en[4] == said_en[9]
    assert said_en[5] == said_en[10] == "Submitted with 2 errors: gấp"
    assert said_vi[:6] == [
        written[7],
        written[8],
        "Dọn khi có bản xem trước mới.",
        "kehoach clean-previews: không được xác nhận sau 2 ngày.",
        written[9],
        written[10],
    ]
    assert said_vi[7:] == written[7:]


# -- an import's problems as a file, a plan's state, a progress bar ---------------------------


@pytest.mark.django_db
def test_the_list_of_an_imports_problems_written_when_asked_is_in_the_readers_language():
    import csv
    import io

    from django.test import Client

    from kehoach.accounts.models import Organisation

    organisation = Organisation.objects.create(code="T-8", name="Sở T", kind="department")
    user = _member(organisation, "admin")
    content = "Mã thủ tục,Tên thủ tục,Mức độ\n,Không mã,Mức độ 3\nT4,Bốn,Mức độ chín\n".encode()
    job = services.catalogue_import(
        user=user, organisation=organisation, filename="dm.csv", content=content
    )
    assert not job.error_file  # a catalogue keeps no error file: its list is written when asked
    client = Client()
    client.force_login(user)

    def rows() -> list[list[str]]:
        text = client.get(f"/ket-qua/nhap/{job.pk}/loi.csv").content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))

    vi = rows()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    en = rows()
    assert vi[0] == ["dòng", "loại", "lỗi"] and en[0] == ["line", "kind", "problem"]
    assert [r[2] for r in vi[1:]] == [e["message"] for e in job.errors]
    for row in en[1:]:
        english(row[2])


@pytest.mark.django_db
def test_the_status_command_says_a_plans_state_in_the_command_lines_language(monkeypatch):
    import json
    from io import StringIO

    from django.core.management import call_command

    from kehoach.accounts.models import Organisation
    from kehoach.plans.models import Plan

    organisation = Organisation.objects.create(code="T-9", name="Sở T", kind="department")
    plan = Plan.objects.create(organisation=organisation, title="Kế hoạch thử", year=2016)
    out = StringIO()
    monkeypatch.setenv("KEHOACH_LANG", "en")
    call_command("status", str(plan.pk), stdout=out)
    assert (
        "State: Draft" in english(out.getvalue(), "Kế hoạch thử", "đồng")
        and "draft" not in out.getvalue()
    )
    out = StringIO()
    call_command("status", str(plan.pk), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["status"] == "draft" and data["status_label"] == "Draft"
    monkeypatch.delenv("KEHOACH_LANG")
    out = StringIO()
    call_command("status", str(plan.pk), stdout=out)
    assert "Trạng thái: Dự thảo" in out.getvalue()


def test_the_dossiers_progress_bar_is_labelled_in_the_command_lines_language(monkeypatch, capsys):
    from kehoach.outcomes.dossiers import default_progress

    monkeypatch.setenv("KEHOACH_LANG", "en")
    default_progress()(100)
    english(capsys.readouterr().err)
    monkeypatch.delenv("KEHOACH_LANG")
    default_progress()(100)
    assert capsys.readouterr().err.startswith("\rTổng hợp hồ sơ [")
