"""Professional disagreement: a practitioner escalates a lead's decision through the partnership's steps.

The steps and their timescales are the partnership's own (`EscalationStep`, edited by its admin). Sefton's
procedure is the model: each step has a number of working days that counts on from the step before ("a
further 2 working days of step 1", "11 days in total"). Where a document prints steps without timescales
(Stoke-on-Trent) they are shown without due times; where it prints none, the disagreement is still recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import takewhile
from typing import Protocol

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from thresholds.models import EscalationStep, Framework, Guidance

from .access import disagreement_refusal
from .errors import NotAllowed
from .locking import conflict, locked_for_update
from .models import Assessment, Escalation, EscalationEntry
from .timescales import Timescale, escalation_due


class Step(Protocol):
    number: int
    text: str
    timescale: str
    working_days: int | None


@dataclass(frozen=True)
class PlannedStep:
    number: int
    text: str
    timescale: str  # as printed
    due: datetime | None
    state: str  # "done", "current", "to come" or "" once the disagreement is resolved


def steps_for(framework: Framework) -> list[EscalationStep]:
    return list(framework.escalation_steps.order_by("number"))


def procedure_passages(framework: Framework) -> list[Guidance]:
    """The document's own words on professional disagreement, for partnerships that print no steps."""
    return [g for g in framework.guidance.order_by("order") if "disagreement" in g.title.lower()]


def plan(steps: Sequence[Step], *, current: int, started: datetime, is_open: bool) -> list[PlannedStep]:
    """Each step with its due time: the current step's counted from when it started, later ones chained on.

    A step without working days has no due time, and neither has any step after it.
    """
    remaining = [s for s in steps if s.number >= current]
    timed = list(takewhile(lambda s: s.working_days is not None, remaining))
    due: list[datetime | None] = list(
        escalation_due(started, [Timescale(f"Step {s.number}", None, s.working_days) for s in timed])
    )
    due += [None] * (len(remaining) - len(due))
    by_number = {s.number: d for s, d in zip(remaining, due, strict=True)}
    planned = []
    for s in steps:
        if not is_open:
            state = ""
        elif s.number < current:
            state = "done"
        else:
            state = "current" if s.number == current else "to come"
        planned.append(PlannedStep(s.number, s.text, s.timescale, by_number.get(s.number) if is_open else None, state))
    return planned


def _current_due(steps: Sequence[Step], number: int, started: datetime) -> datetime | None:
    return next((p.due for p in plan(steps, current=number, started=started, is_open=True) if p.number == number), None)


def open_escalation(assessment: Assessment) -> Escalation | None:
    return assessment.escalations.filter(status=Escalation.Status.OPEN).first()


def disagreement_open() -> Exists:
    """For lists of assessments: whether each has an open disagreement, in the same query."""
    return Exists(Escalation.objects.filter(assessment=OuterRef("pk"), status=Escalation.Status.OPEN))


@transaction.atomic
def raise_disagreement(assessment: Assessment, user, reason: str) -> Escalation:
    """Only the practitioner who made the assessment, only once it is decided, one open at a time."""
    locked = locked_for_update(Assessment, assessment.pk)
    refusal = disagreement_refusal(user, locked)
    if refusal:
        raise NotAllowed(refusal)
    if open_escalation(locked):
        conflict(locked)
    now = timezone.now()
    steps = steps_for(locked.framework)
    first = steps[0].number if steps else 1
    escalation = Escalation.objects.create(
        assessment=locked,
        raised_by=user,
        raised_at=now,
        reason=reason,
        step=first,
        step_started=now,
        due_by=_current_due(steps, first, now),
    )
    EscalationEntry.objects.create(
        escalation=escalation, author=user, at=now, step=first, action=EscalationEntry.Action.RAISED, text=reason
    )
    return escalation


def actions_for(escalation: Escalation, steps: Sequence[Step]) -> list[str]:
    """What may be recorded now: a note, a move to the next step if there is one, or the resolution."""
    if not escalation.is_open:
        return []
    later = any(s.number > escalation.step for s in steps)
    actions = [EscalationEntry.Action.NOTE, EscalationEntry.Action.RESOLVED]
    if later:
        actions.insert(1, EscalationEntry.Action.NEXT_STEP)
    return actions


@transaction.atomic
def record(escalation: Escalation, user, action: str, text: str, *, seen_revision: int) -> EscalationEntry:
    """A note, a move to the next step (its clock starts now) or the resolution, by either side."""
    locked = locked_for_update(Escalation, escalation.pk, seen_revision=seen_revision)
    if not locked.is_open:
        conflict(locked)
    steps = steps_for(locked.assessment.framework)
    if action not in actions_for(locked, steps):
        raise NotAllowed("That cannot be recorded at this step.")
    now = timezone.now()
    entry = EscalationEntry.objects.create(
        escalation=locked, author=user, at=now, step=locked.step, action=action, text=text
    )
    if action == EscalationEntry.Action.NEXT_STEP:
        locked.step = min(s.number for s in steps if s.number > locked.step)
        locked.step_started = now
        locked.due_by = _current_due(steps, locked.step, now)
    elif action == EscalationEntry.Action.RESOLVED:
        locked.status = Escalation.Status.RESOLVED
        locked.resolved_at = now
        locked.due_by = None
    locked.revision += 1
    locked.save()
    return entry
