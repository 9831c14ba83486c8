"""The review page's "Who has looked at this record" rows, rendered in Python (issue 19).

The same HTML the template's loop made (up to 50 rows of three cells: a hot loop of the page); every value is
escaped by `format_html`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ..rows import RowDates

# What a row reads of a RecordView and its viewer or token: the review page fetches these columns only.
ROW_FIELDS = (
    "id",
    "assessment_id",  # read by the related manager for each row: deferred, it cost a query a row
    "at",
    "what",
    "viewer__first_name",
    "viewer__last_name",
    "viewer__username",
    "api_token__name",
)


def record_view_rows_html(*, views: Iterable[Any]) -> SafeString:
    """One `<tr>` a look, as `{% for v in record_views %}` made them: when ("j M Y, H:i:s"), who, which page."""
    dates = RowDates()
    return format_html_join("\n", "{}", ((_row(v, dates),) for v in views))


def _row(v: Any, dates: RowDates) -> SafeString:
    when = dates.day_time(v.at, seconds=True)
    if v.viewer is not None:
        who = format_html("{}", v.viewer.get_full_name() or v.viewer.username)
    else:
        who = format_html("Case system: {} (API)", v.api_token.name if v.api_token else "")
    return format_html(
        '    <tr class="govuk-table__row"><td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}</td></tr>',
        when,
        who,
        v.what,
    )
