import re
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from thresholds.phones import dialable_parts

register = template.Library()


@register.filter
def phone_links(printed: str) -> SafeString:
    """A phone number as printed, with one tel: link per number it offers ("0151 934 4013/ 4481" is two)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html('<a class="govuk-link threshold-phone" href="tel:{}">{}</a>', part.dial, part.text),)
            if part.dial
            else (part.text,)
            for part in dialable_parts(printed or "")
        ),
    )


@register.filter
def get_item(mapping, key):
    """Look up a key in a mapping from a template (levels by number, and so on)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


_CELL = re.compile(r"^\s*<(td|th)\b")


@register.filter
def labelled_cells(cells: Iterable[str], headers: Iterable[dict[str, Any]]) -> list[SafeString]:
    """The admin change list's cells, each with its column's name as `data-label` (a phone shows it above the
    value, since the header row is hidden there). The cells are the admin's own escaped HTML: only the
    attribute is added to each cell's opening tag."""
    labelled = []
    for cell, header in zip(cells, headers, strict=False):
        name = capfirst(strip_tags(str(header.get("text", ""))).strip()) or "Select"
        opening = _CELL.match(cell)
        if opening:
            cell = format_html('<{} data-label="{}"', opening.group(1), name) + cell[opening.end() :]
        labelled.append(mark_safe(cell))  # noqa: S308 - the admin's own escaped cell, one escaped attribute added
    return labelled
