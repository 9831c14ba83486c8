"""People and agencies in the admin.

Accounts carry admin rights (role, staff, superuser), so only a superuser manages them. A partnership
admin keeps the list of agencies (organisations) in their own partnership, and sees no other's.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from thresholds.access import can_edit_guidance

from .models import Organisation, User


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

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "partnership")
    search_fields = ("name",)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("partnership")
        if not can_edit_guidance(request.user):
            return queryset.none()
        if request.user.is_superuser:
            return queryset
        return queryset.filter(partnership_id=request.user.partnership_id)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "partnership" and not request.user.is_superuser:
            kwargs["queryset"] = db_field.related_model.objects.filter(pk=request.user.partnership_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _mine(self, request, obj) -> bool:
        if not can_edit_guidance(request.user):
            return False
        return obj is None or request.user.is_superuser or obj.partnership_id == request.user.partnership_id

    def has_module_permission(self, request):
        return can_edit_guidance(request.user)

    def has_view_permission(self, request, obj=None):
        return self._mine(request, obj)

    def has_add_permission(self, request):
        return can_edit_guidance(request.user)

    def has_change_permission(self, request, obj=None):
        return self._mine(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._mine(request, obj)
