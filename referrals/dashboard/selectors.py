"""What the dashboard reads: its counts in SQL, whatever the number of assessments (`dashboard_aggregates_for`:
three queries, GROUP BY counts, the medians, the longest overdue), and the partnership's RAG ratings' order.
`dashboard_rows_for` (every row, counted in Python by `summary.summarise`) is kept for the tests comparing both."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from django.db.models import BooleanField, Case, CharField, Count, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import Coalesce, NullIf, RowNumber

from thresholds.models import Framework, RagRating

from ..access import assessments_due_in_queue_of, assessments_in_queue_of
from ..models import Assessment
from .summary import ALL_RATINGS, LATE, NO_RATING, ON_TIME, Aggregates, Group, Row

# The period choices: GET value, days (None for everything), and how the page says it.
PERIODS = {
    "30": (30, "the last 30 days"),
    "90": (90, "the last 90 days"),
    "365": (365, "the last 12 months"),
    "all": (None, "all time"),
}
DEFAULT_PERIOD = "all"
OVERDUE_SHOWN = 50  # the longest overdue; the queue's overdue filter pages through the rest

FIELDS = (
    "pk",
    "reference",
    "status",
    "suggested_level",
    "practitioner_level",
    "submitted_at",
    "review__rag",
    "review__due_by",
    "review__decided_level",
    "review__outcome",
    "review__decided_at",
    "child_name",
)
# The same, with the queue's due-by time (a family's most urgent one on each child, as the queue shows it).
OVERDUE_FIELDS = tuple("due_by" if name == "review__due_by" else name for name in FIELDS)


def dashboard_rows_for(*, lead: Any, now: datetime, since: datetime | None) -> list[Row]:
    """The lead's partnership's sent assessments (`referrals.access`) joined to their reviews, in one query.

    With a period, only those sent since then, plus any still overdue (the overdue list shows every one).
    """
    rows = assessments_in_queue_of(lead)
    if since is not None:
        overdue = Q(review__due_by__lt=now) & ~Q(status=Assessment.Status.DECIDED)
        rows = rows.filter(Q(submitted_at__gte=since) | overdue)
    return [_row(values) for values in rows.order_by().values_list(*FIELDS)]


def rag_order(*, partnership_id: int | None) -> list[str]:
    """The partnership's RAG rating names in its published guidance's own order (current version first)."""
    if partnership_id is None:
        return []
    names = (
        RagRating.objects.filter(framework__partnership_id=partnership_id)
        .exclude(framework__status=Framework.Status.DRAFT)
        .order_by("framework__status", "order")  # "current" sorts before "superseded"
        .values_list("name", flat=True)
    )
    return list(dict.fromkeys(names))


def dashboard_aggregates_for(*, lead: Any, now: datetime, since: datetime | None, overdue_limit: int) -> Aggregates:
    """The dashboard's counts for the lead's partnership (`referrals.access`), counted by the database.

    The same figures `summary.aggregate_rows` counts from every row, in three queries whatever the number of
    assessments: the period's GROUP BY counts, the middle times from sent to decided (per rating and overall), and
    the `overdue_limit` longest overdue (whatever the period) with how many there are in all. The page reads the
    first two from the partnership's `DashboardSummary` (`dashboard_period_counts`) and the third on the queue's
    index (`dashboard_overdue_for`).
    """
    sent = assessments_in_queue_of(lead).order_by()
    counted = _period_counts(sent, since)
    overdue_rows = (
        sent.filter(review__due_by__lt=now)
        .exclude(status=Assessment.Status.DECIDED)
        .annotate(total=Window(Count("pk")))
        .order_by("review__due_by", "pk")[:overdue_limit]
        .values_list(*FIELDS, "total")
    )
    fetched = list(overdue_rows)
    return replace(
        counted, overdue=tuple(_row(values) for values in fetched), overdue_total=fetched[0][-1] if fetched else 0
    )


def dashboard_period_counts(*, partnership_id: int, since: datetime | None) -> Aggregates:
    """The period's counts of the partnership's sent assessments (two queries over the period's rows), without the
    overdue list: what a `DashboardSummary` keeps."""
    return _period_counts(Assessment.objects.filter(partnership_id=partnership_id).sent().order_by(), since)


def dashboard_overdue_for(*, lead: Any, now: datetime, limit: int) -> tuple[tuple[Row, ...], int]:
    """The `limit` longest overdue of the lead's partnership and how many are overdue in all, whatever the period:
    read on the queue's `assessment_queue` index (rated, undecided, its queue due-by time passed), so bounded by
    the open work, not by every assessment ever sent. The queue's "Overdue" filter lists the same ones (a family's
    children share their most urgent due-by time there, and here)."""
    overdue = assessments_due_in_queue_of(lead).filter(queue_key__lt=now)
    # Two queries: the first `limit` in index order (a window count would read every overdue row and its review
    # before the LIMIT), then how many there are, on the index alone.
    fetched = tuple(_row(values) for values in overdue.order_by("queue_key", "id")[:limit].values_list(*OVERDUE_FIELDS))
    return fetched, overdue.order_by().count()


def _period_counts(sent: QuerySet[Assessment], since: datetime | None) -> Aggregates:
    period = sent if since is None else sent.filter(submitted_at__gte=since)
    is_decided = Q(status=Assessment.Status.DECIDED)
    groups = (
        period.annotate(
            g_decided=Case(When(is_decided, then=Value(True)), default=Value(False), output_field=BooleanField()),
            g_level=Coalesce(NullIf("practitioner_level", Value(0)), "suggested_level"),
            g_suggested=Case(When(is_decided, then="suggested_level"), default=None),
            g_decided_level=Case(When(is_decided, then="review__decided_level"), default=None),
            g_rag=Case(When(is_decided, then=Coalesce("review__rag", Value(""))), default=Value("")),
            g_outcome=Case(When(is_decided, then=Coalesce("review__outcome", Value(""))), default=Value("")),
            g_timing=Case(
                When(is_decided & Q(review__decided_at__lte=F("review__due_by")), then=Value(ON_TIME)),
                When(is_decided & Q(review__decided_at__gt=F("review__due_by")), then=Value(LATE)),
                default=Value(""),
                output_field=CharField(),
            ),
        )
        .values("g_decided", "g_level", "g_suggested", "g_decided_level", "g_rag", "g_outcome", "g_timing")
        .annotate(n=Count("pk"))
    )
    rating = Coalesce("review__rag", Value(""))
    took = F("review__decided_at") - F("submitted_at")
    timed = (
        period.filter(is_decided, review__decided_at__isnull=False, submitted_at__isnull=False)
        .annotate(
            m_rag=rating,
            m_took=took,
            m_rank=Window(RowNumber(), partition_by=[rating], order_by=took.asc()),
            m_count=Window(Count("pk"), partition_by=[rating]),
            m_rank_all=Window(RowNumber(), order_by=took.asc()),
            m_count_all=Window(Count("pk")),
        )
        .filter(  # the middle one (odd counts) or two (even counts): 2 x rank is n + 1, or n and n + 2
            Q(m_rank__gte=F("m_count") / 2.0, m_rank__lte=F("m_count") / 2.0 + 1)
            | Q(m_rank_all__gte=F("m_count_all") / 2.0, m_rank_all__lte=F("m_count_all") / 2.0 + 1)
        )
        .values_list("m_rag", "m_took", "m_rank", "m_count", "m_rank_all", "m_count_all")
    )
    middles: dict[str, list[float]] = {}
    for rag, duration, rank, count, rank_all, count_all in timed:
        hours = duration.total_seconds() / 3600
        if _is_middle(rank, count):
            middles.setdefault(rag or NO_RATING, []).append(hours)
        if _is_middle(rank_all, count_all):
            middles.setdefault(ALL_RATINGS, []).append(hours)
    return Aggregates(
        groups=tuple(
            Group(
                count=g["n"],
                decided=bool(g["g_decided"]),
                level=g["g_level"],
                suggested_level=g["g_suggested"],
                decided_level=g["g_decided_level"],
                rag=g["g_rag"],
                outcome=g["g_outcome"],
                timing=g["g_timing"],
            )
            for g in groups
        ),
        median_hours={rag: _median(values) for rag, values in middles.items()},
        overdue=(),
        overdue_total=0,
    )


def _is_middle(rank: int, count: int) -> bool:
    """The middle rank of an odd count (2 x rank = count + 1), or one of the two of an even count (count, count + 2)."""
    return count <= 2 * rank <= count + 2


def _median(middle: list[float]) -> float:
    """One middle value, or the mean of two (as statistics.median: the lower first)."""
    return middle[0] if len(middle) == 1 else (middle[0] + middle[1]) / 2


def _row(values: tuple) -> Row:
    (
        pk,
        reference,
        status,
        suggested,
        put_forward,
        submitted_at,
        rag,
        due_by,
        decided_level,
        outcome,
        decided_at,
        child_name,
    ) = values[:12]
    return Row(
        pk=pk,
        reference=reference,
        status=status,
        suggested_level=suggested,
        practitioner_level=put_forward,
        submitted_at=submitted_at,
        rag=rag or "",
        due_by=due_by,
        decided_level=decided_level,
        outcome=outcome or "",
        decided_at=decided_at,
        child_name=child_name,
    )
