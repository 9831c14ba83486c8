"""Professional disagreement, the writes: raised by the practitioner, each step recorded by either side.

How the steps are planned and which actions are open is read in selectors.py.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ..access import disagreement_refusal
from ..errors import NotAllowed
from ..locking import conflict, locked_for_update
from ..models import Assessment, Escalation, EscalationEntry, Notification
from ..notifications.services import leads_of, notification_queue
from .selectors import actions_for, current_due, open_escalation, steps_for


@transaction.atomic
def escalation_raise(*, assessment: Assessment, raised_by: Any, reason: str) -> Escalation:
    """Only the practitioner who made the assessment, only once it is decided, one open at a time."""
    locked = locked_for_update(Assessment, assessment.pk)
    refusal = disagreement_refusal(raised_by, locked)
    if refusal:
        raise NotAllowed(refusal)
    if open_escalation(assessment=locked):
        conflict(locked)
    now = timezone.now()
    steps = steps_for(framework=locked.framework)
    first = steps[0].number if steps else 1
    escalation = Escalation.objects.create(
        assessment=locked,
        raised_by=raised_by,
        raised_at=now,
        reason=reason,
        step=first,
        step_started=now,
        due_by=current_due(steps=steps, number=first, started=now),
    )
    EscalationEntry.objects.create(
        escalation=escalation, author=raised_by, at=now, step=first, action=EscalationEntry.Action.RAISED, text=reason
    )
    notify_other_side(assessment=locked, author=raised_by, action=EscalationEntry.Action.RAISED)
    return escalation


@transaction.atomic
def escalation_record(
    *, escalation: Escalation, author: Any, action: str, text: str, seen_revision: int
) -> EscalationEntry:
    """A note, a move to the next step (its clock starts now) or the resolution, by either side."""
    locked = locked_for_update(Escalation, escalation.pk, seen_revision=seen_revision)
    if not locked.is_open:
        conflict(locked)
    steps = steps_for(framework=locked.assessment.framework)
    if action not in actions_for(escalation=locked, steps=steps):
        raise NotAllowed("That cannot be recorded at this step.")
    now = timezone.now()
    entry = EscalationEntry.objects.create(
        escalation=locked, author=author, at=now, step=locked.step, action=action, text=text
    )
    if action == EscalationEntry.Action.NEXT_STEP:
        locked.step = min(s.number for s in steps if s.number > locked.step)
        locked.step_started = now
        locked.due_by = current_due(steps=steps, number=locked.step, started=now)
    elif action == EscalationEntry.Action.RESOLVED:
        locked.status = Escalation.Status.RESOLVED
        locked.resolved_at = now
        locked.due_by = None
    locked.revision += 1
    locked.save()
    if action != EscalationEntry.Action.NOTE:  # raised, moved on, resolved: the other side hears of it
        notify_other_side(assessment=locked.assessment, author=author, action=action)
    return entry


def notify_other_side(*, assessment: Assessment, author: Any, action: str) -> None:
    """The practitioner when a lead acts; when the practitioner acts, the lead who decided, else every lead."""
    if author.pk != assessment.owner_id:
        recipients: Any = [assessment.owner]
    else:
        reviewer_id = Assessment.objects.filter(pk=assessment.pk).values_list("review__reviewer", flat=True).first()
        recipients = leads_of(partnership_id=assessment.partnership_id)
        if reviewer_id is not None and recipients.filter(pk=reviewer_id).exists():
            recipients = recipients.filter(pk=reviewer_id)
    notification_queue(kind=Notification.Kind.DISAGREEMENT, recipients=recipients, assessment=assessment, action=action)
