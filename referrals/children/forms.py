"""The lead's search for a child: name and date of birth, or an identifier, and a reason (required)."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Fluid, Layout, Size
from django import forms

from ..assessments.forms import ChildIdentifiersMixin, OptionalDateField, limit_text
from ..models import ChildSearch

NEED_WHO = "Enter the child's name and date of birth, or an NHS number or UPN"


class ChildSearchForm(ChildIdentifiersMixin, forms.Form):
    name = forms.CharField(label="Child's name", max_length=200, required=False)
    date_of_birth = OptionalDateField(label="Date of birth", help_text="For example, 27 3 2019", what="Date of birth")
    nhs_number = forms.CharField(label="NHS number", required=False, help_text="10 digits, for example 943 476 5919")
    upn = forms.CharField(label="Unique pupil number (UPN)", required=False, help_text="For example, B801200005001")
    reason = forms.ChoiceField(
        label="Why are you searching?",
        choices=ChildSearch.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you are searching"},
    )
    reason_other = forms.CharField(
        label="Your reason", max_length=200, required=False, help_text="Do not write the child's name here."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_text(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                Field.text("name", field_width=Fluid.TWO_THIRDS),
                Field("date_of_birth"),
                legend="Name and date of birth",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.text("nhs_number", field_width=10),
                Field.text("upn", field_width=20),
                legend="Or an identifier",
                legend_size=Size.SMALL,
            ),
            Field.radios("reason", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.text("reason_other", field_width=Fluid.TWO_THIRDS),
            Button("search", "Search"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == ChildSearch.Reason.OTHER and not data.get("reason_other", "").strip():
            self.add_error("reason_other", "Enter your reason for searching")
        fields_ok = not any(name in self.errors for name in ("name", "date_of_birth", "nhs_number", "upn"))
        named = bool(data.get("name", "").strip()) and isinstance(data.get("date_of_birth"), date)
        if fields_ok and not (named or data.get("nhs_number") or data.get("upn")):
            self.add_error("name", NEED_WHO)
        return data

    @property
    def by(self) -> str:
        return "identifier" if self.cleaned_data.get("nhs_number") or self.cleaned_data.get("upn") else "name"
