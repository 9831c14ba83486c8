"""The one optimistic lock: read a row for update and refuse if it changed since the page showed it."""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from django.db import models

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
