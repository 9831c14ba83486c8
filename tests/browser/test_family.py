"""A family in one submission in a real browser (issue 17, item 1): a practitioner makes a family of three from a
draft (a brother and an unborn baby added), the household and consent written once; the error summary names the
child and the step still to do; the family is sent at once; the lead sees "Family of 3" on the queue and decides
each child on their own review page with the Family panel. axe-core on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal.models import User
from portal.tests.factories import PASSWORD, AssessmentFactory, UserFactory, partnership
from referrals.models import DEFAULT_OUTCOMES, Assessment
from thresholds.models import Outcome, RagRating

from .conftest import assert_accessible, pass_second_factor

pytestmark = pytest.mark.browser

FIRST, SECOND, BABY = "Elowen Tremayne Family", "Kit Tremayne Family", "Baby Tremayne Family"  # fictional


def _sign_in(page: Page, username: str, heading: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, username)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def _save_and_continue(page: Page, next_heading: str) -> None:
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(next_heading)


def _child_steps(page: Page, *, tick: str, level: str, voice: str | None) -> None:
    """From "What you have seen" to the overview (the consent step is the family's: saved as it is)."""
    page.locator(f"#indicator-{tick}").check()
    _save_and_continue(page, "Your judgement of the level")
    page.get_by_role("radio", name=level).check()
    _save_and_continue(page, "The child's voice and the assessment")
    if voice:
        page.get_by_label("The child's voice").fill(voice)
    _save_and_continue(page, "Consent and information sharing")
    page.get_by_role("button", name="Save and continue").click()


def test_a_practitioner_sends_a_family_of_three_and_the_lead_decides_each_child(page: Page, frameworks):
    frameworks("sefton")
    sefton = partnership("sefton")
    practitioner = UserFactory(username="pat", partnership=sefton)
    UserFactory(username="lee", partnership=sefton, role=User.Role.LEAD)
    first = AssessmentFactory(owner=practitioner, child_name=FIRST)  # a complete draft, level 3

    _sign_in(page, "pat", "My assessments")
    page.goto(f"/assessments/{first.pk}/")
    page.get_by_role("button", name="Add a brother, sister or unborn baby").click()

    # The brother: the household came with him, and the page says it is shared.
    expect(page.get_by_role("heading", level=1)).to_have_text("About the child")
    expect(page.get_by_text("the same for all 2 children")).to_be_visible()
    expect(page.get_by_label("Household members")).to_have_value(first.household)
    assert_accessible(page)
    page.get_by_label("Child's name").fill(SECOND)
    group = page.get_by_role("group", name="Date of birth")
    group.get_by_label("Day").fill("3")
    group.get_by_label("Month").fill("9")
    group.get_by_label("Year").fill("2021")
    _save_and_continue(page, "What you have seen")
    _child_steps(page, tick="learning-2-01", level="Level 2", voice="Kit says he hides when it gets loud.")

    # The unborn baby; the child's voice left out for now.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Assessment")
    page.get_by_role("button", name="Add a brother, sister or unborn baby").click()
    page.get_by_label("Child's name").fill(BABY)
    page.get_by_label("This is an unborn baby").check()
    baby = Assessment.objects.filter(family__isnull=False).order_by("-created").first()
    due = page.get_by_role("group", name="Expected date of delivery")
    when = timezone.localdate() + timedelta(days=100)
    due.get_by_label("Day").fill(str(when.day))
    due.get_by_label("Month").fill(str(when.month))
    due.get_by_label("Year").fill(str(when.year))
    _save_and_continue(page, "What you have seen")
    _child_steps(page, tick="learning-2-01", level="Level 2", voice=None)

    # The overview: three children, each with their own rows, consent once; sending too soon names what is missing.
    expect(page.get_by_role("heading", level=2, name=BABY)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=FIRST)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="For the whole family")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)  # nothing listed before "Send" (issue 18)
    page.get_by_role("button", name="Send all 3 to my safeguarding lead").click()  # refused: what is missing
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(f"{BABY} ({baby.reference}): Record the child's voice")
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The child's voice and the assessment")
    page.get_by_label("The child's voice").fill("The mother's worries for the baby, in her words.")
    _save_and_continue(page, "Consent and information sharing")
    expect(page.get_by_text("One answer for the family")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    page.get_by_role("button", name="Send all 3 to my safeguarding lead").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "have been sent to your safeguarding lead together"
    )
    expect(page.get_by_role("heading", level=2, name="Family")).to_be_visible()  # the family, read-only now
    assert_accessible(page)
    first.refresh_from_db()
    family = list(Assessment.objects.filter(family=first.family_id).order_by("created"))
    assert [a.child_name for a in family] == [FIRST, SECOND, BABY]
    assert {a.status for a in family} == {Assessment.Status.SUBMITTED}
    assert [a.suggested_level for a in family] == [3, 2, 2]
    assert len({(a.household, a.consent, a.consent_given_by) for a in family}) == 1
    page.get_by_role("button", name="Sign out").click()

    # The lead: the family together on the queue; each child decided on their own page.
    _sign_in(page, "lee", "Review queue")
    tags = page.get_by_role("row").filter(has_text="Family of 3")
    expect(tags).to_have_count(3)
    assert_accessible(page)
    framework = first.framework
    rags = list(RagRating.objects.filter(framework=framework).order_by("order").values_list("name", flat=True))
    outcomes = list(Outcome.objects.filter(framework=framework).order_by("order").values_list("text", flat=True))
    outcome = (outcomes or DEFAULT_OUTCOMES)[1]
    page.get_by_role("link", name=family[0].reference, exact=True).click()
    for i, child in enumerate(family):
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Review {child.reference}")
        panel = page.locator(".threshold-family")
        others = [c for c in family if c != child]
        for other in others:
            expect(panel.get_by_role("link", name=other.reference, exact=True)).to_be_visible()
            expect(panel).to_contain_text(other.child_name)
        if i == 0:
            assert_accessible(page)
        page.get_by_role("group", name="RAG rating").get_by_role("radio", name=rags[1 if i else 0], exact=True).check()
        page.get_by_role("group", name="Decision on the level").get_by_role(
            "radio", name="Agree with the level"
        ).check()
        page.get_by_role("group", name="Outcome").get_by_role("radio", name=outcome, exact=True).check()
        page.wait_for_load_state("networkidle")  # no request of the last page still running beside the save
        page.get_by_role("button", name="Save the review").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Review saved")
        page.wait_for_load_state("networkidle")
        if i < len(family) - 1:
            page.locator(".threshold-family").get_by_role("link", name=family[i + 1].reference, exact=True).click()
    expect(page.locator(".threshold-family")).to_contain_text("Agree with the level")
    assert_accessible(page)
    decided = list(Assessment.objects.filter(family=first.family_id).select_related("review"))
    assert {a.status for a in decided} == {Assessment.Status.DECIDED}
    rows = [(a.reference, a.due_by, a.review.due_by, a.review.rag, a.revision) for a in decided]
    assert len({a.due_by for a in decided}) == 1, rows  # the family's one due-by: the most urgent (the first child's)
    assert decided[0].due_by == min(a.review.due_by for a in decided)
