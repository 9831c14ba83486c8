"""The PDF worker: make every referral PDF that is waiting, then exit; with --loop, keep waiting for more.

    python manage.py render_pdfs            # one round (a cron job, or a test)
    python manage.py render_pdfs --loop     # beside the web server (`make run` starts it)

Several workers may run at once: each job is claimed by one conditional UPDATE, so none is made twice.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections, connection

from referrals.assessments.pdf import referral_pdfs_render_pending

logger = logging.getLogger("referrals.pdf")


class Command(BaseCommand):
    help = "Make the referral PDFs that are waiting; --loop keeps going."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep waiting for new jobs instead of exiting")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks when idle (--loop)")

    def handle(self, *args: Any, loop: bool = False, interval: float = 1.0, **options: Any) -> None:
        while True:
            if not connection.in_atomic_block:  # never inside a transaction (a caller's, or a test's)
                close_old_connections()  # a database restart costs one round, not the worker
            try:
                made = referral_pdfs_render_pending()
            except DatabaseError:
                if not loop:
                    raise
                logger.exception("PDF worker round failed")  # the claim goes stale and is taken again
                made = 0
            if made and options["verbosity"] >= 1:
                self.stdout.write(f"Made {made} referral PDF{'s' if made != 1 else ''}.")
            if not loop:
                return
            if not made:
                time.sleep(interval)
