"""Who may edit which guidance: the one place the admin site, its pages and the menu ask.

`ThresholdAdminSite` is the portal's admin site (Django's default `admin.site`, set by
`thresholds.apps.ThresholdAdminConfig`). It lives here, not in the `thresholds.admin` package: Django
builds the default site lazily by importing its class, and importing that package registers the
admins on `admin.site`, which would build the site a second time and lose those registrations.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

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


class ThresholdAdminSite(admin.AdminSite):
    """The admin site: its titles, and who may enter it at all (`can_edit_guidance`)."""

    site_header = "Threshold administration"
    site_title = "Threshold administration"
    index_title = "Guidance, versions and history"

    def has_permission(self, request: HttpRequest) -> bool:
        return can_edit_guidance(request.user)
