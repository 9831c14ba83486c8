"""What an API token may reach: the one door every API endpoint and the token admin ask.

- A token sees the sent assessments (never drafts) of its own partnership: `referrals_for_token`.
- Another partnership's referral, a draft and one that does not exist are answered alike: 404.
- Only a write token records decisions (`token_may_write`): a read token gets 403.
- Partnership admins see, add and revoke their own partnership's tokens; a superuser every token
  (`api_tokens_manageable_by`, built on `thresholds.access.editable_by`).
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from referrals.models import Assessment
from thresholds.access import can_edit_guidance, editable_by, partnership_choices_for
from thresholds.models import Partnership

from .models import ApiToken

logger = logging.getLogger("api.access")


def referrals_for_token(token: ApiToken) -> QuerySet[Assessment]:
    """The sent (submitted, in review, decided) assessments of the token's partnership; none for a revoked token."""
    if token.is_revoked:
        return Assessment.objects.none()
    return Assessment.objects.filter(partnership_id=token.partnership_id).sent()


def referral_for_token(token: ApiToken, pk: UUID, *, queryset: QuerySet[Assessment] | None = None) -> Assessment:
    """The referral `pk` if the token may see it; 404 otherwise (not yours and does not exist look the same)."""
    found = (queryset if queryset is not None else referrals_for_token(token)) & referrals_for_token(token)
    assessment = found.filter(pk=pk).first()
    if assessment is None:
        logger.info("refused referral: token %s, 404", token.pk)  # the token's id, never the referral's contents
        raise Http404("No such referral")
    return assessment


def token_may_write(token: ApiToken) -> bool:
    return token.may_write and not token.is_revoked


def api_tokens_manageable_by(user: Any) -> QuerySet[ApiToken]:
    """Every token for a superuser, their own partnership's for a partnership admin, none for anyone else."""
    return editable_by(user, ApiToken.objects.all(), partnership_lookup="partnership_id")


def can_manage_api_tokens(user: Any, token: ApiToken | None = None) -> bool:
    """May manage tokens at all (None), or this one: a superuser any, a partnership admin their partnership's."""
    if not can_edit_guidance(user):
        return False
    return token is None or user.is_superuser or token.partnership_id == user.partnership_id


def token_partnerships_for(user: Any) -> QuerySet[Partnership]:
    """The partnerships a new token may be made for by this user."""
    limited = partnership_choices_for(user)
    return limited if limited is not None else Partnership.objects.all()
