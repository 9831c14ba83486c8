"""The notification outbox: who hears of what, that no message holds child data, and that a rolled-back event
leaves nothing to send."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from django.db import transaction

from portal.access import Role
from portal.tests.factories import AssessmentFactory, decided, make_user
from referrals.assessments.services import assessment_submit
from referrals.disagreement.services import escalation_raise, escalation_record
from referrals.models import Assessment, EscalationEntry, Notification
from referrals.review.services import ReviewInput, review_save

pytestmark = pytest.mark.django_db

CHILD = "Zebedee Quillfeather-Marchbanks"
BORN = date(2016, 2, 29)
BORN_FORMS = ("2016-02-29", "29/02/2016", "29 February 2016", "29 Feb 2016", "29.02.2016")


def draft(owner) -> Assessment:
    return AssessmentFactory(owner=owner, child_name=CHILD, date_of_birth=BORN, address="7 Unmistakable Lane")


def test_sending_an_assessment_tells_every_lead_of_its_partnership_only(practitioner, lead, other_lead):
    second = make_user("lia", role=Role.LEAD)
    assessment = draft(practitioner)
    assert assessment_submit(assessment=assessment, submitted_by=practitioner)
    rows = Notification.objects.filter(kind=Notification.Kind.SUBMITTED)
    assert {n.recipient for n in rows} == {lead, second}
    assert all(n.reference == assessment.reference and n.state == Notification.State.QUEUED for n in rows)
    assert str(rows[0].link).endswith(f"/review/{assessment.pk}/")


def test_a_rolled_back_submission_leaves_no_message(practitioner, lead):
    assessment = draft(practitioner)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert assessment_submit(assessment=assessment, submitted_by=practitioner)
        assert Notification.objects.count() == 1  # written with the event...
        raise RuntimeError("the request failed after the submission")
    assert Notification.objects.count() == 0  # ...and gone with it
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.DRAFT


def test_a_decision_and_a_changed_decision_tell_the_practitioner(practitioner, lead):
    assessment = decided(draft(practitioner), lead=lead)
    made = Notification.objects.filter(recipient=practitioner)
    assert [n.kind for n in made] == [Notification.Kind.DECIDED]
    data = ReviewInput(
        rag=assessment.review.rag,
        decision="agree",
        decided_level=None,
        decision_rationale="",
        outcome="Early help assessment",
        notes="",
        change_reason="New information from the school.",
    )
    review_save(assessment=assessment, lead=lead, data=data, seen_revision=assessment.revision)
    assessment.refresh_from_db()
    assert made.filter(kind=Notification.Kind.DECISION_CHANGED).count() == 1
    review_save(assessment=assessment, lead=lead, data=data, seen_revision=assessment.revision)  # saved unchanged
    assert made.all().count() == 2  # nothing new to say


def test_a_review_saved_without_a_decision_tells_nobody(practitioner, lead):
    assessment = AssessmentFactory(owner=practitioner, submitted=True)
    data = ReviewInput(rag="", decision="", decided_level=None, decision_rationale="", outcome="", notes="")
    review_save(assessment=assessment, lead=lead, data=data, seen_revision=assessment.revision)
    assert not Notification.objects.exists()


def disagreement(practitioner, lead):
    assessment = decided(draft(practitioner), lead=lead)
    escalation = escalation_raise(assessment=assessment, raised_by=practitioner, reason=f"{CHILD} is at risk.")
    return assessment, escalation


def test_a_disagreement_tells_the_other_side(practitioner, lead):
    other = make_user("lia", role=Role.LEAD)
    assessment, escalation = disagreement(practitioner, lead)
    raised = Notification.objects.filter(kind=Notification.Kind.DISAGREEMENT)
    assert [n.recipient for n in raised] == [lead]  # the lead who decided, not every lead
    assert other not in [n.recipient for n in raised]
    escalation_record(
        escalation=escalation, author=lead, action=EscalationEntry.Action.NOTE, text="Noted", seen_revision=1
    )
    assert raised.count() == 1  # a note is not one of the events
    escalation_record(
        escalation=escalation, author=lead, action=EscalationEntry.Action.RESOLVED, text="Agreed", seen_revision=2
    )
    assert raised.filter(recipient=practitioner).count() == 1
    assert "was resolved" in raised.get(recipient=practitioner).subject


def test_no_message_of_any_kind_holds_the_childs_name_or_date_of_birth(practitioner, lead):
    assessment, escalation = disagreement(practitioner, lead)
    escalation_record(
        escalation=escalation, author=lead, action=EscalationEntry.Action.RESOLVED, text=CHILD, seen_revision=1
    )
    data = ReviewInput(
        rag=assessment.review.rag,
        decision="agree",
        decided_level=None,
        decision_rationale=CHILD,
        outcome="Early help assessment",
        notes=CHILD,
        change_reason=f"{CHILD} told the school more.",
    )
    assessment.refresh_from_db()
    review_save(assessment=assessment, lead=lead, data=replace(data), seen_revision=assessment.revision)
    from referrals.notifications.services import message_for

    made = set(Notification.objects.values_list("kind", flat=True))
    assert {"decided", "decision_changed", "disagreement"} <= made
    texts = [(n.subject, n.body) for n in Notification.objects.all()]
    kinds = [k for k in Notification.Kind.values if k != Notification.Kind.DIGEST]  # the digest: test_reminders
    texts += [message_for(kind=k, assessment=assessment)[:2] for k in kinds]  # every kind about one assessment
    assert len(texts) >= len(kinds) + 4
    for subject, body in texts:
        for secret in (CHILD, *CHILD.split(" "), "Quillfeather", "Unmistakable", *BORN_FORMS):
            assert secret not in subject and secret not in body
        assert assessment.reference in subject and assessment.reference in body
