"""The error summary's links (templates/gds/layout/error_summary.html): each to an id on the page.

crispy-forms-gds links a field's error to the field's own id, which a group of radios or checkboxes does not
have (each option has `id_<name>_<n>`, counted from 1), so the link moved the focus nowhere. GOV.UK asks for
the first option; for a date, the part the error is about (StepForm puts those errors on the part's widget).
"""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField

register = template.Library()


def _anchor(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"id_{field.html_name}_1"  # crispy-forms-gds's radio_item.html / checkboxes.html numbering
    return field.auto_id


@register.filter
def error_links(form: forms.BaseForm) -> list[tuple[str, str]]:
    """(id, message) for every error, in the order of the fields: non-field errors to the first field."""
    visible = form.visible_fields()
    links = [(_anchor(visible[0]) if visible else "", str(e)) for e in form.non_field_errors()]
    for field in visible:
        seen: list[str] = []
        for index, part in enumerate(getattr(field.field, "fields", ())):
            for error in getattr(part.widget, "errors", []):
                links.append((f"{field.auto_id}_{index}", str(error)))
                seen.append(error)
        links += [(_anchor(field), str(e)) for e in field.errors if e not in seen]
    return links
