"""End to end: Đài Chợ Gạo posts 110 airings of its rebroadcasts through the API, the
supervisors verify and accept them (services), and the acceptance minutes list all 110."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from docx import Document

from kehoach.execution import services
from kehoach.execution.models import AsRunRecord, ContractLine, Deliverable, DeliverableStatus

from .conftest import ApiClient, World, airing_body, user


@pytest.mark.django_db
def test_a_district_station_posts_110_airings_and_the_minutes_list_them(world: World):
    contract = world.contract
    rebroadcasts = ContractLine.objects.get(contract=contract, line__activity="rebroadcast")
    # The lead division orders 110 rebroadcasts from the station for the same amount.
    services.contract_line_update(
        user=user("bcxb"), contract_line=rebroadcasts, quantity=110, amount=rebroadcasts.amount
    )
    deliverables = list(Deliverable.objects.filter(contract_line=rebroadcasts).order_by("sequence"))
    assert len(deliverables) == 110

    station = ApiClient(world.tokens["dai-chogao"])
    listed = station.get(f"/api/v1/contracts/{contract.pk}/deliverables?limit=1000").json()
    assert listed["count"] == len(listed["items"]) > 110
    listed = listed["items"]
    planned = [d["id"] for d in listed if d["status"] == "planned"]
    assert {d.pk for d in deliverables} <= set(planned)

    first = datetime.fromisoformat("2019-07-01T19:00:00+07:00")
    for i, deliverable in enumerate(deliverables):
        response = station.post(
            f"/api/v1/deliverables/{deliverable.pk}/airings",
            airing_body(
                aired_at=(first + timedelta(days=i)).isoformat(),
                title=f"Phát lại số {i + 1}",
                evidence_url=f"https://dai-chogao.example.vn/phat-song/{i + 1}",
            ),
        )
        assert response.status_code == 201, response.content
        assert response.json()["deliverable_id"] == deliverable.pk
    assert AsRunRecord.objects.filter(deliverable__contract_line=rebroadcasts).count() == 110

    # Posting the same deliverable twice is refused with the web's message.
    again = station.post(f"/api/v1/deliverables/{deliverables[0].pk}/airings", airing_body())
    assert again.status_code == 422
    assert again.json()["code"] == "REFUSED"
    assert "đã có báo cáo" in again.json()["message"]

    supervisor = user("bcxb")
    for record in AsRunRecord.objects.filter(deliverable__contract_line=rebroadcasts):
        services.airing_verify(user=supervisor, record=record, decision="verified")
    minutes = services.contract_accept(
        user=user("giamdoc"), contract=contract, on=date(2019, 12, 20)
    )

    accepted = Deliverable.objects.filter(
        contract_line=rebroadcasts, status=DeliverableStatus.ACCEPTED
    )
    assert accepted.count() == 110
    text = "\n".join(
        cell.text
        for table in Document(io.BytesIO(bytes(minutes.docx))).tables
        for row in table.rows
        for cell in row.cells
    )
    # Numbered against the contract's own count (issue 19), not every station's ("4/210").
    for k in range(1, len(deliverables) + 1):
        assert f"Phát lại {k}/{len(deliverables)}" in text
    assert "/210" not in text
    for i in range(110):
        assert f"Phát lại số {i + 1}" in text
    assert len(minutes.snapshot["airings"]) == 110

    # The API shows the station its accepted deliverables.
    after = station.get(f"/api/v1/contracts/{contract.pk}/deliverables?limit=1000").json()["items"]
    assert sum(1 for d in after if d["status"] == "accepted") == 110
