"""The one optimistic lock (read a row for update, refuse if it changed since the page showed it), and the one
worker claim (a conditional UPDATE that only one worker wins)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from .errors import ChangedMeanwhile

logger = logging.getLogger("referrals")

M = TypeVar("M", bound=models.Model)


def locked_for_update(model: type[M], pk: Any, *, seen_revision: int | None = None) -> M:
    """The row `pk`, locked until the transaction ends (call inside `transaction.atomic`).

    With `seen_revision`, raises ChangedMeanwhile unless the row's `revision` is still the one the page showed.
    """
    locked = model._default_manager.select_for_update().get(pk=pk)
    if seen_revision is not None and getattr(locked, "revision") != seen_revision:  # noqa: B009 - M is any model
        conflict(locked)
    return locked


def conflict(row: models.Model) -> None:
    """Log the conflict (the assessment's reference only, never child data) and raise ChangedMeanwhile."""
    assessment = getattr(row, "assessment", row)
    logger.info("changed meanwhile: %s %s", row._meta.model_name, getattr(assessment, "reference", row.pk))
    raise ChangedMeanwhile


def claimed(model: type[models.Model], pk: Any, *, claimable: models.Q, **changes: Any) -> datetime | None:
    """A worker's claim on job `pk`: one conditional UPDATE, so of two workers only one wins. The claim time
    (stored as `claimed_at` with `changes`), or None if the job was not claimable (another worker has it)."""
    now = timezone.now()
    won = model._default_manager.filter(claimable, pk=pk).update(claimed_at=now, **changes)
    return now if won else None
