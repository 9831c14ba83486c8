"""The header's unread-notification count (one COUNT query per page for someone signed in; none otherwise)."""

from __future__ import annotations

from typing import Any

from django import template

from ..notifications.selectors import UNREAD_COUNTED, notifications_unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int | str:
    """The number, or "99+" once UNREAD_COUNTED are counted (0: none, and the header shows no tag)."""
    unread = notifications_unread_count(user=user)
    return f"{UNREAD_COUNTED - 1}+" if unread >= UNREAD_COUNTED else unread
