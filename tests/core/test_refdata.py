"""Reference data: document-type codes by period, administrative units over time, abbreviations."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from datetime import date
from importlib import resources
from typing import Any

import pytest

from kehoach.core import refdata
from kehoach.core.text import fold

PLAN_DATE = date(2016, 7, 21)  # Kế hoạch 46a/KH-STTTT
LATER = date(2021, 6, 1)

# --------------------------------------------------------------------------- document types


def test_regulation_in_force_by_date() -> None:
    before = refdata.doc_type_regulation(date(2011, 3, 4))
    assert before is None
    old = refdata.doc_type_regulation(PLAN_DATE)
    assert old is not None and old.number == "01/2011/TT-BNV"
    assert old.valid_from == date(2011, 3, 5) and old.valid_to == date(2020, 3, 5)
    assert refdata.doc_type_regulation(date(2020, 3, 4)) == old
    new = refdata.doc_type_regulation(date(2020, 3, 5))
    assert new is not None and new.number == "30/2020/NĐ-CP" and new.valid_to is None
    assert refdata.doc_type_regulation(LATER) == new


def test_kh_valid_in_2016_and_2021() -> None:
    for on in (PLAN_DATE, LATER):
        assert refdata.doc_type_code_for_name("Kế hoạch", on) == "KH"
        assert refdata.doc_type_code_for_name("KẾ HOẠCH", on) == "KH"
        assert refdata.doc_type_code_for_name("  kế   hoạch ", on) == "KH"
        assert refdata.doc_type_name_for_code("KH", on) == "Kế hoạch"


def test_name_lookup_accepts_decomposed_text_and_aliases() -> None:
    decomposed = "Ke\u0302\u0301 hoa\u0323ch"  # NFD "Kế hoạch"
    assert refdata.doc_type_code_for_name(decomposed, PLAN_DATE) == "KH"
    assert refdata.doc_type_code_for_name("Quyết định", LATER) == "QĐ"
    assert refdata.doc_type_code_for_name("NGHỊ QUYẾT (CÁ BIỆT)", LATER) == "NQ"
    # "uỷ" (old tone placement) and "ủy" meet
    assert refdata.doc_type_code_for_name("Giấy ủy quyền", LATER) == "GUQ"
    assert refdata.doc_type_code_for_name("Giấy uỷ quyền", LATER) == "GUQ"
    assert refdata.doc_type_code_for_name("Công văn", LATER) is None


def test_nothing_before_2011() -> None:
    assert refdata.doc_type_code_for_name("Kế hoạch", date(2010, 12, 31)) is None
    assert refdata.doc_type_name_for_code("KH", date(2010, 12, 31)) is None


def test_qh_in_2016_is_not_a_document_type() -> None:
    # The seed's appendix writes "46/QH-STTTT" for a Kế hoạch. Quy hoạch is not an
    # administrative type of Thông tư 01/2011 (nor of Nghị định 30/2020); QH in a
    # number is the National Assembly. So QH names no type on the plan's date.
    assert refdata.doc_type_name_for_code("QH", PLAN_DATE) is None
    assert refdata.doc_type_name_for_code("QH", LATER) is None
    assert refdata.doc_type_code_for_name("Kế hoạch", PLAN_DATE) != "QH"


def test_codes_that_changed_in_2020() -> None:
    assert refdata.doc_type_name_for_code("TTh", PLAN_DATE) == "Bản thỏa thuận"
    assert refdata.doc_type_name_for_code("TTh", LATER) is None
    assert refdata.doc_type_name_for_code("BTT", LATER) == "Bản thỏa thuận"
    assert refdata.doc_type_name_for_code("GN", PLAN_DATE) == "Bản ghi nhớ"
    assert refdata.doc_type_name_for_code("BGN", LATER) == "Bản ghi nhớ"
    assert refdata.doc_type_name_for_code("PB", PLAN_DATE) is None
    assert refdata.doc_type_name_for_code("PB", LATER) == "Phiếu báo"


def test_code_lookup_is_case_insensitive_but_keeps_d_and_dj_apart() -> None:
    assert refdata.doc_type_name_for_code("kh", LATER) == "Kế hoạch"
    assert refdata.doc_type_name_for_code("QyĐ", LATER) == "Quy định"
    assert refdata.doc_type_name_for_code("ĐA", LATER) == "Đề án"
    assert refdata.doc_type_name_for_code("DA", LATER) == "Dự án"


def test_types_without_code_and_year_bearing_codes() -> None:
    assert "cong van" in refdata.types_without_code()
    codes = refdata.year_bearing_type_codes()
    assert {"NĐ", "TT", "TTLT", "NQ", "QĐ"} <= codes
    assert "KH" not in codes


def test_codes_and_names_unique_per_period() -> None:
    data = _json("document_types.json")
    for reg in data["regulations"]:
        codes = [t["code"].casefold() for t in reg["types"]]
        assert len(codes) == len(set(codes)), reg["number"]
        # one entry's spellings may fold alike ("uỷ"/"ủy"); two entries must not
        labels = [
            label
            for t in reg["types"]
            for label in {fold(x) for x in [t["name"], *t.get("aliases", [])]}
        ]
        assert len(labels) == len(set(labels)), reg["number"]


def test_regulation_periods_do_not_overlap() -> None:
    regs = sorted(_json("document_types.json")["regulations"], key=lambda r: r["valid_from"])
    for earlier, later in itertools.pairwise(regs):
        assert earlier["valid_to"] == later["valid_from"]


# --------------------------------------------------------------------------- admin units


def test_tien_giang_has_eleven_district_units_in_2016() -> None:
    units = refdata.district_units("Tiền Giang", PLAN_DATE)
    assert len(units) == 11
    names = {u.full_name for u in units}
    assert {
        "thành phố Mỹ Tho",
        "thị xã Gò Công",
        "thị xã Cai Lậy",
        "huyện Cai Lậy",
        "huyện Cái Bè",
        "huyện Tân Phú Đông",
    } <= names
    assert len([u for u in units if u.kind == "huyện"]) == 8


def test_province_matched_without_diacritics() -> None:
    assert refdata.district_units("tien giang", PLAN_DATE) == refdata.district_units(
        "TIỀN GIANG", PLAN_DATE
    )
    assert len(refdata.district_units("Tỉnh Tiền Giang", PLAN_DATE)) == 11
    assert refdata.district_units("Atlantis", PLAN_DATE) == []
    assert "Tiền Giang" in refdata.province_names()


def test_cai_lay_town_from_end_of_2013() -> None:
    before = refdata.district_units("Tiền Giang", date(2013, 12, 25))
    assert len(before) == 10
    assert "thị xã Cai Lậy" not in {u.full_name for u in before}
    assert "thị xã Cai Lậy" in {
        u.full_name for u in refdata.district_units("Tiền Giang", date(2013, 12, 26))
    }


def _go_cong(on: date) -> refdata.AdminUnit:
    (unit,) = [u for u in refdata.district_units("Tiền Giang", on) if u.name == "Gò Công"]
    return unit


def test_go_cong_becomes_a_city_in_2024() -> None:
    assert _go_cong(PLAN_DATE).kind == "thị xã"
    assert _go_cong(date(2024, 4, 30)).full_name == "thị xã Gò Công"
    city = _go_cong(date(2024, 5, 1))
    assert city.kind == "thành phố" and city.full_name == "thành phố Gò Công"
    assert city.valid_from == date(2024, 5, 1)
    assert len(refdata.district_units("Tiền Giang", date(2025, 6, 30))) == 11


def test_no_district_units_from_july_2025() -> None:
    assert refdata.district_units("Tiền Giang", date(2025, 7, 1)) == []
    assert refdata.district_units("Tiền Giang", date(2026, 1, 1)) == []
    for province in refdata.province_names():
        assert refdata.district_units(province, date(2025, 7, 1)) == []


def test_unit_periods_of_one_name_do_not_overlap() -> None:
    for prov in _json("admin_units.json")["provinces"]:
        by_name: dict[str, list[dict[str, Any]]] = {}
        for u in prov["districts"]:
            key = u["name"] if u["kind"] != "huyện" else "huyện " + u["name"]
            by_name.setdefault(key, []).append(u)
        for periods in by_name.values():
            periods.sort(key=lambda u: u["valid_from"] or "")
            for a, b in itertools.pairwise(periods):
                assert a["valid_to"] is not None and a["valid_to"] <= b["valid_from"]


# --------------------------------------------------------------------------- abbreviations


def test_abbreviations_expand() -> None:
    abbr = refdata.abbreviations()
    assert abbr["TTTH"] == "Truyền thanh - Truyền hình"
    assert abbr["TT-TH"] == abbr["TTTH"]
    assert abbr["PTTH"] == "Phát thanh - Truyền hình"
    assert abbr["PT-TH"] == abbr["PTTH"]
    assert abbr["STTTT"] == "Sở Thông tin và Truyền thông"
    assert abbr["UBND"] == "Ủy ban nhân dân"
    assert abbr["VHTT"] == "Văn hóa - Thông tin"
    assert abbr["VT"] == "Văn thư"
    assert abbr["DVCTT"] == "dịch vụ công trực tuyến"


def test_local_abbreviations() -> None:
    local = refdata.local_abbreviations("tien giang")
    assert local["TPD"] == "huyện Tân Phú Đông"
    assert refdata.local_abbreviations("Đồng Tháp") == {}


# --------------------------------------------------------------------------- sources


def _json(name: str) -> dict[str, Any]:
    text = resources.files("kehoach.core").joinpath(f"data/{name}").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _entries() -> Iterator[tuple[str, dict[str, Any]]]:
    doc = _json("document_types.json")
    for reg in doc["regulations"]:
        yield "regulation " + reg["number"], reg
        for t in [*reg["types"], *reg["copy_forms"]]:
            yield f"{reg['number']} {t['code']}", t
    for t in doc["types_without_code"]:
        yield "without code " + t["name"], t
    yield "year-bearing", doc["year_bearing_numbers"]
    for t in doc["year_bearing_numbers"]["type_codes"]:
        yield "year-bearing " + t["code"], t
    for t in doc["year_bearing_numbers"]["issuer_only_symbols"]:
        yield "issuer-only " + t["symbol"], t
    for prov in _json("admin_units.json")["provinces"]:
        yield "province " + prov["name"], prov
        for u in prov["districts"]:
            yield f"{prov['name']} {u['kind']} {u['name']}", u
    abbr = _json("abbreviations.json")
    for a in [*abbr["entries"], *abbr["local"]]:
        yield "abbreviation " + a["abbr"], a


@pytest.mark.parametrize(("label", "entry"), list(_entries()), ids=lambda x: str(x)[:40])
def test_every_entry_has_a_source(label: str, entry: dict[str, Any]) -> None:
    source = entry.get("source")
    assert isinstance(source, str) and source.strip(), label
    if "unverified" in entry:
        assert entry["unverified"] is True, label
