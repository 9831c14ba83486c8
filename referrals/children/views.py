"""The lead's pages about one child across assessments: decide a link, search, the chronology (issue 17)."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.access import Role, role_required
from portal.models import User
from thresholds.snapshot import cached_snapshot

from ..access import assessment_for
from ..audit import record_list_view
from ..errors import NotAllowed
from .chronology import WINDOW_WORDS, chronology
from .forms import ChildSearchForm
from .selectors import child_search, chronology_rows, own_assessment
from .services import assessment_copy_ticks, child_link_decide, child_search_log

lead_required = role_required(Role.LEAD)
DECISIONS = {"confirm": "Link confirmed: the same child", "reject": "Link rejected: not the same child"}


@lead_required
@require_POST
def link(request: HttpRequest, pk: UUID, link_id: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, to="review")
    decision = request.POST.get("decision", "")
    if decision not in DECISIONS:
        messages.error(request, "Select whether it is the same child")
        return redirect("referrals:review", assessment.pk)
    try:
        child_link_decide(link_id=link_id, assessment=assessment, lead=request.user, decision=decision)  # type: ignore[arg-type]
    except NotAllowed:
        messages.error(request, "That link is not one of this assessment's")
        return redirect("referrals:review", assessment.pk)
    messages.success(request, DECISIONS[decision])
    return redirect("referrals:review", assessment.pk)


@lead_required
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """POST only carries the child's details: nothing about the child is ever in the URL."""
    lead = cast(User, request.user)
    form = ChildSearchForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = child_search(
            lead=lead,
            name=data["name"],
            date_of_birth=data["date_of_birth"],
            nhs_number=data["nhs_number"],
            upn=data["upn"],
        )
        child_search_log(
            lead=lead, reason=data["reason"], reason_other=data["reason_other"], by=form.by, results=len(found)
        )
        record_list_view(assessment_ids=[f.assessment.pk for f in found], viewer=lead, what="search")
    return render(request, "referrals/children/search.html", {"form": form, "found": found})


@lead_required
@require_GET
def chronology_page(request: HttpRequest, pk: UUID) -> HttpResponse:
    assessment = assessment_for(request.user, pk, to="review")
    rows = chronology_rows(assessment=assessment, lead=request.user)
    record_list_view(assessment_ids=[a.pk for a in rows], viewer=request.user, what="chronology")
    entries = chronology(
        [
            (a, a.framework.slug, a.submitted_at, list(a.indicators), cached_snapshot(a.framework))
            for a in rows
            if a.submitted_at
        ]
    )
    return render(
        request,
        "referrals/children/chronology.html",
        {"assessment": assessment, "entries": entries, "window_words": WINDOW_WORDS},
    )


@role_required(Role.PRACTITIONER)
@require_POST
def start_from(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Copy the ticks of the practitioner's own earlier assessment into this draft (to be confirmed)."""
    assessment = assessment_for(request.user, pk, to="edit")
    try:
        source_pk = UUID(request.POST.get("source", ""))
    except ValueError:
        source_pk = None
    source = own_assessment(practitioner=request.user, pk=source_pk) if source_pk else None
    if source is None or source.pk == assessment.pk:
        messages.error(request, "Choose one of your own earlier assessments to start from")
        return redirect("referrals:step", assessment.pk, "child")
    copied = assessment_copy_ticks(assessment=assessment, source=source)
    messages.success(request, f"{copied} ticks copied from {source.reference}: check and confirm them")
    return redirect("referrals:step", assessment.pk, "indicators")
