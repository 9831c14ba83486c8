"""The rows of "My assessments", rendered in Python (issue 19).

The same HTML `referrals/_mine_row.html` made once a row through `{% include %}` (25 includes a page: most of the
page's time); every value is escaped by `format_html`. What a row shows is unchanged:
`referrals/tests/assessments/test_mine.py` checks it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ..models import Assessment
from ..rows import ASSESSMENT_ROW_FIELDS, RowDates, RowUrls

# What a row reads: `assessments_of` fetches these columns only.
ROW_FIELDS = (
    *ASSESSMENT_ROW_FIELDS,
    "updated",
    "review__outcome",
)
TAG_CLASS = {Assessment.Status.DRAFT: " govuk-tag--grey", Assessment.Status.DECIDED: " govuk-tag--green"}


def mine_rows_html(*, rows: Iterable[Assessment]) -> SafeString:
    """The `<tr>` of each assessment, as `{% include "referrals/_mine_row.html" %}` made them."""
    urls, dates = RowUrls("referrals:overview", "referrals:disagreement"), RowDates()
    return format_html_join("", "{}", ((_row(a, urls=urls, dates=dates),) for a in rows))


def _row(a: Any, *, urls: RowUrls, dates: RowDates) -> SafeString:
    disagreement = ""
    if a.disagreement_open:
        disagreement = format_html(
            ' <a class="govuk-link" href="{}">Disagreement open<span class="govuk-visually-hidden"> on {}</span></a>',
            urls.url("referrals:disagreement", a.pk),
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
        urls.url("referrals:overview", a.pk),
        a.reference,
        a.child_name or "Not named yet",
        f"Level {a.level}" if a.level else "–",
        TAG_CLASS.get(a.status, ""),
        a.get_status_display(),
        a.outcome_text or "–",
        disagreement,
        dates.day_time(a.updated),
    )
