"""Through the API too, an airing is refused outside the contract's dates (issue 17), with a
message naming the date and the contract's period; nothing is recorded."""

from __future__ import annotations

import pytest

from kehoach.execution.models import AsRunRecord

from .conftest import ApiClient, World, airing_body


@pytest.mark.django_db
def test_an_airing_before_the_contracts_signing_is_refused_naming_the_period(world: World):
    station = ApiClient(world.tokens["dai-chogao"])
    response = station.post(
        f"/api/v1/deliverables/{world.deliverable.pk}/airings",
        airing_body(aired_at="2018-12-30T19:00:00+07:00"),
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "REFUSED"
    assert "Ngày phát sóng 30/12/2018 nằm ngoài thời hạn hợp đồng" in body["message"]
    assert "từ 02/01/2019 đến 31/12/2019" in body["message"]
    assert "30/12/2018" in body["message_en"]
    assert not AsRunRecord.objects.filter(deliverable=world.deliverable).exists()
