"""The review queue's table rows, rendered in Python (issue 19).

The same HTML `referrals/queue.html` rendered row by row with the template engine (about 40 nodes a row, a
`{% csrf_token %}` and two `{% url %}` a row: most of the page's time); here every value is escaped by
`format_html`, and the rows are one string. What a row shows is unchanged: `referrals/tests/review/` checks it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from ..models import Assessment
from ..rows import ASSESSMENT_ROW_FIELDS, RowDates, RowUrls

# What a row reads of an assessment and its joined rows: `queue_for` fetches these columns only.
ROW_FIELDS = (
    *ASSESSMENT_ROW_FIELDS,
    "submitted_at",
    "due_by",
    "assigned_to_id",
    "owner__first_name",
    "owner__last_name",
    "owner__organisation__name",
    "review__rag",
    "review__outcome",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
)

REREFERRAL_TAG = mark_safe(' <strong class="govuk-tag govuk-tag--orange">Re-referral within 12 months</strong>')
OVERDUE_TAG = mark_safe(' <strong class="govuk-tag govuk-tag--red">Overdue</strong>')
DISAGREEMENT_TAG = mark_safe(' <strong class="govuk-tag govuk-tag--orange">Disagreement</strong>')


def queue_rows_html(*, rows: Iterable[Assessment], me: Any, now: datetime, csrf_token: str) -> SafeString:
    """The `<tr>` of each assessment in the queue page, as `{% for a in page %}` in the template made them."""
    # Each URL reversed once a page, then each row's id put in: the same URL as {% url name a.pk %}.
    urls, dates = RowUrls("referrals:review", "referrals:assign"), RowDates()
    return format_html_join(
        "\n", "{}", ((_row(a, me=me, now=now, csrf_token=csrf_token, urls=urls, dates=dates),) for a in rows)
    )


def _row(a: Any, *, me: Any, now: datetime, csrf_token: str, urls: RowUrls, dates: RowDates) -> SafeString:
    decided = a.status == Assessment.Status.DECIDED
    family = a.family_size or 0
    review = getattr(a, "review", None)
    owner = a.owner
    organisation = owner.organisation
    if a.assigned_to_id == me.pk:
        assigned = "You"
    elif a.assigned_to is not None:
        assigned = a.assigned_to.get_full_name() or a.assigned_to.username
    else:
        assigned = "Nobody"
    form = ""
    if a.assigned_to_id != me.pk and not decided:
        form = format_html(
            "\n        "
            '<form method="post" action="{}" class="threshold-inline-form">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="assignee" value="{}"><input type="hidden" name="back" value="queue">'
            '<button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 '
            'threshold-assign-me" data-module="govuk-button" data-prevent-double-click="true">Assign to me'
            '<span class="govuk-visually-hidden"> {}</span></button></form>',
            urls.url("referrals:assign", a.pk),
            csrf_token,
            me.pk,
            a.reference,
        )
    due = "–"
    if a.due_by:
        due = format_html(
            "{}{}", dates.day_time(a.due_by, year=False), OVERDUE_TAG if a.due_by < now and not decided else ""
        )
    return format_html(
        '    <tr class="govuk-table__row">\n'
        '      <td class="govuk-table__cell" data-label="Reference"><a class="govuk-link" href="{}">{}</a>{}</td>\n'
        '      <td class="govuk-table__cell" data-label="Child">{}{}</td>\n'
        '      <td class="govuk-table__cell" data-label="Level">{}</td>\n'
        '      <td class="govuk-table__cell" data-label="From">{}{}</td>\n'
        '      <td class="govuk-table__cell" data-label="Sent">{}</td>\n'
        '      <td class="govuk-table__cell" data-label="RAG">{}</td>\n'
        '      <td class="govuk-table__cell" data-label="Due by">{}</td>\n'
        '      <td class="govuk-table__cell" data-label="Status">{}{}{}</td>\n'
        '      <td class="govuk-table__cell" data-label="Assigned to">{}{}</td>\n'
        "    </tr>",
        urls.url("referrals:review", a.pk),
        a.reference,
        REREFERRAL_TAG if a.rereferral else "",
        a.child_name,
        format_html(' <strong class="govuk-tag govuk-tag--blue">Family of {}</strong>', family) if family > 1 else "",
        f"Level {a.level}" if a.level else "",
        owner.get_full_name(),
        format_html(", {}", organisation) if organisation else "",
        dates.day_time(a.submitted_at, year=False),
        (review.rag if review else "") or "–",
        due,
        a.get_status_display(),
        format_html(": {}", review.outcome if review else "") if decided else "",
        DISAGREEMENT_TAG if a.disagreement_open else "",
        assigned,
        form,
    )
