"""Sent referrals as a case system and a council's returns read them: filters, one page by cursor, the CSV.

Shared by the integration API (`GET /api/v1/referrals`, `?format=csv`) and the lead's dashboard download
(`/review/dashboard/referrals.csv`); which referrals each may see is decided elsewhere (`api.access`,
`referrals.access`): these functions only narrow and shape a queryset they are given. No child's name, date of
birth or free text leaves here: references, dates, levels, RAG, decision and outcome.

- `level` filters on the level put forward (the practitioner's judgement, else the suggestion), the level the
  lead's queue sorts by; `suggested_level` and `put_forward_level` are both in every item.
- Pages are ordered by (`submitted_at`, `id`); the cursor is the last item's pair, base64-encoded: opaque to a
  client, stable while referrals are added (a new one is sent later, so it lands on a later page).
- `re_referral` is `is_re_referral()`: the queue's "Re-referral within 12 months" (referrals/children), a
  confirmed earlier referral of the same child sent within the 12 months before.
- `met_timescale`: decided by its RAG rating's due-by time (`decided_at <= due_by`); empty when it has no due-by
  time (no RAG rating, or a timescale with no clock time) or is not decided yet.
"""

from __future__ import annotations

import base64
import binascii
import csv
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from django.db.models import Exists, Q, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from thresholds.engine import LONDON

from .models import Assessment

STATUSES = ("submitted", "in_review", "decided")  # every status a sent assessment can have
LEVELS = ("1", "2", "3", "4")
DEFAULT_LIMIT, MAX_LIMIT = 50, 200

# What a list item reads (`referral_item`): never the child's data, so a page fetches narrow rows.
LIST_FIELDS = (
    "id",
    "reference",
    "status",
    "submitted_at",
    "suggested_level",
    "practitioner_level",
    "review__rag",
    "review__decided_at",
    "review__decided_level",
    "review__outcome",
)

RETURNS_COLUMNS = (
    "reference",
    "sent_at",
    "decided_at",
    "suggested_level",
    "put_forward_level",
    "decided_level",
    "decision",
    "outcome",
    "rag",
    "re_referral",
    "met_timescale",
)


class FilterError(ValueError):
    """A filter, cursor or limit that makes no sense: the message is safe to show to whoever sent it."""


@dataclass(frozen=True)
class ReferralFilters:
    status: str | None = None
    level: int | None = None
    rag: str | None = None
    sent_since: datetime | None = None
    decided_since: datetime | None = None


def parse_moment(value: str, name: str) -> datetime:
    """An ISO 8601 date or date and time; one without a zone is Europe/London, a date is its midnight."""
    text = value.strip()
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time(0), tzinfo=LONDON)
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise FilterError(f'"{name}" must be an ISO 8601 date or date and time, such as 2026-11-01T09:00Z.') from None
    if not 1900 <= moment.year <= 2199:
        raise FilterError(f'"{name}" must be a date between the years 1900 and 2199.')
    return moment if moment.tzinfo else moment.replace(tzinfo=LONDON)


def referral_filters_parse(params: Mapping[str, str | None]) -> ReferralFilters:
    """The filters from query parameters (missing or empty: not filtered); FilterError on a bad value."""

    def given(name: str) -> str | None:
        value = params.get(name)
        return value.strip() if isinstance(value, str) and value.strip() else None

    status, level, rag = given("status"), given("level"), given("rag")
    if status is not None and status not in STATUSES:
        raise FilterError(f'"status" must be one of {", ".join(STATUSES)}.')
    if level is not None and level not in LEVELS:
        raise FilterError('"level" must be 1, 2, 3 or 4.')
    if rag is not None and len(rag) > 100:
        raise FilterError('"rag" must be a RAG rating\'s name, such as Red.')
    sent, decided = given("sent_since"), given("decided_since")
    return ReferralFilters(
        status=status,
        level=int(level) if level else None,
        rag=rag,
        sent_since=parse_moment(sent, "sent_since") if sent else None,
        decided_since=parse_moment(decided, "decided_since") if decided else None,
    )


def referrals_filtered(*, assessments: QuerySet[Assessment], filters: ReferralFilters) -> QuerySet[Assessment]:
    """`assessments` narrowed by `filters`, with their reviews, in the stable order (sent, then id)."""
    found = assessments.exclude(status=Assessment.Status.DRAFT)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.level:
        found = found.filter(
            Q(practitioner_level=filters.level) | Q(practitioner_level__isnull=True, suggested_level=filters.level)
        )
    if filters.rag:
        found = found.filter(review__rag=filters.rag)
    if filters.sent_since:
        found = found.filter(submitted_at__gte=filters.sent_since)
    if filters.decided_since:
        found = found.filter(review__decided_at__gte=filters.decided_since)
    return found.select_related("review").order_by("submitted_at", "id")


# --- One page, by cursor -------------------------------------------------------------------------------------


