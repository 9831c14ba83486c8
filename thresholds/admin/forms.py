"""The admin's own forms: a pathway names levels, services and indicators of its own framework only."""

from __future__ import annotations

from typing import Any

from django import forms

from .. import models


class PathwayForm(forms.ModelForm):
    """A pathway names levels, services and indicators of its own framework only."""

    class Meta:
        model = models.Pathway
        fields = (
            "framework",
            "code",
            "kind",
            "area",
            "levels",
            "title",
            "text",
            "services",
            "when_indicators",
            "condition",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        framework = cleaned.get("framework") or self.instance.framework_id
        framework_id = getattr(framework, "pk", framework)
        if framework_id is None:
            return cleaned
        for name in ("levels", "services", "when_indicators"):
            strays = [str(o) for o in cleaned.get(name) or () if o.framework_id != framework_id]
            if strays:
                self.add_error(name, f"These belong to another framework: {', '.join(strays)}.")
        return cleaned
