"""References: the plan's own number and symbol, the documents it cites, and their dates.

The rules on document numbers and type codes come from the regulation in force on the
document's date: Circular 01/2011/TT-BNV (Appendix I) until 5 March 2020, Decree
30/2020/NĐ-CP (Appendix III) since. The code tables are data (``core/data/document_types.json``).
"""

from __future__ import annotations

import re
from datetime import date

from kehoach.core import refdata
from kehoach.core.findings import Finding, Where
from kehoach.core.plan import Citation, PlanDocument
from kehoach.core.text import fold

_NUMBER = re.compile(r"^\d+$")
_TOP_LEVEL = (
    "uy ban nhan dan", "ubnd", "hoi dong nhan dan", "hdnd", "bo ", "chinh phu", "thu tuong",
    "quoc hoi", "uy ban thuong vu", "van phong chinh phu", "kiem toan nha nuoc",
)  # fmt: skip
_SYMBOL = re.compile(r"^[A-ZĐ][A-Za-zĐ]*(-[A-ZĐ][A-Za-zĐ0-9]*)+$")


def check(doc: PlanDocument) -> list[Finding]:
    findings: list[Finding] = []
    findings += _header_complete(doc)
    findings += _own_number(doc)
    findings += _type_codes(doc)
    findings += _appendix_reference(doc)
    findings += _citations(doc)
    return findings


def _regulation_name(on: date | None) -> str:
    reg = refdata.doc_type_regulation(on or date.today())
    return reg.name if reg else "—"


def _header_complete(doc: PlanDocument) -> list[Finding]:
    header = doc.header
    if not header.type_name:
        return []  # not a recognisable official document: nothing to say about its layout
    missing_vi, missing_en = [], []
    # An agency at the top of its line (a People's Committee or Council, a ministry, the
    # Government) has no governing body above its name.
    top_level = fold(header.agency).startswith(_TOP_LEVEL)
    for ok, vi, en in (
        (header.governing_body or header.agency, "tên cơ quan ban hành", "issuing agency"),
        (header.governing_body or top_level, "tên cơ quan chủ quản", "governing body"),
        (header.national_motto, "Quốc hiệu và Tiêu ngữ", "national title and motto"),
        (header.number, "số, ký hiệu", "number and symbol"),
        (header.date, "địa danh và ngày tháng", "place and date"),
        (doc.signer.title or doc.signer.name, "chức vụ, họ tên người ký", "signer"),
        (doc.recipients, "Nơi nhận", "recipients"),
    ):
        if not ok:
            missing_vi.append(vi)
            missing_en.append(en)
    if not missing_vi:
        return []
    reg = _regulation_name(header.date)
    return [
        Finding(
            code="HEADER_INCOMPLETE",
            message_vi=f"Văn bản thiếu thành phần thể thức: {', '.join(missing_vi)} (theo {reg}).",
            message_en=f"The document lacks: {', '.join(missing_en)} (required by {reg}).",
            where=header.where,
            data={"missing": missing_en},
        )
    ]


def _own_number(doc: PlanDocument) -> list[Finding]:
    header = doc.header
    where = header.number_where or header.where
    findings = []
    if header.number and not _NUMBER.match(header.number):
        findings.append(
            Finding(
                code="REF_NUMBER_FORMAT",
                message_vi=f"Số văn bản '{header.number}' không phải là số Ả Rập liên tục: số "
                f"văn bản được ghi bằng chữ số Ả Rập theo thứ tự đăng ký tại văn thư "
                f"({_regulation_name(header.date)}); số có chữ cái kèm theo thường là văn bản "
                "được chèn số sau khi đã đăng ký.",
                message_en=f"The document number '{header.number}' is not a plain Arabic "
                f"number as {_regulation_name(header.date)} requires; a letter suffix usually "
                "means a number slotted in after registration.",
                where=where,
            )
        )
    if header.symbol and not _SYMBOL.match(header.symbol):
        findings.append(
            Finding(
                code="REF_NUMBER_FORMAT",
                message_vi=f"Ký hiệu '{header.symbol}' không đúng dạng 'mã loại văn bản-tên "
                "viết tắt cơ quan' (ví dụ KH-STTTT).",
                message_en=f"The symbol '{header.symbol}' is not of the form "
                "'type code-agency abbreviation' (e.g. KH-STTTT).",
                where=where,
            )
        )
    return findings


