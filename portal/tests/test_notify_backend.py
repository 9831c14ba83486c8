"""GOV.UK Notify as the mail backend: each recipient gets the template with the subject and body, and the
notification's Message-ID as Notify's reference (issue 15, item 4). The client library is replaced by a fake:
nothing leaves the machine."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage

from portal.notify_backend import NotifyEmailBackend

BACKEND = "portal.notify_backend.NotifyEmailBackend"


@pytest.fixture
def notify(settings):
    settings.EMAIL_BACKEND = BACKEND
    settings.GOVUK_NOTIFY_API_KEY = "test-key"
    settings.GOVUK_NOTIFY_TEMPLATE_ID = "template-1"
    with mock.patch("notifications_python_client.notifications.NotificationsAPIClient") as client:
        yield client.return_value


def test_each_recipient_gets_the_template_with_subject_body_and_reference(notify):
    message = EmailMessage(
        "Assessment AB12CD34 was sent",
        "Sign in to see it.",
        to=["a@example.org", "b@example.org"],
        headers={"Message-ID": "<notification-7@threshold.invalid>"},
    )
    assert mail.get_connection().send_messages([message]) == 1
    calls = notify.send_email_notification.call_args_list
    assert [c.kwargs["email_address"] for c in calls] == ["a@example.org", "b@example.org"]
    assert calls[0].kwargs["template_id"] == "template-1"
    assert calls[0].kwargs["personalisation"] == {
        "subject": "Assessment AB12CD34 was sent",
        "body": "Sign in to see it.",
    }
    assert calls[0].kwargs["reference"] == "notification-7@threshold.invalid"


def test_a_refusal_is_raised_so_the_outbox_retries_it(notify):
    notify.send_email_notification.side_effect = RuntimeError("400 BadRequestError")
    with pytest.raises(RuntimeError):
        mail.get_connection().send_messages([EmailMessage("s", "b", to=["a@example.org"])])
    assert mail.get_connection(fail_silently=True).send_messages([EmailMessage("s", "b", to=["a@example.org"])]) == 0


def test_it_refuses_to_start_without_a_key_and_template(settings):
    settings.GOVUK_NOTIFY_API_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="GOVUK_NOTIFY_API_KEY"):
        NotifyEmailBackend()
