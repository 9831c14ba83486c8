"""The dashboard's figures kept as summaries (issue 19): counted once, read by every request, counted again by the
`count_dashboards` worker when a decision marks them or a rolling period has moved on.

docs/decisions/0016-dashboard-summaries.md says why; `referrals.dashboard.marks` lists the writes that mark them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from ..children.selectors import rereferrals_count_in
from ..models import Assessment, DashboardSummary, SentCount
from .selectors import PERIODS, dashboard_period_counts
from .summary import Aggregates, figures_as_json, figures_from_json

logger = logging.getLogger("referrals.dashboard")

RECOUNT_AFTER = timedelta(minutes=10)  # a rolling period's figures are at most this old once its window moves on
ROUND_LIMIT = 200  # summaries counted in one worker round


@dataclass(frozen=True)
class Summary:
    """One period's figures as the page shows them, with when they were counted and whether a decision was made
    since (the worker counts it again within a minute)."""

    aggregates: Aggregates
    rereferrals: int
    counted_at: datetime
    changed: bool


def _since(period: str, now: datetime) -> datetime | None:
    days = PERIODS[period][0]
    return now - timedelta(days=days) if days else None


def _count(*, partnership_id: int, period: str, now: datetime) -> dict:
    since = _since(period, now)
    counted = dashboard_period_counts(partnership_id=partnership_id, since=since)
    return figures_as_json(counted, rereferrals=rereferrals_count_in(partnership_id=partnership_id, since=since))


def dashboard_summary_for(*, partnership_id: int, period: str, now: datetime | None = None) -> Summary:
    """The partnership's figures for `period` from its summary: one query. Counted here only when there is no
    summary yet (the first ever look at that period), and stored marked, so that the worker counts it once more: a
    decision made while it was being counted here found no summary to mark."""
    now = now or timezone.now()
    found = DashboardSummary.objects.filter(partnership_id=partnership_id, period=period).first()
    read = figures_from_json(found.figures) if found else None
    if found is None or read is None:
        figures = _count(partnership_id=partnership_id, period=period, now=now)
        if found is None:  # two first looks at once: one row is kept, both show what they counted
            DashboardSummary.objects.bulk_create(
                [
                    DashboardSummary(
                        partnership_id=partnership_id, period=period, figures=figures, counted_at=now, changed=True
                    )
                ],
                ignore_conflicts=True,
            )
        else:  # stored in an older shape: counted again now
            DashboardSummary.objects.filter(pk=found.pk).update(figures=figures, counted_at=now, changed=True)
        read = figures_from_json(figures)
        assert read is not None  # noqa: S101 (figures_as_json's own shape)
        return Summary(aggregates=read[0], rereferrals=read[1], counted_at=now, changed=False)
    return Summary(aggregates=read[0], rereferrals=read[1], counted_at=found.counted_at, changed=found.changed)


def dashboard_summaries_due(*, now: datetime) -> list[DashboardSummary]:
    """The summaries to count again: every marked one, and every rolling period counted more than
    `RECOUNT_AFTER` ago whose window has since moved past a sent assessment (one sent between the window's start
    when it was counted and its start now). An all-time summary changes only by a decision (it is marked)."""
    moved_on = Q(pk__in=[])
    for period, (days, _) in PERIODS.items():
        if days is None:
            continue
        window = timedelta(days=days)
        left = Assessment.objects.filter(
            partnership_id=OuterRef("partnership_id"),
            submitted_at__gte=OuterRef("counted_at") - window,
            submitted_at__lt=now - window,
        ).sent()
        moved_on |= Q(Exists(left), period=period)
    due = DashboardSummary.objects.filter(Q(changed=True) | (Q(counted_at__lt=now - RECOUNT_AFTER) & moved_on))
    return list(due.order_by("counted_at")[:ROUND_LIMIT])


def dashboard_summaries_recount(*, now: datetime | None = None) -> int:
    """One worker round: count again every summary that is due (`dashboard_summaries_due`); how many were counted.

    Each is claimed first by one conditional UPDATE (mark cleared, `counted_at` the moment counting began), in its
    own short transaction, so a decision is never kept waiting on a count and two workers never count the same
    one; a decision made while it is counted marks it again and the next round counts it once more."""
    now = now or timezone.now()
    counted = 0
    for summary in dashboard_summaries_due(now=now):
        moment = max(timezone.now(), now)
        claimed = DashboardSummary.objects.filter(
            pk=summary.pk, changed=summary.changed, counted_at=summary.counted_at
        ).update(changed=False, counted_at=moment)
        if not claimed:
            continue  # another worker took it, or a decision marked it meanwhile (the next round counts it)
        try:
            figures = _count(partnership_id=summary.partnership_id, period=summary.period, now=moment)
        except Exception:
            DashboardSummary.objects.filter(pk=summary.pk).update(changed=True)  # counted again next round
            raise
        DashboardSummary.objects.filter(pk=summary.pk, counted_at=moment).update(figures=figures)
        counted += 1
    return counted


def dashboard_summaries_count_all(*, now: datetime | None = None) -> int:
    """Count every period of every partnership with sent assessments now (after loading data with raw SQL, as
    `scripts/bench_scale.py` does); how many summaries were stored."""
    now = now or timezone.now()
    partnerships = Assessment.objects.sent().order_by().values_list("partnership_id", flat=True).distinct()
    stored = 0
    for partnership_id in partnerships:
        for period in PERIODS:
            figures = _count(partnership_id=partnership_id, period=period, now=now)
            DashboardSummary.objects.update_or_create(
                partnership_id=partnership_id,
                period=period,
                defaults={"figures": figures, "counted_at": now, "changed": False},
            )
            stored += 1
    return stored


def sent_counts_recount() -> int:
    """Set every partnership's `SentCount` from its rows (after loading data with raw SQL, and the data
    migration's way); how many partnerships have sent assessments."""
    totals = dict(Assessment.objects.sent().order_by().values_list("partnership_id").annotate(n=Count("*")))
    SentCount.objects.exclude(partnership_id__in=totals).update(n=0)
    for partnership_id, n in totals.items():
        SentCount.objects.update_or_create(partnership_id=partnership_id, defaults={"n": n})
    return len(totals)
