"""The lead's review form: RAG rating, decision, outcome and notes, with the revision they opened."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from thresholds.snapshot import cached_snapshot

from ..assessments.forms import ONCE, choices, limit_text
from ..models import TEXT_LIMIT, Assessment, Review
from . import rules
from .selectors import outcomes, rag_ratings


class ReviewForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    rag = forms.ChoiceField(label="RAG rating", widget=forms.RadioSelect, required=False)
    decision = forms.ChoiceField(
        label="Decision on the level", widget=forms.RadioSelect, choices=Review.Decision.choices, required=False
    )
    decided_level = forms.TypedChoiceField(label="Level you set", coerce=int, required=False, empty_value=None)
    decision_rationale = forms.CharField(
        label="Rationale", widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LIMIT, required=False
    )
    outcome = forms.ChoiceField(label="Outcome", widget=forms.RadioSelect, required=False)
    notes = forms.CharField(
        label="Notes", widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LIMIT, required=False
    )
    change_reason = forms.CharField(
        label="Why you are changing the decision",
        help_text="The practitioner has seen the decision; they will see this reason with the new one.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        required=False,
    )

    def __init__(
        self,
        *args,
        ratings,
        levels,
        outcomes: list[str],
        own_outcomes: bool,
        before: rules.Before,
        revision: int,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.before, self.current_revision = before, revision
        choices(self.fields["rag"]).choices = [
            Choice(r.name, r.name, hint=" ".join(x for x in (r.meaning, r.response) if x)) for r in ratings
        ]
        if not ratings:
            self.fields[
                "rag"
            ].help_text = "Your partnership's guidance gives no RAG ratings; a partnership admin can add them."
        choices(self.fields["decided_level"]).choices = [("", "Choose a level")] + [
            (n, f"Level {n}: {lv.name}") for n, lv in levels.items()
        ]
        choices(self.fields["outcome"]).choices = [(o, o) for o in outcomes]
        if not own_outcomes:
            self.fields[
                "outcome"
            ].help_text = "Your partnership's guidance lists no outcomes, so these are the portal's defaults."
        limit_text(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "revision",
            Field.radios("rag", legend_size=Size.MEDIUM, legend_tag="h2", small=True),
            Field.radios("decision", legend_size=Size.MEDIUM, legend_tag="h2", small=True),
            Field.select("decided_level"),
            Field.textarea("decision_rationale", rows=4, max_characters=TEXT_LIMIT),
            Field.radios("outcome", legend_size=Size.MEDIUM, legend_tag="h2", small=True),
            Field.textarea("notes", rows=4, max_characters=TEXT_LIMIT),
            *([Field.textarea("change_reason", rows=3, max_characters=TEXT_LIMIT)] if before.decided else []),
            Button("save", "Save the review", **ONCE),
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("revision") != self.current_revision:
            return data  # opened before someone else saved: the save says so, and the rules wait for a fresh look
        for field, message in rules.decision_problems(decision_from(data), self.before):
            self.add_error(field, message)
        return data


def decision_from(data: dict) -> rules.Decision:
    return rules.Decision(
        rag=data.get("rag") or "",
        decision=data.get("decision") or "",
        decided_level=data.get("decided_level"),
        rationale=data.get("decision_rationale") or "",
        outcome=data.get("outcome") or "",
        change_reason=data.get("change_reason") or "",
    )


def review_form_for(
    *, assessment: Assessment, review: Review | None, data: Any = None, initial: Any = None
) -> ReviewForm:
    """The review form for this assessment, with its guidance's RAG ratings, levels and outcomes: the review page
    and the integration API's decision both check a decision through it (one copy of the rules)."""
    framework = assessment.framework
    offered, own = outcomes(framework=framework)
    return ReviewForm(
        data,
        initial=initial,
        ratings=rag_ratings(framework=framework),
        levels=cached_snapshot(framework).levels,
        outcomes=offered,
        own_outcomes=own,
        before=_before(assessment=assessment, review=review),
        revision=assessment.revision,
    )


def _before(*, assessment: Assessment, review: Review | None) -> rules.Before:
    from .services import before_review  # services import the notifications and PDF modules: imported when used

    return before_review(assessment=assessment, review=review)
