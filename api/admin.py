"""Tokens in the admin: a partnership admin sees, adds and revokes their own partnership's (`api.access`).

Adding one shows the token once, on the page that answers the form (never in a message or a redirect's URL);
only its hash is kept. A token is never edited or deleted: revoke it (the action, or `manage.py api_token revoke`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from . import access
from .models import ApiToken
from .tokens import api_token_create, api_token_revoke


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["partnership", "name", "scope"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "prefix", "partnership", "scope", "created", "last_used", "revoked_at"]
    list_filter = ["scope"]
    readonly_fields = ["prefix", "created", "created_by", "last_used", "revoked_at"]
    actions = ["revoke"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        return access.api_tokens_manageable_by(request.user).select_related("partnership")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.can_manage_api_tokens(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_manage_api_tokens(request.user, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.can_manage_api_tokens(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a token is never edited: revoke it and make another

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # kept: the record-view log and decisions name it

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (
            ["partnership", "name", "scope"] if obj is None else ["partnership", "name", "scope", *self.readonly_fields]
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "partnership":
            kwargs["queryset"] = access.token_partnerships_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        made = api_token_create(partnership=obj.partnership, name=obj.name, scope=obj.scope, created_by=request.user)
        obj.pk, obj.prefix = made.token.pk, made.token.prefix
        request._api_token_secret = made.secret  # type: ignore[attr-defined]  # shown once, by response_add

    def response_add(self, request: HttpRequest, obj: ApiToken, post_url_continue: str | None = None) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": "Your new API token",
            "token": obj,
            "secret": getattr(request, "_api_token_secret", ""),
            "opts": self.opts,
        }
        response = TemplateResponse(request, "admin/api/apitoken/created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = sum(api_token_revoke(token=t) for t in queryset if access.can_manage_api_tokens(request.user, t))
        messages.success(request, f"Revoked {revoked} token(s).")
