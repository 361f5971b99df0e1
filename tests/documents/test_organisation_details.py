"""What documents take from organisations (issue 19): the administrator edits them (with an
audit entry); the minutes name both parties' representatives; numbering per contract; an
airing before the contract is kept out of the annex with a finding; file names in full."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kehoach.accounts.models import Organisation
from kehoach.audit.models import AuditEntry
from kehoach.execution.documents import line_rows, stem
from kehoach.execution.models import AsRunRecord, Contract, Decision, Deliverable
from kehoach.execution.selectors import minutes_data
from kehoach.plans.models import Plan
from tests.web.conftest import demo, login, plan  # noqa: F401  (fixtures)


@pytest.fixture
def executed(executed_module, plan: Plan) -> Plan:  # noqa: F811
    """The demo executed (contracts, airings, minutes), loaded once for the module."""
    plan.refresh_from_db()
    return plan


def test_the_administrator_edits_what_documents_take_from_the_organisation(demo):  # noqa: F811
    dept = Organisation.objects.get(code="TG-STTTT")
    admin = login("quantri")
    assert admin.get("/to-chuc/").status_code == 200
    data = {
        "name": dept.name,
        "short_name": dept.short_name,
        "governing_body": "Ủy ban nhân dân tỉnh Tiền Giang",
        "address": "Số 1 đường Thử, Mỹ Tho",
        "representative": "Nguyễn Văn Thử",
        "representative_title": "Giám đốc",
        "treasury_account": "9527.1.000001 tại Kho bạc Nhà nước Tiền Giang",
        "tax_code": "1200000001",
        "thousand_word": "ngàn",
    }
    assert admin.post(f"/to-chuc/{dept.pk}/", data).status_code == 302
    dept.refresh_from_db()
    assert (dept.representative, dept.thousand_word) == ("Nguyễn Văn Thử", "ngàn")
    entry = AuditEntry.objects.filter(
        action="accounts.organisation.changed", object_id=str(dept.pk)
    ).get()
    assert entry.after["representative"] == "Nguyễn Văn Thử"
    assert login("vanthu").get(f"/to-chuc/{dept.pk}/").status_code in (403, 404)


def test_the_minutes_name_both_representatives_and_number_airings_per_contract(executed):
    contract = Contract.objects.get(plan=executed, contractor__code="TG-DAI-CHO-GAO")
    deliverables = list(Deliverable.objects.filter(contract_line__contract=contract))
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    # The demo's contracts are signed on 22/07/2016 (issue 17): one airing three days before.
    assert contract.date is not None
    early = contract.date - timedelta(days=3)
    for i, d in enumerate(deliverables):
        d.status = "accepted"
        d.save(update_fields=["status"])
        AsRunRecord.objects.filter(deliverable=d).delete()
        day = early if i == 0 else date(2016, 9, 1 + i % 28)
        AsRunRecord.objects.create(
            deliverable=d,
            outlet="Đài TT-TH Chợ Gạo",
            aired_at=datetime(day.year, day.month, day.day, 19, 0, tzinfo=tz),
            decision=Decision.VERIFIED,
        )
    Organisation.objects.filter(code="TG-STTTT").update(thousand_word="ngàn")
    data = minutes_data(contract, kind="acceptance", on=date(2016, 12, 15))
    assert "ngàn" in data.accepted_words and "nghìn" not in data.accepted_words
    assert data.buyer is not None and data.seller is not None
    assert data.buyer.representative == "Trần Văn Dũng"
    assert data.seller.representative and data.seller.name == contract.contractor.name
    # The airing before the contract is out of the annex, with a finding.
    assert len(data.airings) == len(deliverables) - 1
    assert len(data.findings) == 1 and early.strftime("%d/%m/%Y") in data.findings[0]
    # Numbered against the contract's own count ("3/10"), never against every station's.
    per_line = {cl.pk: cl.deliverables.count() for cl in contract.lines.all()}
    for airing in data.airings:
        k, n = airing.label.rsplit(" ", 1)[1].split("/")
        assert int(n) in per_line.values() and 1 <= int(k) <= int(n)
    # Each line says its unit and its medium.
    for row in line_rows(data)[:-1]:
        assert row[2] and "—" in row[1]
    assert "cho-gao" in stem(data) and "huyen" in stem(data)


def test_file_names_keep_cai_be_and_cai_lay_apart(executed):
    names = set()
    for code in ("TG-DAI-CAI-BE", "TG-DAI-CAI-LAY"):
        contract = Contract.objects.filter(plan=executed, contractor__code=code).first()
        if contract is None:
            pytest.skip("the demo has no contract with " + code)
        names.add(stem(minutes_data(contract, kind="acceptance", on=date(2016, 12, 15))))
    assert len(names) == 2
    assert any("cai-be" in n for n in names) and any("cai-lay" in n for n in names)
