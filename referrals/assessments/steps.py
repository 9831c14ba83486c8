"""The assessment's steps in order: their titles, their forms, and where each one leads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from thresholds.engine import FrameworkSnapshot

from ..models import Assessment
from .forms import ChildForm, ConsentForm, JudgementForm, VoiceForm

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
