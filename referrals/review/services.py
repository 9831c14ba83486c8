"""A lead's triage and decision, with due-by times from the partnership's own response timescales."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from thresholds.models import RagRating

from ..access import can_assign
from ..assessments.pdf import referral_pdf_enqueue
from ..dashboard.marks import dashboard_summary_mark
from ..errors import NotAllowed
from ..family.services import family_align_due_by
from ..locking import locked_for_update
from ..models import Assessment, Notification, Review
from ..notifications.services import notification_queue
from ..timescales import Timescale, TimescaleError, due_by
from . import rules
from .selectors import rag_ratings

logger = logging.getLogger("referrals.review")

ASSIGN_REFUSED = "Choose a safeguarding lead of this partnership"


@dataclass(frozen=True)
class ReviewInput:
    rag: str
    decision: str
    decided_level: int | None
    decision_rationale: str
    outcome: str
    notes: str
    change_reason: str = ""


def due_for(rating: RagRating | None, received: datetime) -> datetime | None:
    if rating is None:
        return None
    try:
        return due_by(received, Timescale(rating.name, rating.hours, rating.working_days))
    except TimescaleError:
        return None  # wording such as "same working day": shown, but no time can be computed


@transaction.atomic
def review_save(
    *, assessment: Assessment, lead: Any, data: ReviewInput, seen_revision: int, via_token: Any = None
) -> Review:
    """Save a lead's review unless the assessment changed since they opened it (ChangedMeanwhile).

    A case system's decision through the integration API passes `lead=None` and its token (`via_token`): the
    review then names the token (`decided_via_token`) and no reviewer; every rule and notification is the same."""
    locked = locked_for_update(Assessment, assessment.pk, seen_revision=seen_revision)
    review, _ = Review.objects.get_or_create(assessment=locked)
    was = decision_of(review) if review.decided_at else None  # the decision before this save, if one was made
    problems = rules.decision_problems(decision_of(data), before_review(assessment=locked, review=review))
    if problems:  # the form checks the same rules: this keeps any other caller from recording a contradiction
        raise NotAllowed(problems[0][1])
    if data.rag != review.rag:
        rating = next((r for r in rag_ratings(framework=locked.framework) if r.name == data.rag), None)
        review.rag = data.rag
        review.due_by = due_for(rating, locked.submitted_at or timezone.now())
    review.decision = data.decision
    review.decided_level = (
        (data.decided_level if data.decision == Review.Decision.DIFFERENT else locked.level) if data.decision else None
    )
    review.decision_rationale = data.decision_rationale
    review.outcome = data.outcome
    review.notes = data.notes
    review.change_reason = data.change_reason
    review.reviewer = lead
    review.decided_via_token = via_token if lead is None else None
    decided = bool(data.decision and data.outcome)
    review.decided_at = timezone.now() if decided and not review.decided_at else review.decided_at
    review.save()
    locked.status = Assessment.Status.DECIDED if decided else Assessment.Status.IN_REVIEW
    locked.due_by = review.due_by
    locked.revision += 1
    locked.save()
    if locked.family_id:  # the family's due-by is its most urgent child's, on every child (issue 17)
        family_align_due_by(family_id=locked.family_id)
    dashboard_summary_mark(partnership_id=locked.partnership_id)  # its figures are counted again (issue 19)
    if decided and (was is None or was != decision_of(review)):  # a new decision, or a changed one: tell them
        kind = Notification.Kind.DECIDED if was is None else Notification.Kind.DECISION_CHANGED
        notification_queue(kind=kind, recipients=[locked.owner], assessment=locked)
    transaction.on_commit(partial(referral_pdf_enqueue, assessment_id=locked.pk))  # its status and date changed
    return review


def decision_of(data: ReviewInput | Review) -> rules.Decision:
    return rules.Decision(
        rag=data.rag,
        decision=data.decision,
        decided_level=data.decided_level,
        rationale=data.decision_rationale,
        outcome=data.outcome,
        change_reason=getattr(data, "change_reason", ""),
    )


def before_review(*, assessment: Assessment, review: Review | None) -> rules.Before:
    """What the rules compare a new decision with: the level put forward and the decision already recorded."""
    decided = review is not None and review.decided_at is not None
    return rules.Before(
        put_forward=assessment.level,
        ratings_given=bool(rag_ratings(framework=assessment.framework)),
        decided=decision_of(review) if decided and review is not None else None,
    )


@transaction.atomic
def assessment_assign(*, assessment: Assessment, by: Any, to: Any) -> Assessment:
    """Assign a sent assessment to a lead of its partnership (`by` themselves or a colleague).

    Recorded in the assessment's history (who, when) and logged (ids only); a colleague is told through the
    notifications outbox, in this transaction. The revision is not bumped: a review form open meanwhile still saves.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not can_assign(by, locked, to):
        raise NotAllowed(ASSIGN_REFUSED)
    if locked.assigned_to_id == to.pk:
        return locked
    locked.assigned_to = to
    locked._history_user = by
    locked._change_reason = "Assigned"
    locked.save(update_fields=["assigned_to"])
    logger.info("assessment %s assigned to user %s by user %s", locked.pk, to.pk, by.pk)
    if to.pk != by.pk:
        notification_queue(kind=Notification.Kind.ASSIGNED, recipients=[to], assessment=locked)
    return locked
