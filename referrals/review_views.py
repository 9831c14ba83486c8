"""The safeguarding lead's pages: the queue of submitted assessments and the review of one."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from portal.access import Role, role_required
from thresholds.snapshot import cached_snapshot

from . import escalating, reviewing
from .access import assessment_for, assessments_in_queue_of
from .audit import record_view
from .errors import ChangedMeanwhile, changed_meanwhile
from .models import QUEUE_DRAFT, QUEUE_DUE, Assessment, Review
from .review_forms import ReviewForm
from .views import _summary_context

PAGE_SIZE = 50


lead_required = role_required(Role.LEAD)


@lead_required
def queue(request: HttpRequest) -> HttpResponse:
    """Most urgent first: those with a due-by time soonest, then unrated ones oldest first, decided last.

    Sorting and counting use the `assessment_queue` index (partnership, queue_rank, queue_key), so the first
    page reads 50 index entries, not the whole partnership's queue.
    """
    now = timezone.now()
    sent = assessments_in_queue_of(request.user)  # counted on the (partnership, status) index alone
    base = sent.filter(queue_rank__lt=QUEUE_DRAFT)  # the same rows: sorted on the assessment_queue index
    by_status = dict(sent.order_by().values_list("status").annotate(n=Count("*")))
    overdue = Q(queue_rank=QUEUE_DUE, queue_key__lt=now)
    counts = {
        "new": by_status.get(Assessment.Status.SUBMITTED, 0),
        "in_review": by_status.get(Assessment.Status.IN_REVIEW, 0),
        "decided": by_status.get(Assessment.Status.DECIDED, 0),
        "overdue": sent.filter(overdue).count(),
    }
    filters = {k: request.GET.get(k, "") for k in ("level", "area", "status", "rag", "overdue")}
    rows = base
    if filters["level"].isdigit():
        level = int(filters["level"])
        rows = rows.filter(Q(practitioner_level=level) | Q(practitioner_level__isnull=True, suggested_level=level))
    if filters["area"]:
        rows = rows.filter(area=filters["area"])
    if filters["status"] in Assessment.Status.values:
        rows = rows.filter(status=filters["status"])
    if filters["rag"]:
        rows = rows.filter(review__rag=filters["rag"])
    if filters["overdue"]:
        rows = rows.filter(overdue)
    rows = rows.select_related("review", "owner__organisation", "framework")
    rows = rows.annotate(disagreement_open=escalating.disagreement_open()).order_by("queue_rank", "queue_key", "id")
    paginator = Paginator(rows, PAGE_SIZE)
    if not any(filters.values()):
        paginator.count = sum(by_status.values())  # known already: no second count of the whole queue
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/queue.html",
        {"page": page, "counts": counts, "filters": filters, "now": now, "statuses": Assessment.Status.choices[1:]},
    )


@lead_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk) -> HttpResponse:
    assessment = assessment_for(request.user, pk, to="review")
    existing = Review.objects.filter(assessment=assessment).first()
    framework = assessment.framework
    outcomes, own = reviewing.outcomes(framework)
    kwargs = {
        "ratings": reviewing.rag_ratings(framework),
        "levels": cached_snapshot(framework).levels,
        "outcomes": outcomes,
        "own_outcomes": own,
    }
    initial = {"revision": assessment.revision}
    if existing:
        fields = ("rag", "decision", "decided_level", "decision_rationale", "outcome", "notes")
        initial |= {f: getattr(existing, f) for f in fields}
    form = ReviewForm(request.POST or None, initial=initial, **kwargs)
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reviewing.save_review(
                assessment,
                request.user,
                reviewing.ReviewInput(
                    rag=data["rag"],
                    decision=data["decision"],
                    decided_level=data["decided_level"],
                    decision_rationale=data["decision_rationale"],
                    outcome=data["outcome"],
                    notes=data["notes"],
                ),
                seen_revision=data["revision"],
            )
        except ChangedMeanwhile:
            conflict = True
            form.add_error(None, changed_meanwhile("assessment"))
        else:
            return redirect("referrals:review", assessment.pk)
    if request.method == "GET":
        record_view(assessment=assessment, viewer=request.user, what="review")
    context = _summary_context(assessment) | {
        "form": form,
        "review": existing,
        "conflict": conflict,
        "history": _history(assessment, existing),
        "escalation": escalating.open_escalation(assessment),
        "record_views": assessment.views.select_related("viewer")[:50],
    }
    return render(request, "referrals/review.html", context)


def _history(assessment: Assessment, review: Review | None) -> list:
    """Every saved change to the assessment and its review, newest first, with who made it."""
    changes = list(assessment.history.select_related("history_user").order_by("-history_date")[:100])
    if review:
        changes += list(review.history.select_related("history_user").order_by("-history_date")[:100])
    return sorted(changes, key=lambda h: h.history_date, reverse=True)
