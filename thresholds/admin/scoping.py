"""Which frameworks and rows one request may see and change, and the admin bases that ask it.

Every answer comes from `thresholds.access`: `frameworks_editable_by` for what is visible,
`can_edit_framework` for what may change (a draft of the user's own partnership), `can_add_rows`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Field, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from simple_history.admin import SimpleHistoryAdmin

from .. import access, models
from .logs import log_refusal

FRAMEWORK_ROWS = (models.Area, models.Level, models.Domain, models.Indicator, models.Service)


def framework_id_of(obj: Any) -> int | None:
    """The framework a row belongs to (works on historical instances of deleted rows too)."""
    if isinstance(obj, models.Framework):
        return obj.pk
    if isinstance(obj, models.OpeningWindow):
        return obj.own_framework_id()
    return getattr(obj, "framework_id", None)


class Scope:
    """What one request may see: all frameworks for a superuser, one partnership's for its admin."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.user = request.user

    def frameworks(self) -> QuerySet[models.Framework]:
        return access.frameworks_editable_by(self.user)

    def drafts(self) -> QuerySet[models.Framework]:
        return access.drafts_editable_by(self.user)

    def framework(self, obj: Any) -> models.Framework | None:
        """obj's framework if this request may see it, else None (looked up once per request)."""
        if obj is None:
            return None
        cache = self.request.__dict__.setdefault("_threshold_frameworks", {})
        fid = framework_id_of(obj)
        if fid not in cache:
            cache[fid] = self.frameworks().filter(pk=fid).first() if fid is not None else None
        return cache[fid]

    def may_view(self, obj: Any) -> bool:
        """obj in general (None), or this row, whose framework the user may see."""
        return access.can_edit_guidance(self.user) and (
            obj is None or access.can_view_framework(self.user, self.framework(obj))
        )

    def may_change(self, obj: Any) -> bool:
        """obj in general (None), or this row, whose framework is a draft the user may edit."""
        if obj is None:
            return access.can_edit_guidance(self.user)
        return access.can_edit_framework(self.user, self.framework(obj))


def framework_asked_for(request: HttpRequest) -> str | None:
    """The framework asked for by ?framework=, or by the changelist filter an "Add" button carries along."""
    params = [request.GET, QueryDict(request.GET.get("_changelist_filters", ""))]
    for query in params:
        for key in ("framework", "framework__id__exact"):
            value = query.get(key, "")
            if value.isdigit():
                return value
    return None


class ScopedChoices:
    """Choices of framework, partnership and framework rows limited to what the user may edit.

    The framework being edited (set by get_form) narrows row choices to that framework, so a pathway
    cannot even be offered another framework's service.
    """

    def _limited(self, db_field: Field, request: HttpRequest) -> QuerySet | None:
        related: Any = db_field.related_model
        scope = Scope(request)
        if related is models.Partnership:
            return access.partnership_choices_for(request.user)
        if related is models.Framework:
            return scope.drafts() if db_field.name == "framework" else scope.frameworks()
        if related in FRAMEWORK_ROWS:
            current = getattr(request, "_threshold_framework", None)
            if current is not None:
                return related.objects.filter(framework=current)
            return related.objects.filter(framework__in=scope.drafts())
        return None

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        queryset = self._limited(db_field, request)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        queryset = self._limited(db_field, request)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class UniqueCodesFormSet(BaseInlineFormSet):
    """Two new rows with one code would pass each form's checks and fail at the database: say so first."""

    def _construct_form(self, i: int, **kwargs: Any) -> Any:
        form = super()._construct_form(i, **kwargs)  # type: ignore[misc]
        # Rows inlined under a domain or service belong to its framework too (Indicator.framework).
        if hasattr(form.instance, "framework_id") and not form.instance.framework_id:
            form.instance.framework_id = framework_id_of(self.instance)
        return form

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            code = getattr(form, "cleaned_data", {}).get("code")
            if not code or self._should_delete_form(form):  # type: ignore[attr-defined]
                continue
            if code in seen:
                form.add_error("code", f"The code “{code}” is used twice here.")
            seen.add(code)


class ScopedInline(ScopedChoices, admin.TabularInline):
    """An inline editable only while the parent's framework is a draft of the user's partnership."""

    formset = UniqueCodesFormSet
    template = "admin/thresholds/edit_inline/tabular.html"  # every field labelled; rows stack on a phone
    extra = 0
    show_change_link = True

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return Scope(request).may_view(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return Scope(request).may_change(obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and self.has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and self.has_change_permission(request, obj)


class ScopedAdmin(ScopedChoices, SimpleHistoryAdmin):
    """One partnership's rows; editable, deletable and revertible only while their framework is a draft."""

    framework_lookup = "framework"  # from this model to its Framework; "" for Framework itself
    object_history_template = "admin/thresholds/object_history.html"
    object_history_form_template = "admin/thresholds/object_history_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        lookup = f"{self.framework_lookup}__partnership_id" if self.framework_lookup else "partnership_id"
        return access.editable_by(request.user, super().get_queryset(request), partnership_lookup=lookup)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a bulk delete would skip the per-object draft check
        return actions

    # Permissions: by role and partnership (thresholds.access), not by Django's per-model permissions.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.can_edit_guidance(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return Scope(request).may_view(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return Scope(request).may_change(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.can_add_rows(request.user)

    # The framework being edited narrows the choices of every row field (see ScopedChoices).
    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        request._threshold_framework = (  # type: ignore[attr-defined]
            Scope(request).framework(obj) if obj is not None else self._asked_for(request)
        )
        return super().get_form(request, obj, change=change, **kwargs)

    def _asked_for(self, request: HttpRequest) -> models.Framework | None:
        wanted = framework_asked_for(request)
        return Scope(request).drafts().filter(pk=wanted).first() if wanted else None

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and "framework" not in readonly and self.framework_lookup == "framework":
            readonly.append("framework")  # a row never moves between frameworks
        return readonly

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        wanted = framework_asked_for(request)
        if wanted and self.framework_lookup == "framework":
            initial.setdefault("framework", wanted)
        return initial

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """simple-history lets anyone who may view post a revert; only a draft's rows may be reverted."""
        history_model = self.model.history.model
        record = get_object_or_404(
            history_model, **{self.opts.pk.attname: unquote(object_id), "history_id": version_id}
        )
        current = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        obj = current if current is not None else record.instance
        if not self.has_view_permission(request, obj):
            log_refusal(request, "view the history of", obj)
            raise PermissionDenied
        if request.method == "POST" and not self.has_change_permission(request, obj):
            log_refusal(request, "revert", obj)
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
