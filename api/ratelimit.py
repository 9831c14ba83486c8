"""A per-token rate limit in the shared cache (Redis in production): API_RATE_LIMIT requests a minute.

A fixed window per token and minute (`portal.throttling.throttle_allows`, the password reset's counter): the
answer to one request too many is 429 with Retry-After, the seconds left in the window.
"""

from __future__ import annotations

import time

from django.conf import settings

from portal.throttling import throttle_allows

WINDOW = 60


def rate_limit_wait(*, token_id: int, now: float | None = None) -> int | None:
    """Count one request for the token; None if allowed, else the seconds until its next window."""
    moment = time.time() if now is None else now
    window = int(moment // WINDOW)
    limit = int(getattr(settings, "API_RATE_LIMIT", 120))
    if throttle_allows(f"api:{token_id}:{window}", limit=limit, window=WINDOW + 5):
        return None
    return max(1, int((window + 1) * WINDOW - moment))
