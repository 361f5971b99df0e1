"""The checks on the sample plan: what its authors got right, what they missed, and every
single-figure change reported at the right place with the right code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kehoach.core.checks import run_checks
from kehoach.core.findings import Finding
from kehoach.core.words import WordsStyle, amount_to_words
from kehoach.documents.readers.txt import read_text_plan

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ke-hoach-46a-KH-STTTT-2016.txt"
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def check_text(text: str) -> list[Finding]:
    return run_checks(read_text_plan(text.encode("utf-8"), name="plan.txt"))


def place(f: Finding) -> str:
    w = f.where
    return w.line or w.section or (f"{w.part}:{w.column}" if w.column else w.part)


BASELINE = check_text(SAMPLE_TEXT)


def codes_at(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.code, place(f)) for f in findings}


def graded(findings: list[Finding]) -> set[tuple[str, str, str]]:
    return {(f.code, place(f), f.level.value) for f in findings}


def test_the_sample_recomputes_to_188_500_000_with_its_words():
    doc = read_text_plan(SAMPLE_TEXT.encode())
    assert doc.estimate.total == 188500000
    assert amount_to_words(doc.estimate.total) == "Một trăm tám mươi tám triệu năm trăm nghìn đồng"
    assert (
        amount_to_words(doc.estimate.total, WordsStyle(thousand="ngàn"))
        == "Một trăm tám mươi tám triệu năm trăm ngàn đồng"
    )


def test_every_line_and_subtotal_of_the_sample_equals_the_documents_figure():
    doc = read_text_plan(SAMPLE_TEXT.encode())
    for _section, line in doc.estimate.walk_lines():
        assert line.stated_total == line.total, line.key
    for section in doc.estimate.walk_sections():
        if section.stated_total is not None:
            assert section.stated_total == section.total, section.key


def test_the_sample_has_no_arithmetic_or_words_error():
    arithmetic = {
        "ARITH_LINE",
        "ARITH_SUBTOTAL",
        "ARITH_TOTAL",
        "WORDS_MISMATCH",
        "BODY_TOTAL_MISMATCH",
        "BODY_ARITH",
    }
    assert not [f for f in BASELINE if f.code in arithmetic]


@pytest.mark.parametrize(
    ("code", "where"),
    [
        ("REF_INCONSISTENT", "appendix"),  # 46/QH-STTTT in the appendix, 46a/KH-STTTT above
        ("REF_TYPE_CODE", "appendix"),  # QH is not the code of a Kế hoạch
        ("REF_NUMBER_FORMAT", "header"),  # "46a": a letter after the registered number
        ("HEADER_INCOMPLETE", "header"),  # no agency block, no national motto
        ("UNFUNDED_ACTIVITY", "body"),  # the 120-delegate conference has no estimate line
        ("RECIPIENT_MISSING", "recipients"),  # 8 of the 11 district stations are not recipients
        ("LUMP_SUM_NO_BASIS", "D.1"),  # management: 10.000.000 with no basis
        ("AMBIGUOUS_PRICE", "B.1"),  # price in both the production and airing columns
        ("AMBIGUOUS_PRICE", "B.2"),
        ("NUMBER_FORMAT_MIXED", "A.I.3"),  # 400000 and 12000000 among 1,500,000
        ("NUMBER_FORMAT_MIXED", "A.II.2"),  # 3.000.000
        ("NAME_VARIANT", "C"),  # "Đăng báo Áp Bắc" for Báo Ấp Bắc
        ("OBJECTIVE_NO_TARGET", "body"),  # "một số dịch vụ công": nothing measurable
    ],
)
def test_each_problem_of_the_sample_is_reported_at_its_place(code, where):
    assert (code, where) in codes_at(BASELINE)


def test_the_missing_recipients_are_the_eight_other_district_stations():
    missing = sorted(f.data["unit"] for f in BASELINE if f.code == "RECIPIENT_MISSING")
    assert len(missing) == 8
    assert all(name.startswith("Đài Truyền thanh - Truyền hình") for name in missing)
    assert not any(
        "Tân Phú Đông" in m or "Gò Công Đông" in m or "thị xã Gò Công" in m for m in missing
    )


def test_the_unfunded_activity_is_the_conference_only():
    unfunded = [f for f in BASELINE if f.code == "UNFUNDED_ACTIVITY"]
    assert [f.data["kind"] for f in unfunded] == ["conference"]
    assert unfunded[0].where.heading == "III.1"


def test_nothing_is_reported_twice():
    keys = [(f.code, f.where, f.message_vi) for f in BASELINE]
    assert len(keys) == len(set(keys))


# -- single-figure changes ------------------------------------------------------------------

COLUMNS = [
    "number",
    "content",
    "duration",
    "quantity",
    "unit_price",
    "amount",
    "airings",
    "airing_unit_price",
    "airing_amount",
    "total",
    "note",
]


def _appendix_figures() -> list[tuple[int, int, str, str]]:
    """(file line index, cell index, column, key of the row) for every figure of the table."""
    out = []
    top = sub = ""
    lines = SAMPLE_TEXT.split("\n")
    for i, raw in enumerate(lines):
        if raw.count("\t") < 3:
            continue
        cells = raw.split("\t")
        number, content = cells[0].strip(), cells[1].strip()
        if number in ("A", "B", "C", "D"):
            top, sub = number, ""
            key = top
        elif number in ("I", "II"):
            sub = number
            key = f"{top}.{sub}"
        elif content.startswith("Tổng cộng"):
            key = "grand" if "A+B" in content else top
        elif number.isdigit():
            key = f"{top}.{sub}.{number}" if sub else f"{top}.{number}"
        elif content and not content.startswith("Nội"):
            key = f"{top}.1"
        else:
            continue
        if content.startswith("Tổng cộng (I+II)"):
            key = top
        for c, cell in enumerate(cells[2:], start=2):
            if re.fullmatch(r"[\d.,]+", cell.strip()) and COLUMNS[c] != "duration":
                out.append((i, c, COLUMNS[c], key))
    return out


FIGURES = _appendix_figures()


def _change(cell: str) -> str:
    first = next(i for i, ch in enumerate(cell) if ch.isdigit() and ch != "0")
    digit = str(int(cell[first]) % 9 + 1)
    return cell[:first] + digit + cell[first + 1 :]


def _expected(column: str, key: str) -> tuple[str, str]:
    if key == "grand":
        return ("ARITH_TOTAL", "appendix:total")
    if key in ("A", "B", "D", "A.I", "A.II"):
        return ("ARITH_SUBTOTAL", key)  # a section's stated total
    if key == "D.1":
        return ("ARITH_SUBTOTAL", "D")  # a lump sum: the section total no longer agrees
    if key in ("B.1", "B.2") and column in ("unit_price", "airing_unit_price"):
        return ("AMBIGUOUS_PRICE", key)  # the two prices now disagree: an error
    return ("ARITH_LINE", key)


def test_the_mutation_table_covers_every_figure_of_the_appendix():
    assert len(FIGURES) >= 30
    assert {key for *_rest, key in FIGURES} >= {
        "A.I",
        "A.II",
        "A",
        "B",
        "D",
        "grand",
        "A.I.1",
        "A.I.2",
        "A.I.3",
        "A.II.1",
        "A.II.2",
        "B.1",
        "B.2",
        "C.1",
        "D.1",
    }


@pytest.mark.parametrize(
    ("line_index", "cell_index", "column", "key"),
    FIGURES,
    ids=[f"{k}:{c}" for _i, _ci, c, k in FIGURES],
)
def test_a_changed_figure_is_reported_at_its_line_with_the_right_code(
    line_index, cell_index, column, key
):
    lines = SAMPLE_TEXT.split("\n")
    cells = lines[line_index].split("\t")
    cells[cell_index] = _change(cells[cell_index])
    lines[line_index] = "\t".join(cells)
    findings = check_text("\n".join(lines))
    new = graded(findings) - graded(BASELINE)
    expected = _expected(column, key)
    assert expected in {(code, where) for code, where, _level in new}
    new_errors = {(code, where) for code, where, level in new if level == "error"}
    allowed = {expected} | {c for c in new_errors if c[0] == "QUANTITY_MISMATCH"}
    assert new_errors <= allowed


def test_a_changed_appendix_total_in_words_is_reported():
    changed = SAMPLE_TEXT.replace(
        "(Bằng chữ: Một trăm tám mươi tám", "(Bằng chữ: Một trăm tám mươi chín"
    )
    assert ("WORDS_MISMATCH", "appendix:in_words") in codes_at(check_text(changed))


def test_a_changed_body_total_in_words_is_reported():
    changed = SAMPLE_TEXT.replace("(*Một trăm tám mươi tám triệu", "(*Một trăm tám mươi bảy triệu")
    assert ("WORDS_MISMATCH", "funding:in_words") in codes_at(check_text(changed))


def test_a_changed_body_total_is_reported_against_the_appendix():
    changed = SAMPLE_TEXT.replace("**188.500.000 đồng**", "**198.500.000 đồng**")
    new = codes_at(check_text(changed)) - codes_at(BASELINE)
    assert new == {("BODY_TOTAL_MISMATCH", "funding")}


def test_unreadable_words_are_reported_not_crashed_on():
    changed = SAMPLE_TEXT.replace(
        "(Bằng chữ: Một trăm tám mươi tám triệu", "(Bằng chữ: Một trăm tám mươi tám xyz triệu"
    )
    assert ("WORDS_MISMATCH", "appendix:in_words") in codes_at(check_text(changed))


def test_a_body_multiplication_that_does_not_hold_is_reported():
    changed = SAMPLE_TEXT.replace("4 chuyên mục x 11 đài = 44", "4 chuyên mục x 11 đài = 45")
    new = codes_at(check_text(changed)) - codes_at(BASELINE)
    assert ("BODY_ARITH", "body") in new
    assert ("QUANTITY_MISMATCH", "body") in new  # the body now says 45, the estimate 44


def test_a_body_quantity_different_from_the_estimate_is_reported():
    changed = SAMPLE_TEXT.replace(
        "- 20 phóng sự ngắn truyền hình", "- 25 phóng sự ngắn truyền hình"
    )
    mismatches = [f for f in check_text(changed) if f.code == "QUANTITY_MISMATCH"]
    assert [f.data["lines"] for f in mismatches] == ["A.I.1"]


def test_a_citation_dated_after_the_plan_is_reported():
    changed = SAMPLE_TEXT.replace("2895/UBND-VHXH ngày 29/6/2016", "2895/UBND-VHXH ngày 29/8/2016")
    assert "DATE_ORDER" in {f.code for f in check_text(changed)}


def test_a_citation_whose_number_year_disagrees_with_its_date_is_reported():
    changed = SAMPLE_TEXT.replace(
        "Nghị quyết 36a/NQ-CP ngày 14/10/2015", "Nghị quyết 36a/2014/NQ-CP ngày 14/10/2015"
    )
    assert "CITATION_YEAR" in {f.code for f in check_text(changed)}


def test_a_citation_with_the_wrong_type_code_is_reported():
    changed = SAMPLE_TEXT.replace("Quyết định 1237/QĐ-UBND", "Quyết định 1237/KH-UBND")
    found = [
        f
        for f in check_text(changed)
        if f.code == "REF_TYPE_CODE" and f.where.part == "legal_bases"
    ]
    assert found and found[0].data == {"expected": "QĐ", "found": "KH"}


def test_a_corrected_sample_has_none_of_the_reference_findings():
    fixed = SAMPLE_TEXT.replace("46/QH-STTTT", "46a/KH-STTTT")
    codes = {f.code for f in check_text(fixed)}
    assert "REF_INCONSISTENT" not in codes
    assert "REF_TYPE_CODE" not in codes


def test_recipients_that_cover_every_station_silence_the_recipient_check():
    fixed = SAMPLE_TEXT.replace(
        "Đài TTTH các huyện: TPD, GCD, TX.GC", "Đài TTTH các huyện, thị, thành"
    )
    assert "RECIPIENT_MISSING" not in {f.code for f in check_text(fixed)}


def test_a_lump_sum_with_a_basis_in_its_note_is_accepted():
    fixed = SAMPLE_TEXT.replace(
        "giám sát thực hiện\t\t\t\t\t\t\t\t10,000,000\t",
        "giám sát thực hiện\t\t\t\t\t\t\t\t10,000,000\t200 giờ x 50.000 đ",
    )
    assert ("LUMP_SUM_NO_BASIS", "D.1") not in codes_at(check_text(fixed))


def test_the_2016_plan_is_judged_by_circular_01_2011_and_a_2021_plan_by_decree_30_2020():
    old = [f for f in BASELINE if f.code == "REF_NUMBER_FORMAT"]
    assert "01/2011/TT-BNV" in old[0].message_vi
    newer = SAMPLE_TEXT.replace("ngày 21 tháng 7 năm 2016", "ngày 21 tháng 7 năm 2021")
    found = [f for f in check_text(newer) if f.code == "REF_NUMBER_FORMAT"]
    assert "30/2020/NĐ-CP" in found[0].message_vi


def test_every_finding_has_a_vietnamese_and_an_english_message():
    for finding in BASELINE:
        assert finding.message_vi and finding.message_en
        assert finding.message_vi != finding.message_en
