"""What the admin logs (logger "thresholds.admin"): publishes and refused actions, by ids, never child data.

The admin site's own refusals (someone signed in who may not edit guidance) are logged by
`thresholds.access.ThresholdAdminSite.has_permission`, under the same logger.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest

from .. import models

logger = logging.getLogger("thresholds.admin")


def log_refusal(request: HttpRequest, action: str, obj: Any) -> None:
    """A signed-in admin was refused `action` ("publish", "revert", ...) on obj: who, what kind, which id."""
    logger.warning(
        "Admin refused: user %s may not %s %s %s",
        request.user.pk,
        action,
        obj._meta.model_name if obj is not None else "object",
        getattr(obj, "pk", None),
    )


def log_publish(request: HttpRequest, framework: models.Framework) -> None:
    logger.info("Published framework %s (version %s) by user %s", framework.slug, framework.version, request.user.pk)


def log_publish_refused(request: HttpRequest, framework: models.Framework, problems: int) -> None:
    logger.info("Publish refused: framework %s has %s problem(s), user %s", framework.slug, problems, request.user.pk)
