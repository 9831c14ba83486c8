"""A fixed-window counter in the shared cache: how many times one key may do something per window."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

TOO_MANY_RESETS = "Too many password reset requests have been made. Wait an hour, then try again."


def throttle_allows(key: str, *, limit: int | None = None, window: int | None = None) -> bool:
    """Count one more attempt for `key`; False once more than `limit` were made in the current window."""
    limit = limit if limit is not None else settings.RESET_THROTTLE_LIMIT
    window = window if window is not None else settings.RESET_THROTTLE_WINDOW
    full_key = f"throttle:{key}"
    cache.add(full_key, 0, timeout=window)
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.set(full_key, 1, timeout=window)
        count = 1
    return count <= limit
