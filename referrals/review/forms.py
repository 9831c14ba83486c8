"""The lead's review form: RAG rating, decision, outcome and notes, with the revision they opened."""

from __future__ import annotations

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from ..assessments.forms import limit_text
from ..models import TEXT_LIMIT, Review


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
