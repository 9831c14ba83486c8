"""The quick check: tick what you see, get a suggested level, its reasons and who to call.

Nothing about the child is asked for or stored: the ticks travel in the form (POST, never the URL),
and every page is rendered from the cached framework snapshot.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from .forms import QuickCheckForm
from .models import Framework
from .pages import checklist_page, guidance_and_snapshot, live_suggestion, panel_context
from .selectors import guidance_for_level


def _can_save(request: HttpRequest, framework: Framework) -> bool:
    """Whether the result offers "Save as an assessment": asks `referrals.access`, the one rule for starting one."""
    from referrals.access import can_start_assessment  # referrals builds on thresholds, not the other way

    return can_start_assessment(request.user, framework)


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
    _, snapshot = guidance_and_snapshot(slug, area)
    context = panel_context(snapshot=snapshot, area=area, form=QuickCheckForm(snapshot, request.POST))
    return render(request, "thresholds/_panel_response.html", context)


def _result(request: HttpRequest, slug: str, area: str, template: str) -> HttpResponse:
    if request.method != "POST":
        return redirect(reverse("thresholds:check", args=[slug, area]))
    framework, snapshot = guidance_and_snapshot(slug, area)
    form = QuickCheckForm(snapshot, request.POST, require_ticks=True)
    if not form.is_valid():
        return checklist_page(request, framework, snapshot, area, form)
    suggestion = live_suggestion(snapshot, form.cleaned_data["indicators"], area, form)
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
