"""The rows of "My assessments", rendered in Python (issue 19).

The same HTML `referrals/_mine_row.html` made once a row through `{% include %}` (25 includes a page: most of the
page's time); every value is escaped by `format_html`. What a row shows is unchanged:
`referrals/tests/assessments/test_mine.py` checks it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import localtime

from ..models import Assessment

# What a row reads: `assessments_of` fetches these columns only.
ROW_FIELDS = (
    "id",
    "reference",
    "child_name",
    "status",
    "practitioner_level",
    "suggested_level",
    "updated",
    "review__outcome",
)
PLACEHOLDER = "00000000-0000-0000-0000-000000000000"
TAG_CLASS = {Assessment.Status.DRAFT: " govuk-tag--grey", Assessment.Status.DECIDED: " govuk-tag--green"}


def _when(value: datetime, months: dict[int, str]) -> str:
    """{{ value|date:"j M Y, H:i" }} without the date filter's format parsing."""
    value = localtime(value)
    return f"{value.day} {months[value.month]} {value.year}, {value.hour:02d}:{value.minute:02d}"


def mine_rows_html(*, rows: Iterable[Assessment]) -> SafeString:
    """The `<tr>` of each assessment, as `{% include "referrals/_mine_row.html" %}` made them."""
    urls = {name: reverse(name, args=[PLACEHOLDER]) for name in ("referrals:overview", "referrals:disagreement")}
    months = {n: str(name).title() for n, name in MONTHS_3.items()}  # as the date filter's "M" says them
    return format_html_join("", "{}", ((_row(a, urls=urls, months=months),) for a in rows))


def _row(a: Any, *, urls: dict[str, str], months: dict[int, str]) -> SafeString:
    disagreement = ""
    if a.disagreement_open:
        disagreement = format_html(
            ' <a class="govuk-link" href="{}">Disagreement open<span class="govuk-visually-hidden"> on {}</span></a>',
            urls["referrals:disagreement"].replace(PLACEHOLDER, str(a.pk)),
            a.reference,
        )
    return format_html(
        '    <tr class="govuk-table__row">\n'
        '      <td class="govuk-table__cell" data-label="Reference"><a class="govuk-link" href="{}">{}</a></td>\n'
        '      <td class="govuk-table__cell" data-label="Child">{}</td>\n'
        '      <td class="govuk-table__cell" data-label="Level">{}</td>\n'
        '      <td class="govuk-table__cell" data-label="Status"><strong class="govuk-tag{}">{}</strong></td>\n'
        '      <td class="govuk-table__cell" data-label="Outcome">{}{}</td>\n'
        '      <td class="govuk-table__cell" data-label="Last changed">{}</td>\n'
        "    </tr>\n",
        urls["referrals:overview"].replace(PLACEHOLDER, str(a.pk)),
        a.reference,
        a.child_name or "Not named yet",
        f"Level {a.level}" if a.level else "–",
        TAG_CLASS.get(a.status, ""),
        a.get_status_display(),
        a.outcome_text or "–",
        disagreement,
        _when(a.updated, months),
    )
