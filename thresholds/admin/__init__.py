"""The partnership admins' admin: their own partnership's guidance, drafts editable, published versions read-only.

A partnership admin (role "admin", staff) sees and changes only their partnership's frameworks and
rows; a superuser sees everything; practitioners and leads have no admin at all. A published
framework is never edited in place, because assessments point at it: the way to change guidance is
"Draft a new version", edit the draft, "Show changes", "Validate" and "Publish" (thresholds.versioning).
Every change is recorded by django-simple-history; a draft's rows can be reverted from their history.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from .. import models, versioning
from ..access import can_edit_guidance, frameworks_editable_by

Status = models.Framework.Status


def framework_id_of(obj: Any) -> int | None:
    """The framework a row belongs to (works on historical instances of deleted rows too)."""
    if isinstance(obj, models.Framework):
        return obj.pk
    if isinstance(obj, models.OpeningWindow):
        return obj.own_framework_id()
    return getattr(obj, "framework_id", None)


class _Scope:
    """What one request may see: all frameworks for a superuser, one partnership's for its admin."""

    def __init__(self, request: HttpRequest):
        self.request = request
        self.user = request.user

    def frameworks(self) -> QuerySet[models.Framework]:
        return frameworks_editable_by(self.user)

    def drafts(self) -> QuerySet[models.Framework]:
        return self.frameworks().filter(status=Status.DRAFT)

    def framework(self, obj: Any) -> models.Framework | None:
        """obj's framework if this request may see it, else None."""
        if obj is None:
            return None
        cache = self.request.__dict__.setdefault("_threshold_frameworks", {})
        fid = framework_id_of(obj)
        if fid not in cache:
            cache[fid] = self.frameworks().filter(pk=fid).first() if fid is not None else None
        return cache[fid]


FRAMEWORK_ROWS = (models.Area, models.Level, models.Domain, models.Indicator, models.Service)


class _ScopedChoices:
    """Choices of framework, partnership and framework rows limited to what the user may edit.

    The framework being edited (set by get_form) narrows row choices to that framework, so a pathway
    cannot even be offered another framework's service.
    """

    def _limited(self, db_field: Any, request: HttpRequest) -> QuerySet | None:
        related = db_field.related_model
        scope = _Scope(request)
        if related is models.Partnership:
            if request.user.is_superuser:
                return None
            return models.Partnership.objects.filter(pk=request.user.partnership_id)
        if related is models.Framework:
            return scope.drafts() if db_field.name == "framework" else scope.frameworks()
        if related in FRAMEWORK_ROWS:
            current = getattr(request, "_threshold_framework", None)
            if current is not None:
                return related.objects.filter(framework=current)
            return related.objects.filter(framework__in=scope.drafts())
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = self._limited(db_field, request)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = self._limited(db_field, request)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class _UniqueCodesFormSet(BaseInlineFormSet):
    """Two new rows with one code would pass each form's checks and fail at the database: say so first."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # Rows inlined under a domain or service belong to its framework too (Indicator.framework).
        if hasattr(form.instance, "framework_id") and not form.instance.framework_id:
            form.instance.framework_id = framework_id_of(self.instance)
        return form

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            code = getattr(form, "cleaned_data", {}).get("code")
            if not code or self._should_delete_form(form):
                continue
            if code in seen:
                form.add_error("code", f"The code “{code}” is used twice here.")
            seen.add(code)


class ScopedInline(_ScopedChoices, admin.TabularInline):
    """An inline editable only while the parent's framework is a draft of the user's partnership."""

    formset = _UniqueCodesFormSet
    extra = 0
    show_change_link = True

    def _parent_framework(self, request: HttpRequest, obj: Any) -> models.Framework | None:
        return _Scope(request).framework(obj)

    def has_view_permission(self, request, obj=None):
        return can_edit_guidance(request.user) and (obj is None or self._parent_framework(request, obj) is not None)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return can_edit_guidance(request.user)
        framework = self._parent_framework(request, obj)
        return framework is not None and not framework.is_published

    def has_add_permission(self, request, obj=None):
        return obj is not None and self.has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and self.has_change_permission(request, obj)


class ScopedAdmin(_ScopedChoices, SimpleHistoryAdmin):
    """One partnership's rows; editable, deletable and revertible only while their framework is a draft."""

    framework_lookup = "framework"  # from this model to its Framework; "" for Framework itself
    object_history_template = "admin/thresholds/object_history.html"
    object_history_form_template = "admin/thresholds/object_history_form.html"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser and can_edit_guidance(request.user):
            return queryset
        if not can_edit_guidance(request.user):
            return queryset.none()
        field = f"{self.framework_lookup}__partnership_id" if self.framework_lookup else "partnership_id"
        return queryset.filter(**{field: request.user.partnership_id})

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a bulk delete would skip the per-object draft check
        return actions

    # Permissions: by role and partnership, not by Django's per-model permissions.
    def has_module_permission(self, request):
        return can_edit_guidance(request.user)

    def has_view_permission(self, request, obj=None):
        return can_edit_guidance(request.user) and (obj is None or _Scope(request).framework(obj) is not None)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return can_edit_guidance(request.user)
        framework = _Scope(request).framework(obj)
        return framework is not None and not framework.is_published

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request):
        return can_edit_guidance(request.user) and _Scope(request).drafts().exists()

    # The framework being edited narrows the choices of every row field (see _ScopedChoices).
    def get_form(self, request, obj=None, change=False, **kwargs):
        request._threshold_framework = _Scope(request).framework(obj) if obj is not None else self._asked_for(request)
        return super().get_form(request, obj, change=change, **kwargs)

    def _asked_for(self, request: HttpRequest) -> models.Framework | None:
        wanted = _framework_param(request)
        return _Scope(request).drafts().filter(pk=wanted).first() if wanted else None

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and "framework" not in readonly and self.framework_lookup == "framework":
            readonly.append("framework")  # a row never moves between frameworks
        return readonly

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        wanted = _framework_param(request)
        if wanted and self.framework_lookup == "framework":
            initial.setdefault("framework", wanted)
        return initial

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple-history lets anyone who may view post a revert; only a draft's rows may be reverted."""
        history_model = self.model.history.model
        record = get_object_or_404(
            history_model, **{self.opts.pk.attname: unquote(object_id), "history_id": version_id}
        )
        current = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        obj = current if current is not None else record.instance
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def _framework_param(request: HttpRequest) -> str | None:
    """The framework asked for by ?framework=, or by the changelist filter an "Add" button carries along."""
    params = [request.GET, QueryDict(request.GET.get("_changelist_filters", ""))]
    for query in params:
        for key in ("framework", "framework__id__exact"):
            value = query.get(key, "")
            if value.isdigit():
                return value
    return None


