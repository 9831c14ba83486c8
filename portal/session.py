"""How long a signed-in session has left: the timeout warning's one source of truth.

A session ends SESSION_COOKIE_AGE seconds after its last refresh (portal.middleware.SessionRefreshMiddleware
refreshes it on a request when the last refresh is REFRESH_EVERY seconds old), or SESSION_ABSOLUTE_AGE seconds
after signing in, whichever comes first (portal.middleware.AbsoluteSessionLifetimeMiddleware)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings

from .middleware import REFRESH_EVERY, SIGNED_IN_AT
from .session_backends import REFRESHED_AT


def session_seconds_left(*, session: Any, now: float | None = None) -> int:
    """Seconds until this session ends if nothing else is requested, counted from this request."""
    at = int(now if now is not None else time.time())
    idle = int(settings.SESSION_COOKIE_AGE)
    refreshed = session.get(REFRESHED_AT)
    if refreshed is not None and at - int(refreshed) < REFRESH_EVERY:  # this request does not refresh it
        idle -= at - int(refreshed)
    started = session.get(SIGNED_IN_AT)
    if started is None:
        return max(0, idle)
    absolute = int(settings.SESSION_ABSOLUTE_AGE) - (at - int(started))
    return max(0, min(idle, absolute))


def session_can_be_extended(*, session: Any, now: float | None = None) -> bool:
    """False once the working day's absolute limit, not idleness, is what ends the session."""
    return session_seconds_left(session=session, now=now) >= int(settings.SESSION_COOKIE_AGE) - REFRESH_EVERY
