"""Reminders before the RAG due-by time, the overdue message and the morning digest: timed with the same code as
the due-by time (referrals.timescales), queued once each, and holding no child data."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.access import Role
from portal.tests.factories import AssessmentFactory, make_user
from referrals.models import Notification
from referrals.notifications.reminders import notifications_queue_digests, notifications_queue_reminders, reminder_at
from referrals.review.services import ReviewInput, review_save
from referrals.timescales import Timescale, due_by
from thresholds.engine import LONDON

Kind = Notification.Kind
CHILD = "Perpetua Wolstenholme-Ashdown"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    ("received", "timescale", "expected"),
    [
        # hours are elapsed clock time, weekends included: a quarter of the time before the due-by time
        ("2026-11-27T16:00", Timescale("Red", hours=2), "2026-11-27T17:30"),
        ("2026-11-27T16:00", Timescale("Green", hours=72), "2026-11-29T22:00"),
        # working days: one working day before the due time, skipping the weekend...
        ("2026-11-26T10:00", Timescale("Amber", working_days=2), "2026-11-27T10:00"),
        ("2026-11-27T10:00", Timescale("Amber", working_days=2), "2026-11-30T10:00"),
        # ...and the Easter bank holidays (Good Friday 3 April, Easter Monday 6 April 2026)
        ("2026-04-02T10:00", Timescale("Amber", working_days=2), "2026-04-07T10:00"),
        # 1 working day: halfway, moved to the next working day's start when halfway is a weekend or holiday
        ("2026-11-24T10:00", Timescale("Amber", working_days=1), "2026-11-24T22:00"),
        ("2026-11-27T10:00", Timescale("Amber", working_days=1), "2026-11-30T00:00"),
        ("2026-04-02T10:00", Timescale("Amber", working_days=1), "2026-04-07T00:00"),
    ],
)
def test_the_reminder_comes_before_the_due_by_time_counted_the_same_way(received, timescale, expected):
    reminder = reminder_at(at(received), timescale)
    assert reminder == at(expected)
    assert at(received) < reminder < due_by(at(received), timescale)


def test_no_reminder_for_a_timescale_without_a_number():
    assert reminder_at(at("2026-11-24T10:00"), Timescale("Same working day")) is None


@pytest.fixture
def rated(db, practitioner, lead):
    """A sent assessment a lead has rated (the guidance's first rating with hours) but not decided."""
    assessment = AssessmentFactory(owner=practitioner, submitted=True, child_name=CHILD)
    rating = next(r for r in assessment.framework.rag_ratings.order_by("order") if r.hours)
    data = ReviewInput(rag=rating.name, decision="", decided_level=None, decision_rationale="", outcome="", notes="")
    review_save(assessment=assessment, lead=lead, data=data, seen_revision=assessment.revision)
    assessment.refresh_from_db()
    assert assessment.due_by is not None
    return assessment, rating


def test_the_leads_are_reminded_once_then_told_once_it_is_overdue(rated, lead):
    second = make_user("lia", role=Role.LEAD)
    assessment, rating = rated
    reminder = reminder_at(assessment.submitted_at, Timescale(rating.name, rating.hours, rating.working_days))
    assert notifications_queue_reminders(now=reminder - timedelta(minutes=1)) == 0
    assert notifications_queue_reminders(now=reminder + timedelta(minutes=1)) == 1
    assert notifications_queue_reminders(now=reminder + timedelta(minutes=2)) == 0  # once only
    reminded = Notification.objects.filter(kind=Kind.REMINDER)
    assert {n.recipient for n in reminded} == {lead, second}
    assert notifications_queue_reminders(now=assessment.due_by + timedelta(minutes=1)) == 1
    assert notifications_queue_reminders(now=assessment.due_by + timedelta(hours=5)) == 0
    overdue = Notification.objects.filter(kind=Kind.OVERDUE)
    assert overdue.count() == 2 and all(assessment.reference in n.subject for n in overdue)


def test_a_decided_assessment_is_neither_reminded_nor_overdue(rated):
    assessment, _ = rated
    type(assessment).objects.filter(pk=assessment.pk).update(status="decided")
    assert notifications_queue_reminders(now=assessment.due_by + timedelta(days=1)) == 0


def test_each_lead_gets_one_digest_a_day_from_eight_and_no_child_data(rated, lead, other_lead):
    assessment, _ = rated
    day = (assessment.due_by + timedelta(days=1)).astimezone(LONDON).date()
    assert notifications_queue_digests(now=datetime.combine(day, datetime.min.time(), LONDON) + timedelta(hours=7)) == 0
    eight = datetime.combine(day, datetime.min.time(), LONDON) + timedelta(hours=8, minutes=5)
    assert notifications_queue_digests(now=eight) == 1
    assert notifications_queue_digests(now=eight + timedelta(hours=3)) == 0  # once a day
    digest = Notification.objects.get(kind=Kind.DIGEST)
    assert digest.recipient == lead  # not the other partnership's lead
    assert assessment.reference in digest.body and "1 overdue assessment in" in digest.subject
    for text in (digest.subject, digest.body):
        assert CHILD not in text and "Wolstenholme" not in text
    assert notifications_queue_digests(now=eight + timedelta(days=1)) == 1  # the next day, again


def test_an_unrated_child_of_a_rated_family_is_not_called_rated(practitioner, lead):
    """A family's children share its most urgent due-by time (issue 17): a child not rated yet has one too, so
    the reminder's words may not say it has a RAG rating."""
    sibling = AssessmentFactory(owner=practitioner, submitted=True, child_name=CHILD)
    due = sibling.submitted_at + timedelta(hours=4)
    type(sibling).objects.filter(pk=sibling.pk).update(due_by=due)  # as family_align_due_by sets it
    assert notifications_queue_reminders(now=due + timedelta(minutes=1)) == 1
    told = Notification.objects.get(kind=Kind.OVERDUE)
    assert sibling.reference in told.subject and "it is overdue" in told.body + told.subject
    assert "RAG rating" not in told.subject + told.body
