"""`kehoach check` as a user runs it: a separate process, its output and its exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "ke-hoach-46a-KH-STTTT-2016.txt"


def kehoach(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kehoach.settings.test"}
    return subprocess.run(
        [sys.executable, "-m", "kehoach", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
        check=False,
    )


@pytest.fixture(scope="module")
def sample_json() -> dict:
    result = kehoach("check", str(SAMPLE), "--format", "json")
    assert result.returncode == 1, result.stderr  # the sample has error findings
    return json.loads(result.stdout)


def test_the_json_document_has_the_header_fields(sample_json):
    document = sample_json["document"]
    assert document["date"] == "2016-07-21"
    assert document["number"] == "46a/KH-STTTT"
    assert document["symbol"] == "KH-STTTT"
    assert [b["number"] for b in document["legal_bases"]] == [
        "37/KH-UBND",
        "36a/NQ-CP",
        "1237/QĐ-UBND",
        "2895/UBND-VHXH",
    ]
    assert document["legal_bases"][0]["date"] == "2016-02-25"
    assert len(document["activities"]) == 5
    assert document["signer"]["name"] == "Trần Văn Dũng"
    assert document["recipients"][0]["text"] == "UBND tỉnh"


def test_the_json_estimate_is_nested_with_integer_totals(sample_json):
    estimate = sample_json["estimate"]
    assert estimate["total"] == 188500000
    assert estimate["in_words"] == "Một trăm tám mươi tám triệu năm trăm nghìn đồng"
    a = estimate["sections"][0]
    assert (a["code"], a["total"]) == ("A", 68000000)
    assert [s["code"] for s in a["sections"]] == ["I", "II"]
    line = a["sections"][0]["lines"][0]
    assert line["content"] == "Phóng sự ngắn"
    assert (line["quantity"], line["unit_price"], line["amount"]) == (20, 1500000, 30000000)
    assert line["stated"]["total"] == 30000000
    news = a["sections"][0]["lines"][2]
    assert news["duration"] == "1,5 phút"


def test_the_json_findings_have_code_severity_message_and_where(sample_json):
    findings = sample_json["findings"]
    assert findings
    for finding in findings:
        assert set(finding) >= {"code", "severity", "message", "where"}
        assert finding["severity"] in ("error", "warning", "info")
        assert finding["where"]["part"]


def test_the_text_report_shows_the_recomputed_table_and_findings_by_severity():
    result = kehoach("check", str(SAMPLE), "--thousand", "ngàn")
    assert result.returncode == 1
    out = result.stdout
    assert "188.500.000" in out
    assert "Một trăm tám mươi tám triệu năm trăm ngàn đồng" in out
    assert out.index("Lỗi (") < out.index("Cảnh báo (")
    assert "[REF_INCONSISTENT]" in out


def test_english_messages_on_request():
    result = kehoach("check", str(SAMPLE), "--lang", "en")
    assert "FINDINGS:" in result.stdout
    assert "Errors (" in result.stdout


def test_a_plan_with_no_error_finding_exits_0(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace("46/QH-STTTT", "46a/KH-STTTT")
    path = tmp_path / "fixed.txt"
    path.write_text(text, encoding="utf-8")
    result = kehoach("check", str(path))
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "rỗng"),
        (os.urandom(4096).replace(b"\n", b"\x00"), "không phải là văn bản"),
    ],
)
def test_unreadable_input_exits_2_with_one_line_and_no_traceback(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = kehoach("check", str(path), timeout=20)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_missing_file_exits_2():
    result = kehoach("check", "no-such-plan.txt")
    assert result.returncode == 2
    assert "no-such-plan.txt" in result.stderr


def test_without_a_file_it_is_djangos_system_check():
    result = kehoach("check")
    assert result.returncode == 0
    assert "System check identified no issues" in result.stdout


def test_djangos_own_options_still_work():
    result = kehoach("check", "--tag", "models")
    assert result.returncode == 0
    assert "System check identified" in result.stdout
    result = kehoach("check", "--list-tags")
    assert result.returncode == 0
