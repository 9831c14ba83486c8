"""Dates and typed text in the assessment's steps (issue 14): absurd dates get a GOV.UK message, never a
server error; hidden characters are refused in names and never stored; nothing changes on a refusal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.tests.factories import AssessmentFactory, form_data
from portal.tests.pages import error_summary
from portal.text import hidden_character, strip_invisible
from referrals.assessments.rules import consent_date_problem, due_date_problem, long_date, months_after
from referrals.models import Assessment

pytestmark = pytest.mark.django_db

HUGE = "9" * 20


@pytest.fixture
def draft(practitioner) -> Assessment:
    return AssessmentFactory(owner=practitioner, ticks=3, max_level=3)


def row(assessment: Assessment) -> dict:
    return Assessment.objects.filter(pk=assessment.pk).values().get()


def post(client, assessment: Assessment, step: str, **changes):
    data = form_data(assessment, step) | changes
    return client.post(reverse("referrals:step", args=[assessment.pk, step]), data)


def parts(name: str, day: date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def refused(response, draft: Assessment, before: dict) -> list[str]:
    assert response.status_code == 200, response.status_code
    assert row(draft) == before, "a refused step changed the assessment"
    return error_summary(response.content.decode())


# --- Dates ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        (HUGE, "1", "2020"),
        ("1", HUGE, "2020"),
        ("1", "1", HUGE),
        ("1", "1", "99999"),
        ("1", "1", "0"),
        ("-1", "1", "2020"),
        ("٣", "1", "2020"),  # an Arabic-Indic digit: int() would take it
        ("3 1", "1", "2020"),
        ("3.0", "1", "2020"),
        ("1e3", "1", "2020"),
    ],
)
def test_an_absurd_date_of_birth_is_not_a_real_date(signed_in, draft, day, month, year):
    before = row(draft)
    response = post(signed_in, draft, "child", date_of_birth_0=day, date_of_birth_1=month, date_of_birth_2=year)
    assert refused(response, draft, before) == ["Date of birth must be a real date"]


@pytest.mark.parametrize("field", ["consent_given_on_0", "consent_given_on_1", "consent_given_on_2"])
def test_a_20_digit_part_of_the_consent_date_is_not_a_real_date(signed_in, draft, field):
    before = row(draft)
    response = post(signed_in, draft, "consent", **{field: HUGE})
    assert refused(response, draft, before) == ["The date consent was given must be a real date"]


def test_an_expected_date_of_delivery_must_be_within_the_next_10_months(signed_in, practitioner):
    today = timezone.localdate()
    unborn = AssessmentFactory(owner=practitioner, unborn=True, date_of_birth=None, expected_due_date=None)
    latest = months_after(today, 10)
    message = f"Expected date of delivery must be between {long_date(today)} and {long_date(latest)}"
    for due in (date(9999, 12, 31), latest + timedelta(days=1), today - timedelta(days=1), date(1900, 1, 1)):
        before = row(unborn)
        response = post(signed_in, unborn, "child", **parts("expected_due_date", due))
        assert refused(response, unborn, before) == [message], due
    for due in (today, latest):
        response = post(signed_in, unborn, "child", **parts("expected_due_date", due))
        assert response.status_code == 302
        unborn.refresh_from_db()
        assert unborn.expected_due_date == due


def test_consent_given_more_than_12_months_ago_is_refused(signed_in, draft):
    today = timezone.localdate()
    before = row(draft)
    response = post(signed_in, draft, "consent", **parts("consent_given_on", date(1901, 1, 1)))
    assert refused(response, draft, before) == [
        "The date consent was given must be within the last 12 months: if it is older, seek consent again"
    ]
    response = post(signed_in, draft, "consent", **parts("consent_given_on", months_after(today, -12)))
    assert response.status_code == 302


def test_the_date_rules_at_their_edges():
    today = date(2026, 3, 31)
    assert months_after(today, 10) == date(2027, 1, 31)
    assert months_after(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert months_after(date(2026, 1, 15), -12) == date(2025, 1, 15)
    assert due_date_problem(date(2027, 1, 31), today=today) is None
    assert due_date_problem(date(2027, 2, 1), today=today)
    assert consent_date_problem(date(2025, 3, 31), today=today) is None
    assert consent_date_problem(date(2025, 3, 30), today=today)


# --- Hidden characters -----------------------------------------------------------------------------------

HIDDEN = {
    "right-to-left override": "Jo\u202ehn Smith",
    "left-to-right mark": "John\u200e Smith",
    "first strong isolate": "\u2068John Smith",
    "zero-width space": "Jo\u200bhn Smith",
    "zero-width joiner": "Jo\u200dhn",
    "byte-order mark": "\ufeffJohn Smith",
    "NUL": "John\x00 Smith",
    "escape": "John\x1b[31m Smith",
    "C1 control": "John\x85 Smith",
    "line separator": "John\u2028Smith",
    "new line": "John\nSmith",
    "private use": "John\ue000",
}


@pytest.mark.parametrize("name", list(HIDDEN.values()), ids=list(HIDDEN))
def test_a_childs_name_with_a_hidden_character_is_refused(signed_in, draft, name):
    before = row(draft)
    response = post(signed_in, draft, "child", child_name=name)
    assert refused(response, draft, before) == [
        "“Child&#x27;s name” must not contain a hidden character such as a control, right-to-left or zero-width "
        "character: type it again rather than pasting it"
    ]


@pytest.mark.parametrize("name", ["\u202eJane Doe", "Jane\u200b Doe", "Jane\x07"])
def test_who_gave_consent_with_a_hidden_character_is_refused(signed_in, draft, name):
    before = row(draft)
    response = post(signed_in, draft, "consent", consent_given_by=name)
    assert len(refused(response, draft, before)) == 1


@pytest.mark.parametrize("name", ["Zoë O’Brien-Nakamura", "محمد رضا", "Nguyễn Thị Ánh", "Åsa Ødegård", "李小龙"])
def test_real_names_in_any_script_are_kept(signed_in, draft, name):
    response = post(signed_in, draft, "child", child_name=name)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.child_name == name


def test_long_text_keeps_lines_tabs_and_joiners_and_loses_invisible_padding(signed_in, draft):
    typed = "Line one\r\n\tLine two 👨\u200d👩\u200d👧 می\u200cخواهم\u200b\ufeff soft\u00adhyphen"
    response = post(signed_in, draft, "voice", child_voice=typed)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.child_voice == "Line one\r\n\tLine two 👨\u200d👩\u200d👧 می\u200cخواهم softhyphen"


@pytest.mark.parametrize("text", ["A \u202eworry", "A\x00worry", "A\x1bworry", "\u2066isolated\u2069"])
def test_long_text_with_a_control_or_bidi_character_is_refused(signed_in, draft, text):
    before = row(draft)
    response = post(signed_in, draft, "voice", worries=text)
    assert refused(response, draft, before) == [
        "“What are we worried about?” must not contain a hidden control or right-to-left character: "
        "type it again rather than pasting it"
    ]


def test_the_rule_itself():
    assert hidden_character("Anna-Lena d’Arc", multiline=False) is None
    assert hidden_character("a\tb", multiline=False) == "\t"
    assert hidden_character("a\tb\nc", multiline=True) is None
    assert hidden_character("a\u202eb", multiline=True) == "\u202e"
    assert hidden_character("a\u200db", multiline=True) is None
    assert hidden_character("a\u200db", multiline=False) == "\u200d"
    assert strip_invisible("a\u200b\u2060\ufeff\u00adb") == "ab"


# --- The review and disagreement forms -------------------------------------------------------------------


def test_a_review_note_with_a_right_to_left_override_is_refused(client, lead):
    from portal.tests.factories import UserFactory, partnership

    owner = UserFactory(partnership=partnership("sefton"))
    sent = AssessmentFactory(owner=owner, submitted=True)
    client.force_login(lead)
    before = row(sent)
    response = client.post(
        reverse("referrals:review", args=[sent.pk]), {"revision": sent.revision, "notes": "Agreed \u202e plan"}
    )
    assert refused(response, sent, before) == [
        "“Notes” must not contain a hidden control or right-to-left character: type it again rather than pasting it"
    ]


@pytest.mark.parametrize("revision", [HUGE + HUGE, "-" + HUGE, "1e400", "٣"])
def test_a_review_with_an_absurd_revision_changes_nothing(client, lead, revision):
    from portal.tests.factories import UserFactory, partnership

    owner = UserFactory(partnership=partnership("sefton"))
    sent = AssessmentFactory(owner=owner, submitted=True)
    client.force_login(lead)
    before = row(sent)
    response = client.post(reverse("referrals:review", args=[sent.pk]), {"revision": revision, "notes": "Agreed."})
    assert response.status_code in (200, 409)
    assert row(sent) == before
