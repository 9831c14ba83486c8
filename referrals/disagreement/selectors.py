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

from django.db.models import Exists, OuterRef

from thresholds.models import EscalationStep, Framework, Guidance

from ..models import Assessment, Escalation, EscalationEntry
from ..timescales import Timescale, escalation_due


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


def steps_for(*, framework: Framework) -> list[EscalationStep]:
    return list(framework.escalation_steps.order_by("number"))


def procedure_passages(*, framework: Framework) -> list[Guidance]:
    """The document's own words on professional disagreement, for partnerships that print no steps."""
    return [g for g in framework.guidance.order_by("order") if "disagreement" in g.title.lower()]


def plan(*, steps: Sequence[Step], current: int, started: datetime, is_open: bool) -> list[PlannedStep]:
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


def current_due(*, steps: Sequence[Step], number: int, started: datetime) -> datetime | None:
    planned = plan(steps=steps, current=number, started=started, is_open=True)
    return next((p.due for p in planned if p.number == number), None)


def open_escalation(*, assessment: Assessment) -> Escalation | None:
    return assessment.escalations.filter(status=Escalation.Status.OPEN).first()


def disagreement_open() -> Exists:
    """For lists of assessments: whether each has an open disagreement, in the same query."""
    return Exists(Escalation.objects.filter(assessment=OuterRef("pk"), status=Escalation.Status.OPEN))


def actions_for(*, escalation: Escalation, steps: Sequence[Step]) -> list[str]:
    """What may be recorded now: a note, a move to the next step if there is one, or the resolution."""
    if not escalation.is_open:
        return []
    later = any(s.number > escalation.step for s in steps)
    actions: list[str] = [EscalationEntry.Action.NOTE, EscalationEntry.Action.RESOLVED]
    if later:
        actions.insert(1, EscalationEntry.Action.NEXT_STEP)
    return actions
