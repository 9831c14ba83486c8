"""Professional disagreement: one page where the practitioner raises it and both sides record each step."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import escalating
from .access import assessment_for, can_raise_disagreement, can_record_disagreement, refuse
from .audit import record_view
from .errors import ChangedMeanwhile, NotAllowed, changed_meanwhile
from .review_forms import DisagreementForm, EscalationUpdateForm


@login_required
@require_http_methods(["GET", "POST"])
def disagreement(request: HttpRequest, pk) -> HttpResponse:
    """The owner (who alone may raise it) and their partnership's leads; nobody else can tell it exists."""
    assessment = assessment_for(request.user, pk, to="disagree")
    steps = escalating.steps_for(assessment.framework)
    current = escalating.open_escalation(assessment)
    is_owner = assessment.owner_id == request.user.pk
    data = request.POST if request.method == "POST" else None
    form = None
    if current and can_record_disagreement(request.user, current):
        actions = escalating.actions_for(current, steps)
        form = EscalationUpdateForm(data, initial={"revision": current.revision}, actions=actions)
    elif not current and can_raise_disagreement(request.user, assessment):
        form = DisagreementForm(data)
    if request.method == "POST":
        if form is None:
            refuse(request.user, "disagreement", status=403)
        if form.is_valid():
            fields = form.cleaned_data
            try:
                if current:
                    escalating.record(
                        current, request.user, fields["action"], fields["text"], seen_revision=fields["revision"]
                    )
                    messages.success(request, "Recorded.")
                else:
                    escalating.raise_disagreement(assessment, request.user, fields["reason"])
                    messages.success(request, "Disagreement raised. Your safeguarding lead can see it now.")
            except ChangedMeanwhile:
                form.add_error(None, changed_meanwhile("disagreement"))
            except NotAllowed as refused:
                raise PermissionDenied(str(refused)) from None
            else:
                return redirect("referrals:disagreement", assessment.pk)
    else:
        record_view(assessment=assessment, viewer=request.user, what="disagreement")
    escalations = list(assessment.escalations.prefetch_related("entries__author"))
    return render(
        request,
        "referrals/disagreement.html",
        {
            "assessment": assessment,
            "framework": assessment.framework,
            "review": getattr(assessment, "review", None),
            "is_owner": is_owner,
            "form": form,
            "current": current,
            "past": [e for e in escalations if not e.is_open],
            "plan": escalating.plan(
                steps,
                current=current.step if current else 1,
                started=current.step_started if current else assessment.updated,
                is_open=current is not None,
            ),
            "passages": [] if steps else escalating.procedure_passages(assessment.framework),
            "entries": next((list(e.entries.all()) for e in escalations if e.is_open), []),
        },
    )
