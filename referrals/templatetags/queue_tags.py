"""The review queue's rows (referrals/review/queue_rows.py) for referrals/queue.html."""

from __future__ import annotations

from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString

from ..review.queue_rows import queue_rows_html

register = template.Library()


@register.simple_tag(takes_context=True)
def queue_rows(context: Any, page: Any, now: Any) -> SafeString:
    request = context["request"]
    return queue_rows_html(rows=page, me=request.user, now=now, csrf_token=get_token(request))