def status_badge(status: str) -> str:
    return format_html('<span class="threshold-status threshold-status--{}">{}</span>', status, Status(status).label)


# --- framework ---------------------------------------------------------------------------------


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


class PathwayForm(forms.ModelForm):
    """A pathway names levels, services and indicators of its own framework only."""

    class Meta:
        model = models.Pathway
        fields = ("framework", "code", "kind", "area", "levels", "title", "text", "services", "when_indicators")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        framework = cleaned.get("framework") or self.instance.framework_id
        framework_id = getattr(framework, "pk", framework)
        if framework_id is None:
            return cleaned
        for name in ("levels", "services", "when_indicators"):
            strays = [str(o) for o in cleaned.get(name) or () if o.framework_id != framework_id]
            if strays:
                self.add_error(name, f"These belong to another framework: {', '.join(strays)}.")
        return cleaned


class PathwayInline(ScopedInline):
    model = models.Pathway
    form = PathwayForm
    fields = ("code", "kind", "area", "title", "text", "levels", "services", "order")
    verbose_name_plural = "pathways (open a pathway to choose the indicators that trigger it)"


@admin.register(models.Framework)
class FrameworkAdmin(ScopedAdmin):
    framework_lookup = ""
    list_display = ("title", "slug", "partnership", "version", "status_label", "published", "successor")
    list_filter = ("status", ("partnership", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("partnership", "successor")
    search_fields = ("title", "slug")
    actions = ("draft_new_version", "show_changes", "validate_frameworks", "publish_drafts")
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

    def get_inline_instances(self, request, obj=None):
        # A new framework gets its rows once it exists; row choices need the framework.
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("partnership")
        return readonly

    def has_add_permission(self, request):
        return can_edit_guidance(request.user)

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

    # --- version views: draft, changes, validate, publish ----------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/draft/", view(self.draft_view), name="thresholds_framework_draft"),
            path("<path:object_id>/changes/", view(self.changes_view), name="thresholds_framework_changes"),
            path("<path:object_id>/validate/", view(self.validate_view), name="thresholds_framework_validate"),
            path("<path:object_id>/publish/", view(self.publish_view), name="thresholds_framework_publish"),
            *super().get_urls(),
        ]

    def _framework_or_404(self, request: HttpRequest, object_id: str) -> models.Framework:
        framework = self.get_object(request, unquote(object_id))
        if framework is None or not self.has_view_permission(request, framework):
            raise Http404("No such framework.")
        return framework

    def _context(self, request: HttpRequest, framework: models.Framework, title: str, **extra: Any) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "original": framework,
            "framework": framework,
            "media": self.media,
            "status_label": status_badge(framework.status),
            **extra,
        }

    def draft_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        framework = self._framework_or_404(request, object_id)
        if not framework.is_published:
            messages.info(request, "This is already a draft: edit it here.")
            return self._change_redirect(framework)
        if request.method == "POST":
            draft = versioning.draft_from(framework, user=request.user)
            self.log_addition(request, draft, f"Drafted from {framework.slug}")
            messages.success(
                request, f"Drafted {draft.slug} from {framework.slug}. Edit it, then validate and publish."
            )
            return self._change_redirect(draft)
        slug, _ = versioning.next_version(framework)
        context = self._context(request, framework, f"Draft a new version of {framework.title}", new_slug=slug)
        return TemplateResponse(request, "admin/thresholds/framework/draft.html", context)

    def changes_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        framework = self._framework_or_404(request, object_id)
        against = self._against(request, framework)
        if against is None:
            messages.warning(request, "There is no published version of this partnership's guidance to compare with.")
            return self._change_redirect(framework)
        changes = versioning.diff(framework, against)
        context = self._context(request, framework, f"Changes in {framework.slug} against {against.slug}")
        context.update(diff=changes, against=against, against_status=status_badge(against.status))
        return TemplateResponse(request, "admin/thresholds/framework/changes.html", context)

    def _against(self, request: HttpRequest, framework: models.Framework) -> models.Framework | None:
        """A draft against the version it would replace; a published version against its predecessor."""
        if not framework.is_published:
            return versioning.published_counterpart(framework)
        return self.get_queryset(request).filter(successor=framework).order_by("-published").first()

    def validate_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        framework = self._framework_or_404(request, object_id)
        report = versioning.validate(framework)
        levels = sorted(report.per_level.items())
        domains = [(name, [counts.get(n, 0) for n in (1, 2, 3, 4)]) for name, counts in report.per_domain.items()]
        context = self._context(request, framework, f"Validate {framework.slug}")
        context.update(report=report, levels=levels, domains=domains)
        return TemplateResponse(request, "admin/thresholds/framework/validate.html", context)

    def publish_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        framework = self._framework_or_404(request, object_id)
        if not self.has_change_permission(request, framework):
            raise PermissionDenied  # published already, or not this user's to publish
        if request.method == "POST":
            try:
                versioning.publish(framework, user=request.user)
            except versioning.PublishError as exc:
                for problem in exc.problems:
                    messages.error(request, problem)
                return HttpResponseRedirect(reverse("admin:thresholds_framework_validate", args=[framework.pk]))
            self.log_change(request, framework, "Published")
            messages.success(request, f"Published {framework.slug}: it is now the current guidance.")
            return self._change_redirect(framework)
        report = versioning.validate(framework)
        replaces = versioning.published_counterpart(framework)
        context = self._context(request, framework, f"Publish {framework.slug}")
        context.update(report=report, replaces=replaces)
        return TemplateResponse(request, "admin/thresholds/framework/publish.html", context)

    def _change_redirect(self, framework: models.Framework) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:thresholds_framework_change", args=[framework.pk]))

    # --- the same as changelist actions ----------------------------------------------------------

    @admin.action(description="Draft a new version", permissions=["view"])
    def draft_new_version(self, request: HttpRequest, queryset: QuerySet) -> None:
        for framework in queryset:
            if framework.is_published:
                draft = versioning.draft_from(framework, user=request.user)
                self.log_addition(request, draft, f"Drafted from {framework.slug}")
                messages.success(request, f"Drafted {draft.slug} from {framework.slug}.")
            else:
                messages.warning(request, f"{framework.slug} is already a draft.")

    @admin.action(description="Show changes against the published version", permissions=["view"])
    def show_changes(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        if queryset.count() != 1:
            messages.warning(request, "Choose one framework to see its changes.")
            return None
        return HttpResponseRedirect(reverse("admin:thresholds_framework_changes", args=[queryset.get().pk]))

    @admin.action(description="Validate", permissions=["view"])
    def validate_frameworks(self, request: HttpRequest, queryset: QuerySet) -> None:
        for framework in queryset:
            report = versioning.validate(framework)
            if report.ok:
                messages.success(request, f"{framework.slug}: valid ({sum(report.per_level.values())} indicators).")
            else:
                messages.error(
                    request, f"{framework.slug}: {len(report.problems)} problem(s): " + "; ".join(report.problems[:5])
                )

    @admin.action(description="Publish", permissions=["change"])
    def publish_drafts(self, request: HttpRequest, queryset: QuerySet) -> None:
        for framework in queryset:
            if framework.is_published:
                messages.warning(request, f"{framework.slug} is already published.")
                continue
            try:
                versioning.publish(framework, user=request.user)
            except versioning.PublishError as exc:
                messages.error(request, str(exc))
            else:
                self.log_change(request, framework, "Published")
                messages.success(request, f"Published {framework.slug}.")


# --- rows --------------------------------------------------------------------------------------


class RowAdmin(ScopedAdmin):
    list_filter = (("framework", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("framework",)

    def get_list_display(self, request):
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

    def get_readonly_fields(self, request, obj=None):
        return ("service",) if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "service":
            kwargs["queryset"] = models.Service.objects.filter(framework__in=_Scope(request).drafts())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(models.Pathway)
class PathwayAdmin(RowAdmin):
    form = PathwayForm
    list_display = ("title", "code", "kind", "area")
    search_fields = ("code", "title", "text")
    filter_horizontal = ("levels", "services", "when_indicators")

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request._threshold_history_version = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
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

        class RevertForm(form):
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


@admin.register(models.Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    """Partnerships are set up by a superuser; a partnership admin may only look at their own."""

    list_display = ("name", "slug")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk=request.user.partnership_id) if can_edit_guidance(request.user) else queryset.none()

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        return can_edit_guidance(request.user) and obj is not None and obj.pk == request.user.partnership_id

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
