"""The dashboard worker: count again the dashboard figures that a decision has changed, and the rolling periods
whose window has moved on, then exit; with --loop, keep going (issue 19).

    python manage.py count_dashboards            # one round (a cron job, or a test)
    python manage.py count_dashboards --loop     # beside the web server (`make run` starts it)

Several workers may run at once: each summary is claimed by one conditional UPDATE, so none is counted twice
(referrals/dashboard/services.py; docs/decisions/0016-dashboard-summaries.md).
"""

from __future__ import annotations

import logging

from referrals.dashboard.services import dashboard_summaries_recount
from referrals.worker import WorkerCommand


class Command(WorkerCommand):
    help = "Count again the dashboard figures that changed; --loop keeps going."
    interval = 5.0
    logger = logging.getLogger("referrals.dashboard")

    def round(self) -> int:
        return dashboard_summaries_recount()

    def done(self, count: int) -> str:
        return f"Counted {count} dashboard figure set{'s' if count != 1 else ''}."
