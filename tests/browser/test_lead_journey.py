"""Issue 18, items 8 and 12 for the lead: the review page shows the referral first and the form beside it (1280 px)
or after it (320 px); the queue's filters are choices; "Assign to me" and the "Assigned to me" filter; neither page
scrolls sideways on a phone. axe-core on every page state."""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

from portal.models import User
from portal.tests.factories import PASSWORD, AssessmentFactory, make_user
from referrals.models import Assessment
from thresholds.engine import LONDON

from .conftest import assert_accessible, pass_second_factor

pytestmark = pytest.mark.browser

CHILD = "Ottoline Brackenbury-Fairweather"  # fictional, long enough to test wrapping
SENT = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def _sign_in(page: Page, username: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, username)


def test_the_lead_assigns_filters_and_reviews_at_desktop_and_phone_sizes(page: Page, frameworks):
    frameworks("sefton")
    practitioner = make_user("prac", role=User.Role.PRACTITIONER, first_name="Pia", last_name="Nakamura-Lindqvist")
    make_user("lead", role=User.Role.LEAD, first_name="Lena", last_name="Ashdown")
    make_user("lead2", role=User.Role.LEAD, first_name="Colm", last_name="Varley")
    mine, theirs = (
        AssessmentFactory(owner=practitioner, child_name=CHILD, submitted=True, submitted_at=SENT) for _ in range(2)
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_in(page, "lead")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")

    # The filters are choices: the partnership's areas (a select) and RAG ratings (checkboxes).
    expect(page.get_by_label("Area")).to_have_js_property("tagName", "SELECT")
    expect(page.get_by_role("group", name="RAG rating").get_by_role("checkbox")).not_to_have_count(0)
    expect(page.get_by_role("columnheader", name="Assigned to")).to_be_visible()
    assert_accessible(page)

    # "Assign to me" from the queue; then "Assigned to me" shows it alone.
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=mine.reference, exact=True))
    row.get_by_role("button", name=f"Assign to me {mine.reference}").click()
    expect(page.get_by_text(f"{mine.reference} assigned to you")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=mine.reference, exact=True))
    expect(row.get_by_role("cell").last).to_contain_text("You")
    page.get_by_label("Assigned to me").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name=mine.reference, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=theirs.reference, exact=True)).to_have_count(0)
    assert_accessible(page)

    # A value that is not a choice is an error, linked to its field.
    page.goto("/review/?area=atlantis")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select an area from the list")
    summary.get_by_role("link", name="Select an area from the list").click()
    expect(page.get_by_label("Area")).to_be_focused()
    assert_accessible(page)

    # The review page: the referral first, the form beside it in a sticky column.
    page.goto(f"/review/{theirs.pk}/")
    referral = page.locator(".threshold-review__referral")
    form = page.locator(".threshold-review__form")
    ref_box, form_box = referral.bounding_box(), form.bounding_box()
    assert ref_box and form_box and form_box["x"] > ref_box["x"] + ref_box["width"] - 1
    assert abs(form_box["y"] - ref_box["y"]) < 5
    assert ref_box["width"] > 1.8 * form_box["width"]
    page.mouse.wheel(0, 1500)
    page.wait_for_function("() => window.scrollY > 1000")
    top = page.evaluate("() => document.querySelector('.threshold-review__form').getBoundingClientRect().top")
    assert 0 <= top < 50, "the form stays in view as the referral scrolls"
    page.get_by_label("Assigned to", exact=True).select_option(label="Colm Varley")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text(f"{theirs.reference} assigned to Colm Varley")).to_be_visible()
    expect(page.locator("#id_assignee-hint")).to_have_text("Now: Colm Varley")
    assert Assessment.objects.get(pk=theirs.pk).assigned_to.username == "lead2"
    assert_accessible(page)

    # On a phone: the referral, then the form; nothing scrolls sideways; the queue is one card per row.
    for width in (320, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"/review/{theirs.pk}/")
        ref_box, form_box = referral.bounding_box(), form.bounding_box()
        assert ref_box and form_box and form_box["y"] >= ref_box["y"] + ref_box["height"] - 1
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"the review page scrolls sideways at {width} px"
        page.goto("/review/")
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"the queue scrolls sideways at {width} px"
        expect(page.get_by_text(CHILD).first).to_be_visible()
        assert_accessible(page)
