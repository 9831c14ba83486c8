"""Professional disagreement: one page where the practitioner raises it and both sides record each step."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ..access import assessment_for, can_raise_disagreement, can_record_disagreement, refuse
from ..audit import record_view
from ..errors import ChangedMeanwhile, NotAllowed, changed_meanwhile
from .forms import DisagreementForm, EscalationUpdateForm
from .selectors import actions_for, open_escalation, plan, procedure_passages, steps_for
from .services import escalation_raise, escalation_record


@login_required
@require_http_methods(["GET", "POST"])
def disagreement(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The owner (who alone may raise it) and their partnership's leads; nobody else can tell it exists."""
    assessment = assessment_for(request.user, pk, to="disagree")
    steps = steps_for(framework=assessment.framework)
    current = open_escalation(assessment=assessment)
    data = request.POST if request.method == "POST" else None
    form: EscalationUpdateForm | DisagreementForm | None = None
    if current and can_record_disagreement(request.user, current):
        actions = actions_for(escalation=current, steps=steps)
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
                    escalation_record(
                        escalation=current,
                        author=request.user,
                        action=fields["action"],
                        text=fields["text"],
                        seen_revision=fields["revision"],
                    )
                    messages.success(request, "Recorded.")
                else:
                    escalation_raise(assessment=assessment, raised_by=request.user, reason=fields["reason"])
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
            "is_owner": assessment.owner_id == request.user.pk,
            "form": form,
            "current": current,
            "past": [e for e in escalations if not e.is_open],
            "plan": plan(
                steps=steps,
                current=current.step if current else 1,
                started=current.step_started if current else assessment.updated,
                is_open=current is not None,
            ),
            "passages": [] if steps else procedure_passages(framework=assessment.framework),
            "entries": next((list(e.entries.all()) for e in escalations if e.is_open), []),
        },
    )