def _type_mismatch(
    type_name: str, code: str, on: date | None, where: Where, what_vi: str, what_en: str
) -> Finding | None:
    when = on or date.today()
    reg = refdata.doc_type_regulation(when)
    if reg is None or not code:
        return None
    expected = refdata.doc_type_code_for_name(type_name, when)
    # Compared exactly as written: the registry's codes are mixed case (TTr, TTg).
    if expected is None or expected == code:
        return None
    meaning = reg.codes.get(code)
    if code.casefold() == expected.casefold():
        meaning_vi = f"mã '{code}' phải viết đúng chữ hoa, chữ thường là '{expected}'"
        meaning_en = f"the code '{code}' must be written with this case: '{expected}'"
    elif meaning:
        meaning_vi = f"'{code}' là mã của {meaning}"
        meaning_en = f"'{code}' is the code of {meaning}"
    else:
        meaning_vi = f"'{code}' không phải là mã loại văn bản nào"
        meaning_en = f"'{code}' is no document-type code"
    return Finding(
        code="REF_TYPE_CODE",
        message_vi=f"{what_vi} là {type_name} nên ký hiệu phải bắt đầu bằng '{expected}'; "
        f"{meaning_vi} ({reg.name}).",
        message_en=f"{what_en} is a {type_name}, so its symbol must start with '{expected}'; "
        f"{meaning_en} ({reg.name}).",
        where=where,
        data={"expected": expected, "found": code},
    )


def _type_codes(doc: PlanDocument) -> list[Finding]:
    header = doc.header
    if not header.type_name or not header.symbol:
        return []
    found = _type_mismatch(
        header.type_name.capitalize(),
        header.type_code,
        header.date,
        header.number_where or header.where,
        "Văn bản này",
        "This document",
    )
    return [found] if found else []


def _appendix_reference(doc: PlanDocument) -> list[Finding]:
    ref = doc.estimate_reference
    header = doc.header
    if ref is None:
        return []
    findings = []
    mismatch = _type_mismatch(
        ref.type_name,
        ref.type_code,
        header.date or ref.date,
        ref.where,
        "Văn bản mà phụ lục dẫn chiếu",
        "The document the appendix cites",
    )
    if mismatch:
        findings.append(mismatch)
    if header.number and (ref.number, ref.symbol) != (header.number, header.symbol):
        findings.append(
            Finding(
                code="REF_INCONSISTENT",
                message_vi=f"Phụ lục ghi 'Kế hoạch số {ref.reference}', nhưng văn bản có số "
                f"'{header.reference}'.",
                message_en=f"The appendix cites 'No. {ref.reference}', but the document is "
                f"numbered '{header.reference}'.",
                where=ref.where,
                data={"appendix": ref.reference, "document": header.reference},
            )
        )
    if header.date and ref.date and ref.date != header.date:
        findings.append(
            Finding(
                code="REF_INCONSISTENT",
                message_vi=f"Phụ lục ghi ngày {ref.date:%d/%m/%Y}, nhưng văn bản đề ngày "
                f"{header.date:%d/%m/%Y}.",
                message_en=f"The appendix gives the date {ref.date:%d/%m/%Y}, but the document "
                f"is dated {header.date:%d/%m/%Y}.",
                where=ref.where,
            )
        )
    return findings


def _citations(doc: PlanDocument) -> list[Finding]:
    findings: list[Finding] = []
    plan_date = doc.header.date
    for citation in doc.legal_bases:
        findings += _citation(citation, plan_date)
    return findings


def _citation(citation: Citation, plan_date: date | None) -> list[Finding]:
    findings = []
    label = f"{citation.type_name} {citation.reference}"
    if citation.year and citation.date and citation.year != citation.date.year:
        findings.append(
            Finding(
                code="CITATION_YEAR",
                message_vi=f"{label} mang năm {citation.year} trong số hiệu nhưng ghi ngày "
                f"{citation.date:%d/%m/%Y}.",
                message_en=f"{label} carries the year {citation.year} in its number but is "
                f"dated {citation.date:%d/%m/%Y}.",
                where=citation.where,
            )
        )
    if plan_date and citation.date and citation.date > plan_date:
        findings.append(
            Finding(
                code="DATE_ORDER",
                message_vi=f"{label} ngày {citation.date:%d/%m/%Y} được dẫn làm căn cứ nhưng "
                f"ban hành sau kế hoạch (ngày {plan_date:%d/%m/%Y}).",
                message_en=f"{label} of {citation.date:%d/%m/%Y} is cited as a basis but is "
                f"later than the plan ({plan_date:%d/%m/%Y}).",
                where=citation.where,
            )
        )
    if citation.type_name and fold(citation.type_name) not in refdata.types_without_code():
        mismatch = _type_mismatch(
            citation.type_name, citation.type_code, citation.date, citation.where, label, label
        )
        if mismatch:
            findings.append(mismatch)
    return findings
