"""Reminders before a rated assessment's due-by time, one when it is overdue, and each lead's morning digest.

Run by the worker (`send_notifications`) before each round of sending; each is queued through the outbox once:
- when the reminder falls due (`reminder_at`), a REMINDER to the partnership's leads;
- when the due-by time has passed without a decision, an OVERDUE message to them;
- from `DIGEST_AT` London time, once a day, each lead with something overdue gets a DIGEST listing the references.

`reminder_at` counts with the same code as the due-by time (`referrals.timescales`), from the same moment
(`submitted_at`, as `review_save` does): hours are elapsed clock time, so a reminder for an hours timescale
comes when a quarter of the time is left, nights and weekends included; for N working days it comes one
working day before the due time (the same wall-clock time on the working day before, skipping weekends and
bank holidays), and for 1 working day halfway through, moved to 00:00 on the next working day if halfway falls
on a weekend or bank holiday.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from thresholds.engine import LONDON

from ..models import Assessment, Notification
from ..timescales import (
    Timescale,
    TimescaleError,
    add_working_days,
    clock_start,
    due_by,
    is_working_day,
    next_working_day,
)
from .services import leads_of, notification_queue, portal_url

Kind = Notification.Kind
OPEN = (Assessment.Status.SUBMITTED, Assessment.Status.IN_REVIEW)
DIGEST_AT = time(8, 0)  # London


def reminder_at(received: datetime, timescale: Timescale) -> datetime | None:
    """When to remind the leads before the due-by time `due_by(received, timescale)` (None: no number to count)."""
    try:
        due = due_by(received, timescale)
    except TimescaleError:
        return None
    start = clock_start(received)
    if timescale.hours is not None:
        return due - timedelta(hours=timescale.hours) / 4
    days = timescale.working_days or 0
    if days >= 2:
        return add_working_days(start, days - 1)
    halfway = (start + (due - start) / 2).astimezone(LONDON)
    if not is_working_day(halfway.date()):
        return datetime.combine(next_working_day(halfway.date()), time(0), tzinfo=LONDON)
    return halfway


def _not_yet(kind: str) -> Exists:
    return Exists(Notification.objects.filter(kind=kind, reference=OuterRef("reference")))


def _queue_once(*, assessment_id: Any, kind: str) -> bool:
    """Queue `kind` for this assessment's leads unless it already was: the row lock keeps two workers to one."""
    with transaction.atomic():
        locked = (
            Assessment.objects.select_for_update()
            .select_related("partnership")
            .filter(pk=assessment_id, status__in=OPEN)
            .first()
        )
        if locked is None or Notification.objects.filter(kind=kind, reference=locked.reference).exists():
            return False
        notification_queue(kind=kind, recipients=leads_of(partnership_id=locked.partnership_id), assessment=locked)
        return True


def notifications_queue_reminders(*, now: datetime | None = None) -> int:
    """Queue the reminders and overdue messages that have fallen due: how many assessments were told about."""
    now = now or timezone.now()
    rated = Assessment.objects.filter(status__in=OPEN, due_by__isnull=False, erased_at__isnull=True)
    told = 0
    for pk in rated.filter(due_by__lte=now).exclude(_not_yet(Kind.OVERDUE)).values_list("pk", flat=True):
        told += _queue_once(assessment_id=pk, kind=Kind.OVERDUE)
    upcoming = (
        rated.filter(due_by__gt=now)
        .exclude(_not_yet(Kind.REMINDER))
        .select_related("review")
        .prefetch_related("framework__rag_ratings")
    )
    for assessment in upcoming:
        rating = next((r for r in assessment.framework.rag_ratings.all() if r.name == assessment.review.rag), None)
        if rating is None or assessment.submitted_at is None:
            continue
        try:
            timescale = Timescale(rating.name, rating.hours, rating.working_days)
        except TimescaleError:
            continue
        at = reminder_at(assessment.submitted_at, timescale)
        if at is not None and at <= now:
            told += _queue_once(assessment_id=assessment.pk, kind=Kind.REMINDER)
    return told


def notifications_queue_digests(*, now: datetime | None = None) -> int:
    """From DIGEST_AT London time, once a day: each lead with overdue assessments gets their list. How many."""
    now = now or timezone.now()
    local = now.astimezone(LONDON)
    if local.time() < DIGEST_AT:
        return 0
    day = local.date().isoformat()  # a digest's `reference` is its London day: one per lead per day
    overdue = Assessment.objects.filter(status__in=OPEN, due_by__lte=now, erased_at__isnull=True)
    partnerships = overdue.values_list("partnership_id", flat=True).distinct()
    queued = 0
    for partnership_id in partnerships:
        rows = list(overdue.filter(partnership_id=partnership_id).order_by("due_by").select_related("partnership"))
        lines = [
            f"{a.reference}: was due by {a.due_by.astimezone(LONDON):%a %-d %b %Y, %H:%M}" for a in rows if a.due_by
        ]
        name = rows[0].partnership.name
        link = reverse("referrals:queue") + "?overdue=1"
        subject = f"{len(rows)} overdue assessment{'s' if len(rows) != 1 else ''} in {name}"
        body = "\n".join(
            [
                f"These rated assessments in {name} have no decision and are past their due-by time:",
                "",
                *lines,
                "",
                f"Sign in to see them: {portal_url()}{link}",
                "",
                "This message holds no details about any child.",
            ]
        )
        with transaction.atomic():
            for lead in leads_of(partnership_id=partnership_id).select_for_update():
                if Notification.objects.filter(kind=Kind.DIGEST, recipient=lead, reference=day).exists():
                    continue
                Notification.objects.create(
                    recipient=lead,
                    kind=Kind.DIGEST,
                    reference=day,
                    partnership_id=partnership_id,
                    subject=subject,
                    body=body,
                    link=link,
                    next_attempt_at=now,
                )
                queued += 1
    return queued
