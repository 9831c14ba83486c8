"""Moving a draft to the guidance that replaced its version (issue 18, item 9).

A draft started on a version that has since been replaced can move to the current one. The practitioner first
sees what changed in the indicators they ticked, from the same comparison the guidance editor's "Show changes"
uses (`thresholds.versioning.diff`); moving keeps every tick whose code the new version still has, drops the
rest (listed), and works the suggestion out again on the new version. A sent assessment never moves: it keeps
the version it was made with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from thresholds.models import Framework
from thresholds.selectors import framework_replacing
from thresholds.snapshot import cached_snapshot
from thresholds.versioning import IndicatorMove, IndicatorRef, IndicatorReword, diff

from ..access import can_edit, can_start_assessment
from ..errors import NotAllowed
from ..locking import locked_for_update
from ..models import Assessment
from .services import assessment_record_indicators

NOT_A_DRAFT = "Only a draft can move to the new guidance: a sent assessment keeps the version it was made with."
NOT_REPLACED = "This assessment already uses the current guidance."
AREA_NOT_COVERED = "The new guidance does not cover this assessment's area: start a new assessment instead."
NOT_YOURS = "The new guidance is not your partnership's: start a new assessment instead."


@dataclass(frozen=True)
class GuidanceMove:
    """What moving a draft to `to` would change in its ticks."""

    to: Framework
    allowed: str  # "" if the owner may move it, else why not
    kept: tuple[str, ...]
    dropped: tuple[IndicatorRef, ...]  # ticked, and no longer in the new version: moving drops them
    moved: tuple[IndicatorMove, ...]  # ticked, at another level or in another domain now
    reworded: tuple[IndicatorReword, ...]  # ticked, in other words now

    @property
    def ticks_change(self) -> bool:
        return bool(self.dropped or self.moved or self.reworded)


def guidance_move_for(*, assessment: Assessment) -> GuidanceMove | None:
    """For a draft on replaced guidance: the version that replaced it and what would change in its ticks."""
    if assessment.status != Assessment.Status.DRAFT:
        return None
    to = framework_replacing(assessment.framework)
    if to is None:
        return None
    ticked = set(assessment.indicators or [])
    changes = diff(to, assessment.framework)
    return GuidanceMove(
        to=to,
        allowed=_refusal(assessment, to, assessment.owner),
        kept=tuple(c for c in assessment.indicators or [] if c in cached_snapshot(to).indicators),
        dropped=tuple(i for i in changes.indicators_removed if i.code in ticked),
        moved=tuple(i for i in changes.indicators_moved if i.code in ticked),
        reworded=tuple(i for i in changes.indicators_reworded if i.code in ticked),
    )


@transaction.atomic
def assessment_move_guidance(*, assessment: Assessment, moved_by: Any, seen_revision: int) -> list[str]:
    """Move a draft to the current version that replaced its guidance; the ticked codes that were dropped.

    Refused (NotAllowed) for a sent assessment, one already on current guidance, or an area the new version
    does not cover; ChangedMeanwhile if the draft changed since the page was opened."""
    locked = locked_for_update(Assessment, assessment.pk, seen_revision=seen_revision)
    if not can_edit(moved_by, locked):
        raise NotAllowed(NOT_A_DRAFT)
    to = framework_replacing(locked.framework)
    if to is None:
        raise NotAllowed(NOT_REPLACED)
    refused = _refusal(locked, to, moved_by)
    if refused:
        raise NotAllowed(refused)
    snapshot = cached_snapshot(to)
    codes = list(locked.indicators or [])
    kept = [c for c in codes if c in snapshot.indicators]
    locked.framework = to
    locked._change_reason = f"Moved to {to.slug}"  # type: ignore[attr-defined]
    assessment_record_indicators(assessment=locked, codes=kept)  # the suggestion again, on the new version
    return [c for c in codes if c not in snapshot.indicators]


def _refusal(assessment: Assessment, to: Framework, person: Any) -> str:
    """Why this person may not move this draft to `to` ("" if they may): the rule for starting one on it."""
    if not can_start_assessment(person, to):
        return NOT_YOURS
    if assessment.area not in cached_snapshot(to).areas:
        return AREA_NOT_COVERED
    return ""
