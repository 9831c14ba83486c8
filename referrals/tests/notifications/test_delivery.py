"""Delivering the outbox: one claim wins, a failure backs off and is retried, a sent message is never sent again."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from portal.tests.factories import AssessmentFactory
from referrals.assessments.services import assessment_submit
from referrals.models import Notification
from referrals.notifications import services
from referrals.notifications.services import notification_claim, notification_retry, notifications_send_due

pytestmark = pytest.mark.django_db

State = Notification.State


@pytest.fixture
def queued(practitioner, lead) -> Notification:
    assessment = AssessmentFactory(owner=practitioner)
    assert assessment_submit(assessment=assessment, submitted_by=practitioner)
    return Notification.objects.get()


def test_the_lead_gets_an_email_with_the_reference_and_a_link(queued, lead):
    call_command("send_notifications", verbosity=0)
    [message] = mail.outbox
    assert message.to == [lead.email]
    assert queued.reference in message.subject
    assert f"/review/{queued.link.split('/')[-2]}/" in message.body
    assert message.extra_headers["Message-ID"] == f"<notification-{queued.pk}@threshold.invalid>"
    queued.refresh_from_db()
    assert queued.state == State.SENT and queued.sent_at and queued.attempts == 1


def test_running_the_command_again_sends_nothing_new(queued):
    call_command("send_notifications", verbosity=0)
    call_command("send_notifications", verbosity=0)
    assert len(mail.outbox) == 1


def test_of_two_claims_one_wins(queued):
    first = notification_claim(notification_id=queued.pk)
    second = notification_claim(notification_id=queued.pk)
    assert first is not None and second is None
    assert notifications_send_due() == 0  # a second worker finds nothing it may take
    assert mail.outbox == []


def test_a_claim_left_by_a_dead_worker_is_taken_again_after_a_while(queued):
    assert notification_claim(notification_id=queued.pk) is not None  # the worker dies here
    assert notifications_send_due() == 0
    Notification.objects.update(claimed_at=timezone.now() - services.STALE_CLAIM - timedelta(seconds=1))
    assert notifications_send_due() == 1
    assert len(mail.outbox) == 1


def test_a_failure_backs_off_and_is_retried_then_gives_up(queued):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("connection refused")):
        assert notifications_send_due() == 0
    queued.refresh_from_db()
    assert queued.state == State.QUEUED and queued.attempts == 1
    assert queued.last_error == "OSError: connection refused"
    assert queued.next_attempt_at > timezone.now() + services.BACKOFF - timedelta(seconds=5)
    assert notifications_send_due() == 0  # not due yet: backing off
    Notification.objects.update(next_attempt_at=timezone.now())
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("connection refused")):
        notifications_send_due()
    queued.refresh_from_db()
    assert queued.attempts == 2
    assert queued.next_attempt_at > timezone.now() + 2 * services.BACKOFF - timedelta(seconds=5)  # doubled
    Notification.objects.update(next_attempt_at=timezone.now(), attempts=services.MAX_ATTEMPTS - 1)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("connection refused")):
        notifications_send_due()
    queued.refresh_from_db()
    assert queued.state == State.FAILED
    assert notification_retry(notification_id=queued.pk)
    assert notifications_send_due() == 1
    queued.refresh_from_db()
    assert queued.state == State.SENT and len(mail.outbox) == 1


def test_someone_without_an_address_is_not_emailed_but_keeps_the_message(queued, lead):
    type(lead).objects.filter(pk=lead.pk).update(email="")
    assert notifications_send_due() == 0
    queued.refresh_from_db()
    assert queued.state == State.NOT_EMAILED and mail.outbox == []


def test_after_the_demo_data_each_demo_lead_has_a_message_waiting():
    from io import StringIO

    call_command("demo_users", "--force", stdout=StringIO())
    call_command("demo_users", "--force", stdout=StringIO())  # again: nothing more is queued
    waiting = Notification.objects.filter(state=State.QUEUED, kind=Notification.Kind.SUBMITTED)
    # Sefton's lead has two more: the demo child referred twice (issue 17), each referral sent through the service.
    assert sorted(waiting.values_list("recipient__username", flat=True)) == [
        "hw-lead",
        "sefton-lead",
        "sefton-lead",  # issue 17: Sefton's demo family of three, one message for the family
        "sefton-lead",
        "sefton-lead",
        "stoke-lead",
    ]
    call_command("send_notifications", verbosity=0)
    assert sorted(m.to[0] for m in mail.outbox if "sent" in m.subject.lower()) == [
        "hw-lead@example.org",
        "sefton-lead@example.org",
        "sefton-lead@example.org",
        "sefton-lead@example.org",
        "sefton-lead@example.org",
        "stoke-lead@example.org",
    ]
    assert not any("Sam" in m.body or "Sam" in m.subject for m in mail.outbox)
