"""The safeguarding lead's review in a real browser (issue 6): the demo lead triages the demo practitioner's
submission and the practitioner sees the outcome; another level needs a rationale; a review by keyboard alone;
and a lead of another partnership cannot open it. axe-core on the queue, the review and its error page."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from portal.management.commands.demo_users import DEMO_PASSWORD
from portal.models import User
from portal.tests.factories import PASSWORD, AssessmentFactory, UserFactory, decided, partnership
from referrals.models import DEFAULT_OUTCOMES, Assessment, Review
from thresholds.engine import LONDON
from thresholds.models import Framework, Outcome, RagRating

from .conftest import assert_accessible, pass_second_factor

pytestmark = pytest.mark.browser

CHILD = "Morwenna Tregarthen Ashby"  # fictional
SENT = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)  # a Monday morning: offices open


def _sign_in(page: Page, username: str, password: str, heading: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, username)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def _sefton() -> Framework:
    return Framework.objects.get(partnership__slug="sefton", status=Framework.Status.CURRENT)


def _ratings() -> list[RagRating]:
    ratings = list(RagRating.objects.filter(framework=_sefton()).order_by("order"))
    assert len(ratings) >= 2, "Sefton's guidance should give RAG ratings"
    return ratings


def _outcomes() -> list[str]:
    own = list(Outcome.objects.filter(framework=_sefton()).order_by("order").values_list("text", flat=True))
    return own or list(DEFAULT_OUTCOMES)


def _demo_submission() -> Assessment:
    call_command("demo_users", "--force", stdout=StringIO())
    practitioner = User.objects.get(username="sefton-practitioner")
    return AssessmentFactory(owner=practitioner, child_name=CHILD, submitted=True, submitted_at=SENT)


def _queue_row(page: Page, reference: str):
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=reference, exact=True))


def test_the_demo_lead_triages_the_demo_submission_and_the_practitioner_sees_the_outcome(page: Page, frameworks):
    frameworks("sefton")
    assessment = _demo_submission()
    rating = next(r for r in _ratings() if r.hours)  # one with a time in hours, so a due-by time can be shown
    outcome = _outcomes()[1]
    due = SENT + timedelta(hours=rating.hours)
    assert due.date() == SENT.date() and due.hour <= 17, "the fixture's timing should stay within the Monday"

    _sign_in(page, "sefton-lead", DEMO_PASSWORD, "Review queue")
    row = _queue_row(page, assessment.reference)
    expect(row).to_contain_text(CHILD)
    expect(row).to_contain_text("Sent to safeguarding lead")
    assert_accessible(page)
    row.get_by_role("link", name=assessment.reference).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review {assessment.reference}")
    expect(page.get_by_text(CHILD, exact=True)).to_be_visible()
    rag = page.get_by_role("group", name="RAG rating")
    for each in _ratings():  # the partnership's own ratings, in its own words
        expect(rag.get_by_role("radio", name=each.name, exact=True)).to_have_count(1)
    outcomes = page.get_by_role("group", name="Outcome")
    for text in _outcomes():
        expect(outcomes.get_by_role("radio", name=text, exact=True)).to_have_count(1)
    assert_accessible(page)

    rag.get_by_role("radio", name=rating.name, exact=True).check()
    page.get_by_role("group", name="Decision on the level").get_by_role("radio", name="Agree with the level").check()
    outcomes.get_by_role("radio", name=outcome, exact=True).check()
    page.get_by_label("Notes").fill("Spoke to the school's DSL; family agree to early help.")
    page.get_by_role("button", name="Save the review").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review {assessment.reference}")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    saved = page.locator(".govuk-summary-list").first
    expect(saved).to_contain_text(f"{rating.name}, response due by {due:%A} {due.day} {due:%B %Y, %H:%M}")
    expect(saved).to_contain_text("Agree with the level")
    expect(saved).to_contain_text(outcome)
    expect(page.get_by_label("Notes")).to_have_value("Spoke to the school's DSL; family agree to early help.")
    assert_accessible(page)

    review = Review.objects.get(assessment=assessment)
    assert (review.rag, review.decision, review.outcome) == (rating.name, Review.Decision.AGREE, outcome)
    assert review.due_by == due
    assert review.reviewer.username == "sefton-lead"
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DECIDED

    page.get_by_role("link", name="Review queue").first.click()
    row = _queue_row(page, assessment.reference)
    expect(row).to_contain_text(f"Decided: {outcome}")
    expect(row).to_contain_text(rating.name)
    assert_accessible(page)

    _sign_out(page)
    _sign_in(page, "sefton-practitioner", DEMO_PASSWORD, "My assessments")
    row = _queue_row(page, assessment.reference)
    expect(row.locator(".govuk-tag")).to_have_text("Decided")
    expect(row).to_contain_text(outcome)
    assert_accessible(page)


def test_setting_another_level_needs_a_rationale(page: Page, frameworks):
    frameworks("sefton")
    assessment = _demo_submission()
    other = 4 if assessment.level != 4 else 3
    _sign_in(page, "sefton-lead", DEMO_PASSWORD, "Review queue")
    page.goto(f"/review/{assessment.pk}/")

    page.get_by_role("group", name="RAG rating").get_by_role("radio").first.check()
    page.get_by_role("radio", name="Set another level").check()
    page.get_by_label("Level you set").select_option(value=str(other))
    page.get_by_role("button", name="Save the review").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Give the rationale for setting another level"])
    expect(page).to_have_title(f"Error: Review {assessment.reference} – Threshold")
    expect(page.get_by_role("radio", name="Set another level")).to_be_checked()  # nothing chosen is lost
    expect(page.get_by_label("Level you set")).to_have_value(str(other))
    assert_accessible(page)
    summary.get_by_role("link", name="Give the rationale for setting another level").click()
    expect(page.get_by_label("Rationale")).to_be_focused()
    assert not Review.objects.filter(assessment=assessment).exists()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED

    page.get_by_label("Rationale").fill("Police attended twice this month; the risk is higher than the ticks show.")
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator(".govuk-summary-list").first).to_contain_text(f"Set another level (level {other})")
    review = Review.objects.get(assessment=assessment)
    assert (review.decision, review.decided_level) == (Review.Decision.DIFFERENT, other)
    assert review.decision_rationale.startswith("Police attended twice")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_REVIEW  # no outcome yet: being reviewed, not decided


def test_a_review_by_keyboard_alone(page: Page, frameworks):
    frameworks("sefton")
    assessment = _demo_submission()
    ratings, outcomes = _ratings(), _outcomes()
    _sign_in(page, "sefton-lead", DEMO_PASSWORD, "Review queue")
    page.goto(f"/review/{assessment.pk}/")

    page.get_by_role("group", name="RAG rating").get_by_role("radio").first.focus()  # the only non-key step
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # the second rating
    expect(page.get_by_role("radio", name=ratings[1].name, exact=True)).to_be_checked()
    expect(page.get_by_role("radio", name=ratings[1].name, exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("radio", name="Agree with the level")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Level you set")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Rationale")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("radio", name=outcomes[0], exact=True)).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the third outcome
    expect(page.get_by_role("radio", name=outcomes[2], exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Notes")).to_be_focused()
    page.keyboard.type("Triage by keyboard.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save the review")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator(".govuk-summary-list").first).to_contain_text(outcomes[2])
    review = Review.objects.get(assessment=assessment)
    assert (review.rag, review.decision, review.outcome) == (ratings[1].name, Review.Decision.AGREE, outcomes[2])
    assert review.notes == "Triage by keyboard."
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DECIDED


def test_a_lead_of_another_partnership_gets_not_found(page: Page, frameworks):
    frameworks("sefton", "stoke-2018")
    assessment = _demo_submission()
    UserFactory(username="stoke-lead-2", role=User.Role.LEAD, partnership=partnership("stoke-on-trent"))
    _sign_in(page, "stoke-lead-2", PASSWORD, "Review queue")
    expect(page.get_by_role("link", name=assessment.reference)).to_have_count(0)
    expect(page.get_by_text(CHILD)).to_have_count(0)

    response = page.goto(f"/review/{assessment.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)  # the portal's own 404 page, in the GOV.UK layout
    assert CHILD not in page.content()
    assert assessment.reference not in page.content()
    # Nothing reviewed (the demo's own re-referred child, issue 17, has a decision made by the Sefton demo lead).
    assert not Review.objects.filter(assessment=assessment).exists()


def test_the_practitioner_disagrees_and_the_lead_moves_it_to_the_next_step(page: Page, frameworks):
    """Professional disagreement: raised from the assessment, seen by the lead on the review, stepped on."""
    frameworks("sefton")
    assessment = _demo_submission()
    lead = User.objects.get(username="sefton-lead")
    decided(assessment, lead=lead, outcome=_outcomes()[0])

    _sign_in(page, "sefton-practitioner", DEMO_PASSWORD, "My assessments")
    page.get_by_role("link", name=assessment.reference, exact=True).click()
    expect(page.get_by_role("heading", level=2, name="Your safeguarding lead's decision")).to_be_visible()
    page.get_by_role("link", name="Disagree with this decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Professional disagreement")
    page.get_by_role("button", name="Raise the disagreement").click()  # empty: an error, nothing saved
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why you disagree with the decision")
    assert_accessible(page)
    page.get_by_label("Why you disagree with the decision").fill("The bruising was seen twice this term.")
    page.get_by_role("button", name="Raise the disagreement").click()
    expect(page.get_by_text("Disagreement raised.")).to_be_visible()
    expect(page.get_by_text("Current step")).to_have_count(1)
    assert_accessible(page)
    _sign_out(page)

    _sign_in(page, "sefton-lead", DEMO_PASSWORD, "Review queue")
    expect(_queue_row(page, assessment.reference)).to_contain_text("Disagreement")
    page.goto(f"/review/{assessment.pk}/")
    page.get_by_role("link", name="See and record the disagreement").click()
    expect(page.get_by_text("The bruising was seen twice this term.")).to_be_visible()
    page.get_by_role("radio", name="Not resolved: move to the next step").check()
    page.get_by_label("What happened").fill("We spoke; we still disagree.")
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("Recorded.")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Step 2")).to_be_visible()
    assert_accessible(page)

    escalation = assessment.escalations.get()
    assert (escalation.step, escalation.status) == (2, "open")
    assert list(escalation.entries.values_list("action", flat=True)) == ["raised", "next_step"]
