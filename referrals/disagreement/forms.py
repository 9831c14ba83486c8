"""The disagreement page's forms: raising one, and recording a step (with the revision the page showed)."""

from __future__ import annotations

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from ..assessments.forms import ONCE, choices, limit_text
from ..models import TEXT_LIMIT, EscalationEntry


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
            Button("raise", "Raise the disagreement", **ONCE),
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
        choices(self.fields["action"]).choices = [
            Choice(a, ACTION_LABELS[EscalationEntry.Action(a)], hint=ACTION_HINTS[EscalationEntry.Action(a)])
            for a in actions
        ]
        limit_text(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "revision",
            Field.radios("action", legend_size=Size.MEDIUM, legend_tag="h2", small=True),
            Field.textarea("text", rows=5, max_characters=TEXT_LIMIT),
            Button("record", "Record it", **ONCE),
        )
