"""The quick-check form: ticked indicators, the filter words and the moment to check opening hours for."""

from __future__ import annotations

from collections.abc import Container
from datetime import datetime

from django import forms

from .engine import FrameworkSnapshot, SuggestionError, parse_moment

NO_TICKS = "Select at least one indicator you have seen"


class IndicatorCodesField(forms.MultipleChoiceField):
    """Ticked indicator codes, each checked against the guidance's codes by one set lookup.

    The boxes are drawn by the checklist template, never by the widget, so the field has no choices to
    normalise: Django's own field normalised all 373 of Sefton's per form and looked each tick up in a list."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.codes: Container[str] = frozenset()

    def valid_value(self, value: object) -> bool:
        return str(value) in self.codes


class QuickCheckForm(forms.Form):
    indicators = IndicatorCodesField(
        required=False,
        error_messages={"invalid_choice": "One of the indicators sent is not in this guidance: start again"},
    )
    q = forms.CharField(required=False, max_length=200, label="Filter indicators")
    at = forms.CharField(
        required=False,
        max_length=40,
        label="Date and time to check opening hours for",
        help_text="Leave empty for now. For example, 23/11/2026 at 10:00.",
    )

    def __init__(self, snapshot: FrameworkSnapshot, *args, require_ticks: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.snapshot = snapshot
        self.require_ticks = require_ticks
        indicators = self.fields["indicators"]  # a deep copy of the class's field, so of its class
        assert isinstance(indicators, IndicatorCodesField)
        indicators.codes = snapshot.indicators  # a dict: membership is one hash lookup

    def clean_indicators(self) -> list[str]:
        codes = self.cleaned_data["indicators"]
        if self.require_ticks and not codes:
            raise forms.ValidationError(NO_TICKS, code="required")
        return codes

    def clean_at(self) -> datetime | None:
        text = self.cleaned_data["at"].strip()
        if not text:
            return None
        try:
            return parse_moment(text)
        except SuggestionError:
            raise forms.ValidationError(
                "Enter the date and time as a real date and time, for example 2026-11-23T10:00", code="invalid"
            ) from None

    def ticked(self) -> list[str]:
        """What was ticked, even when the form is invalid, so nothing the user chose is lost."""
        if hasattr(self, "cleaned_data") and "indicators" in self.cleaned_data:
            return self.cleaned_data["indicators"]
        known = self.snapshot.indicators
        # BoundField.data asks the widget, which reads every value sent (QueryDict.getlist).
        sent = (self["indicators"].data or []) if self.is_bound else []
        return [c for c in sent if c in known]

    def error_list(self) -> list[tuple[str, str]]:
        """(anchor, message) pairs for the GOV.UK error summary, pointing at the first box of a field."""
        anchors = {"indicators": f"indicator-{next(iter(self.snapshot.indicators), '')}", "q": "q", "at": "at"}
        return [(anchors[name], str(message)) for name, errors in self.errors.items() for message in errors]
