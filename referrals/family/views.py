"""The family's buttons on a draft's overview: add a brother, sister or unborn baby; take a child out. One access
call (only the owner, only a draft: `assessment_for(to="edit")`), one service call, redirect."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from ..access import assessment_for
from ..assessments.views import practitioner_required
from ..errors import NotAllowed
from .services import family_add_child, family_remove_child


@practitioner_required
@require_POST
def add(request: HttpRequest, pk: UUID) -> HttpResponse:
    assessment = assessment_for(request.user, pk, to="edit")
    seen = request.POST.get("children", "")
    try:
        child = family_add_child(assessment=assessment, seen_children=int(seen) if seen.isdigit() else None)
    except NotAllowed as refused:
        messages.error(request, str(refused))
        return redirect("referrals:overview", assessment.pk)
    if child is None:  # pressed twice, or added in another tab: nothing more added
        return redirect("referrals:overview", assessment.pk)
    messages.success(request, f"Assessment {child.reference} added to this family: tell us about the child.")
    return redirect("referrals:step", child.pk, "child")


@practitioner_required
@require_POST
def remove(request: HttpRequest, pk: UUID) -> HttpResponse:
    assessment = assessment_for(request.user, pk, to="edit")
    try:
        remaining = family_remove_child(assessment=assessment)
    except NotAllowed as refused:
        messages.error(request, str(refused))
        return redirect("referrals:overview", assessment.pk)
    messages.success(
        request,
        f"Assessment {assessment.reference} was taken out of this family. It is still a draft in My assessments.",
    )
    return redirect("referrals:overview", remaining.pk)
