"""Acceptance and liquidation minutes from the real generated documents; payments never above
the accepted value without a logged override; every state change in the history."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from decimal import Decimal

import docx
import pytest
from openpyxl import load_workbook

from kehoach.audit.models import AuditEntry
from kehoach.execution import services
from kehoach.execution.models import AsRunRecord, Contract, Deliverable, Minutes
from kehoach.plans.services import DomainError

from .conftest import login, user


def _report_and_verify_all(contract: Contract) -> None:
    reporter, supervisor = login("dai-chogao"), login("bcxb")
    for i, d in enumerate(Deliverable.objects.filter(contract_line__contract=contract)):
        reporter.post(
            f"/thuc-hien/hop-dong/{contract.pk}/bao-cao/{d.pk}/",
            {"aired_at": f"2016-09-{i + 1:02d}T19:{i:02d}", "duration": "5 phút"},
        )
        record = AsRunRecord.objects.get(deliverable=d)
        supervisor.post(
            f"/thuc-hien/hop-dong/{contract.pk}/ban-ghi/{record.pk}/xac-nhan/",
            {"decision": "verified"},
        )


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return " ".join(" ".join(parts).split())


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "minutes.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return " ".join(result.stdout.split())


@pytest.fixture
def cho_gao(signed) -> Contract:
    return Contract.objects.get(plan=signed, contractor__code="TG-DAI-CHO-GAO")


def test_an_all_accepted_contract_gives_minutes_whose_figures_equal_the_accepted_value(
    cho_gao, tmp_path
):
    _report_and_verify_all(cho_gao)
    finance = login("khtc")
    url = f"/thuc-hien/hop-dong/{cho_gao.pk}"
    assert finance.post(f"{url}/nghiem-thu/", {"on": "2016-12-15"}).status_code == 302
    cho_gao.refresh_from_db()
    assert cho_gao.status == "accepted"
    liquidated = finance.post(f"{url}/nghiem-thu/", {"on": "2016-12-22", "liquidate": "1"})
    assert liquidated.status_code == 302
    cho_gao.refresh_from_db()
    assert cho_gao.status == "liquidated"
    acceptance, liquidation = Minutes.objects.filter(contract=cho_gao).order_by("id")
    assert acceptance.value == liquidation.value == Decimal(5500000) == cho_gao.value

    for minutes, title in ((acceptance, "BIÊN BẢN NGHIỆM THU"), (liquidation, "THANH LÝ")):
        docx_bytes = finance.get(f"{url}/bien-ban/{minutes.pk}/docx/").content
        pdf_bytes = finance.get(f"{url}/bien-ban/{minutes.pk}/pdf/").content
        for text in (_docx_text(docx_bytes), _pdf_text(pdf_bytes, tmp_path)):
            assert title in text
            assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
            assert "Đài Truyền thanh - Truyền hình huyện Chợ Gạo" in text
            assert "Giá trị nghiệm thu: 5.500.000 đồng" in text
            assert "Năm triệu năm trăm nghìn đồng" in text
            # The annex: every airing with its date and time.
            assert "BẢNG KÊ SẢN PHẨM ĐÃ PHÁT SÓNG" in text
            assert "01/09/2016 19:00" in text
            assert "14/09/2016 19:13" in text
    liquidation_text = _docx_text(bytes(liquidation.docx))
    assert "Bên A còn phải thanh toán cho bên B: 5.500.000 đồng" in liquidation_text

    csv_text = finance.get(f"{url}/bang-ke/csv/").content.decode("utf-8-sig")
    assert len(csv_text.strip().splitlines()) == 1 + 14
    assert "14/09/2016,19:13" in csv_text
    workbook = load_workbook(io.BytesIO(finance.get(f"{url}/bang-ke/xlsx/").content))
    assert workbook.active.max_row == 1 + 14


def test_a_payment_above_the_accepted_value_is_refused_without_a_logged_override(cho_gao):
    finance = login("khtc")
    url = f"/thuc-hien/hop-dong/{cho_gao.pk}/thanh-toan/"
    finance.post(url, {"kind": "advance", "amount": "1000000"})
    assert not cho_gao.payments.exists()
    with pytest.raises(DomainError):
        services.payment_record(
            user=user("khtc"), contract=cho_gao, kind="advance", amount=Decimal(1000000)
        )
    finance.post(
        url,
        {
            "kind": "advance",
            "amount": "1000000",
            "override": "on",
            "override_reason": "Tạm ứng 20% theo điều 5 hợp đồng",
        },
    )
    payment = cho_gao.payments.get()
    assert payment.override and not payment.is_paid
    entry = AuditEntry.objects.get(action="execution.payment.overridden")
    assert entry.comment == "Tạm ứng 20% theo điều 5 hợp đồng"
    assert entry.before["accepted_value"] == "0" and entry.after["paid_total"] == "1000000"
    finance.post(
        f"{url}{payment.pk}/xac-nhan/", {"voucher_number": "KB-123", "voucher_date": "2016-09-01"}
    )
    payment.refresh_from_db()
    assert payment.is_paid
    assert AuditEntry.objects.filter(action="execution.payment.paid").count() == 1
    # Only finance records payments.
    assert login("bcxb").post(url, {"kind": "final", "amount": "1"}).status_code == 403


def test_every_state_change_is_in_the_history_with_before_and_after(cho_gao):
    _report_and_verify_all(cho_gao)
    first = Deliverable.objects.filter(contract_line__contract=cho_gao).first()
    services.contract_accept(user=user("giamdoc"), contract=cho_gao, on=date(2016, 12, 15))
    services.payment_record(
        user=user("khtc"),
        contract=cho_gao,
        kind="final",
        amount=Decimal(5500000),
        voucher_number="KB-1",
        voucher_date=date(2016, 12, 20),
    )
    actions = set(
        AuditEntry.objects.filter(plan=cho_gao.plan, action__startswith="execution.").values_list(
            "action", flat=True
        )
    )
    assert {
        "execution.contract.proposed",
        "execution.airing.reported",
        "execution.airing.verified",
        "execution.contract.accepted",
        "execution.payment.recorded",
        "execution.payment.paid",
    } <= actions
    for entry in AuditEntry.objects.filter(action__startswith="execution.airing."):
        assert entry.before and entry.after and entry.before != entry.after
    reported = AuditEntry.objects.filter(
        action="execution.airing.reported", object_id=str(first.pk)
    ).get()
    assert reported.actor.username == "dai-chogao"
    accepted = AuditEntry.objects.get(action="execution.contract.accepted")
    assert accepted.before["status"] == "signed" and accepted.after["status"] == "accepted"
    assert accepted.after["accepted_value"] == "5500000"
    # The contract page shows that history to staff.
    html = login("ubnd").get(f"/thuc-hien/hop-dong/{cho_gao.pk}/").content.decode()
    assert "execution.contract.accepted" in html


def test_the_department_records_its_own_expenses_and_the_year_end_is_flagged(proposed):
    from kehoach.execution import selectors

    management = proposed.lines.get(activity="management")
    finance = login("khtc")
    url = f"/thuc-hien/ke-hoach/{proposed.pk}/khoan-chi/"
    finance.post(
        url,
        {
            "line": management.pk,
            "description": "Phụ cấp giám sát",
            "amount": "4000000",
            "voucher_number": "PC-01",
            "voucher_date": "2016-12-30",
        },
    )
    finance.post(
        url,
        {
            "line": management.pk,
            "description": "Phụ cấp làm thêm giờ",
            "amount": "3000000",
            "voucher_number": "PC-02",
            "voucher_date": "2017-01-05",
        },
    )
    assert management.expenses.count() == 2
    overview = selectors.overview(proposed)
    assert len(overview.after_year_expenses) == 1
    assert overview.paid_by_year_end == Decimal(4000000)
    assert overview.unspent_at_year_end == Decimal(188500000 - 4000000)
    line = next(ln for s in overview.sections for ln in s.lines if ln.line_id == management.pk)
    assert (line.figures.committed, line.figures.paid) == (Decimal(7000000), Decimal(7000000))
    # Beyond the line's estimate: refused by default.
    with pytest.raises(DomainError):
        services.expense_record(
            user=user("khtc"),
            line=management,
            description="x",
            amount=Decimal(5000000),
            voucher_number="PC-03",
            voucher_date=date(2016, 12, 1),
        )
