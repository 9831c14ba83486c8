"""The integration API, version 1, at /api/v1/: the schema at `openapi.json`, interactive docs at `docs`.

Public: the frameworks and the suggestion (the same answer as `POST /api/frameworks/<slug>/suggest`).
With a token (`Authorization: Bearer thr_…`, made by `manage.py api_token create`): the token's partnership's sent
referrals (`api.access`), their PDFs, and decisions (a write token). Every error is `{"error": "..."}`: 400 bad
input, 401 no, unknown or revoked token, 403 a read token writing, 404 not found or not yours, 409 changed
meanwhile, 429 too many requests (with Retry-After). Every read of a child's record is logged, naming the token.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja import NinjaAPI, Query, Status
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError
from ninja.security import HttpBearer

from referrals.assessments.pdf import referral_pdf_for_download
from referrals.audit import record_list_view, record_view
from referrals.errors import ChangedMeanwhile, NotAllowed, changed_meanwhile
from referrals.exports import (
    FilterError,
    parse_limit,
    referral_filters_parse,
    referral_item,
    referrals_filtered,
    referrals_page,
    returns_csv_response,
)
from referrals.family.selectors import family_children
from referrals.models import Assessment
from referrals.review.forms import review_form_for
from referrals.review.selectors import review_of
from referrals.review.services import ReviewInput, review_save
from thresholds.api import suggest_json
from thresholds.models import Framework
from thresholds.selectors import framework_export

from ..access import referral_for_token, referrals_for_token, token_may_write
from ..models import ApiToken
from ..ratelimit import rate_limit_wait
from ..tokens import api_token_authenticate
from . import schemas
from .serializers import decision_json, referral_detail, with_detail

PDF_RETRY_AFTER = 10  # seconds: the PDF worker makes a large referral's PDF in about that
NO_TOKEN = "Send your token in the Authorization header: Authorization: Bearer <token>."  # noqa: S105
BAD_TOKEN = "The token is not valid, or it was revoked."  # noqa: S105
READ_ONLY = "This token may only read: recording a decision needs a token with the write scope."


class TokenAuth(HttpBearer):
    """A live token of the `write` scope (or any scope); counts the request against the token's rate limit."""

    def __init__(self, *, write: bool = False) -> None:
        super().__init__()
        self.write = write

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if not header:
            return None  # ninja answers 401 (NO_TOKEN)
        scheme, _, presented = header.partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            raise AuthenticationError(message=BAD_TOKEN)
        return self.authenticate(request, presented.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = api_token_authenticate(presented=token)
        if found is None:
            raise AuthenticationError(message=BAD_TOKEN)
        wait = rate_limit_wait(token_id=found.pk)
        if wait is not None:
            raise Throttled(wait=wait)
        if self.write and not token_may_write(found):
            raise AuthorizationError(message=READ_ONLY)
        return found


read_token, write_token = TokenAuth(), TokenAuth(write=True)

api = NinjaAPI(
    title="Threshold integration API",
    version="1",
    description=(
        "Case systems pull a partnership's sent referrals and push decisions. Every error is "
        '`{"error": "..."}`. Tokens: `python manage.py api_token create --partnership SLUG --name NAME '
        "[--scope read|write]`."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


# --- Errors: all JSON {"error": ...} ---------------------------------------------------------------------------


def _error(request: HttpRequest, message: str, status: int, **headers: str) -> HttpResponse:
    response = api.create_response(request, {"error": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = NO_TOKEN if str(exc) in ("", "Unauthorized") else str(exc)
    return _error(request, message, 401, WWW_Authenticate="Bearer")


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    wait = int(getattr(exc, "wait", None) or 60)
    return _error(request, f"Too many requests for this token: wait {wait} seconds.", 429, Retry_After=str(wait))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, str(exc), exc.status_code)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    where = ".".join(str(p) for p in first.get("loc", ())[1:] if p not in ("payload",)) or "request"
    return _error(request, f'"{where}": {first.get("msg", "is not valid")}.', 400)


@api.exception_handler(FilterError)
def _bad_filter(request: HttpRequest, exc: FilterError) -> HttpResponse:
    return _error(request, str(exc), 400)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, "Not found.", 404)


@api.exception_handler(ChangedMeanwhile)
def _changed(request: HttpRequest, exc: ChangedMeanwhile) -> HttpResponse:
    return _error(request, changed_meanwhile("referral") + " Read it again for its new revision.", 409)


@api.exception_handler(NotAllowed)
def _not_allowed(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
    return _error(request, str(exc), 400)


ERRORS = {400: schemas.Error, 401: schemas.Error, 404: schemas.Error, 429: schemas.Error}


# --- Frameworks and the suggestion (public) --------------------------------------------------------------------


def _public_frameworks() -> Any:
    return Framework.objects.exclude(status=Framework.Status.DRAFT).select_related("partnership", "successor")


@api.get("/frameworks", response=list[schemas.FrameworkSummary], tags=["frameworks"], summary="Every framework")
def frameworks(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "slug": f.slug,
            "partnership": f.partnership.name,
            "partnership_slug": f.partnership.slug,
            "title": f.title,
            "published": f.published,
            "status": f.status,
            "successor": f.successor.slug if f.successor else None,
            "url": request.build_absolute_uri(f"/api/v1/frameworks/{f.slug}"),
        }
        for f in _public_frameworks().order_by("slug")
    ]


@api.get(
    "/frameworks/{slug}",
    response={200: schemas.FrameworkExport, 404: schemas.Error},
    tags=["frameworks"],
    summary="One framework: levels, domains, indicators, pathways, contacts",
)
def framework(request: HttpRequest, slug: str) -> dict[str, Any]:
    found = _public_frameworks().filter(slug=slug).first()
    if found is None:
        raise Http404
    return framework_export(found)


@api.post(
    "/frameworks/{slug}/suggest",
    response={200: schemas.SuggestionOut, 400: schemas.Error, 404: schemas.Error},
    tags=["frameworks"],
    summary="Suggest a level from ticked indicators (stores nothing)",
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": schemas.SuggestIn.model_json_schema()}},
        }
    },
)
def suggest(request: HttpRequest, slug: str) -> Any:
    status, data = suggest_json(slug=slug, body=request.body)  # the same answer as POST /api/frameworks/<slug>/suggest
    return Status(status, data)


# --- Referrals (a token) ---------------------------------------------------------------------------------------

CSV_DOC = {
    "responses": {
        200: {
            "description": "JSON (a page of referrals), or with format=csv the returns CSV of every match.",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ReferralList"}},
                "text/csv": {"schema": {"type": "string"}},
            },
        }
    }
}


