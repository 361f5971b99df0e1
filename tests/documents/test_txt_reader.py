"""The plain-text reader on the sample and on what real files contain."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach.core.checks import run_checks
from kehoach.documents.readers import ReadError, read_plan
from kehoach.documents.readers.txt import read_text_plan


def test_it_reads_the_header_of_the_sample(sample_path):
    doc = read_plan(sample_path)
    assert doc.header.number == "46a"
    assert doc.header.symbol == "KH-STTTT"
    assert doc.header.type_name == "KẾ HOẠCH"
    assert doc.header.place == "Tiền Giang"
    assert doc.header.date == date(2016, 7, 21)
    assert doc.header.title == "Tuyên truyền dịch vụ công trực tuyến năm 2016"


def test_it_reads_the_legal_bases_with_and_without_the_word_so(sample_path):
    doc = read_plan(sample_path)
    refs = [(c.type_name, c.reference, c.date) for c in doc.legal_bases]
    assert refs == [
        ("Kế hoạch", "37/KH-UBND", date(2016, 2, 25)),
        ("Nghị quyết", "36a/NQ-CP", date(2015, 10, 14)),
        ("Quyết định", "1237/QĐ-UBND", date(2015, 5, 5)),
        ("Công văn", "2895/UBND-VHXH", date(2016, 6, 29)),
    ]
    text = "Căn cứ Thông tư số 01/2011/TT-BNV ngày 19 tháng 01 năm 2011 của Bộ Nội vụ;"
    doc = read_text_plan(f"KẾ HOẠCH\nVề việc thử\n{text}\nI. MỤC TIÊU\n- Đạt 50%.\n".encode())
    [citation] = doc.legal_bases
    assert (citation.number, citation.year, citation.symbol) == ("01", 2011, "TT-BNV")
    assert citation.date == date(2011, 1, 19)
    assert citation.issuer == "Bộ Nội vụ"


def test_it_reads_the_activities_and_their_quantities(sample_path):
    doc = read_plan(sample_path)
    kinds = [(a.number, a.kind) for a in doc.activities]
    assert kinds[0] == ("1", "conference")
    assert doc.activities[0].quantity == 120
    items = [(i.kind, i.medium, i.quantity) for i in doc.activities[2].items]
    assert items == [
        ("talk_show", "tv", 1),
        ("report", "tv", 20),
        ("news", "tv", 30),
        ("report", "radio", 10),
        ("radio_story", "radio", 2),
    ]
    assert [(i.kind, i.quantity) for i in doc.activities[3].items] == [
        ("segment", 44),
        ("rebroadcast", 110),
    ]


def test_it_reads_the_funding_recipients_and_signer(sample_path):
    doc = read_plan(sample_path)
    assert doc.body_total.amount == Decimal(188500000)
    assert doc.body_total.words == "Một trăm tám mươi tám triệu năm trăm ngàn đồng"
    assert "không tự chủ" in doc.funding_source
    assert [r.text for r in doc.recipients] == [
        "UBND tỉnh",
        "Báo Ấp Bắc",
        "Đài PTTH Tiền Giang",
        "Đài TTTH các huyện: TPD, GCD, TX.GC",
        "Lưu: VT; KHTC, BCXB, CNTT",
    ]
    assert doc.recipients[0].purpose == "báo cáo"
    assert (doc.signer.prefix, doc.signer.title, doc.signer.name) == (
        "Q.",
        "GIÁM ĐỐC",
        "Trần Văn Dũng",
    )


def test_it_reads_the_estimate_tree_with_stated_values(sample_path):
    estimate = read_plan(sample_path).estimate
    keys = [s.key for s in estimate.walk_sections()]
    assert keys == ["A", "A.I", "A.II", "B", "C", "D"]
    stated = {s.key: s.stated_total for s in estimate.walk_sections()}
    assert stated == {
        "A": 68000000,
        "A.I": 55000000,
        "A.II": 13000000,
        "B": 60500000,
        "C": None,
        "D": 10000000,
    }
    assert estimate.stated_total == 188500000
    assert estimate.total == 188500000
    assert estimate.stated_words == "Một trăm tám mươi tám triệu năm trăm ngàn đồng"
    line = {ln.key: ln for _s, ln in estimate.walk_lines()}["A.I.3"]
    assert (line.duration, line.quantity, line.unit_price) == ("1,5 phút", 30, 400000)


def test_it_tolerates_markdown_residue_and_a_flattened_header():
    text = (
        "UBND TỈNH AN GIANG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 12/KH-STTTT\tAn Giang, ngày 3 tháng 3 năm 2021\n"
        "# KẾ HOẠCH\n**Tuyên truyền chuyển đổi số**\n"
        "I. MỤC TIÊU\n- Đạt 40% hồ sơ trực tuyến.\n"
        "Nơi nhận:\tKT. GIÁM ĐỐC\n- Như trên;\tPHÓ GIÁM ĐỐC\n- Lưu: VT.\n\nNguyễn Văn A\n"
    )
    doc = read_text_plan(text.encode())
    assert doc.header.governing_body == "UBND TỈNH AN GIANG"
    assert doc.header.agency == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert doc.header.national_motto
    assert doc.header.reference == "12/KH-STTTT"
    assert doc.header.date == date(2021, 3, 3)
    assert doc.header.title == "Tuyên truyền chuyển đổi số"
    assert doc.signer.prefix == "KT."
    assert doc.signer.title == "GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    assert doc.signer.name == "Nguyễn Văn A"
    assert [r.text for r in doc.recipients] == ["Như trên", "Lưu: VT"]
    assert doc.objectives[0].figures


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "rỗng"),
        (b"\x00\x01\x02\x03binary\x00junk" * 50, "không phải là văn bản"),
        (bytes(range(256)) * 40, "không phải là văn bản"),
        (b"   \n\n\t  \n", "không có nội dung"),
    ],
)
def test_it_refuses_unreadable_input_with_a_clear_message(tmp_path, data, fragment):
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read_plan(path)
    assert fragment in info.value.message_vi
    assert "\n" not in info.value.message_vi


def test_it_refuses_a_file_far_too_large_without_reading_it(tmp_path, monkeypatch):
    from kehoach.documents import readers

    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.seek(readers.MAX_BYTES + 1)
        handle.write(b"x")
    with pytest.raises(ReadError) as info:
        read_plan(path)
    assert "quá lớn" in info.value.message_vi


def test_a_damaged_table_is_read_as_far_as_possible_and_reported(sample_text, tmp_path):
    damaged = sample_text.replace("20\t1,500,000", "20\tmột triệu rưỡi").replace(
        "A\tSản xuất chương trình", "\tSản xuất chương trình"
    )
    header_line = next(line for line in damaged.splitlines() if "Nội Dung" in line)
    damaged = damaged.replace(header_line, header_line.replace("\tĐơn giá\t", "\t\t", 1))
    path = tmp_path / "damaged.txt"
    path.write_text(damaged, encoding="utf-8")
    doc = read_plan(path)
    codes = {f.code for f in run_checks(doc)}
    assert "TABLE_COLUMNS_MISSING" in codes
    assert "TABLE_ROW_NO_SECTION" in codes or "TABLE_CELL_NOT_NUMBER" in codes
    assert doc.estimate.total > 0


def test_text_in_a_number_cell_is_reported_at_its_line_and_column(sample_text, tmp_path):
    path = tmp_path / "p.txt"
    path.write_text(sample_text.replace("20\t1,500,000", "20\tmột triệu rưỡi"), encoding="utf-8")
    findings = [f for f in run_checks(read_plan(path)) if f.code == "TABLE_CELL_NOT_NUMBER"]
    assert [(f.where.line, f.where.column) for f in findings] == [("A.I.1", "unit_price")]


@given(st.binary(max_size=3000))
def test_reading_arbitrary_bytes_never_crashes(data):
    try:
        doc = read_text_plan(data, name="fuzz.txt")
    except ReadError:
        return
    run_checks(doc)


@given(st.text(max_size=2000))
def test_reading_arbitrary_text_never_crashes(text):
    try:
        doc = read_text_plan(text.encode("utf-8"), name="fuzz.txt")
    except ReadError:
        return
    run_checks(doc)


@given(
    st.lists(
        st.lists(st.text(alphabet="0123456789.,-ABCIVX abcđ\u0301", max_size=12), max_size=12),
        max_size=30,
    )
)
def test_reading_arbitrary_tables_never_crashes(rows):
    body = "KẾ HOẠCH\nThử\nPHỤ LỤC\n" + "\n".join("\t".join([*r, "", "", ""]) for r in rows)
    try:
        doc = read_text_plan(body.encode("utf-8"), name="fuzz.txt")
    except ReadError:
        return
    run_checks(doc)


@pytest.mark.slow
@given(st.binary(max_size=20000))
def test_reading_arbitrary_bytes_never_crashes_long(data):
    test_reading_arbitrary_bytes_never_crashes.hypothesis.inner_test(data)
