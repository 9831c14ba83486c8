"""Changing guidance: "Draft a new version", "Show changes", "Validate" and "Publish", as pages and actions.

A published framework is never edited in place, because assessments point at it. Each step is a page
under the framework (`<id>/draft/`, `changes/`, `validate/`, `publish/`) and a changelist action; the
work itself is done by `thresholds.versioning`. Each publish is logged (`thresholds.admin.logs`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.html import format_html

from .. import models, versioning
from .logs import log_publish, log_publish_refused, log_refusal
from .scoping import ScopedAdmin

Status = models.Framework.Status


def status_badge(status: str) -> str:
    return format_html('<span class="threshold-status threshold-status--{}">{}</span>', status, Status(status).label)


class VersionWorkflowAdmin(ScopedAdmin):
    """The framework admin's version pages and actions (FrameworkAdmin adds the fields and inlines)."""

    actions = ("draft_new_version", "show_changes", "validate_frameworks", "publish_drafts")

    def get_urls(self) -> list[URLPattern | URLResolver]:
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
            log_refusal(request, "publish", framework)
            raise PermissionDenied  # published already, or not this user's to publish
        if request.method == "POST":
            try:
                versioning.publish(framework, user=request.user)
            except versioning.PublishError as exc:
                log_publish_refused(request, framework, len(exc.problems))
                for problem in exc.problems:
                    messages.error(request, problem)
                return HttpResponseRedirect(reverse("admin:thresholds_framework_validate", args=[framework.pk]))
            log_publish(request, framework)
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
                log_publish_refused(request, framework, len(exc.problems))
                messages.error(request, str(exc))
            else:
                log_publish(request, framework)
                self.log_change(request, framework, "Published")
                messages.success(request, f"Published {framework.slug}.")