def cursor_for(assessment: Assessment) -> str:
    sent = assessment.submitted_at.isoformat() if assessment.submitted_at else ""
    raw = json.dumps([sent, str(assessment.pk)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_position(cursor: str) -> tuple[datetime, UUID]:
    """The (sent, id) a cursor stands after; FilterError for anything not made by `cursor_for`."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        sent, pk = json.loads(raw)
        return datetime.fromisoformat(sent), UUID(pk)
    except (ValueError, TypeError, binascii.Error, RecursionError):
        raise FilterError('"cursor" is not one this API gave: start again without it.') from None


def parse_limit(value: str | None) -> int:
    if value is None or value == "":
        return DEFAULT_LIMIT
    if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise FilterError(f'"limit" must be a whole number from 1 to {MAX_LIMIT}.')
    return int(value)


def referrals_page(
    *, assessments: QuerySet[Assessment], cursor: str | None, limit: int
) -> tuple[list[Assessment], str | None]:
    """Up to `limit` referrals after `cursor` (one query), and the cursor of the next page (None on the last)."""
    found = assessments
    if cursor:
        sent, pk = cursor_position(cursor)
        found = found.filter(Q(submitted_at__gt=sent) | Q(submitted_at=sent, id__gt=pk))
    rows = list(found.only(*LIST_FIELDS)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, cursor_for(rows[-1]) if more and rows else None


def _review(assessment: Assessment) -> Any:
    return getattr(assessment, "review", None)


def referral_item(assessment: Assessment) -> dict[str, Any]:
    """One referral in a list: what a case system needs to decide whether to fetch it."""
    review = _review(assessment)
    return {
        "id": assessment.pk,
        "reference": assessment.reference,
        "status": assessment.status,
        "suggested_level": assessment.suggested_level,
        "put_forward_level": assessment.level,
        "rag": (review.rag or None) if review else None,
        "sent_at": assessment.submitted_at,
        "decided_at": review.decided_at if review else None,
        "decided_level": review.decided_level if review and review.decided_at else None,
        "outcome": (review.outcome or None) if review and review.decided_at else None,
    }


# --- Returns (Children in Need census, inspections) ----------------------------------------------------------


def is_re_referral() -> Exists:
    """True where a confirmed earlier referral of the same child (referrals/children: the same NHS number or UPN,
    or a link a lead confirmed) was sent within 12 months before this one: the review page's and the queue's
    "Re-referral within 12 months", as an annotation (one query for any number of rows)."""
    from .children.selectors import rereferral  # children imports the assessments package, which imports this

    return rereferral()


def _when(moment: datetime | None) -> str:
    return timezone.localtime(moment, LONDON).isoformat(timespec="seconds") if moment else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _cell(text: str) -> str:
    """Text a partnership admin typed (a RAG rating's or an outcome's name) never starts a spreadsheet formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def returns_row(assessment: Any) -> list[str]:
    review = _review(assessment)
    decided_at = review.decided_at if review else None
    due = assessment.due_by
    met = None if decided_at is None or due is None else decided_at <= due
    return [
        assessment.reference,
        _when(assessment.submitted_at),
        _when(decided_at),
        str(assessment.suggested_level or ""),
        str(assessment.level or ""),
        str(review.decided_level or "") if decided_at else "",
        review.decision if decided_at else "",
        _cell(review.outcome) if decided_at else "",
        _cell(review.rag) if review else "",
        _yes_no(getattr(assessment, "re_referral", None)),
        _yes_no(met),
    ]


class _Line:
    """A file-like object that hands back what csv.writer writes, one line at a time."""

    def write(self, value: str) -> str:
        return value


def returns_csv_lines(*, assessments: QuerySet[Assessment]) -> Iterator[str]:
    """The CSV for returns, a line at a time (header first), reading the rows in chunks: for a streamed download.

    `assessments` should come from `referrals_filtered`. Every cell is a reference, a date, a number or a name from
    the guidance (RAG ratings, outcomes), and none starts a spreadsheet formula (`_cell`)."""
    writer = csv.writer(_Line())
    yield writer.writerow(RETURNS_COLUMNS)
    rows = assessments.annotate(re_referral=is_re_referral()).only(
        "id",
        "reference",
        "submitted_at",
        "suggested_level",
        "practitioner_level",
        "due_by",
        "status",
        "review__rag",
        "review__decided_at",
        "review__decided_level",
        "review__decision",
        "review__outcome",
    )
    for assessment in rows.iterator(chunk_size=2000):
        yield writer.writerow(returns_row(assessment))


def returns_csv_response(*, assessments: QuerySet[Assessment], name: str) -> StreamingHttpResponse:
    """The returns CSV as a streamed download named `name` (a partnership's slug and the day: never a child)."""
    response = StreamingHttpResponse(returns_csv_lines(assessments=assessments), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "no-store"
    return response
