"""Due-by times against the partnerships' own timescales, read straight from the fixture JSON (no DB).

Expected times are written out by hand from a calendar, not computed with the module under test.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import holidays
import pytest

from referrals.timescales import (
    Timescale,
    TimescaleError,
    Window,
    add_working_days,
    clock_start,
    due_by,
    escalation_due,
    is_working_day,
    next_working_day,
    working_days_between,
)
from thresholds.engine import LONDON

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ONE_WORKING_DAY = Timescale("1 working day", working_days=1)


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def fixture(slug: str) -> dict[str, Any]:
    with (FIXTURES / f"{slug}.json").open(encoding="utf-8") as f:
        return json.load(f)


def rag(slug: str) -> dict[str, Timescale]:
    return {r["code"]: Timescale.from_mapping(r) for r in fixture(slug)["rag_ratings"]}


def windows(slug: str, service: str) -> tuple[Window, ...]:
    (found,) = [s for s in fixture(slug)["services"] if s["code"] == service]
    return tuple(
        Window(DAYS.index(day), time.fromisoformat(w["opens"]), time.fromisoformat(w["closes"]))
        for w in found["hours"]
        for day in w["days"]
    )


# Herefordshire MASH's hours as the 2025 joint document prints them (the 2024 document prints none):
# "Monday to Thursday 8:45am – 5:15pm and Fridays 8:45am – 4:45pm". Used as configured office hours.
HFD_MASH_HOURS = windows("hw-2025", "hfd-mash")
HEREFORDSHIRE = rag("herefordshire-2024")
SEFTON = rag("sefton")


def same_instant(a: datetime, b: datetime) -> bool:
    """Equal instants. == compares wall clocks within one zone and is always False across zones for a
    time in the repeated hour (PEP 495), so compare in UTC."""
    return a.astimezone(UTC) == b.astimezone(UTC)


# --- Working days and bank holidays -------------------------------------------------------------


def test_bank_holidays_used_are_the_england_and_wales_ones():
    england = holidays.country_holidays("GB", subdiv="ENG", years=2026)
    assert "Late Summer Bank Holiday" in england.get(date(2026, 8, 31))
    assert "Christmas Day" in england.get(date(2026, 12, 25))
    assert "Boxing Day" in england.get(date(2026, 12, 28))  # substitute: 26 December 2026 is a Saturday


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 24), True),  # Tuesday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 8, 31), False),  # Late Summer Bank Holiday (Monday)
        (date(2026, 12, 25), False),  # Christmas Day (Friday)
        (date(2026, 12, 28), False),  # Boxing Day substitute (Monday)
        (date(2026, 12, 29), True),
        (date(2027, 1, 1), False),  # New Year's Day (Friday)
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_next_working_day_skips_the_christmas_run():
    assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 29)


def test_friday_afternoon_plus_one_working_day_is_monday():
    assert add_working_days(london(2026, 11, 20, 15, 30), 1) == london(2026, 11, 23, 15, 30)


def test_friday_before_a_bank_holiday_monday_is_due_tuesday():
    assert add_working_days(london(2026, 8, 28, 14, 0), 1) == london(2026, 9, 1, 14, 0)


def test_christmas_eve_plus_one_working_day_is_the_tuesday_after_two_bank_holidays():
    assert add_working_days(london(2026, 12, 24, 10, 0), 1) == london(2026, 12, 29, 10, 0)


def test_working_days_keep_the_wall_clock_time_across_the_october_clock_change():
    due = add_working_days(london(2026, 10, 23, 10, 0), 1)  # Friday, BST
    assert same_instant(due, datetime(2026, 10, 26, 10, 0, tzinfo=UTC))  # Monday 10:00 GMT
    assert due.utcoffset() == timedelta(0)
    assert due.astimezone(UTC) - datetime(2026, 10, 23, 9, 0, tzinfo=UTC) == timedelta(hours=73)


def test_working_days_from_a_weekend_count_from_the_start_of_the_next_working_day():
    # Saturday: the working-day clock starts at 00:00 on Monday, so 1 working day ends with Monday.
    assert add_working_days(london(2026, 11, 28, 10, 0), 1) == london(2026, 12, 1, 0, 0)
    assert add_working_days(london(2026, 11, 28, 10, 0), 0) == london(2026, 11, 30, 0, 0)


def test_wall_clock_time_is_london_not_the_zone_given():
    # 15:30 UTC on a Friday in July is 16:30 BST; due at 16:30 BST on Monday.
    due = add_working_days(datetime(2026, 7, 3, 15, 30, tzinfo=UTC), 1)
    assert due == london(2026, 7, 6, 16, 30)
    assert due.tzinfo is LONDON


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (date(2026, 8, 28), date(2026, 9, 1), 1),
        (date(2026, 12, 24), date(2026, 12, 29), 1),
        (date(2026, 11, 20), date(2026, 11, 27), 5),
        (date(2026, 11, 27), date(2026, 11, 20), -5),
        (date(2026, 11, 24), date(2026, 11, 24), 0),
        (london(2026, 11, 23, 23, 30), datetime(2026, 11, 24, 0, 30, tzinfo=UTC), 1),
    ],
)
def test_working_days_between(start, end, count):
    assert working_days_between(start, end) == count


# --- Hours: real elapsed time -----------------------------------------------------------------------


def test_two_hours_across_the_october_clock_change_is_two_real_hours():
    received = london(2026, 10, 25, 0, 30)  # Sunday 00:30 BST = Saturday 23:30 UTC
    due = due_by(received, SEFTON["red"])
    assert same_instant(due, datetime(2026, 10, 25, 1, 30, tzinfo=UTC))  # the second 01:30, in GMT
    assert (due.hour, due.minute, due.fold) == (1, 30, 1)
    assert due.astimezone(UTC) - received.astimezone(UTC) == timedelta(hours=2)


def test_four_hours_across_the_october_clock_change():
    due = due_by(london(2026, 10, 25, 0, 0), HEREFORDSHIRE["red"])  # 23:00 UTC on the Saturday
    assert same_instant(due, london(2026, 10, 25, 3, 0))  # 03:00 GMT, not 04:00
    assert due.utcoffset() == timedelta(0)


def test_twenty_four_hours_across_the_october_clock_change_ends_an_hour_earlier_on_the_wall_clock():
    due = due_by(london(2026, 10, 24, 12, 0), SEFTON["green"])  # Saturday 12:00 BST
    assert same_instant(due, london(2026, 10, 25, 11, 0))  # Sunday 11:00 GMT


def test_six_hours_across_the_march_clock_change():
    due = due_by(london(2026, 3, 28, 22, 0), SEFTON["amber"])  # Saturday 22:00 GMT
    assert same_instant(due, datetime(2026, 3, 29, 4, 0, tzinfo=UTC))
    assert (due.hour, due.utcoffset()) == (5, timedelta(hours=1))  # 05:00 BST


def test_hours_run_through_the_weekend_without_office_hours():
    assert due_by(london(2026, 11, 28, 10, 0), HEREFORDSHIRE["red"]) == london(2026, 11, 28, 14, 0)


# --- Herefordshire and Sefton RAG ratings as the fixtures hold them ----------------------------------


def test_herefordshire_rag_ratings_in_the_fixture():
    assert {c: (t.name, t.hours, t.working_days) for c, t in HEREFORDSHIRE.items()} == {
        "red": ("RED", 4, None),
        "amber": ("AMBER", None, 1),
        "green": ("GREEN", 72, None),
    }


def test_sefton_rag_ratings_in_the_fixture():
    assert {c: (t.name, t.hours, t.working_days) for c, t in SEFTON.items()} == {
        "red": ("Red", 2, None),
        "amber": ("Amber", 6, None),
        "green": ("Green", 24, None),
    }


@pytest.mark.parametrize(
    ("code", "due"),
    [
        ("red", london(2026, 11, 26, 14, 0)),  # Thursday 10:00 + 4 hours
        ("amber", london(2026, 11, 27, 10, 0)),  # + 1 working day: Friday
        ("green", london(2026, 11, 29, 10, 0)),  # + 72 hours: Sunday
    ],
)
def test_herefordshire_rag_due_by(code, due):
    assert due_by(london(2026, 11, 26, 10, 0), HEREFORDSHIRE[code]) == due


def test_herefordshire_amber_over_christmas():
    assert due_by(london(2026, 12, 24, 10, 0), HEREFORDSHIRE["amber"]) == london(2026, 12, 29, 10, 0)


def test_herefordshire_green_falls_before_amber_over_a_bank_holiday_weekend():
    received = london(2026, 8, 28, 10, 0)
    assert due_by(received, HEREFORDSHIRE["green"]) == london(2026, 8, 31, 10, 0)
    assert due_by(received, HEREFORDSHIRE["amber"]) == london(2026, 9, 1, 10, 0)


@pytest.mark.parametrize(
    ("code", "due"),
    [
        ("red", london(2026, 11, 27, 17, 0)),
        ("amber", london(2026, 11, 27, 21, 0)),
        ("green", london(2026, 11, 28, 15, 0)),
    ],
)
def test_sefton_rag_due_by(code, due):
    assert due_by(london(2026, 11, 27, 15, 0), SEFTON[code]) == due


# --- Office hours: when the clock starts ------------------------------------------------------------


def test_herefordshire_mash_hours_from_the_2025_fixture():
    assert HFD_MASH_HOURS == (
        *(Window(d, time(8, 45), time(17, 15)) for d in range(4)),
        Window(4, time(8, 45), time(16, 45)),
    )


@pytest.mark.parametrize(
    ("received", "start"),
    [
        (london(2026, 11, 24, 8, 44, 59), london(2026, 11, 24, 8, 45)),  # just before opening
        (london(2026, 11, 24, 8, 45), london(2026, 11, 24, 8, 45)),  # at opening: open
        (london(2026, 11, 24, 8, 45, 1), london(2026, 11, 24, 8, 45, 1)),
        (london(2026, 11, 24, 17, 14, 59), london(2026, 11, 24, 17, 14, 59)),  # just before closing
        (london(2026, 11, 24, 17, 15), london(2026, 11, 25, 8, 45)),  # at closing: closed
        (london(2026, 11, 27, 16, 44), london(2026, 11, 27, 16, 44)),  # Friday closes at 16:45
        (london(2026, 11, 27, 16, 45), london(2026, 11, 30, 8, 45)),
        (london(2026, 11, 28, 11, 0), london(2026, 11, 30, 8, 45)),  # Saturday
        (london(2026, 8, 28, 17, 0), london(2026, 9, 1, 8, 45)),  # Friday night before a bank holiday
        (london(2026, 12, 24, 18, 0), london(2026, 12, 29, 8, 45)),  # Christmas Eve evening
    ],
)
def test_clock_start_with_office_hours(received, start):
    assert clock_start(received, HFD_MASH_HOURS) == start


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (london(2026, 11, 24, 8, 44, 59), london(2026, 11, 25, 8, 45)),
        (london(2026, 11, 24, 8, 45), london(2026, 11, 25, 8, 45)),
        (london(2026, 11, 24, 17, 14, 59), london(2026, 11, 25, 17, 14, 59)),
        (london(2026, 11, 24, 17, 15), london(2026, 11, 26, 8, 45)),
        (london(2026, 11, 27, 16, 44), london(2026, 11, 30, 16, 44)),  # Friday afternoon: Monday
        (london(2026, 11, 27, 16, 45), london(2026, 12, 1, 8, 45)),
        (london(2026, 11, 26, 17, 0), london(2026, 11, 27, 17, 0)),  # not moved to Friday's 16:45 close
    ],
)
def test_one_working_day_with_office_hours(received, due):
    assert due_by(received, HEREFORDSHIRE["amber"], HFD_MASH_HOURS) == due


def test_hours_start_at_the_next_opening_and_then_run_on_after_closing():
    assert due_by(london(2026, 8, 28, 17, 0), HEREFORDSHIRE["red"], HFD_MASH_HOURS) == london(2026, 9, 1, 12, 45)
    assert due_by(london(2026, 11, 27, 16, 0), HEREFORDSHIRE["red"], HFD_MASH_HOURS) == london(2026, 11, 27, 20, 0)


def test_split_day_windows_and_weekend_windows():
    hours = (Window(1, time(9), time(12)), Window(1, time(13), time(17)), Window(5, time(9), time(12)))
    assert clock_start(london(2026, 11, 24, 12, 30), hours) == london(2026, 11, 24, 13, 0)
    assert clock_start(london(2026, 11, 24, 11, 59), hours) == london(2026, 11, 24, 11, 59)
    # A Saturday window does not start the clock: Saturday is not a working day. Next Tuesday opens.
    assert clock_start(london(2026, 11, 28, 10, 0), hours) == london(2026, 12, 1, 9, 0)


def test_no_office_hours_means_the_clock_runs_from_receipt():
    received = london(2026, 11, 28, 23, 0)
    assert clock_start(received, ()) == received
    assert clock_start(received, None) == received


def test_office_hours_that_never_open_on_a_working_day():
    with pytest.raises(TimescaleError):
        clock_start(london(2026, 11, 24, 10, 0), (Window(6, time(9), time(17)),))


# --- Other timescales --------------------------------------------------------------------------------


def test_herefordshire_fifteen_working_days_to_an_initial_child_protection_conference():
    (icpc,) = [t for t in fixture("herefordshire-2024")["decision_timescales"] if t["working_days"] == 15]
    due = due_by(london(2026, 12, 14, 10, 0), Timescale.from_mapping(icpc))
    assert due == london(2027, 1, 7, 10, 0)  # 24 Dec, 29-31 Dec, 4-7 Jan after the 8 days to 24 Dec


def test_a_timescale_without_a_number_must_be_configured():
    (same_day,) = [t for t in fixture("herefordshire-2024")["decision_timescales"] if "same working day" in t["text"]]
    timescale = Timescale.from_mapping(same_day)
    assert not timescale.is_numeric
    with pytest.raises(TimescaleError, match="configure"):
        due_by(london(2026, 11, 24, 10, 0), timescale)


@pytest.mark.parametrize(
    "kwargs",
    [{"hours": 2, "working_days": 1}, {"hours": 0}, {"working_days": -1}, {"hours": True}, {"hours": 1.5}],
)
def test_bad_timescales_are_refused(kwargs):
    with pytest.raises(TimescaleError):
        Timescale("bad", **kwargs)


def test_naive_times_are_refused():
    with pytest.raises(TimescaleError):
        due_by(datetime(2026, 11, 24, 10, 0), SEFTON["red"])
    with pytest.raises(TimescaleError):
        working_days_between(datetime(2026, 11, 24, 10, 0), date(2026, 11, 25))


# --- Sefton escalation ---------------------------------------------------------------------------------

SEFTON_STEPS = fixture("sefton")["escalation_steps"]
SEFTON_ESCALATION = tuple(Timescale.from_mapping(s, name=f"Step {s['number']}") for s in SEFTON_STEPS)


def test_sefton_escalation_steps_in_the_fixture():
    assert [(s["number"], s["working_days"]) for s in SEFTON_STEPS] == [(1, 2), (2, 2), (3, 2), (4, 5)]
    assert "(11 days in total)" in SEFTON_STEPS[3]["timescale"]
    assert [t.name for t in SEFTON_ESCALATION] == ["Step 1", "Step 2", "Step 3", "Step 4"]


def test_sefton_escalation_schedule():
    started = london(2026, 11, 23, 10, 0)  # Monday
    assert escalation_due(started, SEFTON_ESCALATION) == (
        london(2026, 11, 25, 10, 0),
        london(2026, 11, 27, 10, 0),
        london(2026, 12, 1, 10, 0),
        london(2026, 12, 8, 10, 0),
    )


def test_sefton_escalation_totals_eleven_working_days():
    started = london(2026, 11, 23, 10, 0)
    last = escalation_due(started, SEFTON_ESCALATION)[-1]
    assert last == add_working_days(started, 11)
    assert working_days_between(started, last) == 11


def test_sefton_escalation_over_christmas_and_new_year():
    assert escalation_due(london(2026, 12, 23, 9, 0), SEFTON_ESCALATION) == (
        london(2026, 12, 29, 9, 0),
        london(2026, 12, 31, 9, 0),
        london(2027, 1, 5, 9, 0),
        london(2027, 1, 12, 9, 0),
    )


def test_escalation_from_where_a_step_actually_ended():
    # Step 2 resolved early on Thursday 26 November: steps 3 and 4 count on from then.
    assert escalation_due(london(2026, 11, 26, 15, 0), SEFTON_ESCALATION[2:]) == (
        london(2026, 11, 30, 15, 0),
        london(2026, 12, 7, 15, 0),
    )
