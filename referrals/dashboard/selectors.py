"""What the dashboard reads: the lead's partnership's rows in one query, and its RAG ratings' order."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q

from thresholds.models import Framework, RagRating

from ..access import assessments_in_queue_of
from ..models import Assessment
from .summary import Row

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


def dashboard_rows_for(*, lead: Any, now: datetime, since: datetime | None) -> list[Row]:
    """The lead's partnership's sent assessments (`referrals.access`) joined to their reviews, in one query.

    With a period, only those sent since then, plus any still overdue (the overdue list shows every one).
    """
    rows = assessments_in_queue_of(lead)
    if since is not None:
        overdue = Q(review__due_by__lt=now) & ~Q(status=Assessment.Status.DECIDED)
        rows = rows.filter(Q(submitted_at__gte=since) | overdue)
    return [
        Row(
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
        for (
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
        ) in rows.order_by().values_list(*FIELDS)
    ]


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
