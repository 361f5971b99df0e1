"""What the API reads and answers (pydantic, through django-ninja). Money is an integer of
đồng (VND has no minor unit, and floats are refused where money is handled); quantities are
exact decimal strings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_noop
from ninja import Field, Schema
from pydantic import AfterValidator, field_validator

from kehoach.core.messages import Message

NUL_IN_TEXT = Message("api.text.nul", gettext_noop("Văn bản không được chứa ký tự NUL (\\u0000)."))
# What a validator refuses, by code: pydantic keeps only the error's text, so a validator raises
# ValueError(code) and the API's error handler says the message in the request's language.
BAD_EVIDENCE_URL = Message(
    "api.evidence_url.invalid", gettext_noop("Đường dẫn minh chứng không hợp lệ.")
)
SCHEMA_MESSAGES = {NUL_IN_TEXT.code: NUL_IN_TEXT, BAD_EVIDENCE_URL.code: BAD_EVIDENCE_URL}


def _no_nul(value: str) -> str:
    """Text never holds a NUL character: no document has one, and PostgreSQL refuses it."""
    if "\x00" in value:
        raise ValueError(NUL_IN_TEXT.code)
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
"""Every string the API reads: a ``str`` without NUL characters."""


# What the schema says of a text a person reads: the errors, the findings and the problems of an
# import are said in the request's language, and again in English.
SAID = "in the request's language (Vietnamese unless the language switch chose English)"
KEPT_EN = "in English whatever the request's language (kept for clients written before)"


class ErrorOut(Schema):
    """Every error: a stable code, the message in the request's language, again in English
    (``message_en``), and where."""

    code: str
    message: str = Field(..., description=f"what went wrong {SAID}")
    message_en: str = Field(..., description=f"the same {KEPT_EN}")
    where: dict[str, Any] | None = None


class FindingOut(Schema):
    """A finding of the plan's checks: a stable code (docs/checks.md), never translated."""

    code: str
    severity: str = Field(..., description='"error", "warning" or "info"')
    message: str = Field(..., description=f"the finding {SAID}")
    message_en: str = Field(..., description=f"the finding {KEPT_EN}")
    where: dict[str, Any] = Field(
        ..., description=f"where it is: the place's parts, and label, the place in words {SAID}"
    )
    data: dict[str, Any] | None = None


class PlanOut(Schema):
    id: int
    organisation: str
    reference: str
    number: str
    symbol: str
    date: date | None
    title: str
    year: int
    status: str
    revision: int


class PlanDetailOut(PlanOut):
    """``document``, ``estimate`` and ``findings`` are what ``kehoach check --format json``
    prints for the same plan (documents/report.py), each finding said in the request's
    language; findings add ``message_en``, the same in English."""

    document: dict[str, Any]
    estimate: dict[str, Any]
    findings: list[FindingOut]


class ContractLineOut(Schema):
    id: int
    line_id: int
    line_number: str
    content: str
    unit: str
    quantity: str
    amount: int


class ContractOut(Schema):
    id: int
    plan_id: int
    contractor: str
    contractor_name: str
    number: str
    date: date | None
    value: int
    selection_method: str
    status: str


class ContractDetailOut(ContractOut):
    legal_basis: str
    terms: str
    accepted_value: int
    paid_value: int
    lines: list[ContractLineOut]


class AiringOut(Schema):
    id: int
    deliverable_id: int
    outlet: str
    aired_at: datetime
    duration: str
    title: str
    evidence_url: str
    evidence_name: str
    evidence_type: str
    evidence_size: int
    decision: str
    reason: str


class DeliverableOut(Schema):
    id: int
    contract_id: int | None
    line_id: int
    sequence: int
    of_total: int
    label: str
    planned_date: date
    status: str
    late: bool
    records: list[AiringOut]


class EvidenceFileIn(Schema):
    name: Text = Field(..., min_length=1, max_length=255)
    content_type: Text = Field(..., max_length=120)
    content_base64: Text


class AiringIn(Schema):
    """An airing or a publication, as the web form asks for it: the date and time; the outlet,
    duration and title optional; evidence a link or a file (the same limits as the web:
    20 MB; PDF, image, audio, video)."""

    aired_at: datetime
    outlet: Text = Field("", max_length=200)
    duration: Text = Field("", max_length=60)
    title: Text = Field("", max_length=300)
    evidence_url: Text = Field("", max_length=500)
    evidence_file: EvidenceFileIn | None = None

    @field_validator("evidence_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                raise ValueError(BAD_EVIDENCE_URL.code) from None
        return value


class ServiceLevelOut(Schema):
    level: str
    original: str = Field(
        ..., description='the level as the imported file wrote it; "" when no file said it'
    )
    valid_from: date
    valid_to: date | None


class ServiceOut(Schema):
    id: int
    organisation: str
    code: str
    name: str
    field: str
    agency: str
    portal_url: str
    synthetic: bool
    levels: list[ServiceLevelOut]


class MonthlyStatOut(Schema):
    organisation: str
    month: date
    agency: str
    service: str
    district: str
    received_online: int | None
    received_counter: int | None
    received_post: int | None
    resolved_early: int | None
    resolved_on_time: int | None
    resolved_late: int | None
    pending: int | None
    with_fee: int | None
    paid_online: int | None
    carried_over: int | None = None
    period_end: date | None = None
    period_kind: str = "month"
    source: str = ""
    synthetic: bool


class MonthlyStatPage(Schema):
    count: int
    items: list[MonthlyStatOut]


class ImportIn(Schema):
    organisation: Text = Field(..., max_length=40, description="the organisation's code")
    filename: Text = Field(..., min_length=1, max_length=255)
    content_base64: Text
    on_error: Literal["keep", "refuse"] = "keep"


class ImportOut(Schema):
    id: int | None
    kind: str
    status: str
    filename: str
    counts: dict[str, Any]
    errors: list[dict[str, Any]] = Field(
        ...,
        description=(
            f"each problem of the file (line, kind), its message {SAID}, message_en {KEPT_EN}"
        ),
    )
    findings: list[dict[str, Any]] = Field(
        ...,
        description=(
            f"the statistics checks' findings (code, severity), message and where.label {SAID}, "
            f"message_en and where.label_en {KEPT_EN}"
        ),
    )


class ChangeOut(Schema):
    field: str
    before: str | None
    after: str | None


class AuditEntryOut(Schema):
    id: int
    at: datetime
    actor: str | None
    action: str
    label: str = Field(..., description="the action in words")
    text: str = Field(
        ...,
        description=(
            "the entry in words, in the request's language: "
            '"Unit price line A.I.3: 400.000 → 450.000 — bcxb, …"'
        ),
    )
    changes: list[ChangeOut] = Field(..., description="each changed field, before and after")
    object_type: str
    object_id: str
    before: dict[str, Any] | list[Any] | None
    after: dict[str, Any] | list[Any] | None
    comment: str


class OpenBudgetOut(Schema):
    """A Fiscal Data Package style description with its rows inline (``data``)."""

    profile: str
    name: str
    title: str
    currency: str
    fiscal_period: dict[str, str]
    model: dict[str, Any]
    resources: list[dict[str, Any]]
    data: list[dict[str, Any]]
