"""Issue 18 item 5: contradictory consent answers are refused; a date of birth 18 or more years ago is
questioned (the seeds give 0 to 18 years and no 25-year rule for care leavers or EHC plans)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.tests.factories import AssessmentFactory, form_data
from portal.tests.pages import error_summary
from referrals.assessments.rules import (
    ADULT_QUESTION,
    CONSENT_NOT_GIVEN_BUT_WHEN,
    CONSENT_NOT_GIVEN_BUT_WHO,
    CONSENT_SOUGHT_BUT_GROUND,
    consent_problems,
    date_of_birth_question,
)
from referrals.models import Assessment

GIVEN, REFUSED, NOT_SOUGHT = "given", "refused", "not_sought"
ON = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("consent", "answers", "expected"),
    [
        (GIVEN, {"given_by": "Mother", "given_on": ON, "ground": "harm"}, [CONSENT_SOUGHT_BUT_GROUND]),
        (REFUSED, {"given_by": "", "given_on": None, "ground": "delay", "reason": "No"}, [CONSENT_SOUGHT_BUT_GROUND]),
        (
            REFUSED,
            {"given_by": "Mother", "given_on": ON, "ground": "", "reason": "No"},
            [CONSENT_NOT_GIVEN_BUT_WHO, CONSENT_NOT_GIVEN_BUT_WHEN],
        ),
        (
            NOT_SOUGHT,
            {"given_by": "Mother", "given_on": None, "ground": "harm", "reason": "Risk"},
            [CONSENT_NOT_GIVEN_BUT_WHO],
        ),
        (
            NOT_SOUGHT,
            {"given_by": "", "given_on": None, "ground": "", "reason": "Risk"},
            ["Select why consent was not sought"],
        ),
        (GIVEN, {"given_by": "Mother", "given_on": ON, "ground": ""}, []),
        (NOT_SOUGHT, {"given_by": "", "given_on": None, "ground": "harm", "reason": "Risk"}, []),
    ],
)
def test_contradictory_consent_answers_are_refused(consent, answers, expected):
    answers = {"reason": "", **answers}
    assert [message for message, _ in consent_problems(consent, 4, **answers)] == expected


@pytest.mark.django_db
def test_the_consent_step_refuses_a_ground_with_consent_given_and_offers_not_applicable(signed_in, practitioner):
    draft = AssessmentFactory(owner=practitioner)
    url = reverse("referrals:step", args=[draft.pk, "consent"])
    before = Assessment.objects.filter(pk=draft.pk).values().get()
    page = signed_in.post(url, form_data(draft, "consent") | {"consent_ground": "harm"}).content.decode()
    assert error_summary(page) == [CONSENT_SOUGHT_BUT_GROUND]
    assert "Not applicable: consent was given or refused" in page
    assert Assessment.objects.filter(pk=draft.pk).values().get() == before
    assert signed_in.post(url, form_data(draft, "consent") | {"consent_ground": ""}).status_code == 302


@pytest.mark.parametrize(
    ("born", "questioned"),
    [(date(2008, 11, 29), True), (date(2008, 11, 30), False), (date(2000, 1, 1), True), (date(2019, 3, 27), False)],
)
def test_a_date_of_birth_18_or_more_years_ago_is_questioned(born, questioned):
    assert (date_of_birth_question(born, today=date(2026, 11, 29)) == ADULT_QUESTION) is questioned


@pytest.mark.django_db
def test_the_child_step_asks_to_confirm_an_adults_date_of_birth_once(signed_in, practitioner):
    draft = AssessmentFactory(owner=practitioner)
    url = reverse("referrals:step", args=[draft.pk, "child"])
    year = timezone.localdate().year - 19
    adult = form_data(draft, "child") | {"date_of_birth_0": "1", "date_of_birth_1": "3", "date_of_birth_2": str(year)}
    page = signed_in.post(url, adult).content.decode()
    assert error_summary(page) == [ADULT_QUESTION]
    assert 'name="adult_confirmed"' in page
    draft.refresh_from_db()
    assert draft.date_of_birth != date(year, 3, 1)
    assert signed_in.post(url, adult | {"adult_confirmed": "on"}).status_code == 302
    draft.refresh_from_db()
    assert draft.date_of_birth == date(year, 3, 1)
    page = signed_in.get(url).content.decode()
    assert 'name="adult_confirmed"' not in page  # confirmed: not asked again while the date stays the same
    assert signed_in.post(url, form_data(draft, "child")).status_code == 302
