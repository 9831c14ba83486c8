"""Who may edit which guidance: the one place the admin site, its pages and the menu ask.

A partnership admin (staff, role "admin", a partnership) sees and edits their own partnership's
frameworks, rows and organisations; a superuser sees everything; nobody else has the admin. A
published framework is read-only to everyone: the way to change guidance is a new draft.

`ThresholdAdminSite` is the portal's admin site (Django's default `admin.site`, set by
`thresholds.apps.ThresholdAdminConfig`). It lives here, not in the `thresholds.admin` package: Django
builds the default site lazily by importing its class, and importing that package registers the
admins on `admin.site`, which would build the site a second time and lose those registrations.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from portal.access import Role, has_role
from portal.models import Organisation

from .models import Framework, Partnership

logger = logging.getLogger("thresholds.admin")

ADMIN_REFUSED = "Only partnership admins can edit guidance."

M = TypeVar("M", bound=Model)


def can_edit_guidance(user: Any) -> bool:
    """Superusers, and partnership admins (staff with the admin role and a partnership).

    Being staff is not enough: a lead or practitioner marked staff by mistake still gets no admin.
    """
    if not (getattr(user, "is_active", False) and getattr(user, "is_staff", False)):
        return False
    return user.is_superuser or (has_role(user, Role.ADMIN) and user.partnership_id is not None)


def can_manage_partnerships(user: Any) -> bool:
    """Partnerships and people's accounts (which carry admin rights) are set up by a superuser only."""
    return bool(getattr(user, "is_superuser", False))


def can_view_partnership(user: Any, partnership: Partnership | None) -> bool:
    """A superuser sees every partnership (None: partnerships in general); a partnership admin only their own."""
    if can_manage_partnerships(user):
        return True
    return can_edit_guidance(user) and partnership is not None and partnership.pk == user.partnership_id


def editable_by(user: Any, queryset: QuerySet[M], *, partnership_lookup: str) -> QuerySet[M]:
    """The rows of `queryset` this user may edit, their partnership reached by `partnership_lookup`.

    All of them for a superuser, their own partnership's for a partnership admin, none for anyone else.
    `partnership_lookup` is e.g. "partnership_id" for a framework, "framework__partnership_id" for a row.
    """
    if not can_edit_guidance(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(**{partnership_lookup: user.partnership_id})


def frameworks_editable_by(user: Any) -> QuerySet[Framework]:
    """Every framework for a superuser, their own partnership's for a partnership admin, none for anyone else."""
    return editable_by(user, Framework.objects.all(), partnership_lookup="partnership_id")


def drafts_editable_by(user: Any) -> QuerySet[Framework]:
    """The drafts among `frameworks_editable_by(user)`: the only frameworks whose rows may change."""
    return frameworks_editable_by(user).filter(status=Framework.Status.DRAFT)


def can_view_framework(user: Any, framework: Framework | None) -> bool:
    """`framework` is among `frameworks_editable_by(user)` (asked without a query)."""
    if framework is None or not can_edit_guidance(user):
        return False
    return user.is_superuser or framework.partnership_id == user.partnership_id


def can_edit_framework(user: Any, framework: Framework | None) -> bool:
    """The user may see `framework` and it is a draft: a published version is read-only to everyone.

    A row (level, indicator, service, ...) may be changed, deleted or reverted exactly when its framework may.
    """
    return can_view_framework(user, framework) and framework is not None and not framework.is_published


def can_add_rows(user: Any) -> bool:
    """New rows go into a draft, so adding one needs a draft this user may edit."""
    return can_edit_guidance(user) and drafts_editable_by(user).exists()


def partnership_choices_for(user: Any) -> QuerySet[Partnership] | None:
    """The partnerships a form may offer this user: their own; None (no limit) for a superuser."""
    if user.is_superuser:
        return None
    return Partnership.objects.filter(pk=user.partnership_id)


def organisations_editable_by(user: Any, *, queryset: QuerySet[Organisation] | None = None) -> QuerySet[Organisation]:
    """The organisations (agencies) this user keeps: their own partnership's, all for a superuser."""
    organisations = Organisation.objects.all() if queryset is None else queryset
    return editable_by(user, organisations, partnership_lookup="partnership_id")


def can_edit_organisation(user: Any, organisation: Organisation | None) -> bool:
    """A partnership admin keeps their own partnership's agencies; None asks about organisations in general."""
    if not can_edit_guidance(user):
        return False
    return organisation is None or user.is_superuser or organisation.partnership_id == user.partnership_id


class ThresholdAdminSite(admin.AdminSite):
    """The admin site: its titles, and who may enter it at all (`can_edit_guidance`)."""

    site_header = "Threshold administration"
    site_title = "Threshold administration"
    index_title = "Guidance, versions and history"

    def has_permission(self, request: HttpRequest) -> bool:
        allowed = can_edit_guidance(request.user)
        if not allowed and request.user.is_authenticated and not getattr(request, "_threshold_refusal_logged", False):
            request._threshold_refusal_logged = True  # type: ignore[attr-defined]  # once per request
            logger.warning(
                "Admin refused: user %s (role %s) may not edit guidance, at %s",
                request.user.pk,
                getattr(request.user, "role", ""),
                request.path,  # never the query string: a search may hold a name
            )
        return allowed

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """No second sign-in page: someone signed in without admin rights gets the portal's 403 page, and someone
        signed out is sent to the portal's sign-in (issue 18). A POST is still Django's (lockouts count there)."""
        # The sign-in page asks has_permission only to skip itself; the refusal was logged where it happened.
        request._threshold_refusal_logged = True  # type: ignore[attr-defined]
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied(ADMIN_REFUSED)
        if request.method == "GET" and not request.user.is_authenticated:
            target = request.GET.get(REDIRECT_FIELD_NAME, "")
            safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
            return redirect_to_login(target if safe and target else reverse("admin:index"))
        return super().login(request, extra_context)
