"""How long a signed-in session has left: the timeout warning's one source of truth.

A session ends after SESSION_COOKIE_AGE seconds without a request (every request starts that again:
SESSION_SAVE_EVERY_REQUEST), or SESSION_ABSOLUTE_AGE seconds after signing in, whichever comes first
(portal.middleware.AbsoluteSessionLifetimeMiddleware)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings

from .middleware import SIGNED_IN_AT


def session_seconds_left(*, session: Any, now: float | None = None) -> int:
    """Seconds until this session ends if nothing else is requested, counted from this request."""
    idle = int(settings.SESSION_COOKIE_AGE)
    started = session.get(SIGNED_IN_AT)
    if started is None:
        return idle
    absolute = int(settings.SESSION_ABSOLUTE_AGE) - (int(now if now is not None else time.time()) - int(started))
    return max(0, min(idle, absolute))


def session_can_be_extended(*, session: Any, now: float | None = None) -> bool:
    """False once the working day's absolute limit, not idleness, is what ends the session."""
    return session_seconds_left(session=session, now=now) >= int(settings.SESSION_COOKIE_AGE)
