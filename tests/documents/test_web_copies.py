"""Issue 20: the sample plan as a website or a PDF gives it back — site lines first, header
flattened with " | ", sentences wrapped at a fixed width — reads as the original; legal bases in
list form; symbols as written; the figure NUMBER_FORMAT_MIXED shows is the table's own."""

from __future__ import annotations

import io
import shutil
import subprocess
import textwrap

import docx
import pytest
from docx.oxml.ns import qn

from kehoach.core import legacy
from kehoach.core.checks import run_checks
from kehoach.core.text import fold
from kehoach.documents.readers import extract, read_plan
from tests.documents.builders import add_page_header_footer_and_textbox, build_docx
from tests.documents.helpers import SAMPLE, SAMPLE_TEXT, check_json, finding_keys

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SITE = (
    "Hệ thống pháp luật\n"
    "Kế hoạch 46a/KH-STTTT năm 2016 tuyên truyền dịch vụ công trực tuyến Tiền Giang\n"
    "Số hiệu: 46a/KH-STTTT Loại văn bản: Kế hoạch\n"
    "Ngày ban hành: 21/07/2016 Tình trạng: Đã biết\n"
)


def _as_copied(text: str, width: int = 64) -> str:
    """The body's prose wrapped at ``width`` as a web page or a PDF breaks it; headings, items
    of the estimate table and the closing as they are."""
    lines = text.splitlines()
    out: list[str] = [SITE]
    closing = False
    for line in lines:
        folded = fold(line)
        if folded.startswith(("tren day la", "noi nhan", "phu luc")):
            closing = True
        if line.startswith("Số: "):
            out.append(
                f"SỞ THÔNG TIN VÀ TRUYỀN THÔNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n{line} |"
            )
            continue
        if line.startswith("Tiền Giang, ngày"):
            out[-1] = out[-1] + f" {line} |"
            continue
        if closing or "\t" in line or len(line) <= width:
            out.append(line)
            continue
        out.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
    return "\n".join(out) + "\n"


def test_the_sample_as_a_website_gives_it_reads_as_the_original(tmp_path):
    original = check_json(str(SAMPLE))
    copied = _as_copied(SAMPLE_TEXT)
    assert copied.count("\n") > SAMPLE_TEXT.count("\n") + 30  # many lines were wrapped
    path = tmp_path / "copied.txt"
    path.write_text(copied, encoding="utf-8")
    payload = check_json(str(path))
    assert payload["estimate"] == original["estimate"]
    document, expected = payload["document"], original["document"]
    for key in ("type", "number", "date", "place", "title", "legal_bases", "objectives"):
        assert document[key] == expected[key], key
    assert [a["title"] for a in document["activities"]] == [
        a["title"] for a in expected["activities"]
    ]
    assert document["agency"] == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    # The header now names its agency and the motto: only the rest may differ.
    skip = ("HEADER_INCOMPLETE",)
    assert finding_keys(payload, skip=skip) == finding_keys(original, skip=skip)


PLAN_WITH_A_LIST = """\
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
TỈNH TIỀN GIANG | Độc lập - Tự do - Hạnh phúc |
Số: 12/KH-UBND | Tiền Giang, ngày 10 tháng 3 năm 2021 |
KẾ HOẠCH
Tuyên truyền chuyển đổi số năm 2021
I. CĂN CỨ PHÁP LÝ
- Luật Báo chí ngày 05 tháng 4 năm 2016;
- Nghị định số 09/2017/NĐ-CP ngày 09/02/2017 của Chính phủ quy định chi tiết việc phát
ngôn và cung cấp thông tin cho báo chí;
- Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;
- Tờ trình số 372/TTr-STTTT ngày 01/3/2021 của Sở Thông tin và Truyền thông.
II. MỤC ĐÍCH, YÊU CẦU
- Nâng cao nhận thức của người dân về chuyển đổi số, bảo đảm 80% hộ gia đình được
tiếp cận thông tin.
- Tuyên truyền trên báo, đài của tỉnh.
"""


def test_legal_bases_listed_under_their_heading_without_the_word_can_cu(tmp_path):
    path = tmp_path / "list.txt"
    path.write_text(PLAN_WITH_A_LIST, encoding="utf-8")
    doc = read_plan(path)
    assert [(c.type_name, c.reference, c.date.isoformat()) for c in doc.legal_bases] == [
        ("Nghị định", "09/2017/NĐ-CP", "2017-02-09"),
        ("Quyết định", "749/QĐ-TTg", "2020-06-03"),
        ("Tờ trình", "372/TTr-STTTT", "2021-03-01"),
    ]
    assert [o.text for o in doc.objectives] == [
        "Nâng cao nhận thức của người dân về chuyển đổi số, bảo đảm 80% hộ gia đình được "
        "tiếp cận thông tin.",
        "Tuyên truyền trên báo, đài của tỉnh.",
    ]
    assert (doc.header.governing_body, doc.header.agency) == ("", "ỦY BAN NHÂN DÂN TỈNH TIỀN GIANG")
    codes = {f.code for f in run_checks(doc)}
    assert "REF_TYPE_CODE" not in codes  # "TTr" is the registry's code, as written


