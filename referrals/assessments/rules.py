"""The assessment's rules, each written once: the forms check them as a step is saved, and the submission
checks them all again before an assessment is sent."""

from __future__ import annotations

import calendar
from datetime import date

from ..models import Assessment

RATIONALE_NEEDED = "Explain why you judge the level differently from the suggestion"
EARLIEST_BIRTH = date(1990, 1, 1)  # young people up to 25 and the records that follow them, with room to spare
DUE_WITHIN_MONTHS = 10  # a pregnancy lasts about nine months
CONSENT_WITHIN_MONTHS = 12  # consent older than a year is not the consent this assessment rests on


def months_after(day: date, months: int) -> date:
    """The same day `months` later (or earlier, when negative), the month's last day when it has no such day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def date_of_birth_problem(born: date, *, today: date) -> str | None:
    """A date of birth is today or before, and not before 1 January 1990."""
    if born > today:
        return "Date of birth must be today or in the past"
    if born < EARLIEST_BIRTH:
        return f"Date of birth must be after {long_date(EARLIEST_BIRTH)}"
    return None


def due_date_problem(due: date, *, today: date) -> str | None:
    """An expected date of delivery is between today and 10 months from today."""
    latest = months_after(today, DUE_WITHIN_MONTHS)
    if not today <= due <= latest:
        return f"Expected date of delivery must be between {long_date(today)} and {long_date(latest)}"
    return None


def consent_date_problem(given: date, *, today: date) -> str | None:
    """Consent was given today or before, within the last 12 months."""
    if given > today:
        return "The date consent was given must be today or in the past"
    earliest = months_after(today, -CONSENT_WITHIN_MONTHS)
    if given < earliest:
        return "The date consent was given must be within the last 12 months: if it is older, seek consent again"
    return None


def rationale_problem(level: int | None, *, suggested: int | None, rationale: str) -> str | None:
    """A judgement that differs from the suggested level needs a rationale: the message if it has none."""
    if level and level != suggested and not rationale.strip():
        return RATIONALE_NEEDED
    return None


CONSENT_NOT_GIVEN_BUT_WHO = "You said consent was not given: leave who gave consent empty"
CONSENT_NOT_GIVEN_BUT_WHEN = "You said consent was not given: leave the date consent was given empty"
CONSENT_SOUGHT_BUT_GROUND = "You said consent was sought: select “Not applicable” for why consent was not sought"
ADULT_AGE = 18  # the guidance covers children and young people from 0 to 18 years (the seeds say so; none says 25)
ADULT_QUESTION = "Check the date of birth: it means the child is 18 or over"


def date_of_birth_question(born: date, *, today: date) -> str | None:
    """A date of birth 18 or more years ago is questioned, not refused: the person confirms it is right."""
    try:
        adult_from = today.replace(year=today.year - ADULT_AGE)
    except ValueError:  # 29 February
        adult_from = today.replace(year=today.year - ADULT_AGE, day=28)
    return ADULT_QUESTION if born <= adult_from else None


def consent_contradictions(consent: str, *, given_by: str, given_on: date | None, ground: str) -> list[tuple[str, str]]:
    """Answers that contradict the consent answer, as (message, field) pairs: who gave consent and when only
    with "consent given"; why consent was not sought only with "not sought"."""
    problems = []
    if consent and consent != Assessment.Consent.GIVEN:
        if given_by.strip():
            problems.append((CONSENT_NOT_GIVEN_BUT_WHO, "consent_given_by"))
        if given_on:
            problems.append((CONSENT_NOT_GIVEN_BUT_WHEN, "consent_given_on"))
    if consent and consent != Assessment.Consent.NOT_SOUGHT and ground:
        problems.append((CONSENT_SOUGHT_BUT_GROUND, "consent_ground"))
    return problems


def consent_problems(
    consent: str, level: int | None, *, given_by: str, given_on: date | None, ground: str, reason: str
) -> list[tuple[str, str]]:
    """The documents' consent rules as (message, field) pairs: levels 2 and 3 need consent to share;
    at level 4 information may be shared without it on stated grounds, which must be recorded. Answers that
    contradict the consent answer are refused (`consent_contradictions`)."""
    problems = consent_contradictions(consent, given_by=given_by, given_on=given_on, ground=ground)
    if consent == Assessment.Consent.GIVEN:
        if not given_by.strip():
            problems.append(("Enter who gave consent", "consent_given_by"))
        if not given_on:
            problems.append(("Enter the date consent was given", "consent_given_on"))
    elif consent == Assessment.Consent.REFUSED:
        if not reason.strip():
            problems.append(("Record who refused consent and the reasons given", "consent_reason"))
    elif consent == Assessment.Consent.NOT_SOUGHT:
        if level is not None and level < 4:
            problems.append(("At levels 1 to 3 help needs consent to share information: seek consent first", "consent"))
        if not ground:
            problems.append(("Select why consent was not sought", "consent_ground"))
        if not reason.strip():
            problems.append(("Record why consent was not sought", "consent_reason"))
    return problems


def missing_for_submission(assessment: Assessment) -> list[tuple[str, str]]:
    """(step, message) for everything a lead needs that is not there yet."""
    missing = []
    if not assessment.child_name.strip():
        missing.append(("child", "Enter the child's name"))
    if assessment.unborn and not assessment.expected_due_date:
        missing.append(("child", "Enter the expected date of delivery"))
    if not assessment.unborn and not assessment.date_of_birth:
        missing.append(("child", "Enter the child's date of birth"))
    if not assessment.indicators:
        missing.append(("indicators", "Tick at least one indicator you have seen"))
    elif assessment.ticks_copied_from:
        missing.append(("indicators", "Check and confirm the indicators copied from your earlier assessment"))
    if not assessment.practitioner_level:
        missing.append(("judgement", "Give your judgement of the level"))
    else:
        problem = rationale_problem(
            assessment.practitioner_level, suggested=assessment.suggested_level, rationale=assessment.level_rationale
        )
        if problem:
            missing.append(("judgement", problem))
    if not assessment.child_voice.strip():
        missing.append(("voice", "Record the child's voice"))
    if not assessment.consent:
        missing.append(("consent", "Record whether consent was given, refused or not sought"))
    else:
        missing += [
            ("consent", message)
            for message, _ in consent_problems(
                assessment.consent,
                assessment.level,
                given_by=assessment.consent_given_by,
                given_on=assessment.consent_given_on,
                ground=assessment.consent_ground,
                reason=assessment.consent_reason,
            )
        ]
    return missing
