"""Tokens: made (the token shown once), found by the hash of what a request presents, revoked.

A token is `thr_` and 43 URL-safe characters (`secrets.token_urlsafe(32)`); the database keeps its SHA-256 and its
first 12 characters (`prefix`, shown in lists). Nothing here logs a token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from thresholds.models import Partnership

from .models import ApiToken

TOKEN_START = "thr_"  # noqa: S105 - the visible start of every token, not a secret
PREFIX_LENGTH = 12  # "thr_" and 8 characters: enough to tell tokens apart in a list, far too few to guess one
LAST_USED_EVERY = timedelta(minutes=1)  # `last_used` is written at most once a minute per token


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class MadeToken:
    token: ApiToken
    secret: str  # the token itself: shown once, never stored


def api_token_create(
    *, partnership: Partnership, name: str, scope: str = ApiToken.Scope.READ, created_by: Any = None
) -> MadeToken:
    """A new token for `partnership`; the returned `secret` is the only copy of the token."""
    if scope not in ApiToken.Scope.values:
        raise ValueError(f"The scope must be read or write, not {scope!r}.")
    name = name.strip()
    if not name:
        raise ValueError("Give the token a name (which case system uses it).")
    secret = TOKEN_START + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        partnership=partnership,
        name=name[:100],
        scope=scope,
        prefix=secret[:PREFIX_LENGTH],
        key_hash=token_hash(secret),
        created_by=created_by,
    )
    return MadeToken(token=token, secret=secret)


def api_token_authenticate(*, presented: str) -> ApiToken | None:
    """The live token whose hash matches what was presented (one query), else None (unknown or revoked)."""
    if not presented.startswith(TOKEN_START) or len(presented) > 200:
        return None
    token = ApiToken.objects.select_related("partnership").filter(key_hash=token_hash(presented)).first()
    if token is None or token.is_revoked:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token


def api_token_revoke(*, token: ApiToken) -> bool:
    """Revoke `token` from now on; False if it was revoked already."""
    return bool(ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()))


def api_tokens_matching(*, id_or_prefix: str) -> QuerySet[ApiToken]:
    """The tokens `api_token revoke` may mean: by id (digits) or by the start of the token (at least 8 characters)."""
    if id_or_prefix.isdigit():
        return ApiToken.objects.filter(pk=int(id_or_prefix))
    if len(id_or_prefix) < 8:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(prefix__startswith=id_or_prefix[:PREFIX_LENGTH])
