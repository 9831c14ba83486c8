"""Due-by times for a lead's RAG rating, decision timescales and escalation steps.

Pure and typed (no ORM, no request) so the review page, exports and tests share one set of rules.
All arithmetic is done in Europe/London; inputs must be timezone-aware and results are London times.

How the partnerships' words are read (sources in ``fixtures/sources/``):

* Hours are elapsed clock hours, weekends and nights included. Herefordshire
  (``001_0729e479631edb69.txt``, "What happens when a referral is made to MASH") writes, in one
  sentence, "Red RAG rating requires an immediate response within 4 hours, Amber requires a response
  within 1 working day and Green within 72 hours": it says "working" where it means working time,
  so plain "hours" are clock hours (72 office hours would be about nine working days). Sefton
  (``004_549d04ef5f81a47e.txt``, "Sefton’s Integrated Front Door (IFD)") gives only hours: Red "a
  response in up to two hours", Amber "a response will be expected within six hours", Green "a
  response will be expected within 24 hours". Hours are added as real elapsed time, so 2 hours
  across a clock change is 2 hours, not 2 hours on the wall clock.
* Working days are Monday to Friday except England and Wales bank holidays
  (``thresholds.engine.is_bank_holiday``). N working days end at the same London wall-clock time on
  the Nth working day after the clock starts. When the clock starts on a day that is not a working
  day, counting starts at 00:00 on the next working day, so "1 working day" from a Saturday ends at
  the end of Monday (Tuesday 00:00). UK clocks change on Sundays, never on a working day, so a
  wall-clock time on a working day always exists and is never ambiguous.
* Office hours, when given, decide when the clock starts: a receipt outside them, or on a day that
  is not a working day, starts the clock at the next opening on a working day; at the opening time
  exactly counts as open, at the closing time exactly as closed (as ``in_office_hours`` does).
  Herefordshire refers to MASH "during office hours" and to the Emergency Duty Team out of hours,
  noting "the MASH inbox is not monitored out of hours": a submission nobody can read has not been
  received. Once started, the clock does not stop when the office closes (an "immediate response
  within 4 hours" is not paused at 4:45pm; the EDT covers the night). Without office hours (the
  2024 Herefordshire document prints none; Sefton prints none for the IFD, MASH or EDT) the clock
  runs from receipt, 24 hours a day. Herefordshire MASH's hours are printed only in the 2025 joint
  document (``000_b0b36b1b0592244f.txt``: "Monday to Thursday 8:45am – 5:15pm and Fridays 8:45am –
  4:45pm"); they are configuration here, not a rule of this module.
* Escalation steps run one after another from the moment the disagreement is raised, each step's
  working days counted from the previous step's due time. Sefton's procedure: Step 1 "including
  timescales within 2 working days", Step 2 "within a further 2 working days of step 1", Step 3
  "within a further 2 working days", Step 4 "WITHIN A FURTHER 5 WORKING DAYS (11 days in total)";
  2 + 2 + 2 + 5 = 11, so the last step falls 11 working days after the start.
* A timescale with no number ("Every attempt is made to see the child on the same working day",
  Herefordshire) cannot give a due-by time: a partnership must configure hours or working days.

Left unclear by the documents, and decided above or left to configuration:

* Neither document says when the clock starts: at receipt, at the manager's screening ("All contacts
  will be considered by a manager or managing practitioner within 24 hours", Herefordshire), or at
  the RAG decision; Sefton rates Amber only "If a MASH enquiry is instigated". ``due_by`` counts
  from the moment it is given; the caller chooses which.
* Whether hours pause outside office hours is not said; Sefton prints no office hours at all and
  does not say the EDT covers out of hours.
* Read literally, Herefordshire Green (72 hours) can fall due before Amber (1 working day) over a
  bank-holiday weekend, and on a Sunday when the MASH inbox is not monitored.
* A working-day due time may fall after that day's closing time (17:00 on a Friday that closes at
  16:45); it is not moved.
* Sefton Step 1's "within 2 working days" may qualify the plan's timescales rather than the step
  ("This must occur immediately with an acknowledgement and mutually agreed plan of action,
  including timescales within 2 working days"); the fixture and this module read it as the step's.
* "Further 2 working days of step 1" could count from step 1 ending early rather than from its due
  time; call ``escalation_due`` again from the actual moment with the remaining steps for that.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from thresholds.engine import LONDON, Window, is_bank_holiday

__all__ = [
    "Timescale",
    "TimescaleError",
    "Window",
    "add_working_days",
    "clock_start",
    "due_by",
    "escalation_due",
    "is_working_day",
    "next_working_day",
    "working_days_between",
]

# How far ahead to look for an opening: a year is far beyond any real run of closed days, and stops
# a set of windows that never opens on a working day from looping for ever.
_SEARCH_DAYS = 366


class TimescaleError(ValueError):
    """A timescale or time that cannot give a due-by time; the message is safe to show."""


@dataclass(frozen=True)
class Timescale:
    """A response time as a document gives it: a number of hours or of working days (or neither)."""

    name: str
    hours: int | None = None
    working_days: int | None = None

    def __post_init__(self) -> None:
        for label, value in (("hours", self.hours), ("working days", self.working_days)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise TimescaleError(f"{self.name or 'Timescale'}: {label} must be a whole number above 0")
        if self.hours is not None and self.working_days is not None:
            raise TimescaleError(f"{self.name or 'Timescale'}: give hours or working days, not both")

    @property
    def is_numeric(self) -> bool:
        """False for wording such as "same working day", which needs configuring before use."""
        return self.hours is not None or self.working_days is not None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], name: str | None = None) -> Timescale:
        """From a fixture or export object: a RAG rating, a decision timescale or an escalation step."""
        label = name if name is not None else data.get("name") or data.get("timescale") or data.get("text") or ""
        return cls(str(label), data.get("hours"), data.get("working_days"))


def _london(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise TimescaleError("Times must carry a time zone (a naive time could be either side of a clock change).")
    return moment.astimezone(LONDON)


def _wall_clock(day: date, at: time) -> datetime:
    """`at` on `day` in London; the UTC round trip settles a time a clock change skips."""
    return datetime.combine(day, at.replace(tzinfo=None), tzinfo=LONDON).astimezone(UTC).astimezone(LONDON)


def is_working_day(day: date) -> bool:
    """Monday to Friday, not an England and Wales bank holiday."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: date) -> date:
    """The first working day after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(moment: datetime, days: int) -> datetime:
    """The same London wall-clock time `days` working days later.

    From a day that is not a working day, counting starts at 00:00 on the next working day: the
    working-day clock does not run at weekends or on bank holidays.
    """
    if days < 0:
        raise TimescaleError("Working days to add must not be negative.")
    local = _london(moment)
    day, at = local.date(), local.time()
    if not is_working_day(day):
        day, at = next_working_day(day), time(0)
    for _ in range(days):
        day = next_working_day(day)
    return _wall_clock(day, at)


def working_days_between(start: date | datetime, end: date | datetime) -> int:
    """Working days after `start`'s London date up to and including `end`'s; negative if `end` is earlier.

    Dates, not durations: Friday to the Tuesday after a bank holiday Monday is 1.
    """
    first = _london(start).date() if isinstance(start, datetime) else start
    last = _london(end).date() if isinstance(end, datetime) else end
    if last < first:
        return -working_days_between(last, first)
    return sum(1 for n in range(1, (last - first).days + 1) if is_working_day(first + timedelta(days=n)))


def _openings(day: date, office_hours: Sequence[Window]) -> list[Window]:
    return sorted((w for w in office_hours if w.weekday == day.weekday()), key=lambda w: w.opens)


def _days_from(day: date) -> Iterator[date]:
    return (day + timedelta(days=n) for n in range(_SEARCH_DAYS))


def clock_start(received: datetime, office_hours: Sequence[Window] | None = None) -> datetime:
    """When the clock starts: at receipt, or at the next opening if office hours are given and shut.

    Windows only count on working days (a Saturday window does not start a working-day clock), and
    an empty tuple means the document gives no hours, as ``ServiceInfo.windows`` does.
    """
    local = _london(received)
    if not office_hours:
        return local
    now = local.time().replace(tzinfo=None)
    for day in _days_from(local.date()):
        if not is_working_day(day):
            continue
        for window in _openings(day, office_hours):
            if day == local.date() and window.closes <= now:
                continue
            if day == local.date() and window.opens <= now:
                return local
            return _wall_clock(day, window.opens)
    raise TimescaleError("The office hours never open on a working day.")


def due_by(received: datetime, timescale: Timescale, office_hours: Sequence[Window] | None = None) -> datetime:
    """When a response is due: elapsed hours, or working days at the same wall-clock time."""
    start = clock_start(received, office_hours)
    if timescale.hours is not None:
        return (start.astimezone(UTC) + timedelta(hours=timescale.hours)).astimezone(LONDON)
    if timescale.working_days is not None:
        return add_working_days(start, timescale.working_days)
    raise TimescaleError(f"{timescale.name or 'This timescale'} has no hours or working days; configure one.")


def escalation_due(
    started: datetime, steps: Sequence[Timescale], office_hours: Sequence[Window] | None = None
) -> tuple[datetime, ...]:
    """Each step's due time, in order: every step counts from the previous step's due time.

    Sefton's steps are "a further" 2, 2 and 5 working days after the first 2 ("11 days in total").
    """
    due: list[datetime] = []
    moment = started
    for step in steps:
        moment = due_by(moment, step, office_hours)
        due.append(moment)
    return tuple(due)