@api.get(
    "/referrals",
    response={200: schemas.ReferralList, **ERRORS},
    auth=read_token,
    tags=["referrals"],
    summary="The partnership's sent referrals (filters, cursor pagination; format=csv for returns)",
    openapi_extra=CSV_DOC,
)
def referrals(
    request: HttpRequest,
    status: str | None = Query(None, description="submitted, in_review or decided"),  # noqa: B008
    level: str | None = Query(None, description="1-4: the level put forward (judgement, else suggestion)"),  # noqa: B008
    rag: str | None = Query(None, description="A RAG rating's name"),  # noqa: B008
    sent_since: str | None = Query(None, description="ISO 8601 date or date and time"),  # noqa: B008
    decided_since: str | None = Query(None, description="ISO 8601 date or date and time"),  # noqa: B008
    cursor: str | None = Query(None, description="From the previous page's `next`"),  # noqa: B008
    limit: str | None = Query(None, description="Items a page, 1-200 (default 50)"),  # noqa: B008
    format: str | None = Query(None, description="json (default) or csv"),  # noqa: B008
) -> Any:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    params = {"status": status, "level": level, "rag": rag, "sent_since": sent_since, "decided_since": decided_since}
    found = referrals_filtered(assessments=referrals_for_token(token), filters=referral_filters_parse(params))
    if format == "csv":
        record_list_view(assessment_ids=found, token=token, what="api-csv")
        name = f"referrals-{token.partnership.slug}-{timezone.localdate():%Y-%m-%d}"
        return returns_csv_response(assessments=found, name=name)
    if format not in (None, "", "json"):
        raise FilterError('"format" must be json or csv.')
    rows, after = referrals_page(assessments=found, cursor=cursor, limit=parse_limit(limit))
    record_list_view(assessment_ids=[r.pk for r in rows], token=token, what="api-list")
    following = None
    if after:
        query = {k: v for k, v in params.items() if v} | ({"limit": limit} if limit else {}) | {"cursor": after}
        following = request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
    return {"items": [referral_item(r) for r in rows], "next": following}


