"""A framework's rows in the admin: levels, areas, domains, indicators, services and opening hours,
pathways, and the process data (RAG ratings, outcomes, decision timescales, escalation steps, guidance).

Each is one partnership's, editable while its framework is a draft (`scoping.ScopedAdmin`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from .. import models
from .forms import PathwayForm
from .scoping import Scope, ScopedAdmin, ScopedInline
from .workflow import status_badge


class RowAdmin(ScopedAdmin):
    list_filter: tuple[Any, ...] = (("framework", admin.RelatedOnlyFieldListFilter),)
    list_select_related: tuple[str, ...] = ("framework",)

    def get_list_display(self, request: HttpRequest) -> tuple[Any, ...]:
        return (*super().get_list_display(request), "framework", "framework_status")

    @admin.display(description="framework status", ordering="framework__status")
    def framework_status(self, obj: Any) -> str:
        return status_badge(obj.framework.status)


class IndicatorInline(ScopedInline):
    model = models.Indicator
    fk_name = "domain"
    fields = ("code", "level", "text", "order", "note")


@admin.register(models.Indicator)
class IndicatorAdmin(RowAdmin):
    list_display = ("code", "short_text", "level", "domain")
    list_filter = (
        ("framework", admin.RelatedOnlyFieldListFilter),
        ("level", admin.RelatedOnlyFieldListFilter),
        ("domain", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("framework", "level", "domain")
    search_fields = ("code", "text")
    fields = ("framework", "code", "level", "domain", "text", "order", "note")

    @admin.display(description="text")
    def short_text(self, obj: models.Indicator) -> str:
        return obj.text if len(obj.text) <= 100 else obj.text[:97] + "..."


@admin.register(models.Domain)
class DomainAdmin(RowAdmin):
    list_display = ("name", "code", "group")
    search_fields = ("code", "name")
    inlines = (IndicatorInline,)


@admin.register(models.Level)
class LevelAdmin(RowAdmin):
    list_display = ("number", "name")


@admin.register(models.Area)
class AreaAdmin(RowAdmin):
    list_display = ("name", "code")


class OpeningWindowInline(ScopedInline):
    model = models.OpeningWindow
    fields = ("weekday", "opens", "closes")
    show_change_link = False


@admin.register(models.Service)
class ServiceAdmin(RowAdmin):
    list_display = ("name", "code", "phone", "email", "availability", "hours_text")
    search_fields = ("code", "name", "phone", "email")
    fields = (
        "framework",
        "code",
        "name",
        "area",
        "phone",
        "email",
        "availability",
        "hours_text",
        "out_of_hours_service",
        "order",
        "note",
    )
    inlines = (OpeningWindowInline,)


@admin.register(models.OpeningWindow)
class OpeningWindowAdmin(ScopedAdmin):
    framework_lookup = "service__framework"
    list_display = ("service", "weekday", "opens", "closes")
    list_select_related = ("service",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:  # type: ignore[override]
        return ("service",) if obj is not None else ()

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "service":
            kwargs["queryset"] = models.Service.objects.filter(framework__in=Scope(request).drafts())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(models.Pathway)
class PathwayAdmin(RowAdmin):
    form = PathwayForm
    list_display = ("title", "code", "kind", "area")
    search_fields = ("code", "title", "text")
    filter_horizontal = ("levels", "services", "when_indicators")

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        request._threshold_history_version = version_id  # type: ignore[attr-defined]
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        """Reverting a pathway offers the levels, services and indicators it had then, not only its text."""
        form = super().get_form(request, obj, change=change, **kwargs)
        version = getattr(request, "_threshold_history_version", None)
        record = self.model.history.filter(history_id=version).first() if version and obj is not None else None
        if record is None:
            return form
        links = {
            "levels": [row.level_id for row in record.levels.all()],
            "services": [row.service_id for row in record.services.all()],
            "when_indicators": [row.indicator_id for row in record.when_indicators.all()],
        }

        class RevertForm(form):  # type: ignore[valid-type, misc]  # the form get_form built
            def __init__(self, *args: Any, **kw: Any) -> None:
                super().__init__(*args, **kw)
                if not self.is_bound:
                    self.initial.update(links)

        return RevertForm


@admin.register(models.RagRating)
class RagRatingAdmin(RowAdmin):
    list_display = ("name", "code", "hours", "working_days")


@admin.register(models.Outcome)
class OutcomeAdmin(RowAdmin):
    list_display = ("code", "text")


@admin.register(models.DecisionTimescale)
class DecisionTimescaleAdmin(RowAdmin):
    list_display = ("order", "text", "hours", "working_days")


@admin.register(models.EscalationStep)
class EscalationStepAdmin(RowAdmin):
    list_display = ("number", "text", "working_days")


@admin.register(models.Guidance)
class GuidanceAdmin(RowAdmin):
    list_display = ("order", "kind", "title")
    list_filter = (("framework", admin.RelatedOnlyFieldListFilter), "kind")
