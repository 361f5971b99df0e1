"""Issue 20: a file that is not a plan at all is refused with exit status 2 and a message
saying what was looked for; a real plan that is merely incomplete is still checked."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest

from tests.documents.helpers import SAMPLE_TEXT, check_json, kehoach
from tests.documents.test_encodings_found import windows_1258


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Họ tên", "Lớp"
    table.cell(1, 0).text, table.cell(1, 1).text = "Nguyễn Văn An", "12A"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (["Tháng", "Doanh thu"], ["1", 120], ["2", 135]):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


NOT_PLANS = {
    "hello.txt": b"hello world\n",
    "ghi-chu-1258.txt": windows_1258(
        "Chiều nay họp tổ lúc 3 giờ, nhớ mang theo sổ tay và báo cáo tuần.\nCảm ơn mọi người.\n"
    ),
    "thu-moi.txt": "Thân mời các bạn dự tiệc sinh nhật tôi tối thứ Bảy.\n".encode(),
    "danh-sach.docx": _docx("Danh sách lớp", "Buổi học ngày mai bắt đầu lúc 7 giờ."),
    "doanh-thu.xlsx": _xlsx(),
    "so-lieu.tsv": b"a\tb\tc\td\n1\t2\t3\t4\n5\t6\t7\t8\n",
    "readme.md": b"# Project\n\nSome *notes* about the code.\n",
}


@pytest.mark.parametrize("name", sorted(NOT_PLANS))
def test_a_file_that_is_not_a_plan_exits_2_saying_so(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(NOT_PLANS[name])
    result = kehoach("check", str(path))
    assert result.returncode == 2, result.stdout
    assert "bảng dự toán" in result.stderr  # says what was looked for
    assert result.stdout == "" and "Traceback" not in result.stderr
    if name.endswith(".xlsx"):
        return  # a workbook is read as an estimate: "no estimate header row was found"
    assert "không phải văn bản kế hoạch" in result.stderr
    english = kehoach("check", str(path), "--lang", "en")
    assert english.returncode == 2 and "is not a plan" in english.stderr


INCOMPLETE = {
    # no header at all: the body's sections and the estimate remain
    "no-header": lambda t: t[t.index("Thực hiện Kế hoạch") :],
    # the header and legal bases only, nothing else yet
    "opening-only": lambda t: t[: t.index("I. MỤC")],
    # the estimate table alone
    "appendix-only": lambda t: t[t.index("PHỤ LỤC") :] if "PHỤ LỤC" in t else t,
}


@pytest.mark.parametrize("case", sorted(INCOMPLETE))
def test_a_real_plan_that_is_merely_incomplete_is_still_checked(tmp_path, case):
    path = tmp_path / f"{case}.txt"
    path.write_text(INCOMPLETE[case](SAMPLE_TEXT), encoding="utf-8")
    payload = check_json(str(path))  # exit status 0 or 1, with a report
    assert payload["findings"] is not None
