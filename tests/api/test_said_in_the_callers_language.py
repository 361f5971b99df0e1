"""Issue 23, one language per answer: what the API says to a person — a plan's findings, an
import's problems and findings — is in the caller's language (the language switch's cookie), as
its errors are; ``message_en`` stays English for clients written before, and the codes never
change. Before, a finding's ``message`` was Vietnamese whatever the caller asked."""

from __future__ import annotations

import base64

import pytest
from django.conf import settings

from tests.test_said_in_one_language import english, vietnamese

from .conftest import ApiClient, World

# A statistics report with a row that cannot be read (a figure in words) and a column the
# import does not use ("Ghi chú"): the job keeps a problem and a finding.
HEADERS = (
    "Tháng",
    "Cơ quan",
    "Tiếp nhận trực tuyến",
    "Tiếp nhận trực tiếp",
    "Tỷ lệ hồ sơ trực tuyến (%)",
    "Ghi chú",
)
STATISTICS = (",".join(HEADERS) + "\n01/2018,STP,10,30,25,\n01/2018,SXD,mười,30,25,\n").encode()


def _in(language: str | None, world: World) -> ApiClient:
    api = ApiClient(world.tokens["bcxb"])
    if language:
        api.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return api


@pytest.mark.django_db
def test_a_plans_findings_are_said_in_the_callers_language_and_keep_message_en(world: World):
    url = f"/api/v1/plans/{world.plan.pk}"
    default = _in(None, world).get(url).json()["findings"]
    asked = _in("en", world).get(url).json()["findings"]
    assert default and [f["code"] for f in default] == [f["code"] for f in asked]
    for vi, en in zip(default, asked, strict=True):
        vietnamese(vi["message"])
        assert en["message"] == en["message_en"] == vi["message_en"] != vi["message"]
        assert vi["where"]["label"] and en["where"]["label"]
        english(en["where"]["label"], en["where"].get("heading", ""))
        assert {**en, "message": vi["message"], "where": vi["where"]} == vi


@pytest.mark.django_db
def test_an_imports_problems_and_findings_are_said_in_the_callers_language(world: World):
    body = {
        "organisation": "TG-STTTT",
        "filename": "bao-cao.csv",
        "content_base64": base64.b64encode(STATISTICS).decode(),
        "on_error": "keep",
    }
    answer = _in("en", world).post("/api/v1/statistics/import", body)
    assert answer.status_code == 201, answer.content
    job = answer.json()
    assert job["errors"] and job["findings"]
    for said in job["errors"] + job["findings"]:
        assert said["message"] == said["message_en"]
        english(said["message"], *HEADERS)
    for finding in job["findings"]:
        assert finding["where"]["label"] == finding["where"]["label_en"]
    again = _in(None, world).post("/api/v1/statistics/import", body).json()
    for said in again["errors"] + again["findings"]:
        vietnamese(said["message"])
        english(said["message_en"], *HEADERS)
