"""What happens to an assessment: started, ticked, each step saved, submitted. Keyword-only; the views call them."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from thresholds.engine import LONDON, Context, suggest
from thresholds.models import Framework
from thresholds.snapshot import cached_snapshot

from ..children.services import child_links_find
from ..dashboard.marks import dashboard_summary_mark, sent_count_add
from ..locking import locked_for_update
from ..models import Assessment, Notification
from ..notifications.services import leads_of, notification_queue
from .pdf import referral_pdf_enqueue
from .rules import missing_for_submission


def assessment_start(
    *,
    owner: Any,
    framework: Framework,
    area: str,
    codes: list[str],
    at: datetime | None = None,
    start_token: UUID | None = None,
) -> Assessment:
    """A new draft for `owner` with the ticks and the engine's suggestion as it is now.

    Idempotent for a form's one-time `start_token`: the same form sent again (a double click, a resent
    request) gets the draft the first one made, even when both arrive at once (one unique row per owner
    and token). Without a token, a new draft every time."""
    if start_token is not None:
        made = Assessment.objects.filter(owner=owner, start_token=start_token).first()
        if made is not None:
            return made
    assessment = Assessment(
        owner=owner, partnership=framework.partnership, framework=framework, area=area, start_token=start_token
    )
    assessment_record_indicators(assessment=assessment, codes=codes, at=at, save=False)
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError:  # the same token's other request saved its draft first
        if start_token is None:
            raise
        return Assessment.objects.get(owner=owner, start_token=start_token)
    return assessment


@transaction.atomic
def assessment_delete(*, assessment: Assessment) -> bool:
    """Delete its owner's draft: kept, with its history, for the audit (`deleted_at`), but seen by no one
    (`referrals.access`). False if it was sent meanwhile: a sent assessment is never deleted."""
    locked = locked_for_update(Assessment, assessment.pk)
    if locked.status != Assessment.Status.DRAFT or locked.deleted_at is not None or locked.family_id is not None:
        return False
    locked.deleted_at = timezone.now()
    assessment_save_step(assessment=locked)
    return True


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
    A family's child sends the whole family at once, or nothing (`referrals.family.services.family_submit`).
    """
    if assessment.family_id:
        from ..family.services import family_submit  # the family package builds on this module

        return family_submit(assessment=assessment, submitted_by=submitted_by)
    locked = locked_for_update(Assessment, assessment.pk)
    if locked.status != Assessment.Status.DRAFT or missing_for_submission(locked):
        return False
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    assessment_save_step(assessment=locked)
    child_links_find(assessment=locked)  # earlier assessments of the same child (issue 17)
    sent_count_add(partnership_id=locked.partnership_id)  # the queue's counts (issue 19)
    dashboard_summary_mark(partnership_id=locked.partnership_id)
    notification_queue(  # in this transaction: a rolled-back submission leaves no message
        kind=Notification.Kind.SUBMITTED, recipients=leads_of(partnership_id=locked.partnership_id), assessment=locked
    )
    transaction.on_commit(partial(referral_pdf_enqueue, assessment_id=locked.pk))  # the worker makes the PDF
    assessment.refresh_from_db()
    return True