def test_a_type_code_in_the_wrong_case_is_named_as_such(tmp_path):
    path = tmp_path / "case.txt"
    path.write_text(PLAN_WITH_A_LIST.replace("372/TTr-STTTT", "372/TTR-STTTT"), encoding="utf-8")
    doc = read_plan(path)
    assert doc.legal_bases[-1].symbol == "TTR-STTTT"  # kept as written
    messages = [f.message_vi for f in run_checks(doc) if f.code == "REF_TYPE_CODE"]
    assert len(messages) == 1
    assert "'TTR'" in messages[0] and "'TTr'" in messages[0]
    assert "là mã của Tờ trình" not in messages[0]  # no contradiction with itself


def test_number_format_mixed_shows_the_cell_and_a_figure_of_the_table():
    payload = check_json(str(SAMPLE))
    messages = [f["message"] for f in payload["findings"] if f["code"] == "NUMBER_FORMAT_MIXED"]
    assert len(messages) == 3
    twelve = next(m for m in messages if "'12000000'" in m)
    assert "400000" not in twelve  # the old message showed another cell's figure
    assert "như '" in twelve and "," in twelve.split("như '")[1]


def _font(run, name: str) -> None:
    run.font.name = name


def test_legacy_fonts_in_page_headers_footers_and_text_boxes_are_converted(tmp_path):
    header = legacy.encode("dự thảo lần 2", legacy.TCVN3)
    footer = legacy.encode("Trang 1 - lưu hành nội bộ", legacy.VNI)
    box = legacy.encode("Ghi chú trong khung chữ", legacy.VNI)
    data = add_page_header_footer_and_textbox(
        build_docx(SAMPLE_TEXT), header=header, footer=footer, box=box
    )
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    _font(section.header.paragraphs[0].runs[0], ".VnTimeH")
    _font(section.footer.paragraphs[0].runs[0], "VNI-Times")
    for run in document.element.body.iter(qn("w:r")):
        if run.getparent().getparent().tag == qn("w:txbxContent"):
            fonts = run.makeelement(qn("w:rFonts"), {qn("w:hAnsi"): "VNI-Times"})
            properties = run.makeelement(qn("w:rPr"), {})
            properties.append(fonts)
            run.insert(0, properties)
    path = tmp_path / "legacy-parts.docx"
    document.save(path)
    extracted = extract(path.read_bytes(), name=path.name)
    texts = [line.text for line in extracted.lines] + [p.text for p in extracted.extra_paragraphs]
    assert "DỰ THẢO LẦN 2" in texts  # .VnTimeH draws capitals
    assert "Trang 1 - lưu hành nội bộ" in texts
    assert "Ghi chú trong khung chữ" in texts
    doc = read_plan(path)
    legacy_finding = next(f for f in doc.reading_findings if f.code == "LEGACY_ENCODING")
    assert set(legacy_finding.data["encodings"]) == {"tcvn3", "vni"}


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="needs LibreOffice"
)
def test_the_sample_as_text_extracted_from_a_pdf_gives_its_opening_and_sections(tmp_path):
    """The Word sample printed to PDF by LibreOffice and extracted by pdftotext: columns of the
    header broken, Word's numbering on a line of its own ("I." / "MỤC TIÊU …"), sentences
    wrapped at the page's width. (The estimate table does not survive as a table.)"""
    source = tmp_path / "ke-hoach.docx"
    source.write_bytes(
        build_docx(
            SAMPLE_TEXT.replace(
                "Số: 46a/KH-STTTT",
                "UBND TỈNH TIỀN GIANG\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\nSố: 46a/KH-STTTT\n"
                f"{MOTTO}\nĐộc lập - Tự do - Hạnh phúc",
                1,
            )
        )
    )
    subprocess.run(
        [
            "soffice", "--headless", "--norestore",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to", "pdf", "--outdir", str(tmp_path), str(source),
        ],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = tmp_path / "ke-hoach.txt"
    subprocess.run(["pdftotext", str(tmp_path / "ke-hoach.pdf"), str(text)], check=True)
    assert "\nI.\n" in text.read_text(encoding="utf-8")  # the label apart from its title
    doc = read_plan(text)
    original = read_plan(SAMPLE)
    header = doc.header
    assert (header.governing_body, header.agency) == (
        "UBND TỈNH TIỀN GIANG",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    )
    assert (header.type_name, header.reference, header.place, header.date, header.title) == (
        original.header.type_name,
        original.header.reference,
        original.header.place,
        original.header.date,
        original.header.title,
    )
    assert header.national_motto
    # pdftotext joins "UBND-" / "VHXH" across a line break: the last symbol loses its hyphen.
    assert [c.reference for c in doc.legal_bases][:3] == [
        c.reference for c in original.legal_bases
    ][:3]
    assert [o.text for o in doc.objectives] == [o.text for o in original.objectives]
    assert [(a.title, len(a.items)) for a in doc.activities] == [
        (a.title, len(a.items)) for a in original.activities
    ]
    # The closing (recipients beside the signature) is left as laid out: its lines are not
    # rejoined, so a recipient wrapped by the PDF stays cut; their number is kept.
    assert len(doc.recipients) == len(original.recipients)
