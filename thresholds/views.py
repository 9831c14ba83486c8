"""The quick check: tick what you see, get a suggested level, its reasons and who to call.

Nothing about the child is asked for or stored: the ticks travel in the form (POST, never the URL),
and every page is rendered from the cached framework snapshot.
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from .checklist import checklist, filter_words, matches
from .engine import LONDON, Context, FrameworkSnapshot, Suggestion, suggest
from .forms import QuickCheckForm
from .models import Framework
from .selectors import framework_by_slug, guidance_for_level
from .snapshot import cached_snapshot


def guidance_and_snapshot(slug: str, area: str) -> tuple[Framework, FrameworkSnapshot]:
    """A published framework and its snapshot, or 404 for an unknown slug, a draft or an area it does not cover."""
    framework = framework_by_slug(slug)
    if framework is None or framework.status == Framework.Status.DRAFT:
        raise Http404("No such guidance")
    snapshot = cached_snapshot(framework)
    if area not in snapshot.areas:
        raise Http404("No such area")
    return framework, snapshot


def checklist_context(snapshot: FrameworkSnapshot, ticked: set[str], query: str = "") -> dict:
    """What the checklist template needs: the groups, what is ticked, and what the filter words leave shown."""
    groups = checklist(snapshot)
    words = filter_words(query[:200])
    shown = None
    visible_domains = {d.domain.code for g in groups for d in g.domains}
    if words:
        shown = {item.indicator.code for g in groups for d in g.domains for item in d.items if matches(item, words)}
        visible_domains = {
            d.domain.code for g in groups for d in g.domains if any(i.indicator.code in shown for i in d.items)
        }
    return {
        "groups": groups,
        "ticked": ticked,
        "shown": shown,
        "visible_domains": visible_domains,
        "visible_groups": {g.name for g in groups if any(d.domain.code in visible_domains for d in g.domains)},
        "query": query,
    }


def checklist_page(
    request: HttpRequest, framework: Framework, snapshot: FrameworkSnapshot, area: str, form: QuickCheckForm
) -> HttpResponse:
    query = (form.cleaned_data.get("q") if hasattr(form, "cleaned_data") else None) or form.data.get("q", "")
    ticked = set(form.ticked())
    form_errors = form.errors if form.is_bound else {}
    context = {
        "framework": framework,
        "snapshot": snapshot,
        "area": area,
        "area_name": snapshot.areas[area],
        **checklist_context(snapshot, ticked, query),
        "at": form.data.get("at", ""),
        "errors": form.error_list() if form.is_bound else [],
        "form_errors": form_errors,
        "indicator_errors": form_errors.get("indicators", []),
        "suggestion": _suggestion(snapshot, ticked, area, form),
    }
    return render(request, "thresholds/check.html", context)


def _can_save(request: HttpRequest, framework: Framework) -> bool:
    """Whether the result offers "Save as an assessment": asks `referrals.access`, the one rule for starting one."""
    from referrals.access import can_start_assessment  # referrals builds on thresholds, not the other way

    return can_start_assessment(request.user, framework)


def _suggestion(snapshot: FrameworkSnapshot, ticked, area: str, form: QuickCheckForm) -> Suggestion:
    at = form.cleaned_data.get("at") if hasattr(form, "cleaned_data") else None
    return suggest(snapshot, ticked, Context(area=area, at=at or datetime.now(LONDON)))


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, slug: str, area: str) -> HttpResponse:
    framework, snapshot = guidance_and_snapshot(slug, area)
    form = QuickCheckForm(snapshot, request.POST if request.method == "POST" else {"q": request.GET.get("q", "")})
    form.is_valid()  # a filter or a change of answers needs no ticks; bad codes or times still show errors
    if request.method == "GET":
        form.errors.clear()
    return checklist_page(request, framework, snapshot, area, form)


@require_POST
def panel(request: HttpRequest, slug: str, area: str) -> HttpResponse:
    """The live suggestion panel, refreshed by htmx as boxes are ticked."""
    framework, snapshot = guidance_and_snapshot(slug, area)
    form = QuickCheckForm(snapshot, request.POST)
    form.is_valid()
    context = {"framework": framework, "area": area, "errors": form.error_list()}
    if not form.errors:
        context["suggestion"] = _suggestion(snapshot, form.ticked(), area, form)
    return render(request, "thresholds/_panel.html", context)


def _result(request: HttpRequest, slug: str, area: str, template: str) -> HttpResponse:
    if request.method != "POST":
        return redirect(reverse("thresholds:check", args=[slug, area]))
    framework, snapshot = guidance_and_snapshot(slug, area)
    form = QuickCheckForm(snapshot, request.POST, require_ticks=True)
    if not form.is_valid():
        return checklist_page(request, framework, snapshot, area, form)
    suggestion = _suggestion(snapshot, form.cleaned_data["indicators"], area, form)
    context = {
        "framework": framework,
        "snapshot": snapshot,
        "area": area,
        "area_name": snapshot.areas[area],
        "suggestion": suggestion,
        "guidance": guidance_for_level(framework, suggestion.level.number if suggestion.level else None),
        "ticked": suggestion.ticked,
        "at": form.data.get("at", ""),
        "query": form.cleaned_data.get("q", ""),
        "can_save": _can_save(request, framework),
    }
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def result(request: HttpRequest, slug: str, area: str) -> HttpResponse:
    return _result(request, slug, area, "thresholds/result.html")


@require_http_methods(["GET", "POST"])
def print_view(request: HttpRequest, slug: str, area: str) -> HttpResponse:
    return _result(request, slug, area, "thresholds/print.html")
