"""People and agencies in the admin.

Accounts carry admin rights (role, staff, superuser), so only a superuser manages them. A partnership
admin keeps the list of agencies (organisations) in their own partnership, and sees no other's.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from thresholds import access

from .models import Organisation, SecurityEvent, User
from .second_factor import second_factor_reset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Threshold", {"fields": ("role", "partnership", "organisation")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Threshold", {"fields": ("role", "partnership", "organisation")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "role", "partnership", "is_staff")
    list_filter = ("role", "partnership", "is_staff", "is_superuser", "is_active")
    actions = ["reset_second_factor"]

    @admin.action(description="Reset the second factor (they set up a new app at their next sign-in)")
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            second_factor_reset(user=user, by=request.user, request=request)
        self.message_user(request, f"Second factor reset for {queryset.count()} account(s).")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.can_manage_partnerships(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_manage_partnerships(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.can_manage_partnerships(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_manage_partnerships(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_manage_partnerships(request.user)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "partnership")
    search_fields = ("name",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        queryset = super().get_queryset(request).select_related("partnership")
        return access.organisations_editable_by(request.user, queryset=queryset)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "partnership":
            choices = access.partnership_choices_for(request.user)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.can_edit_guidance(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_edit_organisation(request.user, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.can_edit_guidance(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_edit_organisation(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_edit_organisation(request.user, obj)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: the security log is never edited or deleted through the portal."""

    list_display = ("at", "kind", "username", "ip_address", "partnership")
    list_filter = ("kind",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.can_manage_partnerships(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_manage_partnerships(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
