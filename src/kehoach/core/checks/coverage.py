"""Coverage: what the body promises against what the estimate funds and who is told.

- every countable activity of the body has estimate lines of its kind (UNFUNDED_ACTIVITY),
  with the same quantity (QUANTITY_MISMATCH);
- a lump sum states how it was arrived at (LUMP_SUM_NO_BASIS);
- a price is not written in two columns so that the total is ambiguous (AMBIGUOUS_PRICE);
- every objective has something measurable (OBJECTIVE_NO_TARGET);
- every unit given duties in "Tổ chức thực hiện" receives the plan (RECIPIENT_MISSING).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache

from kehoach.core import refdata, vocabulary
from kehoach.core.estimate import EstimateLine, EstimateSection
from kehoach.core.findings import Finding, Severity
from kehoach.core.messages import declare
from kehoach.core.money import format_quantity, format_vnd, round_vnd
from kehoach.core.plan import ActivityItem, PlanDocument
from kehoach.core.text import fold, name_key

# Kinds whose body quantity counts something other than the estimate's quantity
# (delegates, hours), so only their presence is compared.
_PRESENCE_ONLY = {"conference", "management"}

# What the checks say (docs/architecture.md, "Messages"): English in the catalogue only.
QUANTITY = declare(
    "QUANTITY_MISMATCH",
    "Nội dung ghi '{text}' ({body}), nhưng dự toán (dòng {lines}) ghi {estimate}.",
)
UNFUNDED = declare(
    "UNFUNDED_ACTIVITY",
    "Hoạt động '{title}'{what} không có dòng nào trong dự toán kinh phí (loại: {kind}). Cần "
    "ghi rõ nguồn kinh phí khác hoặc bổ sung dòng dự toán.",
)
FUNDED_ELSEWHERE = declare(
    "FUNDED_ELSEWHERE",
    "Hoạt động '{title}' không có dòng dự toán; đã ghi nhận nguồn kinh phí khác: {source}.",
)
AMBIGUOUS = declare(
    "AMBIGUOUS_PRICE",
    "Dòng '{content}' ghi đơn giá ở cả cột Đơn giá ({unit_price}) và cột Đơn giá phát sóng "
    "({airing_unit_price}) nhưng không ghi số lần phát sóng: {quantity} là số lượng sản xuất "
    "hay số lần phát? Thành tiền có thể là {production} hoặc {both} đồng. Hãy để giá ở một "
    "cột.",
)
LUMP_SUM = declare(
    "LUMP_SUM_NO_BASIS",
    "Khoản '{content}' ghi {amount} đồng mà không có số lượng, đơn giá hay căn cứ tính (định "
    "mức, số giờ, số người).",
)
NO_TARGET = declare(
    "OBJECTIVE_NO_TARGET",
    "Mục tiêu không có chỉ tiêu đo được (con số, tỷ lệ, thời hạn cụ thể): '{text}…'",
)
RECIPIENT = declare(
    "RECIPIENT_MISSING",
    "{unit} được giao nhiệm vụ trong mục Tổ chức thực hiện nhưng không có trong Nơi nhận.",
)


def check(doc: PlanDocument) -> list[Finding]:
    findings: list[Finding] = []
    if not doc.estimate.is_empty:
        findings += _activities(doc)
    for _section, line in doc.estimate.walk_lines():
        findings += _line(line)
    findings += _objectives(doc)
    findings += _recipients(doc)
    return findings


def _line_quantity(line: EstimateLine) -> Decimal | None:
    if line.activity == "rebroadcast":
        return line.effective_airings if line.effective_airings is not None else line.quantity
    return line.quantity


def _activities(doc: PlanDocument) -> list[Finding]:
    findings = []
    lines = [line for _section, line in doc.estimate.walk_lines()]
    media = vocabulary.line_media(doc.estimate)

    for activity in doc.activities:
        for item in activity.outputs():
            if item.kind is None:
                continue
            matches = [
                line
                for line in lines
                if line.activity == item.kind
                and (item.medium is None or media.get(line.key) in (None, item.medium))
            ]
            if not matches:
                source = doc.funded_elsewhere.get(activity.number)
                findings.append(
                    _funded_elsewhere(item, activity.title, source)
                    if source is not None
                    else _unfunded(item, activity.title)
                )
                continue
            if item.kind in _PRESENCE_ONLY or item.quantity is None:
                continue
            quantities = [_line_quantity(line) for line in matches]
            if any(q is None for q in quantities):
                continue
            total = sum((q for q in quantities if q is not None), Decimal(0))
            if total != item.quantity:
                keys = ", ".join(line.key for line in matches)
                said = QUANTITY.with_params(
                    text=item.text,
                    body=format_quantity(item.quantity),
                    lines=keys,
                    estimate=format_quantity(total),
                )
                findings.append(
                    Finding.of(
                        said,
                        item.where,
                        data={"body": str(item.quantity), "estimate": str(total), "lines": keys},
                    )
                )
    return findings


def _unfunded(item: ActivityItem, title: str) -> Finding:
    what = f" ({format_quantity(item.quantity)} {item.unit})" if item.quantity else ""
    said = UNFUNDED.with_params(title=title, what=what, kind=vocabulary.kind_name(item.kind))
    return Finding.of(
        said,
        item.where,
        data={"kind": item.kind},
    )


def _funded_elsewhere(item: ActivityItem, title: str, source: str) -> Finding:
    return Finding.of(
        FUNDED_ELSEWHERE.with_params(title=title, source=source),
        item.where,
        data={"kind": item.kind, "source": source},
    )


def _line(line: EstimateLine) -> list[Finding]:
    findings = []
    if line.ambiguous_price and line.unit_price is not None and line.airing_unit_price is not None:
        same = line.unit_price == line.airing_unit_price
        q = format_quantity(line.quantity or 0)
        production = format_vnd(line.production_amount or 0)
        both = format_vnd(  # a fractional quantity gives a fraction of a đồng: rounded
            round_vnd((line.production_amount or 0) + (line.quantity or 0) * line.airing_unit_price)
        )
        said = AMBIGUOUS.with_params(
            content=line.content,
            unit_price=format_vnd(line.unit_price),
            airing_unit_price=format_vnd(line.airing_unit_price),
            quantity=q,
            production=production,
            both=both,
        )
        findings.append(
            Finding.of(
                said,
                line.where,
                severity=Severity.WARNING if same else Severity.ERROR,
            )
        )
    if line.is_lump_sum and line.lump_sum is not None and not line.basis.strip():
        said = LUMP_SUM.with_params(content=line.content, amount=format_vnd(line.lump_sum))
        findings.append(Finding.of(said, line.where))
    return findings


def _objectives(doc: PlanDocument) -> list[Finding]:
    findings = []
    for objective in doc.objectives:
        if objective.is_baseline or objective.figures:
            continue
        findings.append(
            Finding.of(NO_TARGET.with_params(text=objective.text[:90]), objective.where)
        )
    return findings


# -- recipients -----------------------------------------------------------------------------

_PROVINCIAL_STATION = re.compile(r"\bdai phat thanh truyen hinh\b")
_DISTRICT_STATION = re.compile(r"\bdai truyen thanh truyen hinh\b")
_PEOPLES_COMMITTEE = re.compile(r"\buy ban nhan dan tinh\b")
_NEWSPAPER = re.compile(r"\b[Bb]áo\s+((?:[A-ZÀ-ỸĐ][\wÀ-ỹ]*\s?){1,3})")
_ALL_DISTRICTS = re.compile(r"\bcac (huyen|quan|thi xa|thanh pho)\b")


@cache
def _abbreviation_table() -> dict[str, str]:
    return {k.upper().replace("-", ""): v for k, v in refdata.abbreviations().items()}


@cache
def _division_patterns() -> list[tuple[re.Pattern[str], str, str]]:
    """(pattern, key, display name) for every division an abbreviation can name:
    "phòng kế hoạch tài chính" or "phòng khtc"."""
    out = []
    for abbr, expansion in refdata.abbreviations().items():
        division = name_key(expansion)
        if len(division.split()) >= 2:
            out.append((re.compile(rf"\bphong {re.escape(division)}\b"), division, expansion))
        if abbr.isupper():
            out.append((re.compile(rf"\bphong {re.escape(abbr.lower())}\b"), division, expansion))
    return out


@lru_cache(maxsize=4096)
def expand(text: str) -> str:
    """Name key with abbreviations written out: "Đài PTTH" -> "dai phat thanh truyen hinh"."""
    table = _abbreviation_table()
    out = []
    for token in re.split(r"[\s,;:()]+", text):
        bare = token.strip(".").upper().replace("-", "")
        if bare in table and len(bare) >= 2:
            out.append(table[bare])
        else:
            out.append(token)
    return name_key(" ".join(out))


def _initials(name: str) -> str:
    return "".join(word[0] for word in fold(name).split())


def _district_tokens(text: str, units: list[refdata.AdminUnit]) -> set[str]:
    """District units a recipient line names: "Đài TTTH các huyện: TPD, GCD, TX.GC"."""
    if ":" not in text:
        return {u.full_name for u in units} if _ALL_DISTRICTS.search(expand(text)) else set()
    found = set()
    for token in re.split(r"[,;]", text.split(":", 1)[1]):
        key = fold(token).strip(" .")
        kind = {"tx": "thi xa", "tp": "thanh pho", "h": "huyen"}
        prefix = re.match(r"^(tx|tp|h|thi xa|thanh pho|huyen)[.\s]+", key)
        wanted_kind = kind.get(prefix.group(1), prefix.group(1)) if prefix else None
        key = key[prefix.end() :] if prefix else key
        key = key.replace(".", "").strip()
        for unit in units:
            if wanted_kind and fold(unit.kind) != wanted_kind:
                continue
            if key in (fold(unit.name), _initials(unit.name)):
                found.add(unit.full_name)
    return found


def _province(doc: PlanDocument) -> str | None:
    names = refdata.province_names()
    haystack = fold(" ".join([doc.header.governing_body, doc.header.place, doc.header.agency]))
    for name in names:
        if fold(name) in haystack:
            return name
    return None


def _units(text: str, agency_key: str) -> dict[str, str]:
    """Units named in a text: key -> display name."""
    key = expand(text)
    units: dict[str, str] = {}
    if _PROVINCIAL_STATION.search(key):
        units["station:province"] = "Đài Phát thanh - Truyền hình tỉnh"
    if _PEOPLES_COMMITTEE.search(key):
        units["ubnd:province"] = "Ủy ban nhân dân tỉnh"
    for match in _NEWSPAPER.finditer(text):
        name = match.group(1).strip()
        units[f"newspaper:{name_key(name)}"] = f"Báo {name}"
    if "phong " in key:
        for pattern, division, expansion in _division_patterns():
            if pattern.search(key):
                units[f"division:{division}"] = f"Phòng {expansion}"
    units.pop(f"division:{agency_key}", None)
    return units


def _recipients(doc: PlanDocument) -> list[Finding]:
    if not doc.responsibilities or not doc.recipients:
        return []
    agency_key = name_key(doc.header.agency)
    responsible: dict[str, tuple[str, object]] = {}
    on = doc.header.date or date.today()
    province = _province(doc)
    units = refdata.district_units(province, on) if province else []
    for resp in doc.responsibilities:
        for key, name in _units(resp.text, agency_key).items():
            responsible.setdefault(key, (name, resp.where))
        if _DISTRICT_STATION.search(expand(resp.text)):
            districts = _district_tokens(resp.text, units) or (
                {u.full_name for u in units} if _ALL_DISTRICTS.search(expand(resp.text)) else set()
            )
            for unit in units:
                if unit.full_name in districts:
                    responsible.setdefault(
                        f"district:{fold(unit.full_name)}",
                        (f"Đài Truyền thanh - Truyền hình {unit.full_name}", resp.where),
                    )
    covered: set[str] = set()
    for recipient in doc.recipients:
        text = recipient.text
        covered |= set(_units(text, agency_key))
        if recipient.is_archive:
            for token in re.split(r"[,;:]", text.split(":", 1)[-1]):
                abbr = token.strip(" .").upper()
                expansion = refdata.abbreviations().get(abbr)
                if expansion:
                    covered.add(f"division:{name_key(expansion)}")
        if _DISTRICT_STATION.search(expand(text)):
            for name in _district_tokens(text, units):
                covered.add(f"district:{fold(name)}")
    findings = []
    where = doc.recipients[0].where
    for key, (name, _resp_where) in responsible.items():
        if key in covered:
            continue
        findings.append(
            Finding.of(
                RECIPIENT.with_params(unit=name),
                where,
                data={"unit": name},
            )
        )
    return findings


_ = EstimateSection
