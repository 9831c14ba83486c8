"""The assessment's steps as GOV.UK forms. Each saves as a draft; completeness is checked at submission."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

from portal.text import guard_text

from ..children.identifiers import (
    NHS_NUMBER_PROBLEM,
    UPN_PROBLEM,
    nhs_number_is_valid,
    normalise_nhs_number,
    normalise_upn,
    upn_is_valid,
)
from ..models import ADDRESS_LIMIT, TEXT_LIMIT, Assessment
from .rules import (
    consent_date_problem,
    consent_problems,
    date_of_birth_problem,
    date_of_birth_question,
    due_date_problem,
    rationale_problem,
)

# GOV.UK Frontend's Button (initialised by static/js/threshold.mjs) ignores a second click within a second.
ONCE = {"data_prevent_double_click": "true"}  # crispy-forms-gds adds data-module="govuk-button"
SAVE = Button("save", "Save and continue", **ONCE)


class OptionalDateField(DateInputField):
    """A GOV.UK date input that may be left empty; a part left out or a date that does not exist is an error,
    never silently saved as no date."""

    def __init__(self, *, what: str, **kwargs) -> None:
        super().__init__(required=False, require_all_fields=False, **kwargs)
        self.what = what  # how the error messages name it: "Date of birth"
        real_date = f"{what} must be a real date"
        for part in self.fields:
            part.required = False
            # Digits only (not "٣" or "3\n"), at most four: a 20-digit day is refused before it reaches date().
            part.validators = [RegexValidator(r"\A[0-9]{1,4}\Z", real_date)]

    def compress(self, data_list) -> date | None:
        parts = dict(zip(("day", "month", "year"), data_list, strict=True))
        missing = [name for name, value in parts.items() if value in self.empty_values]
        if len(missing) == len(parts):
            return None
        if missing:
            raise forms.ValidationError(f"{self.what} must include a {' and a '.join(missing)}", code="incomplete")
        try:
            return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except (ValueError, OverflowError):  # no such day, or a number too big for a date
            raise forms.ValidationError(f"{self.what} must be a real date", code="invalid") from None


def _date_field(label: str, hint: str, what: str | None = None) -> DateInputField:
    return OptionalDateField(label=label, help_text=hint, what=what or label)


def choices(field: forms.Field) -> forms.ChoiceField:
    """A form's field as the choice field it is, to set its choices (form.fields holds plain Fields to mypy)."""
    return cast(forms.ChoiceField, field)


def _textarea(name: str, rows: int = 5, limit: int = TEXT_LIMIT) -> Field:
    return Field.textarea(name, rows=rows, max_characters=limit, label_size=Size.SMALL)


def limit_text(form: forms.BaseForm) -> None:
    """For every form that takes free text: GOV.UK error messages for over-long text, and the portal's rule
    on hidden characters (portal/text.py)."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField):
            continue
        label = field.label or name  # quoted as shown: labels are questions or start with "The"
        if field.max_length:
            field.error_messages["max_length"] = f"“{label}” must be {field.max_length} characters or fewer"
        guard_text(field, str(label))
        if isinstance(field.widget, forms.Textarea) and not field.help_text:
            field.widget.attrs["aria-describedby"] = ""  # crispy-forms-gds's character count expects the key


class ChildIdentifiersMixin:
    """The NHS number and the UPN, stored without spaces and checked by their check digit or letter: one
    place for the "About the child" step and the lead's search."""

    cleaned_data: dict[str, Any]

    def clean_nhs_number(self) -> str:
        number = normalise_nhs_number(self.cleaned_data.get("nhs_number", ""))
        if number and not nhs_number_is_valid(number):
            raise forms.ValidationError(NHS_NUMBER_PROBLEM)
        return number

    def clean_upn(self) -> str:
        upn = normalise_upn(self.cleaned_data.get("upn", ""))
        if upn and not upn_is_valid(upn):
            raise forms.ValidationError(UPN_PROBLEM)
        return upn


