"""The safeguarding lead's pages: the queue of submitted assessments and the review of one."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from portal.access import Role, role_required
from thresholds.snapshot import cached_snapshot

from ..access import assessment_for
from ..assessments.selectors import summary_context
from ..audit import record_list_view, record_view
from ..children.selectors import earlier_assessments, is_rereferral
from ..disagreement.selectors import open_escalation
from ..errors import ChangedMeanwhile, changed_meanwhile
from ..models import Assessment
from .forms import ReviewForm
from .selectors import FILTERS, outcomes, queue_for, rag_ratings, review_history, review_of
from .services import ReviewInput, before_review, review_save
from .subject_access import subject_access_export, subject_access_matches

lead_required = role_required(Role.LEAD)

REVIEW_FIELDS = ("rag", "decision", "decided_level", "decision_rationale", "outcome", "notes", "change_reason")


@lead_required
def queue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    filters = {k: request.GET.get(k, "") for k in FILTERS}
    found = queue_for(lead=request.user, filters=filters, page=request.GET.get("page"), now=now)
    record_list_view(assessment_ids=[a.pk for a in found.page], viewer=request.user, what="queue")
    return render(
        request,
        "referrals/queue.html",
        {
            "page": found.page,
            "counts": found.counts,
            "filters": filters,
            "now": now,
            "statuses": Assessment.Status.choices[1:],
        },
    )


@lead_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: UUID) -> HttpResponse:
    assessment = assessment_for(request.user, pk, to="review")
    existing = review_of(assessment=assessment)
    framework = assessment.framework
    choices, own = outcomes(framework=framework)
    initial = {"revision": assessment.revision}
    if existing:
        initial |= {f: getattr(existing, f) for f in REVIEW_FIELDS if f != "change_reason"}
    form = ReviewForm(
        request.POST or None,
        initial=initial,
        ratings=rag_ratings(framework=framework),
        levels=cached_snapshot(framework).levels,
        outcomes=choices,
        own_outcomes=own,
        before=before_review(assessment=assessment, review=existing),
        revision=assessment.revision,
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review_save(
                assessment=assessment,
                lead=request.user,
                data=ReviewInput(**{f: data[f] for f in REVIEW_FIELDS}),
                seen_revision=data["revision"],
            )
        except ChangedMeanwhile:
            conflict = True
            form.add_error(None, changed_meanwhile("assessment"))
        else:
            messages.success(request, "Review saved")
            return redirect("referrals:review", assessment.pk)
    if request.method == "GET":
        record_view(assessment=assessment, viewer=request.user, what="review")
    earlier = earlier_assessments(assessment=assessment, lead=request.user)
    context = summary_context(assessment=assessment) | {
        "earlier": earlier,
        "rereferral": is_rereferral(earlier),
        "form": form,
        "review": existing,
        "conflict": conflict,
        "history": review_history(assessment=assessment, review=existing),
        "escalation": open_escalation(assessment=assessment),
        "record_views": assessment.views.select_related("viewer")[:50],
    }
    return render(request, "referrals/review.html", context)


@lead_required
@require_GET
def subject_access(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Everything held about this assessment's child in the lead's partnership, as a JSON download (logged).

    The child's data is in the body only: the file name and the log carry the reference, never the name.
    """
    assessment = assessment_for(request.user, pk, to="subject-access")
    covered = subject_access_matches(lead=request.user, assessment=assessment)
    record_list_view(assessment_ids=[a.pk for a in covered], viewer=request.user, what="subject-access")
    export = subject_access_export(lead=request.user, asked_about=assessment, assessments=covered, now=timezone.now())
    response = JsonResponse(export, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = f'attachment; filename="subject-access-{assessment.reference}.json"'
    return response
