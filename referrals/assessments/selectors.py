"""What the assessment pages read: the practitioner's list, the guidance they may start from, the summary."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from thresholds.engine import Suggestion
from thresholds.models import Framework
from thresholds.snapshot import cached_snapshot

from ..access import assessments_visible_to, frameworks_startable_by
from ..disagreement.selectors import disagreement_open
from ..models import Assessment


def assessments_of(*, owner: Any) -> QuerySet[Assessment]:
    """A practitioner's own assessments, most recently changed first, each flagged if a disagreement is open."""
    return (
        assessments_visible_to(owner)
        .filter(owner=owner)
        .select_related("framework", "review")
        .annotate(disagreement_open=disagreement_open())
        .order_by("-updated")
    )


def frameworks_to_start_from(*, practitioner: Any) -> QuerySet[Framework]:
    """The current guidance of the practitioner's own partnership (`referrals.access` decides which)."""
    return frameworks_startable_by(practitioner).prefetch_related("areas")


def summary_context(*, assessment: Assessment) -> dict[str, Any]:
    """What the summary, print view, PDF, overview and review pages show of one assessment."""
    snapshot = cached_snapshot(assessment.framework)
    return {
        "assessment": assessment,
        "framework": assessment.framework,
        "area_name": snapshot.areas.get(assessment.area, assessment.area),
        "suggestion": Suggestion.from_json(assessment.suggestion),  # the live one's shape: one set of templates
        "levels": snapshot.levels,
    }
