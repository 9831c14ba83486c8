"""GOV.UK Notify as a Django e-mail backend, for councils that send through Notify.

    EMAIL_BACKEND=portal.notify_backend.NotifyEmailBackend
    GOVUK_NOTIFY_API_KEY=...        (the service's API key)
    GOVUK_NOTIFY_TEMPLATE_ID=...    (an e-mail template whose subject is ((subject)) and body ((body)))

Every message the portal sends (password resets, notifications) goes through Notify as one e-mail per
recipient with the template's `subject` and `body` placeholders filled. The message's Message-ID, when
it has one (notifications do), is sent as Notify's `reference`, so a resend can be recognised there.
Uses GOV.UK Notify's own client library (notifications-python-client).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

logger = logging.getLogger("portal.mail")


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        key = getattr(settings, "GOVUK_NOTIFY_API_KEY", "")
        self.template_id = getattr(settings, "GOVUK_NOTIFY_TEMPLATE_ID", "")
        if not key or not self.template_id:
            raise ImproperlyConfigured(
                "GOVUK_NOTIFY_API_KEY and GOVUK_NOTIFY_TEMPLATE_ID must be set to send by Notify."
            )
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(key)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            reference = message.extra_headers.get("Message-ID", "").strip("<>") or None
            try:
                for address in message.recipients():
                    self.client.send_email_notification(
                        email_address=address,
                        template_id=self.template_id,
                        personalisation={"subject": message.subject, "body": message.body},
                        reference=reference,
                    )
            except Exception:
                logger.warning("GOV.UK Notify refused or failed a message (reference %s)", reference)
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent
