"""The Notifications page and the header's unread count: own messages only, mark read, e-mail choices."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.tests.factories import AssessmentFactory, decided
from referrals.assessments.services import assessment_submit
from referrals.models import Notification, NotificationPreference
from referrals.notifications.services import notifications_send_due

pytestmark = pytest.mark.django_db

PAGE = reverse("referrals:notifications")


@pytest.fixture
def sent(practitioner, lead):
    assessment = AssessmentFactory(owner=practitioner, child_name="Ottoline Brackenbury-Sweet")
    assert assessment_submit(assessment=assessment, submitted_by=practitioner)
    return assessment


def test_the_header_counts_unread_messages_and_the_page_lists_only_ones_own(client, sent, lead, other_lead):
    client.force_login(lead)
    page = client.get(reverse("start")).content.decode()
    assert 'Notifications <span class="govuk-tag govuk-tag--blue">1<span class="govuk-visually-hidden"> unread' in page
    listing = client.get(PAGE).content.decode()
    assert sent.reference in listing and "Ottoline" not in listing
    assert f'href="/review/{sent.pk}/"' in listing
    client.force_login(other_lead)
    other = client.get(PAGE).content.decode()
    assert sent.reference not in other and "You have no notifications." in other
    assert 'govuk-visually-hidden"> unread' not in client.get(reverse("start")).content.decode()


def test_the_header_counts_at_most_99_plus_in_one_query(client, sent, lead):
    """Issue 19: a lead who never marks them read gets one a sent assessment; the header stops counting at 100."""
    client.force_login(lead)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("start"))
    first = Notification.objects.get(recipient=lead)
    copy = {f: getattr(first, f) for f in ("kind", "reference", "partnership", "subject", "body", "link", "state")}
    Notification.objects.bulk_create([Notification(recipient=lead, **copy) for _ in range(99)])  # 100 unread
    with CaptureQueriesContext(connection) as hundred:
        page = client.get(reverse("start")).content.decode()
    assert 'govuk-tag--blue">99+<span class="govuk-visually-hidden"> unread' in page
    assert len(one) == len(hundred)
    counted = next(q["sql"] for q in hundred if '"referrals_notification"' in q["sql"])
    assert "LIMIT 100" in counted and "ORDER BY" not in counted  # sorted, it read every unread one before the 100
    Notification.objects.filter(pk__in=Notification.objects.filter(recipient=lead).values("pk")[:1]).delete()
    assert (
        'govuk-tag--blue">99<span class="govuk-visually-hidden"> unread'
        in client.get(reverse("start")).content.decode()
    )


def test_marking_read_clears_the_count(client, sent, lead):
    client.force_login(lead)
    response = client.post(PAGE, {"read": "1"}, follow=True)
    assert "All your notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=lead, read_at__isnull=True).exists()
    assert "> unread" not in client.get(reverse("start")).content.decode()


def test_a_practitioner_can_turn_off_decision_emails_and_still_sees_them(client, practitioner, lead):
    client.force_login(practitioner)
    response = client.post(PAGE, {"preferences": "1", "email_on": ["disagreement"]}, follow=True)
    assert "Your choices are saved." in response.content.decode()
    decided(AssessmentFactory(owner=practitioner, submitted=True), lead=lead)
    assert notifications_send_due() == 0
    assert mail.outbox == []
    row = Notification.objects.get(recipient=practitioner)
    assert row.state == Notification.State.NOT_EMAILED
    assert row.reference in client.get(PAGE).content.decode()


def test_a_lead_cannot_turn_off_sent_assessments(client, practitioner, lead):
    client.force_login(lead)
    page = client.get(PAGE).content.decode()
    assert 'value="submitted"' not in page and "always e-mailed to leads" in page
    client.post(PAGE, {"preferences": "1"})  # every box left empty
    # Issue 18 adds "assigned" (an assessment assigned to you), which a lead may turn off by e-mail.
    assert set(NotificationPreference.objects.get(user=lead).email_off) == {
        "assigned",
        "disagreement",
        "reminder",
        "digest",
    }
    assessment = AssessmentFactory(owner=practitioner)
    assert assessment_submit(assessment=assessment, submitted_by=practitioner)
    assert notifications_send_due() == 1 and mail.outbox[0].to == [lead.email]


def test_a_choice_not_offered_is_refused_with_an_error_summary_and_changes_nothing(client, practitioner):
    client.force_login(practitioner)
    response = client.post(PAGE, {"preferences": "1", "email_on": ["submitted"]})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Choose only from the messages listed" in page
    assert not NotificationPreference.objects.exists()
