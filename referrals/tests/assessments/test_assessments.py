"""Assessments without a browser: starting, the stored suggestion, the rules of each step, bad input,
submission, "My assessments", and the accounts around them (sessions, password reset, sign-in, demo users)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from portal.tests.factories import AssessmentFactory, UserFactory, form_data, partnership, spread_codes
from portal.tests.pages import error_summary, squash
from referrals.models import Assessment
from thresholds.engine import LONDON, Context, suggest
from thresholds.models import Framework, Indicator
from thresholds.snapshot import cached_snapshot

pytestmark = pytest.mark.django_db

IN_HOURS = "2026-11-23T10:00"


def step_url(assessment: Assessment, step: str) -> str:
    return reverse("referrals:step", args=[assessment.pk, step])


def new_url(slug: str = "sefton", area: str = "sefton") -> str:
    return reverse("referrals:new", args=[slug, area])


def row(assessment: Assessment) -> dict:
    """Everything stored about an assessment, to show that a refused request changed nothing."""
    return Assessment.objects.filter(pk=assessment.pk).values().get()


@pytest.fixture
def sefton() -> Framework:
    return Framework.objects.get(slug="sefton")


# --- Starting -----------------------------------------------------------------------------------


def test_a_quick_check_result_offers_to_save_it_only_to_a_practitioner_of_that_partnership(client, practitioner):
    result = reverse("thresholds:check-result", args=["sefton", "sefton"])
    save = f'action="{new_url()}"'
    assert save not in client.post(result, {"indicators": ["learning-3-01"]}).content.decode()
    client.force_login(practitioner)
    assert save in client.post(result, {"indicators": ["learning-3-01"]}).content.decode()
    client.force_login(UserFactory(partnership=partnership("stoke-on-trent")))
    assert save not in client.post(result, {"indicators": ["learning-3-01"]}).content.decode()


def test_starting_from_a_quick_check_carries_the_ticks_and_stores_the_suggestion(signed_in, practitioner, sefton):
    codes = spread_codes(sefton, 4, max_level=3)
    response = signed_in.post(new_url(), {"indicators": codes, "q": "school", "at": IN_HOURS})

    assessment = Assessment.objects.get(owner=practitioner)
    assert response.status_code == 302
    assert response["Location"] == step_url(assessment, "child")
    expected = suggest(
        cached_snapshot(sefton), codes, Context(area="sefton", at=datetime(2026, 11, 23, 10, tzinfo=LONDON))
    )
    assert assessment.framework == sefton  # pinned to the version used
    assert assessment.partnership == practitioner.partnership
    assert assessment.area == "sefton"
    assert assessment.status == Assessment.Status.DRAFT
    assert sorted(assessment.indicators) == sorted(codes)
    assert assessment.suggested_level == 3 == expected.level.number
    assert assessment.suggestion == expected.as_json()
    assert assessment.suggestion["level"] == 3
    assert assessment.suggested_at == datetime(2026, 11, 23, 10, tzinfo=LONDON)
    assert assessment.child_name == "" and assessment.practitioner_level is None
    # The child step is next, and the ticks show on the indicators step.
    page = signed_in.get(step_url(assessment, "indicators")).content.decode()
    for code in codes:
        assert f'value="{code}" aria-describedby="indicator-{code}-hint" checked>' in page
    assert page.count(" checked>") == len(codes)


def test_starting_from_scratch(signed_in, practitioner):
    choose = signed_in.get(reverse("referrals:choose")).content.decode()
    assert f'href="{new_url()}">Sefton</a>' in choose
    assert "stoke" not in choose  # only the practitioner's own partnership's current guidance
    assert ">Start</button>" in signed_in.get(new_url()).content.decode()
    assert Assessment.objects.count() == 0  # a GET starts nothing

    response = signed_in.post(new_url())

    assessment = Assessment.objects.get(owner=practitioner)
    assert response["Location"] == step_url(assessment, "child")
    assert assessment.framework.slug == "sefton"
    assert assessment.indicators == []
    assert assessment.suggestion is None and assessment.suggested_level is None and assessment.suggested_at is None


@pytest.mark.parametrize(
    ("slug", "area"),
    [
        ("no-such-guidance", "sefton"),
        ("stoke-2018", "stoke-on-trent"),  # another partnership's guidance
        ("hw-2025", "herefordshire"),
        ("herefordshire-2024", "herefordshire"),  # replaced guidance
        ("sefton", "stoke-on-trent"),  # an area the guidance does not cover
    ],
)
def test_a_tampered_framework_or_area_in_the_new_url_is_not_found(signed_in, slug, area):
    assert signed_in.get(new_url(slug, area)).status_code == 404
    assert signed_in.post(new_url(slug, area), {"indicators": ["learning-3-01"]}).status_code == 404
    assert Assessment.objects.count() == 0


def test_replaced_guidance_starts_no_assessment_even_for_its_own_partnership(client):
    client.force_login(UserFactory(partnership=partnership("herefordshire")))  # only replaced guidance
    assert Framework.objects.get(slug="herefordshire-2024").status == Framework.Status.SUPERSEDED
    assert client.post(new_url("herefordshire-2024", "herefordshire"), {"indicators": []}).status_code == 404
    assert Assessment.objects.count() == 0


def test_a_tampered_indicator_when_starting_goes_back_to_the_check_and_stores_nothing(signed_in):
    response = signed_in.post(new_url(), {"indicators": ["learning-3-01", "learning-9-99"], "at": "tomorrow"})
    page = response.content.decode()
    assert response.status_code == 200  # the quick check again: nothing lost, nothing stored
    assert error_summary(page) == [
        "One of the indicators sent is not in this guidance: start again",
        "Enter the date and time as a real date and time, for example 2026-11-23T10:00",
    ]
    assert 'value="learning-3-01" aria-describedby="indicator-learning-3-01-hint" checked>' in page
    assert 'value="tomorrow"' in page
    assert Assessment.objects.count() == 0


# --- The stored suggestion ----------------------------------------------------------------------


@pytest.fixture
def fresh_cache():
    """The snapshot cache is keyed by content version, which the database rollback winds back: start and end empty."""
    cache.clear()
    yield
    cache.clear()


def test_the_stored_suggestion_keeps_the_words_used_when_the_guidance_changes(
    signed_in, practitioner, sefton, fresh_cache
):
    code = "learning-3-01"
    old_words = Indicator.objects.get(framework=sefton, code=code).text
    signed_in.post(new_url(), {"indicators": [code], "at": IN_HOURS})
    assessment = Assessment.objects.get(owner=practitioner)
    stored = assessment.suggestion
    assert stored["reasons"][0]["domains"][0]["indicators"] == [{"code": code, "text": old_words}]

    # The guidance's wording changes later (a corrected document loaded, say): a new content version.
    new_words = "Reworded: this text was not there when the assessment was made."
    Indicator.objects.filter(framework=sefton, code=code).update(text=new_words)
    Framework.objects.filter(pk=sefton.pk).update(content_version=F("content_version") + 1)
    sefton.refresh_from_db()
    assert cached_snapshot(sefton).indicators[code].text == new_words  # the guidance did change

    # Reading it, and saving other steps, keeps the suggestion exactly as it was.
    for url in (
        reverse("referrals:overview", args=[assessment.pk]),
        reverse("referrals:summary", args=[assessment.pk]),
    ):
        page = signed_in.get(url).content.decode()
        assert escape(old_words) in page
        assert new_words not in page
    assessment.child_voice = "I like school."
    assert signed_in.post(step_url(assessment, "voice"), form_data(assessment, "voice")).status_code == 302
    assessment.refresh_from_db()
    assert assessment.child_voice == "I like school."
    assert assessment.suggestion == stored
    assert assessment.suggested_level == 3


# --- The rules of each step ---------------------------------------------------------------------


@pytest.fixture
def draft(practitioner) -> Assessment:
    """A complete draft whose suggestion is level 3."""
    return AssessmentFactory(owner=practitioner, ticks=3, max_level=3)


def post_step(client, assessment: Assessment, step: str, **changes):
    return client.post(step_url(assessment, step), form_data(assessment, step) | changes)


def test_a_judgement_differing_from_the_suggestion_needs_a_rationale(signed_in, draft):
    before = row(draft)
    response = post_step(signed_in, draft, "judgement", practitioner_level="4", level_rationale="  ")
    assert response.status_code == 200
    assert error_summary(response.content.decode()) == [
        "Explain why you judge the level differently from the suggestion"
    ]
    assert row(draft) == before

    response = post_step(signed_in, draft, "judgement", practitioner_level="4", level_rationale="A knife was found.")
    assert response["Location"] == step_url(draft, "voice")
    draft.refresh_from_db()
    assert (draft.practitioner_level, draft.level_rationale) == (4, "A knife was found.")


def test_agreeing_with_the_suggestion_needs_no_rationale(signed_in, draft):
    response = post_step(signed_in, draft, "judgement", practitioner_level="3", level_rationale="")
    assert response["Location"] == step_url(draft, "voice")


@pytest.mark.parametrize(
    ("level", "message"),
    [
        ("", "Select the level of need you judge this to be"),
        ("5", "Select a valid choice. 5 is not one of the available choices."),
        ("two", "Select a valid choice. two is not one of the available choices."),
    ],
)
def test_a_judgement_must_be_one_of_the_levels(signed_in, draft, level, message):
    before = row(draft)
    response = post_step(signed_in, draft, "judgement", practitioner_level=level)
    assert response.status_code == 200
    assert error_summary(response.content.decode()) == [message]
    assert row(draft) == before


GIVEN, REFUSED, NOT_SOUGHT = "given", "refused", "not_sought"
DATE_GIVEN = ("consent_given_on_0", "consent_given_on_1", "consent_given_on_2")


@pytest.mark.parametrize(
    ("level", "answers", "errors"),
    [
        (
            3,
            {
                "consent": GIVEN,
                "consent_given_by": "",
                "consent_given_on_0": "",
                "consent_given_on_1": "",
                "consent_given_on_2": "",
            },
            ["Enter who gave consent", "Enter the date consent was given"],
        ),
        (3, {"consent": REFUSED, "consent_reason": ""}, ["Record who refused consent and the reasons given"]),
        (
            2,
            {"consent": NOT_SOUGHT, "consent_ground": "harm", "consent_reason": "Risk"},
            ["At levels 1 to 3 help needs consent to share information: seek consent first"],
        ),
        (
            3,
            {"consent": NOT_SOUGHT, "consent_ground": "harm", "consent_reason": "Risk"},
            ["At levels 1 to 3 help needs consent to share information: seek consent first"],
        ),
        (
            4,
            {"consent": NOT_SOUGHT, "consent_ground": "", "consent_reason": ""},
            ["Select why consent was not sought", "Record why consent was not sought"],
        ),
        (
            4,
            {"consent": NOT_SOUGHT, "consent_ground": "harm", "consent_reason": ""},
            ["Record why consent was not sought"],
        ),
        (
            4,
            {"consent": NOT_SOUGHT, "consent_ground": "", "consent_reason": "Father is the alleged abuser."},
            ["Select why consent was not sought"],
        ),
        (
            3,
            {"consent": GIVEN, "consent_given_on_0": "1", "consent_given_on_1": "1", "consent_given_on_2": "2099"},
            ["The date consent was given must be today or in the past"],
        ),
    ],
)
def test_consent_rules_are_refused_with_a_clear_error(signed_in, practitioner, level, answers, errors):
    assessment = AssessmentFactory(owner=practitioner, max_level=level)
    assert assessment.level == level
    before = row(assessment)
    if answers["consent"] != GIVEN:  # issue 18: who gave consent and when, left from "given", is refused too
        answers = {"consent_given_by": "", **dict.fromkeys(DATE_GIVEN, "")} | answers
    response = post_step(signed_in, assessment, "consent", **answers)
    page = response.content.decode()
    assert response.status_code == 200
    assert error_summary(page) == errors
    assert re.search(rf'value="{answers["consent"]}"\s+checked="checked"', page)  # the answer chosen is kept
    assert row(assessment) == before


@pytest.mark.parametrize(
    ("level", "answers", "stored"),
    [
        (
            2,
            {
                "consent": GIVEN,
                "consent_given_by": "Mother",
                "consent_given_on_0": "20",
                "consent_given_on_1": "11",
                "consent_given_on_2": "2026",
                "consent_ground": "",  # issue 18: an answer left from "not sought" is refused, so it is taken back
            },
            {"consent_given_by": "Mother", "consent_ground": ""},
        ),
        (
            3,
            {
                "consent": REFUSED,
                "consent_given_by": "",
                **dict.fromkeys(DATE_GIVEN, ""),
                "consent_ground": "",
                "consent_reason": "Father refused: he does not want social care involved.",
            },
            {"consent_given_by": "", "consent_given_on": None},
        ),
        (
            4,
            {
                "consent": NOT_SOUGHT,
                "consent_given_by": "",
                **dict.fromkeys(DATE_GIVEN, ""),
                "consent_ground": "investigation",
                "consent_reason": "Police advised not to alert the family.",
            },
            {"consent_ground": "investigation", "consent_given_by": "", "consent_given_on": None},
        ),
    ],
)
def test_consent_answers_that_follow_the_rules_are_saved(signed_in, practitioner, level, answers, stored):
    assessment = AssessmentFactory(owner=practitioner, max_level=level, consent_ground="harm")
    response = post_step(signed_in, assessment, "consent", **answers)
    assert response["Location"] == reverse("referrals:overview", args=[assessment.pk])
    assessment.refresh_from_db()
    assert assessment.consent == answers["consent"]
    for name, value in stored.items():  # nothing from another answer is kept alongside
        assert getattr(assessment, name) == value


# --- Bad input: the error summary, the typed values kept, the database unchanged -------------


def _future() -> dict:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return {
        "date_of_birth_0": str(tomorrow.day),
        "date_of_birth_1": str(tomorrow.month),
        "date_of_birth_2": str(tomorrow.year),
    }


def _due():
    """An expected date of delivery the child step accepts: within the next 10 months."""
    return timezone.localdate() + timedelta(days=60)


LONG = "Lorem ipsum dolor sit amet. " * 178 + "abcdefghijklmnopqrstuvwxyz1"  # 5,011 characters


BAD_INPUT = [
    pytest.param(
        "child",
        {"child_name": "Newname Typed-Here", **_future(), "household": "Mum and two brothers"},
        ["Date of birth must be today or in the past"],
        [
            'value="Newname Typed-Here"',
            f'name="date_of_birth_2" value="{_future()["date_of_birth_2"]}"',
            ">\nMum and two brothers</textarea>",
        ],
        id="date-of-birth-in-the-future",
    ),
    pytest.param(
        "child",
        {
            "child_name": "Unborn Baby-Typed",
            "unborn": "on",
            "date_of_birth_0": "3",
            "date_of_birth_1": "4",
            "date_of_birth_2": "2020",
            "expected_due_date_0": str(_due().day),
            "expected_due_date_1": str(_due().month),
            "expected_due_date_2": str(_due().year),
        },
        ["An unborn baby has no date of birth: give the expected date of delivery"],
        [
            'value="Unborn Baby-Typed"',
            'name="unborn" class="govuk-checkboxes__input" id="id_unborn" checked',
            'name="date_of_birth_2" value="2020"',
            f'name="expected_due_date_2" value="{_due().year}"',
        ],
        id="unborn-with-a-date-of-birth",
    ),
    pytest.param(
        "voice",
        {"child_voice": "x" * 5001, "worries": "Typed worries are kept"},
        ["“The child&#x27;s voice” must be 5000 characters or fewer"],
        [">\n" + "x" * 5001 + "</textarea>", ">\nTyped worries are kept</textarea>"],
        id="over-long-voice",
    ),
    pytest.param(
        "child",
        {"address": LONG[:1001], "child_name": "Kept Name"},
        ["“Address” must be 1000 characters or fewer"],
        [">\n" + LONG[:1001] + "</textarea>", 'value="Kept Name"', 'data-maxlength="1000"'],
        id="over-long-address",
    ),
    pytest.param(
        "judgement",
        {"practitioner_level": "4", "level_rationale": LONG},
        ["“Why you judge the level differently” must be 5000 characters or fewer"],
        [">\n" + LONG + "</textarea>", 'value="4"\n      checked="checked"'],
        id="over-long-rationale",
    ),
    pytest.param(
        "indicators",
        {"indicators": ["learning-2-01", "learning-9-99"]},
        ["One of the indicators sent is not in this guidance: start again"],
        ['value="learning-2-01" aria-describedby="indicator-learning-2-01-hint" checked>'],
        id="tampered-indicator-code",
    ),
    pytest.param(
        "indicators",
        {"indicators": []},
        ["Select at least one indicator you have seen"],
        [],
        id="no-indicators",
    ),
]


@pytest.mark.parametrize(("step", "typed", "errors", "kept"), BAD_INPUT)
def test_bad_input_gets_the_error_summary_keeps_what_was_typed_and_changes_nothing(
    signed_in, draft, step, typed, errors, kept
):
    before = row(draft)
    data = form_data(draft, step) | typed
    if "unborn" not in typed:
        data.pop("unborn", None)
    response = signed_in.post(step_url(draft, step), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert error_summary(page) == errors
    for text in kept:
        assert squash(text) in squash(page), f"lost what was typed: {text[:80]}"
    assert row(draft) == before


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "box"),
    [
        ("1", "1", "2099", "Date of birth must be today or in the past", 0),
        ("31", "2", "2019", "Date of birth must be a real date", 0),
        ("", "2", "2019", "Date of birth must include a day", 0),
        ("3", "", "", "Date of birth must include a month and a year", 1),  # issue 18: the first part missing
        ("3", "4", "", "Date of birth must include a year", 2),  # issue 18: the year box, not the day box
        ("3", "4", "1980", "Date of birth must be after 1 January 1990", 0),
    ],
)
def test_a_wrong_or_partial_date_is_never_saved_and_the_summary_links_to_the_box(
    signed_in, draft, day, month, year, message, box
):
    before = row(draft)
    response = post_step(signed_in, draft, "child", date_of_birth_0=day, date_of_birth_1=month, date_of_birth_2=year)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<li><a href="#id_date_of_birth_{box}">{message}</a></li>' in page
    assert f'name="date_of_birth_0" value="{day}"' in page or not day
    assert row(draft) == before


def test_a_partial_date_consent_was_given_is_an_error(signed_in, draft):
    response = post_step(signed_in, draft, "consent", consent_given_on_0="", consent_given_on_1="11")
    assert error_summary(response.content.decode()) == ["The date consent was given must include a day"]


def test_a_future_date_of_birth_is_refused_and_today_is_fine(signed_in, draft):
    today = timezone.localdate()
    response = post_step(
        signed_in,
        draft,
        "child",
        date_of_birth_0=str(today.day),
        date_of_birth_1=str(today.month),
        date_of_birth_2=str(today.year),
    )
    assert response["Location"] == step_url(draft, "indicators")
    draft.refresh_from_db()
    assert draft.date_of_birth == today


# --- Drafts, submission, "My assessments" -----------------------------------------------------


def test_every_step_saves_the_draft_as_it_goes(signed_in, practitioner, sefton):
    signed_in.post(new_url(), {"indicators": ["learning-2-01"], "at": IN_HOURS})
    assessment = Assessment.objects.get(owner=practitioner)
    complete = AssessmentFactory.build(owner=practitioner, indicators=["learning-2-01", "learning-3-01"])
    complete.practitioner_level = 3

    expected_fields = {
        "child": {
            "child_name": complete.child_name,
            "date_of_birth": complete.date_of_birth,
            "household": complete.household,
        },
        "indicators": {"indicators": ["learning-3-01", "learning-2-01"], "suggested_level": 3},  # level order
        "judgement": {"practitioner_level": 3},
        "voice": {"child_voice": complete.child_voice, "needs_to_happen": complete.needs_to_happen},
        "consent": {"consent": "given", "consent_given_by": complete.consent_given_by},
    }
    revision = assessment.revision
    for step, fields in expected_fields.items():
        response = signed_in.post(step_url(assessment, step), form_data(complete, step))
        assert response.status_code == 302, response.content.decode()[:500]
        assessment.refresh_from_db()
        assert assessment.revision == revision + 1  # saved, there and then
        revision = assessment.revision
        for name, value in fields.items():
            assert getattr(assessment, name) == value
        assert assessment.status == Assessment.Status.DRAFT
    assert assessment.history.count() == 6  # started, then one saved version per step


def test_submitting_an_incomplete_draft_is_refused_and_lists_what_is_missing(signed_in, practitioner):
    assessment = AssessmentFactory(owner=practitioner, child_name="", date_of_birth=None, child_voice="  ", consent="")
    Assessment.objects.filter(pk=assessment.pk).update(practitioner_level=None)  # the factory fills it in
    before = row(assessment)
    response = signed_in.post(reverse("referrals:submit", args=[assessment.pk]), follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(reverse("referrals:overview", args=[assessment.pk]), 302)]
    assert "This assessment is not complete yet: see what is missing below." in page
    missing = re.findall(
        r'<li><a href="([^"]+)">([^<]+)</a></li>', page.split("Before you can send")[1].split("</ul>")[0]
    )
    assert missing == [
        (step_url(assessment, "child"), "Enter the child&#x27;s name"),
        (step_url(assessment, "child"), "Enter the child&#x27;s date of birth"),
        (step_url(assessment, "judgement"), "Give your judgement of the level"),
        (step_url(assessment, "voice"), "Record the child&#x27;s voice"),
        (step_url(assessment, "consent"), "Record whether consent was given, refused or not sought"),
    ]
    assert "Send to my safeguarding lead" not in page
    assert row(assessment) == before


def test_an_unborn_baby_needs_an_expected_date_and_a_differing_judgement_a_reason(signed_in, practitioner):
    assessment = AssessmentFactory(
        owner=practitioner, unborn=True, date_of_birth=None, practitioner_level=4, level_rationale=""
    )
    response = signed_in.post(reverse("referrals:submit", args=[assessment.pk]), follow=True)
    page = response.content.decode()
    assert "Enter the expected date of delivery" in page
    assert "Explain why you judge the level differently from the suggestion" in page
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.DRAFT


def test_submitting_a_complete_draft_sends_it_and_freezes_it(signed_in, practitioner):
    assessment = AssessmentFactory(owner=practitioner)
    overview = signed_in.get(reverse("referrals:overview", args=[assessment.pk])).content.decode()
    assert "Before you can send" not in overview
    assert ">Send to my safeguarding lead</button>" in overview

    response = signed_in.post(reverse("referrals:submit", args=[assessment.pk]), follow=True)
    page = response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert timezone.now() - assessment.submitted_at < timedelta(seconds=10)
    assert f"Assessment {assessment.reference} has been sent to your safeguarding lead." in page
    assert "Send to my safeguarding lead" not in page
    assert step_url(assessment, "child") not in page  # no more links to change it

    frozen = row(assessment)
    for step in ("child", "indicators", "judgement", "voice", "consent"):
        assert signed_in.get(step_url(assessment, step)).status_code == 403
        assert signed_in.post(step_url(assessment, step), form_data(assessment, step)).status_code == 403
    assert signed_in.post(reverse("referrals:submit", args=[assessment.pk])).status_code == 403
    assert row(assessment) == frozen


def test_my_assessments_lists_only_mine_with_their_status(signed_in, practitioner):
    draft = AssessmentFactory(owner=practitioner, child_name="Alfie Draftson")
    sent = AssessmentFactory(owner=practitioner, child_name="Bella Sentley", submitted=True)
    AssessmentFactory(owner=UserFactory(partnership=partnership("sefton")), child_name="Colin Otherpractitioner")
    page = signed_in.get(reverse("referrals:mine")).content.decode()
    rows = re.findall(r'<tr class="govuk-table__row">\s*<td.*?</tr>', page, re.S)
    assert len(rows) == 2
    by_child = {name: r for r in rows for name in ("Alfie Draftson", "Bella Sentley") if name in r}
    assert draft.reference in by_child["Alfie Draftson"] and ">Draft</strong>" in by_child["Alfie Draftson"]
    assert (
        sent.reference in by_child["Bella Sentley"]
        and ">Sent to safeguarding lead</strong>" in by_child["Bella Sentley"]
    )
    assert "Colin Otherpractitioner" not in page


def test_my_assessments_when_there_are_none(signed_in):
    page = signed_in.get(reverse("referrals:mine")).content.decode()
    assert "You have no assessments yet." in page