@api.get(
    "/referrals/{uuid:id}",
    response={200: schemas.ReferralDetail, **ERRORS},
    auth=read_token,
    tags=["referrals"],
    summary="One referral: everything its PDF holds, as JSON",
)
def referral(request: HttpRequest, id: UUID) -> dict[str, Any]:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    assessment = referral_for_token(token, id, queryset=with_detail(Assessment.objects.all()))
    record_view(assessment=assessment, token=token, what="api-detail")
    family = family_children(assessment=assessment)
    siblings = [child.pk for child in family if child.pk != assessment.pk]
    if siblings:  # their names are in the answer: a look at their records too
        record_list_view(assessment_ids=siblings, token=token, what="family api-detail")
    return referral_detail(assessment, family=family)


@api.get(
    "/referrals/{uuid:id}.pdf",
    response={202: schemas.Pending, 503: schemas.Error, **ERRORS},
    auth=read_token,
    tags=["referrals"],
    summary="The referral PDF (the portal's own); 202 with Retry-After while it is being made",
    openapi_extra={
        "responses": {200: {"description": "The PDF", "content": {"application/pdf": {"schema": {"type": "string"}}}}}
    },
)
def referral_pdf(request: HttpRequest, id: UUID) -> Any:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    related = Assessment.objects.select_related("framework", "owner", "partnership")
    assessment = referral_for_token(token, id, queryset=related)
    download = referral_pdf_for_download(assessment=assessment)
    if download.state == "failed":
        message = "The PDF could not be made. Ask again: the next request tries once more."
        return _error(request, message, 503)
    if download.state == "pending":
        wait = {"status": "pending", "retry_after": PDF_RETRY_AFTER, "message": "The PDF is being made."}
        pending = JsonResponse(wait, status=202)
        pending["Retry-After"] = str(PDF_RETRY_AFTER)
        return pending
    record_view(assessment=assessment, token=token, what="api-pdf")  # once, when the child's data is sent
    response = HttpResponse(download.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="referral-{assessment.reference}.pdf"'
    return response


API_FIELDS = {"decided_level": "level", "decision_rationale": "rationale"}


def _form_data(payload: schemas.DecisionIn, assessment: Assessment) -> dict[str, str]:
    """The review form's fields from the API's body: `decision` follows from `level` when it is not given."""
    decision = payload.decision
    if decision is None:
        if payload.level is not None:
            decision = "agree" if payload.level == assessment.level else "different"
        else:
            decision = "agree" if payload.outcome else ""
    return {
        "revision": str(payload.revision),
        "rag": payload.rag,
        "decision": decision,
        "decided_level": "" if payload.level is None else str(payload.level),
        "decision_rationale": payload.rationale,
        "outcome": payload.outcome,
        "notes": payload.notes,
        "change_reason": payload.change_reason,
    }


@api.post(
    "/referrals/{uuid:id}/decision",
    response={200: schemas.DecisionResult, 403: schemas.Error, 409: schemas.Error, **ERRORS},
    auth=write_token,
    tags=["referrals"],
    summary="Record a decision (the review page's rules; 409 if the referral changed since its revision)",
)
def decision(request: HttpRequest, id: UUID, payload: schemas.DecisionIn) -> dict[str, Any]:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    related = Assessment.objects.select_related("framework", "owner", "partnership")
    assessment = referral_for_token(token, id, queryset=related)
    form = review_form_for(
        assessment=assessment, review=review_of(assessment=assessment), data=_form_data(payload, assessment)
    )
    if not form.is_valid():
        field, messages = next(iter(form.errors.items()))
        where = API_FIELDS.get(field, field)
        raise FilterError(f'"{where}": {messages[0]}' if field != "__all__" else messages[0])
    data = form.cleaned_data
    review_save(
        assessment=assessment,
        lead=None,
        via_token=token,
        data=ReviewInput(
            rag=data["rag"] or "",
            decision=data["decision"] or "",
            decided_level=data["decided_level"],
            decision_rationale=data["decision_rationale"],
            outcome=data["outcome"] or "",
            notes=data["notes"],
            change_reason=data["change_reason"],
        ),
        seen_revision=data["revision"],
    )
    saved = with_detail(Assessment.objects.all()).get(pk=assessment.pk)
    return {
        "id": saved.pk,
        "reference": saved.reference,
        "status": saved.status,
        "revision": saved.revision,
        "decision": decision_json(saved),
    }
