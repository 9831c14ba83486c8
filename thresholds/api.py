"""JSON API for the suggestion engine. Stateless: nothing about a child is received or stored."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .engine import Context, SuggestionError, parse_moment, suggest
from .models import Framework
from .selectors import framework_by_slug
from .snapshot import cached_snapshot

MAX_BODY = 64 * 1024


def suggest_json(*, slug: str, body: bytes) -> tuple[int, dict[str, Any]]:
    """The suggest API's answer to `body` for framework `slug`: (status, JSON). Both `POST /api/frameworks/<slug>/
    suggest` and its twin `POST /api/v1/frameworks/<slug>/suggest` answer with it."""
    framework = framework_by_slug(slug)
    if framework is None or framework.status == Framework.Status.DRAFT:  # drafts are private, as on the pages
        return 404, {"error": f"Unknown framework: {slug}"}
    if len(body) > MAX_BODY:
        return 400, {"error": "The request body is too large."}
    try:
        data = json.loads(body or b"{}")
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser allows
        return 400, {"error": "The request body must be JSON."}
    if not isinstance(data, dict):
        return 400, {"error": "The request body must be a JSON object."}
    indicators = data.get("indicators", [])
    if not isinstance(indicators, list) or not all(isinstance(c, str) for c in indicators):
        return 400, {"error": '"indicators" must be a list of indicator codes.'}
    area, at = data.get("area"), data.get("at")
    if area is not None and not isinstance(area, str):
        return 400, {"error": '"area" must be an area code.'}
    if at is not None and not isinstance(at, str):
        return 400, {"error": '"at" must be a date and time such as "2026-12-25T10:00".'}
    try:
        suggestion = suggest(cached_snapshot(framework), indicators, Context(area=area or None, at=parse_moment(at)))
    except SuggestionError as exc:
        return 400, {"error": str(exc)}
    return 200, suggestion.as_json()


@csrf_exempt  # no session, no cookies, nothing stored: CSRF does not apply
@require_POST
def suggest_view(request: HttpRequest, slug: str) -> JsonResponse:
    status, data = suggest_json(slug=slug, body=request.body)
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
