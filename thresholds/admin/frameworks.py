"""A framework in the admin: its document fields, its rows inline, and what it contains."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .. import access, models
from .forms import PathwayForm
from .scoping import ScopedInline
from .workflow import VersionWorkflowAdmin, status_badge


class LevelInline(ScopedInline):
    model = models.Level
    fields = ("number", "name", "description", "service_examples", "information_sharing", "note")
    max_num = 4
    show_change_link = False


class AreaInline(ScopedInline):
    model = models.Area
    fields = ("code", "name", "order", "note")


class DomainInline(ScopedInline):
    model = models.Domain
    fields = ("code", "name", "group", "order", "indicator_count")
    readonly_fields = ("indicator_count",)
    verbose_name_plural = "domains (open a domain to edit its indicators)"

    @admin.display(description="indicators")
    def indicator_count(self, obj: models.Domain) -> int:
        return obj.indicators.count() if obj.pk else 0


class ServiceInline(ScopedInline):
    model = models.Service
    fk_name = "framework"
    fields = ("code", "name", "area", "phone", "email", "availability", "hours_text", "out_of_hours_service", "order")
    verbose_name_plural = "services (open a service to edit its opening hours)"


class PathwayInline(ScopedInline):
    model = models.Pathway
    form = PathwayForm
    fields = ("code", "kind", "area", "title", "text", "levels", "services", "order")
    verbose_name_plural = "pathways (open a pathway to choose the indicators that trigger it)"


@admin.register(models.Framework)
class FrameworkAdmin(VersionWorkflowAdmin):
    framework_lookup = ""
    list_display = ("title", "slug", "partnership", "version", "status_label", "published", "successor")
    list_filter = ("status", ("partnership", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("partnership", "successor")
    search_fields = ("title", "slug")
    readonly_fields = ("status_label", "successor", "contents")
    fieldsets = (
        (None, {"fields": ("partnership", "slug", "title", "status_label", "successor", "contents")}),
        ("The document", {"fields": ("published", "published_text", "version", "source_document")}),
        ("Emergency", {"fields": ("emergency_text", "emergency_phone")}),
        (
            "Accumulation of needs",
            {"fields": ("accumulation_min_indicators", "accumulation_min_domains", "accumulation_text")},
        ),
        ("Judgement calls", {"classes": ("collapse",), "fields": ("decisions",)}),
    )
    inlines = (LevelInline, AreaInline, DomainInline, ServiceInline, PathwayInline)

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        # A new framework gets its rows once it exists; row choices need the framework.
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("partnership")
        return readonly

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.can_edit_guidance(request.user)  # a new framework starts as a draft

    @admin.display(description="status", ordering="status")
    def status_label(self, obj: models.Framework) -> str:
        return status_badge(obj.status)

    @admin.display(description="contents")
    def contents(self, obj: models.Framework) -> str:
        if obj.pk is None:
            return "Save the framework, then add its levels, domains, indicators, services and pathways."
        counts = obj.indicators.values("level__number").annotate(n=Count("pk")).order_by("level__number")
        per_level = ", ".join(f"level {c['level__number']}: {c['n']}" for c in counts) or "none yet"
        links = [
            (reverse(f"admin:thresholds_{name}_changelist") + f"?framework__id__exact={obj.pk}", label)
            for name, label in (
                ("indicator", "Indicators"),
                ("service", "Services and opening hours"),
                ("pathway", "Pathways"),
                ("guidance", "Guidance"),
                ("ragrating", "RAG ratings"),
                ("outcome", "Outcomes"),
                ("decisiontimescale", "Decision timescales"),
                ("escalationstep", "Escalation steps"),
            )
        ]
        return format_html(
            "Indicators per level: {}<br>{}",
            per_level,
            format_html_join(" · ", '<a href="{}">{}</a>', links),
        )