class StepForm(forms.ModelForm):
    """Common set-up: GOV.UK error messages for over-long text, and a 'Save and continue' button."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_text(self)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def full_clean(self) -> None:
        """Link an error about a whole date to a box in the error summary, as GOV.UK asks (a link to the date
        input's container would move the focus nowhere): the first part left empty, else the day."""
        super().full_clean()
        for name, field in self.fields.items():
            if isinstance(field, DateInputField) and self.errors.get(name):
                on_parts = {error for part in field.fields for error in getattr(part.widget, "errors", [])}
                whole = [e for e in self.errors[name] if e not in on_parts]
                values = [str(self.data.get(f"{self.add_prefix(name)}_{i}", "")).strip() for i in range(3)]
                empty = [i for i, value in enumerate(values) if not value]
                box = field.fields[empty[0] if empty and len(empty) < 3 else 0].widget
                box.errors = [*getattr(box, "errors", []), *whole]


class ChildForm(ChildIdentifiersMixin, StepForm):
    date_of_birth = _date_field("Date of birth", "For example, 27 3 2019")
    # Shown only when the date of birth is 18 or more years ago (rules.date_of_birth_question): it is questioned.
    adult_confirmed = forms.BooleanField(required=False, label="The date of birth is right: they are 18 or over")
    expected_due_date = _date_field("Expected date of delivery", "For an unborn baby. For example, 14 2 2027")

    class Meta:
        model = Assessment
        fields = [
            "child_name",
            "unborn",
            "date_of_birth",
            "expected_due_date",
            "nhs_number",
            "upn",
            "address",
            "household",
            "parents_carers",
            "agencies",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].help_text = "Names, ages and relationship to the child of everyone living with them."
        self.fields["agencies"].help_text = "For example, school, health visitor, GP, with a contact for each."
        self.fields["nhs_number"].help_text = "If you know it. 10 digits, for example 943 476 5919"
        self.fields["upn"].help_text = "If the school has given one. 13 characters, for example B801200005001"
        for name in ("nhs_number", "upn"):  # typed with spaces: checked and stored without them
            cast(forms.CharField, self.fields[name]).max_length = None
            self.fields[name].validators = []
            self.fields[name].widget.attrs.pop("maxlength", None)
        self.helper.layout = Layout(
            Field.text("child_name", field_width=Fluid.TWO_THIRDS),
            Field.checkbox("unborn"),
            Field("date_of_birth"),
            Field("expected_due_date"),
            Field.text("nhs_number", field_width=10),
            Field.text("upn", field_width=20),
            _textarea("address", rows=3, limit=ADDRESS_LIMIT),
            _textarea("household"),
            _textarea("parents_carers"),
            _textarea("agencies"),
            SAVE,
        )

    def clean_date_of_birth(self) -> date | None:
        born = self.cleaned_data.get("date_of_birth")
        problem = born and date_of_birth_problem(born, today=timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return born

    def clean_expected_due_date(self) -> date | None:
        due = self.cleaned_data.get("expected_due_date")
        problem = due and due_date_problem(due, today=timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return due

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        born = data.get("date_of_birth")
        question = born and date_of_birth_question(born, today=timezone.localdate())
        if question and "date_of_birth" in self.changed_data:  # asked once, until confirmed, beside its checkbox
            self.helper.layout.insert(3, Field.checkbox("adult_confirmed"))
            if not data.get("adult_confirmed"):
                self.add_error("date_of_birth", question)
        if data.get("unborn") and data.get("date_of_birth"):
            self.add_error("date_of_birth", "An unborn baby has no date of birth: give the expected date of delivery")
        return data


class JudgementForm(StepForm):
    class Meta:
        model = Assessment
        fields = ["practitioner_level", "level_rationale"]

    def __init__(self, *args, levels: list[tuple[int, str]], suggested: int | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            Choice(n, f"Level {n}: {name}", hint="The level suggested from your ticks" if n == suggested else "")
            for n, name in levels
        ]
        self.fields["practitioner_level"] = forms.TypedChoiceField(
            label="What level of need do you judge this to be?",
            choices=choices,
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": "Select the level of need you judge this to be"},
        )
        self.fields["level_rationale"].help_text = "Needed when your judgement differs from the suggested level."
        self.suggested = suggested
        self.helper.layout = Layout(
            Field.radios("practitioner_level", legend_size=Size.MEDIUM, legend_tag="h2"),
            _textarea("level_rationale"),
            SAVE,
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        problem = rationale_problem(
            data.get("practitioner_level"), suggested=self.suggested, rationale=data.get("level_rationale", "")
        )
        if problem and "level_rationale" not in self.errors:
            self.add_error("level_rationale", problem)
        return data


class VoiceForm(StepForm):
    class Meta:
        model = Assessment
        fields = ["child_voice", "worries", "working_well", "needs_to_happen"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "child_voice"
        ].help_text = "The child's lived experience, wishes and feelings, in their own words where you can."
        self.helper.layout = Layout(*(_textarea(name) for name in self.Meta.fields), SAVE)


class ConsentForm(StepForm):
    consent_given_on = _date_field("When consent was given", "For example, 20 11 2026", "The date consent was given")

    class Meta:
        model = Assessment
        fields = ["consent", "consent_given_by", "consent_given_on", "consent_ground", "consent_reason"]
        widgets = {"consent": forms.RadioSelect, "consent_ground": forms.RadioSelect}

    def __init__(self, *args, level: int | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.level = level
        choices(self.fields["consent"]).choices = Assessment.Consent.choices
        self.fields["consent"].label = "Consent to share information"
        self.fields["consent"].error_messages["required"] = "Select whether consent was given, refused or not sought"
        choices(self.fields["consent_ground"]).choices = [
            *Assessment.Ground.choices,
            ("", "Not applicable: consent was given or refused"),  # so a ground chosen earlier can be taken back
        ]
        self.fields["consent_reason"].help_text = "If consent was refused or not sought, record why and by whom."
        self.helper.layout = Layout(
            Field.radios("consent", legend_size=Size.MEDIUM, legend_tag="h2"),
            Fieldset(
                Field.text("consent_given_by", field_width=Fluid.TWO_THIRDS),
                Field("consent_given_on"),
                legend="If consent was given",
                legend_size=Size.SMALL,
            ),
            Field.radios("consent_ground", legend_size=Size.SMALL),
            _textarea("consent_reason"),
            SAVE,
        )

    def clean_consent_given_on(self) -> date | None:
        given = self.cleaned_data.get("consent_given_on")
        problem = given and consent_date_problem(given, today=timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return given

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for message, field in consent_problems(
            data.get("consent", ""),
            self.level,
            given_by=data.get("consent_given_by", ""),
            given_on=data.get("consent_given_on"),
            ground=data.get("consent_ground", ""),
            reason=data.get("consent_reason", ""),
        ):
            if field not in self.errors:  # contradictions are refused: a referral never says "given" and "not sought"
                self.add_error(field, message)
        return data
