"""Table rows rendered in Python: the review queue's (referrals/review/queue_rows.py), "My assessments"'
(referrals/assessments/mine_rows.py) and the review page's record views (referrals/review/record_rows.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString

from ..assessments.mine_rows import mine_rows_html
from ..review.queue_rows import queue_rows_html
from ..review.record_rows import record_view_rows_html

register = template.Library()


@register.simple_tag(takes_context=True)
def queue_rows(context: Any, page: Any, now: Any) -> SafeString:
    request = context["request"]
    return queue_rows_html(rows=page, me=request.user, now=now, csrf_token=get_token(request))


@register.simple_tag
def mine_rows(assessments: Any) -> SafeString:
    return mine_rows_html(rows=assessments)


@register.simple_tag
def record_view_rows(views: Any) -> SafeString:
    return record_view_rows_html(views=views)
