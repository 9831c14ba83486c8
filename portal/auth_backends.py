"""Who is signed in, without a database query on every request.

`CachedUserBackend` is Django's ModelBackend whose `get_user` (asked on every signed-in request) is answered from
the cache (Redis, shared by every app server, when REDIS_URL is set) for USER_CACHE_SECONDS. Saving or deleting a
user drops their entry at once (signals below), so a role, partnership, password or deactivation change counts
from the next request; a change made without saving the model (QuerySet.update) counts within USER_CACHE_SECONDS.
Each cached entry is checked against the session's own password hash by Django as before. A cache that does not
answer costs the query, never the request. USER_CACHE_SECONDS = 0 turns it off (the tests' default).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)


def user_cache_key(user_id: Any) -> str:
    return f"threshold:user:{user_id}"


class CachedUserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        seconds = getattr(settings, "USER_CACHE_SECONDS", 0)
        if not seconds:
            return super().get_user(user_id)
        key = user_cache_key(user_id)
        try:
            user = cache.get(key)
        except Exception:  # the cache is down: ask the database
            logger.warning("user cache: the cache did not answer", exc_info=True)
            return super().get_user(user_id)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                try:
                    cache.set(key, user, seconds)
                except Exception:
                    logger.warning("user cache: the cache did not answer", exc_info=True)
        return user


def _forget(sender: Any, instance: Any, **kwargs: Any) -> None:
    try:
        cache.delete(user_cache_key(instance.pk))
    except Exception:
        logger.warning("user cache: the cache did not answer", exc_info=True)


def connect() -> None:
    model = get_user_model()
    post_save.connect(_forget, sender=model, dispatch_uid="threshold-user-cache-save")
    post_delete.connect(_forget, sender=model, dispatch_uid="threshold-user-cache-delete")
