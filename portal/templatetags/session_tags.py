"""The timeout warning's figures for templates/includes/timeout_warning.html."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from ..session import session_seconds_left

register = template.Library()


@register.simple_tag(takes_context=True)
def session_timing(context: dict[str, Any]) -> dict[str, int]:
    """{"left": seconds until the session ends, "warn": seconds before that the warning opens}."""
    request = context["request"]
    return {"left": session_seconds_left(session=request.session), "warn": int(settings.SESSION_TIMEOUT_WARNING)}
