"""Who is signed in, without a database query on every request.

`CachedUserBackend` is Django's ModelBackend whose `get_user` (asked on every signed-in request) is answered from
the cache (Redis, shared by every app server, when REDIS_URL is set) for USER_CACHE_SECONDS. Saving or deleting a
user drops their entry at once (signals below), so a role, partnership, password or deactivation change counts
from the next request; a change made without saving the model (QuerySet.update) counts within USER_CACHE_SECONDS.
Each cached entry is checked against the session's own password hash by Django as before. A cache that does not
answer costs the query, never the request. USER_CACHE_SECONDS = 0 turns it off (the tests' default).

The user is read with their partnership (one query, and in the cached entry: the header names it on every page,
issue 19); saving a partnership drops the entries of its users, so a new name or second-factor rule counts at once.
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
            return self._user_from_db(user_id)
        key = user_cache_key(user_id)
        try:
            user = cache.get(key)
        except Exception:  # the cache is down: ask the database
            logger.warning("user cache: the cache did not answer", exc_info=True)
            return self._user_from_db(user_id)
        if user is None:
            user = self._user_from_db(user_id)
            if user is not None:
                try:
                    cache.set(key, user, seconds)
                except Exception:
                    logger.warning("user cache: the cache did not answer", exc_info=True)
        return user

    def _user_from_db(self, user_id: Any) -> Any:
        """ModelBackend.get_user, with the user's partnership in the same query."""
        model = get_user_model()
        try:
            user = model._default_manager.select_related("partnership").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def _forget_partnership(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A partnership saved: its users' cached entries (which hold it) are dropped."""
    users = get_user_model()._default_manager.filter(partnership_id=instance.pk).values_list("pk", flat=True)
    try:
        cache.delete_many([user_cache_key(pk) for pk in users])
    except Exception:
        logger.warning("user cache: the cache did not answer", exc_info=True)


def _forget(sender: Any, instance: Any, **kwargs: Any) -> None:
    try:
        cache.delete(user_cache_key(instance.pk))
    except Exception:
        logger.warning("user cache: the cache did not answer", exc_info=True)


def connect() -> None:
    model = get_user_model()
    post_save.connect(_forget, sender=model, dispatch_uid="threshold-user-cache-save")
    post_delete.connect(_forget, sender=model, dispatch_uid="threshold-user-cache-delete")
    partnership = model._meta.get_field("partnership").related_model
    post_save.connect(_forget_partnership, sender=partnership, dispatch_uid="threshold-user-cache-partnership")
