"""What the lead's pages read: the queue (most urgent first, counted on one index), the partnership's RAG
ratings and outcomes, and the record's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import CharField, Count, Q, QuerySet, Value

from thresholds.models import Area, Framework, RagRating

from ..access import assessments_in_queue_of
from ..children.selectors import rereferral
from ..disagreement.selectors import disagreement_open
from ..family.selectors import family_size
from ..models import DEFAULT_OUTCOMES, QUEUE_DRAFT, QUEUE_DUE, Assessment, Review

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
    sent = assessments_in_queue_of(lead)  # counted on the (partnership, status) index alone
    by_status = dict(sent.order_by().values_list("status").annotate(n=Count("*")))
    overdue = Q(queue_rank=QUEUE_DUE, queue_key__lt=now)
    counts = {
        "new": by_status.get(Assessment.Status.SUBMITTED, 0),
        "in_review": by_status.get(Assessment.Status.IN_REVIEW, 0),
        "decided": by_status.get(Assessment.Status.DECIDED, 0),
        "overdue": sent.filter(overdue).count(),
    }
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
        paginator.count = sum(by_status.values())  # known already: no second count of the whole queue
    found = paginator.get_page(page)
    # What each row shows, for the page's rows only: `id IN (the page's 50 ids)`, still one query. Over the whole
    # sorted queue, PostgreSQL expects every row to need its tags and reads every confirmed child link (and open
    # disagreement) into a hash first: 0.2 s at 1,000,000 assessments (scripts/bench_scale.py --explain).
    shown = (
        Assessment.objects.filter(pk__in=cast(QuerySet[Assessment], found.object_list).values("pk"))
        .select_related("review", "owner__organisation", "framework", "assigned_to")
        .annotate(disagreement_open=disagreement_open(), family_size=family_size(), rereferral=rereferral())
        .order_by("queue_rank", "queue_key", "id")
    )
    return Queue(page=Page(shown, found.number, paginator), counts=counts)


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
    return list(framework.rag_ratings.order_by("order"))


def outcomes(*, framework: Framework) -> tuple[list[str], bool]:
    """The partnership's own outcomes, or the portal's defaults (flagged) where its guidance lists none."""
    own = list(framework.outcomes.order_by("order").values_list("text", flat=True))
    return (own, True) if own else (list(DEFAULT_OUTCOMES), False)


def review_of(*, assessment: Assessment) -> Review | None:
    return Review.objects.filter(assessment=assessment).first()


def review_history(*, assessment: Assessment, review: Review | None) -> list:
    """Every saved change to the assessment and its review, newest first, with who made it."""
    changes = list(assessment.history.select_related("history_user").order_by("-history_date")[:100])
    if review:
        changes += list(review.history.select_related("history_user").order_by("-history_date")[:100])
    return sorted(changes, key=lambda h: h.history_date, reverse=True)
