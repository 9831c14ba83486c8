"""The notification worker: queue the reminders that have fallen due, send every message that is due, then exit;
with --loop, keep going.

    python manage.py send_notifications            # one round (a cron job, or a test)
    python manage.py send_notifications --loop     # beside the web server (`make run` starts it)

Several workers may run at once: each message is claimed by one conditional UPDATE, so none is sent twice
(see referrals/notifications/services.py for what a crash between sending and recording can still do).
"""

from __future__ import annotations

import logging

from referrals.notifications.reminders import notifications_queue_digests, notifications_queue_reminders
from referrals.notifications.services import notifications_send_due
from referrals.worker import WorkerCommand


class Command(WorkerCommand):
    help = "Send the notifications that are due; --loop keeps going."
    interval = 2.0
    logger = logging.getLogger("referrals.notifications")

    def round(self) -> int:
        notifications_queue_reminders()  # reminders, overdue messages and digests that have fallen due
        notifications_queue_digests()
        return notifications_send_due()

    def done(self, count: int) -> str:
        return f"Sent {count} notification{'s' if count != 1 else ''}."
