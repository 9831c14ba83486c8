"""The lead's decision is complete and never contradictory (issue 13, items 11 and 12)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from referrals.errors import NotAllowed
from referrals.models import Assessment, Review
from referrals.review import rules
from referrals.review.services import ReviewInput, review_save
from thresholds.engine import LONDON

from .test_review import people, review_data, submitted  # noqa: F401 - the fixture and helpers of the review tests

pytestmark = pytest.mark.django_db
URL = "referrals:review"


def post(client, assessment: Assessment, **extra):
    assessment.refresh_from_db()
    return client.post(reverse(URL, args=[assessment.pk]), review_data(assessment, **extra))


def at_level(assessment: Assessment, level: int) -> Assessment:
    Assessment.objects.filter(pk=assessment.pk).update(practitioner_level=level)
    assessment.refresh_from_db()
    return assessment


def test_an_outcome_needs_a_rag_rating(client, people):  # noqa: F811
    (assessment,) = submitted(people["practitioner"])
    client.force_login(people["lead"])
    page = post(client, at_level(assessment, 4), rag="", outcome="Signposting").content.decode()
    assert "Choose a RAG rating before recording an outcome" in page
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert not Review.objects.exists()


def test_agreeing_while_picking_another_level_is_refused(client, people):  # noqa: F811
    (assessment,) = submitted(people["practitioner"])
    client.force_login(people["lead"])
    page = post(client, at_level(assessment, 2), decision="agree", decided_level="4").content.decode()
    assert "You agreed with level 2: choose Set another level to set level 4" in page
    assert not Review.objects.exists()


def test_setting_another_level_that_is_the_same_level_is_refused(client, people):  # noqa: F811
    (assessment,) = submitted(people["practitioner"])
    client.force_login(people["lead"])
    page = post(
        client, at_level(assessment, 3), decision="different", decided_level="3", decision_rationale="Because"
    ).content.decode()
    assert "Level 3 is the level put forward" in page
    assert not Review.objects.exists()


@pytest.mark.parametrize(("level", "refused"), [(2, False), (3, True), (4, True)])
def test_no_further_action_on_level_3_or_4_needs_a_rationale(client, people, level, refused):  # noqa: F811
    (assessment,) = submitted(people["practitioner"])
    client.force_login(people["lead"])
    response = post(client, at_level(assessment, level), outcome="No further action")
    if refused:
        assert f"Give the rationale for no further action on a level {level} assessment" in response.content.decode()
        assert not Review.objects.exists()
        response = post(client, assessment, outcome="No further action", decision_rationale="Already open to CSC")
    assert response.status_code == 302
    assert Review.objects.get().outcome == "No further action"


def test_saving_shows_a_review_saved_banner(client, people):  # noqa: F811
    (assessment,) = submitted(people["practitioner"])
    client.force_login(people["lead"])
    page = client.get(post(client, assessment)["Location"]).content.decode()
    assert "Review saved" in page
    assert "govuk-notification-banner--success" in page


def test_changing_a_decision_needs_a_reason_which_is_kept(client, people):  # noqa: F811
    (assessment,) = submitted(people["practitioner"])
    client.force_login(people["lead"])
    assert post(client, assessment).status_code == 302  # decided: agree, Signposting
    page = post(client, assessment, outcome="Accepted as a referral").content.decode()
    assert "give the reason for changing it" in page
    assert Review.objects.get().outcome == "Signposting"
    response = post(client, assessment, outcome="Accepted as a referral", change_reason="New information from school")
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.outcome, review.change_reason) == ("Accepted as a referral", "New information from school")
    assert "New information from school" in client.get(response["Location"]).content.decode()
    client.force_login(people["practitioner"])  # the practitioner sees the new decision and why it changed
    overview = client.get(reverse("referrals:overview", args=[assessment.pk])).content.decode()
    assert "Accepted as a referral" in overview and "New information from school" in overview
    client.force_login(people["lead"])
    # a new RAG rating or notes on a decided review change nothing decided: no reason needed
    assert post(client, assessment, outcome="Accepted as a referral", rag="Amber", notes="Called").status_code == 302


def test_the_service_refuses_a_contradictory_decision_from_any_caller(people):  # noqa: F811
    (assessment,) = submitted(people["practitioner"])
    data = ReviewInput(
        rag="", decision="agree", decided_level=None, decision_rationale="", outcome="Signposting", notes=""
    )
    with pytest.raises(NotAllowed, match="Choose a RAG rating"):
        review_save(assessment=assessment, lead=people["lead"], data=data, seen_revision=assessment.revision)
    assert not Review.objects.exists()


def test_an_unrated_level_4_comes_before_an_older_unrated_level_3(client, people):  # noqa: F811
    older, newer = submitted(people["practitioner"], n=2)
    at_level(older, 3)
    at_level(newer, 4)
    Assessment.objects.filter(pk=newer.pk).update(submitted_at=datetime(2026, 11, 23, 15, 0, tzinfo=LONDON))
    Assessment.objects.filter(pk=older.pk).update(
        submitted_at=datetime(2026, 11, 23, 15, 0, tzinfo=LONDON) - timedelta(days=3)
    )
    client.force_login(people["lead"])
    page = client.get(reverse("referrals:queue")).content.decode()
    assert page.index(newer.reference) < page.index(older.reference)


@pytest.mark.parametrize(
    ("new", "problems"),
    [
        (rules.Decision("Red", "agree", None, "", "Signposting"), []),
        (rules.Decision("", "agree", None, "", ""), []),  # a decision on the level without an outcome yet
        (rules.Decision("", "", None, "", ""), []),
        (rules.Decision("Red", "", None, "", "Signposting"), ["decision"]),
        (rules.Decision("", "agree", None, "", "Signposting"), ["rag"]),
        (rules.Decision("Red", "different", None, "", ""), ["decided_level", "decision_rationale"]),
        (rules.Decision("Red", "different", 3, "x", ""), ["decided_level"]),
        (rules.Decision("Red", "agree", 2, "", ""), ["decided_level"]),
        (rules.Decision("Red", "agree", None, "", "No further action"), ["decision_rationale"]),
        (rules.Decision("Red", "different", 2, "lower", "No further action"), []),
    ],
)
def test_decision_rules_table(new, problems):
    before = rules.Before(put_forward=3, ratings_given=True)
    assert [field for field, _ in rules.decision_problems(new, before)] == problems
