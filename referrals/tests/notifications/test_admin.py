"""The outbox in the admin: a partnership admin sees their partnership's messages only, with the reason a message
failed, and can queue a failed one again; nobody else reaches it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.access import Role
from portal.tests.factories import AssessmentFactory, make_user
from referrals.assessments.services import assessment_submit
from referrals.models import Notification

pytestmark = pytest.mark.django_db

LIST = reverse("admin:referrals_notification_changelist")


@pytest.fixture
def failed(practitioner, lead, other_lead):
    sefton = AssessmentFactory(owner=practitioner)
    assert assessment_submit(assessment=sefton, submitted_by=practitioner)
    stoke_practitioner = make_user("sam", role=Role.PRACTITIONER, slug="stoke-on-trent")
    stoke = AssessmentFactory(owner=stoke_practitioner)
    assert assessment_submit(assessment=stoke, submitted_by=stoke_practitioner)
    Notification.objects.filter(reference=sefton.reference).update(
        state=Notification.State.FAILED, attempts=6, last_error="SMTPServerDisconnected: gone"
    )
    return sefton, stoke


def admin_user():
    return make_user("ada", role=Role.ADMIN, is_staff=True)


def test_an_admin_sees_their_partnerships_outbox_with_the_reason_and_retries(client, failed):
    sefton, stoke = failed
    client.force_login(admin_user())
    page = client.get(LIST).content.decode()
    assert sefton.reference in page and "SMTPServerDisconnected: gone" in page
    assert stoke.reference not in page
    row = Notification.objects.get(reference=sefton.reference)
    response = client.post(LIST, {"action": "retry", "_selected_action": [row.pk]}, follow=True)
    assert "1 failed message queued again." in response.content.decode()
    row.refresh_from_db()
    assert row.state == Notification.State.QUEUED and row.attempts == 0


def test_an_admin_cannot_retry_another_partnerships_message(client, failed):
    _, stoke = failed
    other = Notification.objects.get(reference=stoke.reference)
    Notification.objects.filter(pk=other.pk).update(state=Notification.State.FAILED)
    client.force_login(admin_user())
    client.post(LIST, {"action": "retry", "_selected_action": [other.pk]})
    assert Notification.objects.get(pk=other.pk).state == Notification.State.FAILED


@pytest.mark.parametrize("who", ["practitioner", "lead"])
def test_nobody_else_reaches_the_outbox(client, failed, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(LIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
