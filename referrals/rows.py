"""What the table rows rendered in Python share (issue 19: the queue, My assessments, the review page's record
views): the date filter's month names, its "j M, H:i" formats without its format parsing, and each row's URL
reversed once a page with the row's id put in."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.utils.timezone import localtime

PLACEHOLDER = "00000000-0000-0000-0000-000000000000"
# What every assessment row reads (its link, child, level and status): each list adds its own columns to these.
ASSESSMENT_ROW_FIELDS = ("id", "reference", "child_name", "status", "practitioner_level", "suggested_level")


class RowDates:
    """`{{ value|date:"j M, H:i" }}` and its longer forms, the month names made once a page."""

    def __init__(self) -> None:
        self.months = {n: str(name).title() for n, name in MONTHS_3.items()}  # as the date filter's "M" says them

    def day_time(self, value: datetime | None, *, year: bool = True, seconds: bool = False) -> str:
        """ "j M Y, H:i" ("j M, H:i" without the year, "…:s" with seconds); "" for no time."""
        if not value:
            return ""
        at = localtime(value)
        day = f"{at.day} {self.months[at.month]}" + (f" {at.year}" if year else "")
        return f"{day}, {at.hour:02d}:{at.minute:02d}" + (f":{at.second:02d}" if seconds else "")


class RowUrls:
    """Each named URL reversed once a page; `url(name, pk)` is `{% url name pk %}`."""

    def __init__(self, *names: str) -> None:
        self.urls = {name: reverse(name, args=[PLACEHOLDER]) for name in names}

    def url(self, name: str, pk: UUID | str) -> str:
        return self.urls[name].replace(PLACEHOLDER, str(pk))
