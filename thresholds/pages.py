"""The quick check's checklist page, shared by the quick check and an assessment's "What you have seen" step.

Both apps' views call these; no view module imports another's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from .checklist import checklist, filter_words, matches
from .checklist_html import TEMPLATE as CHECKLIST_TEMPLATE
from .checklist_html import checklist_html
from .engine import LONDON, Context, FrameworkSnapshot, Suggestion, suggest
from .forms import QuickCheckForm
from .models import Framework
from .selectors import framework_by_slug
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


def checklist_component(
    *,
    framework: Framework,
    snapshot: FrameworkSnapshot,
    area: str,
    form: QuickCheckForm,
    query: str = "",
    indicator_errors: Iterable[Any] | None = None,
) -> dict:
    """What thresholds/_checklist_component.html needs (the quick check's and the assessment's): the filter, the
    boxes with these ticks (the cached rendering unless filtered or in error) and the live suggestion."""
    ticked = set(form.ticked())
    context = checklist_context(snapshot, ticked, query)
    context["indicator_errors"] = list(indicator_errors or [])
    if context["shown"] is None and not context["indicator_errors"]:
        context["checklist_html"] = checklist_html(framework=framework, snapshot=snapshot, ticked=ticked)
    else:
        context["checklist_html"] = render_to_string(CHECKLIST_TEMPLATE, context)
    context["suggestion"] = live_suggestion(snapshot, ticked, area, form)
    return context


def panel_context(*, snapshot: FrameworkSnapshot, area: str, form: QuickCheckForm) -> dict:
    """The live panel's (and the phone's summary bar's) context for the ticks posted: the suggestion, or the errors."""
    form.is_valid()
    context: dict = {"errors": form.error_list()}
    if not form.errors:
        context["suggestion"] = live_suggestion(snapshot, form.ticked(), area, form)
    return context


def checklist_page(
    request: HttpRequest, framework: Framework, snapshot: FrameworkSnapshot, area: str, form: QuickCheckForm
) -> HttpResponse:
    query = (form.cleaned_data.get("q") if hasattr(form, "cleaned_data") else None) or form.data.get("q", "")
    form_errors = form.errors if form.is_bound else {}
    context = {
        "framework": framework,
        "snapshot": snapshot,
        "area": area,
        "area_name": snapshot.areas[area],
        **checklist_component(
            framework=framework,
            snapshot=snapshot,
            area=area,
            form=form,
            query=query,
            indicator_errors=form_errors.get("indicators", []),
        ),
        "at": form.data.get("at", ""),
        "errors": form.error_list() if form.is_bound else [],
        "form_errors": form_errors,
    }
    return render(request, "thresholds/check.html", context)


def live_suggestion(snapshot: FrameworkSnapshot, ticked, area: str, form: QuickCheckForm) -> Suggestion:
    """The engine's suggestion for these ticks, at the time the form gives, else now."""
    at = form.cleaned_data.get("at") if hasattr(form, "cleaned_data") else None
    return suggest(snapshot, ticked, Context(area=area, at=at or datetime.now(LONDON)))
