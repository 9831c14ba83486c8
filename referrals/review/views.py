"""The safeguarding lead's pages: the queue of submitted assessments and the review of one."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.access import Role, role_required

from ..access import assessment_for, leads_assignable_for
from ..assessments.selectors import summary_context
from ..audit import record_list_view, record_view
from ..children.selectors import earlier_assessments, is_rereferral
from ..disagreement.selectors import open_escalation
from ..errors import ChangedMeanwhile, NotAllowed, changed_meanwhile
from ..family.services import record_family_view
from ..models import Assessment
from .forms import AssignForm, QueueFilterForm, ReviewForm, review_form_for
from .record_rows import ROW_FIELDS as RECORD_VIEW_FIELDS
from .selectors import FILTERS, queue_filter_choices, queue_for, review_history, review_of
from .services import ReviewInput, assessment_assign, review_save
from .subject_access import subject_access_export, subject_access_matches

lead_required = role_required(Role.LEAD)

REVIEW_FIELDS = ("rag", "decision", "decided_level", "decision_rationale", "outcome", "notes", "change_reason")


@lead_required
def queue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    areas, ratings = queue_filter_choices(lead=request.user)
    asked = any(k in request.GET for k in FILTERS)
    form = QueueFilterForm(request.GET if asked else None, areas=areas, ratings=ratings)
    valid = form.is_valid() if form.is_bound else True
    filters = form.filters()
    found = queue_for(lead=request.user, filters=filters, page=request.GET.get("page"), now=now)
    record_list_view(assessment_ids=[a.pk for a in found.page], viewer=request.user, what="queue")
    return render(
        request,
        "referrals/queue.html",
        {
            "page": found.page,
            "counts": found.counts,
            "form": form,
            "errors": form.error_list() if form.is_bound else [],
            "filters": filters,
            "query": urlencode({k: v for k, v in filters.items() if v}, doseq=True),
            "now": now,
            "areas": dict(areas),
        },
        status=200 if valid else 400,
    )


@lead_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: UUID) -> HttpResponse:
    assessment = assessment_for(request.user, pk, to="review")
    existing = review_of(assessment=assessment)
    form = _review_form(assessment, existing, data=request.POST or None)
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
    looked = request.method == "GET"
    if looked:
        record_view(assessment=assessment, viewer=request.user, what="review")
    return _review_page(request, assessment=assessment, form=form, existing=existing, conflict=conflict, looked=looked)


def _review_page(
    request: HttpRequest,
    *,
    assessment: Assessment,
    form: ReviewForm,
    existing: Any,
    conflict: bool = False,
    assign_form: AssignForm | None = None,
    status: int = 200,
    looked: bool = False,
) -> HttpResponse:
    context = summary_context(assessment=assessment)
    if looked:  # the page names the brothers and sisters: a look at their records too
        record_family_view(assessment=assessment, family=context["family"], viewer=request.user, what="review")
    earlier = earlier_assessments(assessment=assessment, lead=request.user)
    context |= {
        "earlier": earlier,
        "rereferral": is_rereferral(earlier),
        "form": form,
        "assign_form": assign_form
        or AssignForm(leads=leads_assignable_for(assessment), initial=_assignee(request, assessment)),
        "review": existing,
        "conflict": conflict,
        "history": review_history(assessment=assessment, review=existing),
        "escalation": open_escalation(assessment=assessment),
        "record_views": assessment.views.select_related("viewer", "api_token").only(*RECORD_VIEW_FIELDS)[:50],
    }
    return render(request, "referrals/review.html", context, status=status)


def _assignee(request: HttpRequest, assessment: Assessment) -> dict[str, Any]:
    return {"assignee": assessment.assigned_to_id or request.user.pk}


def _review_form(assessment: Assessment, existing: Any, *, data: Any = None) -> ReviewForm:
    initial = {"revision": assessment.revision}
    if existing:
        initial |= {f: getattr(existing, f) for f in REVIEW_FIELDS if f != "change_reason"}
    return review_form_for(assessment=assessment, review=existing, data=data, initial=initial)


@lead_required
@require_POST
def assign(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Assign a sent assessment to a lead of its partnership: from the review page, or "Assign to me" in the queue."""
    assessment = assessment_for(request.user, pk, to="review")
    form = AssignForm(request.POST, leads=leads_assignable_for(assessment))
    if form.is_valid():
        try:
            assigned = assessment_assign(assessment=assessment, by=request.user, to=form.cleaned_data["assignee"])
        except NotAllowed as refused:
            form.add_error("assignee", str(refused))
        else:
            who = "you" if assigned.assigned_to_id == request.user.pk else form.cleaned_data["assignee"].get_full_name()
            messages.success(request, f"{assessment.reference} assigned to {who or 'them'}")
            if form.cleaned_data.get("back") == "queue":
                return redirect("referrals:queue")
            return redirect("referrals:review", assessment.pk)
    existing = review_of(assessment=assessment)
    review_form = _review_form(assessment, existing)
    return _review_page(
        request, assessment=assessment, form=review_form, existing=existing, assign_form=form, status=400
    )


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
