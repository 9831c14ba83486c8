"""What the lead's pages read: the queue (most urgent first, counted on one index), the partnership's RAG
ratings and outcomes, and the record's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import CharField, Count, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.query import EmptyQuerySet

from thresholds.models import Area, Framework, RagRating
from thresholds.snapshot import memoised

from ..access import assessments_due_in_queue_of, assessments_in_queue_of
from ..children.selectors import rereferral
from ..disagreement.selectors import disagreement_open
from ..family.selectors import family_size
from ..models import DEFAULT_OUTCOMES, QUEUE_DRAFT, QUEUE_DUE, Assessment, Review, SentCount
from .queue_rows import ROW_FIELDS

PAGE_SIZE = 50
FILTERS = ("level", "area", "status", "rag", "overdue", "mine")


@dataclass(frozen=True)
class Queue:
    page: Page
    counts: dict[str, int]


def queue_for(*, lead: Any, filters: dict[str, Any], page: str | None, now: datetime) -> Queue:
    """Most urgent first: those with a due-by time soonest, then unrated ones oldest first, decided last.

    Sorting and counting use the `assessment_queue` index (partnership, queue_rank, queue_key), so the first
    page reads 50 index entries, not the whole partnership's queue.
    """
    sent = assessments_in_queue_of(lead)
    counts = queue_counts(lead=lead, sent=sent, now=now)
    overdue = Q(queue_rank=QUEUE_DUE, queue_key__lt=now)
    rows = sent.filter(queue_rank__lt=QUEUE_DRAFT)  # the same rows, sorted on the assessment_queue index
    if str(filters.get("level") or "").isdigit():
        level = int(filters["level"])
        rows = rows.filter(Q(practitioner_level=level) | Q(practitioner_level__isnull=True, suggested_level=level))
    if filters.get("area"):
        rows = rows.filter(area=filters["area"])
    if filters.get("status") in Assessment.Status.values:
        rows = rows.filter(status=filters["status"])
    if filters.get("rag"):
        rag = filters["rag"]
        rows = rows.filter(review__rag__in=[rag] if isinstance(rag, str) else list(rag))
    if filters.get("overdue"):
        rows = rows.filter(overdue)
    if filters.get("mine"):
        rows = rows.filter(assigned_to=lead)
    rows = rows.order_by("queue_rank", "queue_key", "id")
    paginator = Paginator(rows, PAGE_SIZE)
    if not any(filters.values()):
        paginator.count = counts["sent"]  # known already: no count of the whole queue
    found = paginator.get_page(page)
    # What each row shows, for the page's rows only: `id IN (the page's 50 ids)`, still one query. Over the whole
    # sorted queue, PostgreSQL expects every row to need its tags and reads every confirmed child link (and open
    # disagreement) into a hash first: 0.2 s at 1,000,000 assessments (scripts/bench_scale.py --explain).
    shown = (
        Assessment.objects.filter(pk__in=cast(QuerySet[Assessment], found.object_list).values("pk"))
        .select_related("review", "owner__organisation", "assigned_to")
        .only(*ROW_FIELDS)
        .annotate(disagreement_open=disagreement_open(), family_size=family_size(), rereferral=rereferral())
        .order_by("queue_rank", "queue_key", "id")
    )
    return Queue(page=Page(shown, found.number, paginator), counts=counts)


def queue_counts(*, lead: Any, sent: QuerySet[Assessment], now: datetime) -> dict[str, int]:
    """The queue's tab counts, bounded by the open work whatever the number ever sent (issue 19): new and being
    reviewed counted on the (partnership, status) index, overdue on the `assessment_queue` index, and the number
    ever sent read from the partnership's `SentCount` (kept by sending: nothing un-sends), so decided is sent - new
    - being reviewed. Two queries, as before. A filtered page still counts its own filter (the paginator)."""
    if isinstance(sent, EmptyQuerySet):  # not a lead of a partnership: no queue
        return {"new": 0, "in_review": 0, "decided": 0, "overdue": 0, "sent": 0}
    open_work = [Assessment.Status.SUBMITTED, Assessment.Status.IN_REVIEW]
    by_status = dict(sent.filter(status__in=open_work).order_by().values_list("status").annotate(n=Count("*")))
    overdue = (  # on the assessment_queue index alone: (partnership, queue_rank = due, queue_key < now)
        assessments_due_in_queue_of(lead)
        .filter(queue_key__lt=now)
        .order_by()
        .values("partnership_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    ever = (  # no row: nothing was ever sent, so nothing is overdue either
        SentCount.objects.filter(partnership_id=lead.partnership_id)
        .annotate(overdue=Coalesce(Subquery(overdue), 0))
        .values_list("n", "overdue")
        .first()
    )
    total, late = ever or (0, 0)
    new, in_review = by_status.get(Assessment.Status.SUBMITTED, 0), by_status.get(Assessment.Status.IN_REVIEW, 0)
    return {"new": new, "in_review": in_review, "decided": total - new - in_review, "overdue": late, "sent": total}


def queue_filter_choices(*, lead: Any) -> tuple[list[tuple[str, str]], list[str]]:
    """The areas (code, name) and RAG rating names of the lead's partnership's published guidance: one query.

    Current guidance first, so an area renamed in a newer version shows its newer name."""
    published = Q(framework__partnership_id=lead.partnership_id) & ~Q(framework__status=Framework.Status.DRAFT)
    kind: CharField = CharField()
    areas = (
        Area.objects.filter(published)
        .order_by()
        .values_list(Value("area", output_field=kind), "code", "name", "framework__status", "order")
    )
    ratings = (
        RagRating.objects.filter(published)
        .order_by()
        .values_list(Value("rag", output_field=kind), "name", "name", "framework__status", "order")
    )
    area_names: dict[str, str] = {}
    rating_names: dict[str, None] = {}
    for what, code, name, _status, _order in sorted(areas.union(ratings, all=True), key=lambda r: (r[3], r[4])):
        if what == "area":
            area_names.setdefault(code, name)
        else:
            rating_names.setdefault(name)
    return sorted(area_names.items(), key=lambda a: a[1]), list(rating_names)


def rag_ratings(*, framework: Framework) -> list[RagRating]:
    """The guidance's RAG ratings, read once per guidance version (`thresholds.snapshot.memoised`)."""
    return memoised(framework, "rag-ratings", lambda: list(framework.rag_ratings.order_by("order")))


def outcomes(*, framework: Framework) -> tuple[list[str], bool]:
    """The partnership's own outcomes, or the portal's defaults (flagged) where its guidance lists none."""
    own = memoised(
        framework, "outcomes", lambda: list(framework.outcomes.order_by("order").values_list("text", flat=True))
    )
    return (list(own), True) if own else (list(DEFAULT_OUTCOMES), False)


def review_of(*, assessment: Assessment) -> Review | None:
    return Review.objects.filter(assessment=assessment).first()


def review_history(*, assessment: Assessment, review: Review | None) -> list:
    """Every saved change to the assessment and its review, newest first, with who made it."""
    changes = list(assessment.history.select_related("history_user").order_by("-history_date")[:100])
    if review:
        changes += list(review.history.select_related("history_user").order_by("-history_date")[:100])
    return sorted(changes, key=lambda h: h.history_date, reverse=True)
