"""Partnerships in the admin: set up by a superuser; a partnership admin may only look at their own."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .. import access, models


@admin.register(models.Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    """Partnerships are set up by a superuser; a partnership admin may only look at their own."""

    list_display = ("name", "slug")

    def get_queryset(self, request: HttpRequest) -> QuerySet[models.Partnership]:
        queryset = super().get_queryset(request)
        if access.can_manage_partnerships(request.user):
            return queryset
        return access.editable_by(request.user, queryset, partnership_lookup="pk")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.can_manage_partnerships(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_view_partnership(request.user, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.can_manage_partnerships(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_manage_partnerships(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_manage_partnerships(request.user)
