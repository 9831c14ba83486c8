"""Who someone is in the portal: the roles, defined once, and the role checks every view asks.

Roles are the only place a role's stored value is written. The questions about a particular record
(may this person see this assessment? edit this framework?) live in each app's own `access.py`
(`referrals.access`, `thresholds.access`), which build on these.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    LEAD = "lead", "Safeguarding lead"
    ADMIN = "admin", "Partnership admin"


def has_role(user: Any, role: Role) -> bool:
    """Signed in, active and holding `role` (a superuser holds no role unless given one)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and getattr(user, "role", None) == role)


def role_required(role: Role) -> Callable:
    """A view only people holding `role` reach: anyone else signed in gets 403, anyone signed out signs in."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, role):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def home_for(user: Any) -> str:
    """The URL name where signing in lands for this person."""
    if has_role(user, Role.LEAD):
        return "referrals:queue"
    if has_role(user, Role.ADMIN) or getattr(user, "is_superuser", False):
        return "admin:index"
    if has_role(user, Role.PRACTITIONER):
        return "referrals:mine"
    return "start"


def security_events_visible_to(user: Any) -> QuerySet | None:
    """The security log a person may read: everything for a superuser, their partnership's for a lead, else None."""
    from .models import SecurityEvent

    if getattr(user, "is_superuser", False) and user.is_active:
        return SecurityEvent.objects.all()
    if has_role(user, Role.LEAD) and user.partnership_id:
        return SecurityEvent.objects.filter(partnership_id=user.partnership_id)
    return None


def needs_second_factor(user: Any) -> bool:
    """Leads, partnership admins and superusers always; anyone in a partnership that requires it; anyone who set one up.

    Asked once, at sign-in (the answer is kept in the session), so no page pays a query for it.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or has_role(user, Role.LEAD) or has_role(user, Role.ADMIN):
        return True
    if user.partnership_id and user.partnership.require_second_factor:
        return True
    from .second_factor import has_second_factor

    return has_second_factor(user)


# Pages someone signed in may reach before their second factor: the public guidance, and signing in and out.
BEFORE_SECOND_FACTOR = frozenset(
    {
        "start",
        "login",
        "logout",
        "session_extend",  # "Stay signed in" on the second-factor page: it only keeps the session
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "second_factor",
        "second_factor_setup",
        "second_factor_codes",
        "healthz",
        "readyz",
    }
)


def reachable_before_second_factor(url_name: str | None, namespace: str) -> bool:
    return namespace in ("thresholds", "api-v1") or url_name in BEFORE_SECOND_FACTOR  # api-v1: tokens, no session
