"""The JSON API (issue 13): /api/v1/, its OpenAPI description at /api/v1/openapi.json.

Every endpoint authenticates with a person's token (``Authorization: Bearer …``) and asks the
access module (accounts/access.py) exactly as the web does: outsiders 404, read-only people who
try to write 403. Writes go through the same services as the web; the errors are JSON with the
same codes and messages."""

import base64
import binascii
from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from ninja import NinjaAPI, Query, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import paginate
from ninja.security import HttpBearer

from kehoach.accounts.access import (
    get_contract_for_user,
    get_plan_for_user,
    organisations_for,
    require,
)
from kehoach.accounts.models import Organisation
from kehoach.accounts.selectors import organisation_by_code
from kehoach.api import openbudget
from kehoach.api.pagination import Listing, Paged
from kehoach.api.schemas import (
    SCHEMA_MESSAGES,
    AiringIn,
    AiringOut,
    AuditEntryOut,
    ContractDetailOut,
    ContractOut,
    DeliverableOut,
    ErrorOut,
    FindingOut,
    ImportIn,
    ImportOut,
    MonthlyStatOut,
    MonthlyStatPage,
    OpenBudgetOut,
    PlanDetailOut,
    PlanOut,
    ServiceLevelOut,
    ServiceOut,
    Text,
)
from kehoach.api.services import token_for
from kehoach.audit.models import AuditEntry
from kehoach.audit.readable import describe
from kehoach.core.messages import Message, Refusal
from kehoach.documents.report import to_json, words_style
from kehoach.errors import DomainError
from kehoach.execution import selectors as execution_selectors
from kehoach.execution import services as execution_services
from kehoach.execution.models import AsRunRecord, Contract
from kehoach.outcomes import selectors as outcomes_selectors
from kehoach.outcomes import services as outcome_services
from kehoach.plans import selectors as plans_selectors
from kehoach.plans.mapping import plan_to_document
from kehoach.plans.selectors import plan_findings, plans_for_user
from kehoach.web.language import current, place_kept, say_kept

MESSAGES = {
    # the web's error pages say the same (web/templates/errors/)
    401: (
        "UNAUTHENTICATED",
        Message(
            "api.unauthenticated",
            gettext_noop("Thiếu mã truy cập API hoặc mã không hợp lệ, đã bị thu hồi."),
        ),
    ),
    403: (
        "FORBIDDEN",
        Message("api.forbidden", gettext_noop("Bạn không có quyền thực hiện thao tác này.")),
    ),
    404: (
        "NOT_FOUND",
        Message("api.not_found", gettext_noop("Không tìm thấy hoặc bạn không có quyền xem.")),
    ),
}
INVALID_VALUE = Message("api.invalid", gettext_noop("Giá trị không hợp lệ ({field}): {detail}"))


class MissingScope(Exception):
    def __init__(self, scope: str) -> None:
        super().__init__(scope)
        self.scope = scope


def required_scope(request: HttpRequest) -> str:
    """Issue 21: reading needs "read"; reporting an airing "airings"; an import "import"."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return "read"
    if request.path.rstrip("/").endswith("/airings"):
        return "airings"
    if request.path.rstrip("/").endswith("/import"):
        return "import"
    return "write"  # no token scope allows a write not named above


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        found = token_for(token)
        if found is None:
            return None
        scope = required_scope(request)
        if scope not in (found.scopes or []):
            raise MissingScope(scope)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


def in_english(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The OpenAPI description is English whatever the requester's language (issue 23, one
    language per answer): it describes a program's interface, English like its paths, its field
    names and its clients' code (docs/api.md), so it is one document, said in English and
    labelled so (``Content-Language: en``), never Vietnamese around English operations."""

    @wraps(view)
    def english(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override("en"):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = "en"
        return response

    return english


api = NinjaAPI(
    title="kehoach API",
    version="1",
    description=(
        "Plans, estimates, contracts, airings and outcomes as JSON: authentication, errors, "
        "lists and every endpoint in docs/api.md."
    ),
    urls_namespace="api-v1",
    docs_url=None,  # Swagger UI would need scripts from a CDN: the CSP forbids them
    docs_decorator=in_english,
    auth=TokenAuth(),
)

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}  # 403: a token without "read"
WRITE = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut}


