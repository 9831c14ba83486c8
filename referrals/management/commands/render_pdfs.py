"""The PDF worker: make every referral PDF that is waiting, then exit; with --loop, keep waiting for more.

    python manage.py render_pdfs            # one round (a cron job, or a test)
    python manage.py render_pdfs --loop     # beside the web server (`make run` starts it)

Several workers may run at once: each job is claimed by one conditional UPDATE, so none is made twice.
"""

from __future__ import annotations

import logging

from referrals.assessments.pdf import referral_pdfs_render_pending
from referrals.worker import WorkerCommand


class Command(WorkerCommand):
    help = "Make the referral PDFs that are waiting; --loop keeps going."
    interval = 1.0
    logger = logging.getLogger("referrals.pdf")

    def round(self) -> int:
        return referral_pdfs_render_pending()

    def done(self, count: int) -> str:
        return f"Made {count} referral PDF{'s' if count != 1 else ''}."
