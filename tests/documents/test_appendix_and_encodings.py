"""`kehoach check plan.docx --appendix estimate.xlsx`, and plain text in legacy encodings."""

from __future__ import annotations

import pytest

from kehoach.core import legacy
from kehoach.core.text import fold
from tests.documents.builders import build_docx, build_xlsx
from tests.documents.helpers import SAMPLE, SAMPLE_TEXT, check_json, finding_keys, kehoach


@pytest.fixture(scope="module")
def text_json() -> dict:
    return check_json(str(SAMPLE))


def test_a_word_plan_with_its_estimate_in_a_separate_excel_file(text_json, tmp_path):
    plan = tmp_path / "ke-hoach.docx"
    plan.write_bytes(build_docx(SAMPLE_TEXT, include_table=False))
    estimate = tmp_path / "du-toan.xlsx"
    estimate.write_bytes(build_xlsx(SAMPLE_TEXT))
    alone = check_json(str(plan))
    assert "ESTIMATE_MISSING" in {f["code"] for f in alone["findings"]}
    payload = check_json(str(plan), "--appendix", str(estimate))
    assert payload["estimate"] == text_json["estimate"]
    # Excel holds numbers, not typed figures: "400000" beside "1,500,000" cannot happen there.
    mixed = ("NUMBER_FORMAT_MIXED",)
    assert finding_keys(payload) == finding_keys(text_json, skip=mixed)


def test_the_separate_estimate_replaces_the_table_in_the_plan(tmp_path):
    plan = tmp_path / "ke-hoach.docx"
    plan.write_bytes(build_docx(SAMPLE_TEXT))
    changed = SAMPLE_TEXT.replace("20\t1,500,000\t30,000,000", "25\t1,500,000\t37,500,000")
    estimate = tmp_path / "du-toan.xlsx"
    estimate.write_bytes(build_xlsx(changed))
    payload = check_json(str(plan), "--appendix", str(estimate))
    first = payload["estimate"]["sections"][0]["sections"][0]["lines"][0]
    assert (first["quantity"], first["amount"]) == (25, 37500000)


def test_an_appendix_file_without_an_estimate_is_refused(tmp_path):
    plan = tmp_path / "ke-hoach.docx"
    plan.write_bytes(build_docx(SAMPLE_TEXT))
    result = kehoach("check", str(plan), "--appendix", str(plan.with_name("missing.xlsx")))
    assert result.returncode == 2 and result.stdout == ""


def _legacy_file(tmp_path, encoding: str):
    path = tmp_path / f"plan-{encoding}.txt"
    path.write_bytes(legacy.encode(SAMPLE_TEXT, encoding).encode("cp1252"))
    return path


def test_a_plain_text_plan_in_vni_reads_as_the_unicode_one(text_json, tmp_path):
    path = _legacy_file(tmp_path, "vni")
    assert "Keá hoaïch" in path.read_bytes().decode("cp1252")
    payload = check_json(str(path), "--encoding", "vni")
    assert payload["estimate"] == text_json["estimate"]
    assert finding_keys(payload, skip=("LEGACY_ENCODING",)) == finding_keys(text_json)
    assert "LEGACY_ENCODING" in {f["code"] for f in payload["findings"]}


def _folded(value):
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, dict):
        return {k: _folded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_folded(v) for v in value]
    return value


def test_a_plain_text_plan_in_tcvn3_gives_the_same_estimate(text_json, tmp_path):
    """Plain TCVN3 has no upper-case accented letters ("Ấp" is typed "ấp"): figures, keys and
    structure are the same; a word's capital accented first letter may come back small."""
    path = _legacy_file(tmp_path, "tcvn3")
    payload = check_json(str(path), "--encoding", "tcvn3")
    assert _folded(payload["estimate"]) == _folded(text_json["estimate"])
    assert payload["estimate"]["total"] == text_json["estimate"]["total"] == 188500000
    assert payload["document"]["type"] == "KẾ HOẠCH"
    assert payload["document"]["signer"]["title"] == "GIÁM ĐỐC"
    assert "LEGACY_ENCODING" in {f["code"] for f in payload["findings"]}


def test_an_unknown_encoding_is_refused_with_a_clear_message():
    result = kehoach("check", str(SAMPLE), "--encoding", "koi8-r")
    assert result.returncode == 2
    assert "tcvn3" in result.stderr and "Traceback" not in result.stderr
