"""What the assessment pages read: the practitioner's list, the guidance they may start from, the summary."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from thresholds.engine import Context, FrameworkSnapshot, Suggestion, SuggestionError, suggest
from thresholds.models import Framework
from thresholds.snapshot import cached_snapshot

from ..access import assessments_visible_to, frameworks_startable_by
from ..disagreement.selectors import disagreement_open
from ..family.selectors import family_children
from ..models import Assessment
from .mine_rows import ROW_FIELDS

MINE_PAGE_SIZE = 25
# "My assessments" filter by status: the GET value, how the page says it, and the statuses it means.
MINE_STATUSES = {
    "draft": ("Draft", (Assessment.Status.DRAFT,)),
    "sent": ("Sent", (Assessment.Status.SUBMITTED, Assessment.Status.IN_REVIEW)),
    "decided": ("Decided", (Assessment.Status.DECIDED,)),
}
REFERENCE_SEARCH_LIMIT = 12  # a reference's length (Assessment.reference); anything longer matches nothing


def assessments_of(*, owner: Any, status: str = "", reference: str = "") -> QuerySet[Assessment]:
    """A practitioner's own assessments, most recently changed first, each flagged if a disagreement is open.

    `status` is one of MINE_STATUSES (anything else: every status); `reference` keeps those whose reference
    contains it (any case). Sorted on the `assessment_mine` index (owner, updated).
    """
    rows = assessments_visible_to(owner).filter(owner=owner)
    if status in MINE_STATUSES:
        rows = rows.filter(status__in=MINE_STATUSES[status][1])
    if reference:
        rows = rows.filter(reference__icontains=reference)
    return (
        rows.select_related("review")
        .only(*ROW_FIELDS)
        .annotate(disagreement_open=disagreement_open())
        .order_by("-updated", "-id")
    )


def assessments_page_of(*, owner: Any, status: str, reference: str, page: str | None) -> Page:
    """One page (MINE_PAGE_SIZE) of `assessments_of`: two queries whatever the number (a COUNT and the page)."""
    reference = reference.strip()[: REFERENCE_SEARCH_LIMIT + 1]
    return Paginator(assessments_of(owner=owner, status=status, reference=reference), MINE_PAGE_SIZE).get_page(page)


def frameworks_to_start_from(*, practitioner: Any) -> QuerySet[Framework]:
    """The current guidance of the practitioner's own partnership (`referrals.access` decides which)."""
    return frameworks_startable_by(practitioner).prefetch_related("areas")


def summary_context(*, assessment: Assessment) -> dict[str, Any]:
    """What the summary, print view, PDF, overview and review pages show of one assessment."""
    snapshot = cached_snapshot(assessment.framework)
    suggestion = Suggestion.from_json(assessment.suggestion)  # the live one's shape: one set of templates
    family = family_children(assessment=assessment)  # [] for a single child
    return {
        "family": family,
        "siblings": [child for child in family if child.pk != assessment.pk],
        "assessment": assessment,
        "framework": assessment.framework,
        "area_name": snapshot.areas.get(assessment.area, assessment.area),
        "suggestion": suggestion,
        "doors": put_forward_doors(assessment=assessment, snapshot=snapshot, suggestion=suggestion),
        "doors_level": snapshot.levels.get(assessment.level) if suggestion and assessment.level is not None else None,
        "levels": snapshot.levels,
    }


def put_forward_doors(
    *, assessment: Assessment, snapshot: FrameworkSnapshot, suggestion: Suggestion | None
) -> Suggestion | None:
    """The pathways and contacts of the level the practitioner put forward, at the moment of the stored
    suggestion; the stored suggestion itself when they agree with it (or gave no level yet)."""
    level = assessment.practitioner_level
    if suggestion is None or suggestion.level is None or not level or level == suggestion.level.number:
        return suggestion
    try:
        return suggest(snapshot, suggestion.ticked, Context(area=assessment.area, at=suggestion.at, level=level))
    except SuggestionError:  # a level or code the pinned guidance no longer has: keep what was stored
        return suggestion
