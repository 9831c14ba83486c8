"""The lead's review form: RAG rating, decision, outcome and notes, with the revision they opened."""

from __future__ import annotations

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from .forms import limit_text
from .models import TEXT_LIMIT, EscalationEntry, Review


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

    def __init__(self, *args, ratings, levels, outcomes: list[str], own_outcomes: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rag"].choices = [
            Choice(r.name, r.name, hint=" ".join(x for x in (r.meaning, r.response) if x)) for r in ratings
        ]
        if not ratings:
            self.fields[
                "rag"
            ].help_text = "Your partnership's guidance gives no RAG ratings; a partnership admin can add them."
        self.fields["decided_level"].choices = [("", "Choose a level")] + [
            (n, f"Level {n}: {lv.name}") for n, lv in levels.items()
        ]
        self.fields["outcome"].choices = [(o, o) for o in outcomes]
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
            Button("save", "Save the review"),
        )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == Review.Decision.DIFFERENT:
            if not data.get("decided_level"):
                self.add_error("decided_level", "Choose the level you set")
            if not data.get("decision_rationale", "").strip():
                self.add_error("decision_rationale", "Give the rationale for setting another level")
        if data.get("outcome") and not data.get("decision"):
            self.add_error("decision", "Record a decision on the level before choosing an outcome")
        return data


class DisagreementForm(forms.Form):
    reason = forms.CharField(
        label="Why you disagree with the decision",
        help_text="Say what you disagree with and why. Your safeguarding lead sees this.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Say why you disagree with the decision"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_text(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("reason", rows=6, max_characters=TEXT_LIMIT, label_size=Size.MEDIUM, label_tag="h2"),
            Button("raise", "Raise the disagreement"),
        )


ACTION_HINTS = {
    EscalationEntry.Action.NOTE: "What was discussed or agreed so far. The disagreement stays at this step.",
    EscalationEntry.Action.NEXT_STEP: "This step did not resolve it. The next step's timescale starts now.",
    EscalationEntry.Action.RESOLVED: "Both sides have agreed how to go on. Say what was agreed.",
}
ACTION_LABELS = {
    EscalationEntry.Action.NOTE: "Add a note",
    EscalationEntry.Action.NEXT_STEP: "Not resolved: move to the next step",
    EscalationEntry.Action.RESOLVED: "Resolved",
}


class EscalationUpdateForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        label="What do you want to record?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what you want to record",
            "invalid_choice": "Choose what you want to record",
        },
    )
    text = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Say what happened"},
    )

    def __init__(self, *args, actions: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [Choice(a, ACTION_LABELS[a], hint=ACTION_HINTS[a]) for a in actions]
        limit_text(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "revision",
            Field.radios("action", legend_size=Size.MEDIUM, legend_tag="h2", small=True),
            Field.textarea("text", rows=5, max_characters=TEXT_LIMIT),
            Button("record", "Record it"),
        )
