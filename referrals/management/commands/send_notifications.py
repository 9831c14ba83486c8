"""The notification worker: queue the reminders that have fallen due, send every message that is due, then exit;
with --loop, keep going.

    python manage.py send_notifications            # one round (a cron job, or a test)
    python manage.py send_notifications --loop     # beside the web server (`make run` starts it)

Several workers may run at once: each message is claimed by one conditional UPDATE, so none is sent twice
(see referrals/notifications/services.py for what a crash between sending and recording can still do).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections, connection

from referrals.notifications.reminders import notifications_queue_digests, notifications_queue_reminders
from referrals.notifications.services import notifications_send_due

logger = logging.getLogger("referrals.notifications")


class Command(BaseCommand):
    help = "Send the notifications that are due; --loop keeps going."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep waiting for new messages instead of exiting")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between looks when idle (--loop)")

    def handle(self, *args: Any, loop: bool = False, interval: float = 2.0, **options: Any) -> None:
        while True:
            if not connection.in_atomic_block:  # never inside a transaction (a caller's, or a test's)
                close_old_connections()  # a database restart costs one round, not the worker
            try:
                notifications_queue_reminders()  # reminders, overdue messages and digests that have fallen due
                notifications_queue_digests()
                sent = notifications_send_due()
            except DatabaseError:
                if not loop:
                    raise
                logger.exception("Notification worker round failed")  # the claim goes stale and is taken again
                sent = 0
            if sent and options["verbosity"] >= 1:
                self.stdout.write(f"Sent {sent} notification{'s' if sent != 1 else ''}.")
            if not loop:
                return
            if not sent:
                time.sleep(interval)
