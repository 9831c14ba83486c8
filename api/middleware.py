"""Under /api/v1/: every answer is JSON, and nothing with a referral in it is kept by a cache.

Django answers an unknown URL (404) and ninja a method an endpoint does not take (405) with HTML or plain text;
here they become `{"error": ...}` like every other API error (405 keeps its Allow header).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PREFIX = "/api/v1/"
PUBLIC = (f"{PREFIX}docs", f"{PREFIX}openapi.json", f"{PREFIX}frameworks")
MESSAGES = {404: "Not found.", 405: "This method is not allowed here."}


class ApiV1Middleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(PREFIX):
            return response
        kind = response.get("Content-Type", "")
        if response.status_code in MESSAGES and not kind.startswith("application/json"):
            allow = response.get("Allow")
            response = HttpResponse(
                json.dumps({"error": MESSAGES[response.status_code]}),
                status=response.status_code,
                content_type="application/json",
            )
            if allow:
                response["Allow"] = allow
        if not request.path.startswith(PUBLIC):
            response["Cache-Control"] = "no-store"
        return response