def _text(message: Message | str, language: str) -> str:
    """A message in ``language``, its parameters that are messages too said in it first; a
    text that is no message (a framework's) as it is."""
    if isinstance(message, str):
        return message
    params = {
        k: _text(v, language) if isinstance(v, Message) else v for k, v in message.params.items()
    }
    return message.with_params(**params).text(language)


def _error(
    status: int, code: str, message: Message | str, where: dict[str, Any] | None = None
) -> Any:
    """An error body: ``message`` in the request's language (kehoach.web.language), and
    ``message_en`` (kept for clients written before) in English."""
    response = api.create_response(
        None,  # type: ignore[arg-type]  # ninja only reads the request for content negotiation
        {
            "code": code,
            "message": _text(message, current()),
            "message_en": _text(message, "en"),
            "where": where,
        },
        status=status,
    )
    return response


def _standard(request: HttpRequest, status: int) -> HttpResponse:
    code, message = MESSAGES[status]
    response = _error(status, code, message)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="kehoach"'
    return response  # type: ignore[no-any-return]


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _standard(request, 401)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _standard(request, 404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _standard(request, 403)


@api.exception_handler(MissingScope)
def _missing_scope(request: HttpRequest, exc: MissingScope) -> HttpResponse:
    return _error(  # type: ignore[no-any-return]
        403,
        "SCOPE",
        Message(
            "api.scope_missing",
            gettext_noop("Mã truy cập này không có phạm vi '{scope}': hãy tạo mã có phạm vi đó."),
        ).with_params(scope=exc.scope),
    )


@api.exception_handler(Refusal)
def _refused(request: HttpRequest, exc: Refusal) -> HttpResponse:
    """Any refusal a service raises (DomainError, FileRefused, …): 422 with its message."""
    return _error(422, "REFUSED", exc.message)  # type: ignore[no-any-return]


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(413, "TOO_LARGE", execution_services.EVIDENCE_TOO_LARGE)  # type: ignore[no-any-return]


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    loc = ".".join(str(part) for part in first.get("loc", ()))
    detail = str(first.get("msg", ""))
    said = SCHEMA_MESSAGES.get(str((first.get("ctx") or {}).get("error", "")))
    return _error(  # type: ignore[no-any-return]
        422,
        "INVALID_INPUT",
        INVALID_VALUE.with_params(field=loc, detail=said or detail),
        {"part": "request", "field": loc, "errors": len(exc.errors)},
    )


@api.exception_handler(DataError)
def _data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    """A value the database refuses (too long, out of range) that no schema caught: the
    request is refused as invalid."""
    return _error(  # type: ignore[no-any-return]
        422,
        "INVALID_INPUT",
        Message(
            "api.invalid.database",
            gettext_noop("Giá trị không hợp lệ: cơ sở dữ liệu không nhận giá trị này."),
        ),
        {"part": "request"},
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code in MESSAGES:
        return _standard(request, exc.status_code)
    return _error(exc.status_code, "ERROR", str(exc))  # type: ignore[no-any-return]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


# -- plans --------------------------------------------------------------------------------------


def _plan_out(plan: Any) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "organisation": plan.organisation.code,
        "reference": plan.reference,
        "number": plan.number,
        "symbol": plan.symbol,
        "date": plan.date,
        "title": plan.title,
        "year": plan.year,
        "status": plan.status,
        "revision": plan.revision,
    }


@api.get("/plans", response={200: list[PlanOut], **READ}, tags=["plans"])
@paginate(Paged)
def plan_list(request: HttpRequest, year: int | None = None, status: Text = "") -> Any:
    """The caller's plans (every plan of the organisations the caller is staff of), a page
    at a time (``limit``, ``offset``; ``count`` is the total)."""
    plans = plans_for_user(_user(request), year=year, status=status[:20])
    return Listing(plans.order_by("-year", "-id"), _plan_out)


@api.get("/plans/{plan_id}", response={200: PlanDetailOut, **READ}, tags=["plans"])
def plan_detail(request: HttpRequest, plan_id: int) -> Any:
    """One plan with its recomputed estimate and its findings, as ``kehoach check --format
    json`` gives them for the same document."""
    plan = get_plan_for_user(_user(request), plan_id)
    doc = plan_to_document(plan)
    findings = plan_findings(plan, doc)
    # What people read (each finding's message and place) in the request's language, as the
    # errors; ``message_en`` kept for clients written before.
    payload = to_json(doc, findings, lang=current(), style=words_style())
    return {
        **_plan_out(plan),
        "document": payload["document"],
        "estimate": payload["estimate"],
        "findings": [
            {**said, "message_en": finding.message("en")}
            for said, finding in zip(payload["findings"], findings, strict=True)
        ],
    }


@api.get(
    "/plans/{plan_id}/contracts", response={200: list[ContractOut], **READ}, tags=["execution"]
)
@paginate(Paged)
def plan_contracts(request: HttpRequest, plan_id: int) -> Any:
    plan = get_plan_for_user(_user(request), plan_id)
    contracts = execution_selectors.plan_contracts(plan)
    return Listing(contracts, _contract_out)


@api.get("/plans/{plan_id}/history", response={200: list[AuditEntryOut], **READ}, tags=["audit"])
@paginate(Paged)
def plan_history(request: HttpRequest, plan_id: int) -> Any:
    """Who changed what in the plan and its execution, newest first."""
    plan = get_plan_for_user(_user(request), plan_id)
    entries = plans_selectors.plan_history(plan)
    return Listing(entries, _one_entry_out)


@api.get(
    "/plans/{plan_id}/open-budget",
    response={200: OpenBudgetOut, **READ},
    tags=["open budget"],
)
def plan_open_budget(request: HttpRequest, plan_id: int) -> Any:
    """The estimate and its execution as a Fiscal Data Package style description with its
    rows: one per estimate line and phase (estimated, committed, accepted, paid)."""
    plan = get_plan_for_user(_user(request), plan_id)
    return openbudget.package(plan)


@api.get(
    "/plans/{plan_id}/open-budget.csv",
    response={200: None, **READ},
    tags=["open budget"],
    openapi_extra={
        "responses": {
            "200": {
                "description": "CSV, the package's resource",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def plan_open_budget_csv(request: HttpRequest, plan_id: int) -> Any:
    plan = get_plan_for_user(_user(request), plan_id)
    response = HttpResponse(openbudget.to_csv(plan), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{openbudget.slug(plan)}.csv"'
    return response


# -- contracts, deliverables, airings ------------------------------------------------------------


def _contract_out(contract: Contract) -> dict[str, Any]:
    return {
        "id": contract.pk,
        "plan_id": contract.plan_id,
        "contractor": contract.contractor.code,
        "contractor_name": contract.contractor.name,
        "number": contract.number,
        "date": contract.date,
        "value": int(contract.value),
        "selection_method": contract.selection_method,
        "status": contract.status,
    }


def _record_out(record: AsRunRecord) -> dict[str, Any]:
    return {
        "id": record.pk,
        "deliverable_id": record.deliverable_id,
        "outlet": record.outlet,
        "aired_at": record.aired_at,
        "duration": record.duration,
        "title": record.title,
        "evidence_url": record.evidence_url,
        "evidence_name": record.evidence_name,
        "evidence_type": record.evidence_type,
        "evidence_size": record.evidence_size,
        "decision": record.decision,
        "reason": record.reason,
    }


def _one_entry_out(entry: AuditEntry) -> dict[str, Any]:
    return _entries_out([entry])[0]


def _entries_out(entries: Any) -> list[dict[str, Any]]:
    """Each entry with its raw before/after and the same in words (kehoach.audit.readable)."""
    return [_entry_out(d.entry, d) for d in describe(entries, keep_empty=True)]


def _entry_out(entry: AuditEntry, described: Any) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "at": entry.at,
        "actor": entry.actor.username if entry.actor else None,
        "action": entry.action,
        "label": described.label,
        "text": described.text,
        "changes": [
            {"field": c.label, "before": c.before, "after": c.after} for c in described.changes
        ],
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
        "comment": described.comment,  # kehoach's own words in the request's language
    }


@api.get("/contracts", response={200: list[ContractOut], **READ}, tags=["execution"])
@paginate(Paged)
def contract_list(request: HttpRequest) -> Any:
    """A contractor's own contracts; for staff, the contracts of their organisations' plans."""
    return Listing(execution_selectors.contracts_for_user(_user(request)), _contract_out)


@api.get("/contracts/{contract_id}", response={200: ContractDetailOut, **READ}, tags=["execution"])
def contract_detail(request: HttpRequest, contract_id: int) -> Any:
    contract = get_contract_for_user(_user(request), contract_id)
    return {
        **_contract_out(contract),
        "legal_basis": contract.legal_basis,
        "terms": contract.terms,
        "accepted_value": int(execution_selectors.accepted_value(contract)),
        "paid_value": int(execution_selectors.paid_value(contract)),
        "lines": [
            {
                "id": cl.pk,
                "line_id": cl.line_id,
                "line_number": cl.line.number,
                "content": cl.line.content,
                "unit": cl.line.unit,
                "quantity": format(cl.quantity.normalize(), "f"),
                "amount": int(cl.amount),
            }
            for cl in contract.lines.select_related("line")
        ],
    }


@api.get(
    "/contracts/{contract_id}/deliverables",
    response={200: list[DeliverableOut], **READ},
    tags=["execution"],
)
@paginate(Paged)
def contract_deliverables(request: HttpRequest, contract_id: int) -> Any:
    """Every deliverable of the contract, its records and whether it is late."""
    contract = get_contract_for_user(_user(request), contract_id)
    return [
        {
            "id": row["deliverable"].pk,
            "contract_id": contract.pk,
            "line_id": row["deliverable"].line_id,
            "sequence": row["deliverable"].sequence,
            "of_total": row["deliverable"].of_total,
            "label": row["deliverable"].label,
            "planned_date": row["deliverable"].planned_date,
            "status": row["deliverable"].status,
            "late": row["late"],
            "records": [_record_out(r) for r in row["records"]],
        }
        for row in execution_selectors.contract_deliverables(contract)
    ]


@api.get(
    "/contracts/{contract_id}/history",
    response={200: list[AuditEntryOut], **READ},
    tags=["audit"],
)
@paginate(Paged)
def contract_history(request: HttpRequest, contract_id: int) -> Any:
    """The contract's history, its deliverables' and payments' (staff only, as on the web)."""
    user = _user(request)
    contract = get_contract_for_user(user, contract_id)
    require(user, contract.plan.organisation, "view")
    return Listing(execution_selectors.contract_history(contract, limit=None), _one_entry_out)


def _decode(content: str, field: str) -> bytes:
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise DomainError(
            Message(
                "api.file.not_base64",
                gettext_noop("Nội dung tệp ({field}) không phải base64 hợp lệ."),
            ).with_params(field=field)
        ) from None


@api.post(
    "/deliverables/{deliverable_id}/airings",
    response={201: AiringOut, **WRITE},
    tags=["execution"],
)
def airing_create(request: HttpRequest, deliverable_id: int, payload: AiringIn) -> Any:
    """Report an airing or a publication of a deliverable, with its evidence (a link, or a
    file in base64 with the web form's limits), as the contractor's reporter or staff."""
    user = _user(request)
    deliverable = execution_selectors.deliverable_with_line(deliverable_id)
    if deliverable is None or deliverable.contract_line is None:
        raise Http404
    get_contract_for_user(user, deliverable.contract_line.contract_id, action="airing_report")
    evidence = None
    if payload.evidence_file is not None:
        upload = payload.evidence_file
        content = _decode(upload.content_base64, "evidence_file.content_base64")
        evidence = (upload.name, upload.content_type, content)
    aired_at: datetime = payload.aired_at
    if timezone.is_naive(aired_at):
        aired_at = timezone.make_aware(aired_at)
    record = execution_services.airing_record(
        user=user,
        deliverable=deliverable,
        outlet=payload.outlet,
        aired_at=aired_at,
        duration=payload.duration,
        title=payload.title,
        evidence_url=payload.evidence_url,
        evidence=evidence,
    )
    return Status(201, _record_out(record))


# -- outcomes: the catalogue and monthly statistics ----------------------------------------------


def _organisations(user: Any, code: str) -> list[Organisation]:
    orgs = organisations_for(user)
    if code:
        orgs = [o for o in orgs if o.code == code]
        if not orgs:
            raise Http404
    return orgs


@api.get("/services", response={200: list[ServiceOut], **READ}, tags=["outcomes"])
@paginate(Paged)
def service_list(request: HttpRequest, organisation: Text = "") -> Any:
    """The catalogue of online public services of the caller's organisations, with each
    service's levels over time."""
    services = outcomes_selectors.services_of(_organisations(_user(request), organisation))
    return Listing(services, _service_out)


def _service_out(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "organisation": s.organisation.code,
        "code": s.code,
        "name": s.name,
        "field": s.field,
        "agency": s.agency,
        "portal_url": s.portal_url,
        "synthetic": s.synthetic,
        "levels": [
            ServiceLevelOut(
                level=lv.level,
                original=lv.original_value,
                valid_from=lv.valid_from,
                valid_to=lv.valid_to,
            )
            for lv in s.levels.all()
        ],
    }


@api.get("/statistics", response={200: MonthlyStatPage, **READ}, tags=["outcomes"])
def statistics_list(
    request: HttpRequest,
    organisation: Text = "",
    month_from: date | None = None,
    month_to: date | None = None,
    limit: int = Query(500, ge=1, le=5000),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> Any:
    """Monthly dossier statistics (received by channel, resolved on time or late, fees paid
    online) per agency, service and district."""
    rows = outcomes_selectors.monthly_stats(
        _organisations(_user(request), organisation), month_from, month_to
    )
    return {
        "count": rows.count(),
        "items": [
            MonthlyStatOut(
                organisation=r.organisation.code,
                **{
                    name: getattr(r, name)
                    for name in MonthlyStatOut.model_fields
                    if name != "organisation"
                },
            )
            for r in rows[offset : offset + limit]
        ],
    }


def _import(request: HttpRequest, payload: ImportIn, kind: str) -> Any:
    user = _user(request)
    organisation = organisation_by_code(payload.organisation)
    if organisation is None:
        raise Http404
    require(user, organisation, "outcomes_edit")
    content = _decode(payload.content_base64, "content_base64")
    run = (
        outcome_services.catalogue_import if kind == "catalogue" else outcome_services.stats_import
    )
    job = run(
        user=user,
        organisation=organisation,
        filename=payload.filename,
        content=content,
        on_error=payload.on_error,
    )
    return Status(
        201,
        {
            "id": job.pk,
            "kind": job.kind,
            "status": job.status,
            "filename": job.filename,
            "counts": job.counts or {},
            "errors": [_kept_out(e) for e in list(job.errors or [])[:1000]],
            "findings": [_kept_out(f) for f in job.findings or []],
        },
    )


def _kept_out(entry: dict[str, Any]) -> dict[str, Any]:
    """A problem or a finding an import keeps, as the API answers it: ``message`` (and a
    finding's place, ``where.label``) in the request's language, like the errors;
    ``message_en`` (and ``where.label_en``) in English for clients written before."""
    out = {**entry, "message": say_kept(entry), "message_en": say_kept(entry, "en")}
    if isinstance(entry.get("where"), dict):
        out["where"] = {
            **entry["where"],
            "label": place_kept(entry),
            "label_en": place_kept(entry, "en"),
        }
    return out


@api.post("/services/import", response={201: ImportOut, **WRITE}, tags=["outcomes"])
def service_import(request: HttpRequest, payload: ImportIn) -> Any:
    """Import the catalogue (CSV or XLSX, as on the web): a tracked job with its counts and a
    per-row error report."""
    return _import(request, payload, "catalogue")


@api.post("/statistics/import", response={201: ImportOut, **WRITE}, tags=["outcomes"])
def statistics_import(request: HttpRequest, payload: ImportIn) -> Any:
    """Import monthly statistics: the months in the file replace those months."""
    return _import(request, payload, "statistics")


__all__ = ["FindingOut", "api"]
