"""JSON API for the suggestion engine. Stateless: nothing about a child is received or stored."""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .engine import Context, SuggestionError, parse_moment, suggest
from .models import Framework
from .selectors import framework_by_slug
from .snapshot import cached_snapshot

MAX_BODY = 64 * 1024


def _bad_request(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@csrf_exempt  # no session, no cookies, nothing stored: CSRF does not apply
@require_POST
def suggest_view(request: HttpRequest, slug: str) -> JsonResponse:
    framework = framework_by_slug(slug)
    if framework is None or framework.status == Framework.Status.DRAFT:  # drafts are private, as on the pages
        return _bad_request(f"Unknown framework: {slug}", status=404)
    if len(request.body) > MAX_BODY:
        return _bad_request("The request body is too large.")
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser allows
        return _bad_request("The request body must be JSON.")
    if not isinstance(body, dict):
        return _bad_request("The request body must be a JSON object.")
    indicators = body.get("indicators", [])
    if not isinstance(indicators, list) or not all(isinstance(c, str) for c in indicators):
        return _bad_request('"indicators" must be a list of indicator codes.')
    area, at = body.get("area"), body.get("at")
    if area is not None and not isinstance(area, str):
        return _bad_request('"area" must be an area code.')
    if at is not None and not isinstance(at, str):
        return _bad_request('"at" must be a date and time such as "2026-12-25T10:00".')
    try:
        suggestion = suggest(cached_snapshot(framework), indicators, Context(area=area or None, at=parse_moment(at)))
    except SuggestionError as exc:
        return _bad_request(str(exc))
    return JsonResponse(suggestion.as_json(), json_dumps_params={"ensure_ascii": False})
