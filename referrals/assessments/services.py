"""What happens to an assessment: started, ticked, each step saved, submitted. Keyword-only; the views call them."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from thresholds.engine import LONDON, Context, suggest
from thresholds.models import Framework
from thresholds.snapshot import cached_snapshot

from ..children.services import child_links_find
from ..locking import locked_for_update
from ..models import Assessment, Notification
from ..notifications.services import leads_of, notification_queue
from .pdf import referral_pdf_enqueue
from .rules import missing_for_submission


def assessment_start(
    *, owner: Any, framework: Framework, area: str, codes: list[str], at: datetime | None = None
) -> Assessment:
    """A new draft for `owner` with the ticks and the engine's suggestion as it is now."""
    assessment = Assessment(owner=owner, partnership=framework.partnership, framework=framework, area=area)
    assessment_record_indicators(assessment=assessment, codes=codes, at=at, save=False)
    assessment.save()
    return assessment


def assessment_record_indicators(
    *, assessment: Assessment, codes: list[str], at: datetime | None = None, save: bool = True
) -> None:
    """Store the ticks and the engine's suggestion as it is now; it is kept as it was, never recomputed later."""
    moment = at or datetime.now(LONDON)
    suggestion = suggest(cached_snapshot(assessment.framework), codes, Context(area=assessment.area, at=moment))
    assessment.indicators = list(suggestion.ticked)
    assessment.suggestion = suggestion.as_json() if suggestion.level else None
    assessment.suggested_level = suggestion.level.number if suggestion.level else None
    assessment.suggested_at = moment if suggestion.level else None
    if save:
        assessment_save_step(assessment=assessment)


def assessment_save_step(*, assessment: Assessment) -> None:
    """Save a draft's step; the revision goes up, so a lead's or a second tab's stale copy is detected."""
    assessment.revision += 1
    assessment.save()


@transaction.atomic
def assessment_submit(*, assessment: Assessment, submitted_by: Any) -> bool:
    """Send a complete draft to the partnership's safeguarding leads. False if it is not complete.

    `submitted_by` is the person sending it (its owner: `referrals.access.can_edit` is asked before this).
    """
    locked = locked_for_update(Assessment, assessment.pk)
    if locked.status != Assessment.Status.DRAFT or missing_for_submission(locked):
        return False
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    assessment_save_step(assessment=locked)
    child_links_find(assessment=locked)  # earlier assessments of the same child (issue 17)
    notification_queue(  # in this transaction: a rolled-back submission leaves no message
        kind=Notification.Kind.SUBMITTED, recipients=leads_of(partnership_id=locked.partnership_id), assessment=locked
    )
    transaction.on_commit(partial(referral_pdf_enqueue, assessment_id=locked.pk))  # the worker makes the PDF
    assessment.refresh_from_db()
    return True
