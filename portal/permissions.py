"""Role checks for views: signed in first, then the role, else 403."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def role_required(flag: str):
    """A view only people whose User has `flag` true reach (e.g. "is_practitioner", "is_lead")."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not getattr(request.user, flag, False):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
