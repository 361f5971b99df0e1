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
from kehoach.core.messages import Message, declare, joined
from kehoach.core.plan import Citation, PlanDocument
from kehoach.core.text import fold

_NUMBER = re.compile(r"^\d+$")
_TOP_LEVEL = (
    "uy ban nhan dan", "ubnd", "hoi dong nhan dan", "hdnd", "bo ", "chinh phu", "thu tuong",
    "quoc hoi", "uy ban thuong vu", "van phong chinh phu", "kiem toan nha nuoc",
)  # fmt: skip
_SYMBOL = re.compile(r"^[A-ZĐ][A-Za-zĐ]*(-[A-ZĐ][A-Za-zĐ0-9]*)+$")

# What the checks say (docs/architecture.md, "Messages"): English in the catalogue only.
HEADER_INCOMPLETE = declare(
    "HEADER_INCOMPLETE", "Văn bản thiếu thành phần thể thức: {missing} (theo {regulation})."
)
# The elements of an official document's layout, as HEADER_INCOMPLETE names them.
ISSUING_AGENCY = declare("HEADER_INCOMPLETE.agency", "tên cơ quan ban hành")
GOVERNING_BODY = declare("HEADER_INCOMPLETE.governing_body", "tên cơ quan chủ quản")
MOTTO = declare("HEADER_INCOMPLETE.motto", "Quốc hiệu và Tiêu ngữ")
NUMBER = declare("HEADER_INCOMPLETE.number", "số, ký hiệu")
PLACE_DATE = declare("HEADER_INCOMPLETE.date", "địa danh và ngày tháng")
SIGNER = declare("HEADER_INCOMPLETE.signer", "chức vụ, họ tên người ký")
RECIPIENTS = declare("HEADER_INCOMPLETE.recipients", "Nơi nhận", context="layout")
NUMBER_NOT_ARABIC = declare(
    "REF_NUMBER_FORMAT",
    "Số văn bản '{number}' không phải là số Ả Rập liên tục: số văn bản được ghi bằng chữ số Ả "
    "Rập theo thứ tự đăng ký tại văn thư ({regulation}); số có chữ cái kèm theo thường là văn "
    "bản được chèn số sau khi đã đăng ký.",
)
SYMBOL_FORM = declare(
    "REF_NUMBER_FORMAT",
    "Ký hiệu '{symbol}' không đúng dạng 'mã loại văn bản-tên viết tắt cơ quan' (ví dụ KH-STTTT).",
)
TYPE_CODE = declare(
    "REF_TYPE_CODE",
    "{what} là {type_name} nên ký hiệu phải bắt đầu bằng '{expected}'; {meaning} ({regulation}).",
)
CODE_CASE = declare(
    "REF_TYPE_CODE.case", "mã '{code}' phải viết đúng chữ hoa, chữ thường là '{expected}'"
)
CODE_OF = declare("REF_TYPE_CODE.other", "'{code}' là mã của {meaning}")
CODE_NONE = declare("REF_TYPE_CODE.none", "'{code}' không phải là mã loại văn bản nào")
THIS_DOCUMENT = declare("REF_TYPE_CODE.this", "Văn bản này")
CITED_BY_APPENDIX = declare("REF_TYPE_CODE.appendix", "Văn bản mà phụ lục dẫn chiếu")
APPENDIX_NUMBER = declare(
    "REF_INCONSISTENT",
    "Phụ lục ghi 'Kế hoạch số {appendix}', nhưng văn bản có số '{document}'.",
)
APPENDIX_DATE = declare(
    "REF_INCONSISTENT", "Phụ lục ghi ngày {appendix}, nhưng văn bản đề ngày {document}."
)
CITATION_YEAR = declare(
    "CITATION_YEAR", "{label} mang năm {year} trong số hiệu nhưng ghi ngày {date}."
)
DATE_ORDER = declare(
    "DATE_ORDER",
    "{label} ngày {date} được dẫn làm căn cứ nhưng ban hành sau kế hoạch (ngày {plan_date}).",
)


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
    missing = []
    # An agency at the top of its line (a People's Committee or Council, a ministry, the
    # Government) has no governing body above its name.
    top_level = fold(header.agency).startswith(_TOP_LEVEL)
    for ok, element in (
        (header.governing_body or header.agency, ISSUING_AGENCY),
        (header.governing_body or top_level, GOVERNING_BODY),
        (header.national_motto, MOTTO),
        (header.number, NUMBER),
        (header.date, PLACE_DATE),
        (doc.signer.title or doc.signer.name, SIGNER),
        (doc.recipients, RECIPIENTS),
    ):
        if not ok:
            missing.append(element)
    if not missing:
        return []
    said = HEADER_INCOMPLETE.with_params(
        missing=joined(missing, ", "), regulation=_regulation_name(header.date)
    )
    # data names what is missing by the element's code ("signer"), whatever the language
    keys = [element.code.rsplit(".", 1)[-1] for element in missing]
    return [Finding.of(said, header.where, data={"missing": keys})]


def _own_number(doc: PlanDocument) -> list[Finding]:
    header = doc.header
    where = header.number_where or header.where
    findings = []
    if header.number and not _NUMBER.match(header.number):
        said = NUMBER_NOT_ARABIC.with_params(
            number=header.number, regulation=_regulation_name(header.date)
        )
        findings.append(Finding.of(said, where))
    if header.symbol and not _SYMBOL.match(header.symbol):
        findings.append(Finding.of(SYMBOL_FORM.with_params(symbol=header.symbol), where))
    return findings


def _type_mismatch(
    type_name: str, code: str, on: date | None, where: Where, what: Message | str
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
        said = CODE_CASE.with_params(code=code, expected=expected)
    elif meaning:
        said = CODE_OF.with_params(code=code, meaning=meaning)
    else:
        said = CODE_NONE.with_params(code=code)
    return Finding.of(
        TYPE_CODE.with_params(
            what=what, type_name=type_name, expected=expected, meaning=said, regulation=reg.name
        ),
        where,
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
        THIS_DOCUMENT,
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
        CITED_BY_APPENDIX,
    )
    if mismatch:
        findings.append(mismatch)
    if header.number and (ref.number, ref.symbol) != (header.number, header.symbol):
        findings.append(
            Finding.of(
                APPENDIX_NUMBER.with_params(appendix=ref.reference, document=header.reference),
                ref.where,
                data={"appendix": ref.reference, "document": header.reference},
            )
        )
    if header.date and ref.date and ref.date != header.date:
        said = APPENDIX_DATE.with_params(
            appendix=f"{ref.date:%d/%m/%Y}", document=f"{header.date:%d/%m/%Y}"
        )
        findings.append(Finding.of(said, ref.where))
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
        said = CITATION_YEAR.with_params(
            label=label, year=citation.year, date=f"{citation.date:%d/%m/%Y}"
        )
        findings.append(Finding.of(said, citation.where))
    if plan_date and citation.date and citation.date > plan_date:
        said = DATE_ORDER.with_params(
            label=label, date=f"{citation.date:%d/%m/%Y}", plan_date=f"{plan_date:%d/%m/%Y}"
        )
        findings.append(Finding.of(said, citation.where))
    if citation.type_name and fold(citation.type_name) not in refdata.types_without_code():
        mismatch = _type_mismatch(
            citation.type_name, citation.type_code, citation.date, citation.where, label
        )
        if mismatch:
            findings.append(mismatch)
    return findings
