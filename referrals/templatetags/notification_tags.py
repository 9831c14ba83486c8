"""The header's unread-notification count (one COUNT query per page for someone signed in; none otherwise)."""

from __future__ import annotations

from typing import Any

from django import template

from ..notifications.selectors import notifications_unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int:
    return notifications_unread_count(user=user)
