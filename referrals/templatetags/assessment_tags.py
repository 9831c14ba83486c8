"""Template helpers for the assessment pages."""

from __future__ import annotations

import uuid

from django import template

register = template.Library()


@register.simple_tag
def start_token() -> str:
    """A one-time token for a form that starts an assessment: sent twice, it still makes one draft
    (`referrals.assessments.services.assessment_start`)."""
    return str(uuid.uuid4())
