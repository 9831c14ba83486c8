"""Session stores whose expiry is the last refresh plus the idle timeout (portal.middleware.SessionRefreshMiddleware).

A session is written at most once a minute (not on every request), so the time it ends is the time of its last
refresh, kept in the session as REFRESHED_AT, plus SESSION_COOKIE_AGE: `get_expiry_date()` answers that, the same
date the database row and the cookie were given, rather than "now plus the idle timeout".
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

REFRESHED_AT = "threshold_refreshed_at"


class RefreshedExpiryMixin:
    def get_expiry_date(self, **kwargs: Any) -> datetime:
        if "modification" not in kwargs and "expiry" not in kwargs:
            refreshed = self.get(REFRESHED_AT)  # type: ignore[attr-defined]
            if refreshed is not None and self.get("_session_expiry") is None:  # type: ignore[attr-defined]
                kwargs["modification"] = datetime.fromtimestamp(refreshed, tz=UTC)
        return super().get_expiry_date(**kwargs)  # type: ignore[misc]
