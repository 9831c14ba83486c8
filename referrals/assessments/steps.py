"""The assessment's steps in order: their titles, their forms, and where each one leads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from thresholds.engine import FrameworkSnapshot

from ..models import Assessment
from .forms import ChildForm, ConsentForm, JudgementForm, VoiceForm
from .rules import missing_for_submission

STEPS: dict[str, tuple[str, type[forms.ModelForm] | None]] = {
    "child": ("About the child", ChildForm),
    "indicators": ("What you have seen", None),  # the quick check's own form: see views._indicators_step
    "judgement": ("Your judgement of the level", JudgementForm),
    "voice": ("The child's voice and the assessment", VoiceForm),
    "consent": ("Consent and information sharing", ConsentForm),
}
ORDER = list(STEPS)


def form_kwargs(name: str, *, assessment: Assessment, snapshot: FrameworkSnapshot) -> dict[str, Any]:
    """What a step's form needs beyond the assessment: the levels and the suggestion, or the level put forward."""
    if name == "judgement":
        return {
            "levels": [(n, lv.name) for n, lv in snapshot.levels.items()],
            "suggested": assessment.suggested_level,
        }
    if name == "consent":
        return {"level": assessment.level}
    return {}


def next_url(assessment: Assessment, name: str) -> str:
    """The step after `name`, or the overview after the last."""
    following = ORDER.index(name) + 1
    if following < len(ORDER):
        return reverse("referrals:step", args=[assessment.pk, ORDER[following]])
    return reverse("referrals:overview", args=[assessment.pk])


def after_save_url(assessment: Assessment, name: str, *, from_check: bool) -> str:
    """Where a saved step leads: back to "Check your answers" when its "Change" link opened it, else on."""
    if from_check:
        return reverse("referrals:submit", args=[assessment.pk])
    return next_url(assessment, name)


# The GOV.UK task list's statuses.
NOT_STARTED, IN_PROGRESS, COMPLETED, CANNOT_START = "Not yet started", "In progress", "Completed", "Cannot start yet"
ANSWERS = {
    "child": (
        "child_name",
        "unborn",
        "date_of_birth",
        "expected_due_date",
        "address",
        "household",
        "parents_carers",
        "agencies",
    ),
    "indicators": ("indicators",),
    "judgement": ("practitioner_level", "level_rationale"),
    "voice": ("child_voice", "worries", "working_well", "needs_to_happen"),
    "consent": ("consent", "consent_given_by", "consent_given_on", "consent_ground", "consent_reason"),
}


def step_statuses(assessment: Assessment) -> list[dict[str, Any]]:
    """Each step's title and task-list status: "Cannot start yet" for the judgement before any tick and for
    consent before there is a level (its rules depend on the level); "Completed" when nothing the lead needs
    from it is missing; "In progress" when begun; else "Not yet started"."""
    missing = {step for step, _ in missing_for_submission(assessment)}
    waiting = {
        "judgement": "Tick what you have seen first" if not assessment.indicators else "",
        "consent": "Give your judgement of the level first" if assessment.level is None else "",
    }
    tasks = []
    for name, (title, _) in STEPS.items():
        hint = waiting.get(name, "")
        if hint:
            status = CANNOT_START
        elif not any(_answered(getattr(assessment, field)) for field in ANSWERS[name]):
            status = NOT_STARTED
        elif name in missing:
            status = IN_PROGRESS
        else:
            status = COMPLETED
        tasks.append({"name": name, "title": title, "status": status, "hint": hint})
    return tasks


def _answered(value: Any) -> bool:
    return bool(value.strip()) if isinstance(value, str) else value not in (None, False, [], {})
