"""Who may edit which guidance: the one place the admin site, its pages and the menu ask."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from portal.access import Role, has_role

from .models import Framework


def can_edit_guidance(user: Any) -> bool:
    """Superusers, and partnership admins (staff with the admin role and a partnership).

    Being staff is not enough: a lead or practitioner marked staff by mistake still gets no admin.
    """
    if not (getattr(user, "is_active", False) and getattr(user, "is_staff", False)):
        return False
    return user.is_superuser or (has_role(user, Role.ADMIN) and user.partnership_id is not None)


def frameworks_editable_by(user: Any) -> QuerySet[Framework]:
    """Every framework for a superuser, their own partnership's for a partnership admin, none for anyone else."""
    if not can_edit_guidance(user):
        return Framework.objects.none()
    if user.is_superuser:
        return Framework.objects.all()
    return Framework.objects.filter(partnership_id=user.partnership_id)
