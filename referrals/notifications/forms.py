"""The Notifications page's form: which kinds of message a person wants by e-mail."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from ..assessments.forms import choices
from ..models import Notification

ALWAYS_ON_HINT = "A new assessment sent to your partnership and an overdue one are always e-mailed to leads."


class PreferencesForm(forms.Form):
    email_on = forms.MultipleChoiceField(
        label="Which messages do you want by e-mail?",
        help_text="Every message also shows on this page, whatever you choose.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose only from the messages listed"},
    )

    def __init__(self, *args: Any, choosable: tuple[str, ...], always: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Notification.Kind.choices)
        choices(self.fields["email_on"]).choices = [(k, labels[k]) for k in choosable]
        if always:
            self.fields["email_on"].help_text += " " + ALWAYS_ON_HINT
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.checkboxes("email_on", legend_size=Size.MEDIUM, legend_tag="h2"),
            Button("preferences", "Save your choices"),
        )
