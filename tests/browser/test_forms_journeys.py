"""Issue 18 items 1, 2, 5 and 11 in a real browser: the timeout warning and nothing typed lost, one draft from
a double click, deleting a draft, the task list and check answers, and error summaries that lead somewhere."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect

from portal.tests.factories import PASSWORD, AssessmentFactory, UserFactory, partnership
from referrals.assessments.kept import RESTORED, SIGNED_OUT
from referrals.models import Assessment

from .conftest import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}


def _sign_in(page: Page, username: str = "pat") -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _practitioner(username: str = "pat"):
    return UserFactory(username=username, partnership=partnership("sefton"), first_name="Pat", last_name="Okafor")


def test_the_timeout_warning_and_nothing_typed_is_lost(page: Page, frameworks, settings):
    """A 12-second session, warned 10 seconds before it ends: the dialog opens with the focus in it, "Stay
    signed in" keeps the session, and once it has ended what was typed on the step is put back after signing in."""
    frameworks("sefton")
    settings.SESSION_COOKIE_AGE = 12
    settings.SESSION_TIMEOUT_WARNING = 10
    draft = AssessmentFactory(owner=_practitioner(), child_name="")
    _sign_in(page)
    page.goto(f"/assessments/{draft.pk}/child")
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible(timeout=8_000)
    expect(dialog).to_be_focused()
    expect(dialog).to_contain_text("For your security, we will sign you out in")
    assert_accessible(page)
    with page.expect_response(lambda r: r.url.endswith("/account/session/extend")) as extended:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert extended.value.status == 200 and extended.value.json()["extended"] is True
    expect(dialog).to_be_hidden()

    page.set_viewport_size(PHONE)
    page.get_by_label("Child's name").fill("Typed while away")  # then the session ends
    ended = page.get_by_role("dialog", name="You have been signed out")
    expect(ended).to_be_visible(timeout=20_000)
    expect(ended).to_contain_text("What you typed on this page has not been saved")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    ended.get_by_role("button", name="Sign in again").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text(SIGNED_OUT)).to_be_visible()
    assert "Typed" not in page.url
    page.get_by_label("Username").fill("pat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the child")
    expect(page.get_by_text(RESTORED)).to_be_visible()
    expect(page.get_by_label("Child's name")).to_have_value("Typed while away")
    assert Assessment.objects.get().child_name == ""  # put back to check, not saved behind their back
    assert_accessible(page)


def test_a_double_click_on_start_makes_one_draft_and_a_draft_can_be_deleted(page: Page, frameworks, monkeypatch):
    """A slow server (a second to make the draft): the second click reaches it while the first is being
    served, as on a busy day, which made two drafts."""
    from referrals.assessments import views

    def slow_start(**kwargs):
        time.sleep(1)
        return start(**kwargs)

    start = views.assessment_start
    monkeypatch.setattr(views, "assessment_start", slow_start)
    frameworks("sefton")
    _practitioner()
    _sign_in(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("My assessments")
    page.goto("/assessments/new/sefton/sefton/")
    assert_accessible(page)
    page.get_by_role("button", name="Start").evaluate(  # a second click 300 ms after the first
        "button => { button.click(); setTimeout(() => button.click(), 300) }"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("About the child")
    page.wait_for_timeout(1500)  # any second request has been served
    assert Assessment.objects.count() == 1
    draft = Assessment.objects.get()

    page.set_viewport_size(PHONE)
    page.goto(f"/assessments/{draft.pk}/")
    page.get_by_role("link", name="Delete this draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to delete this draft?")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    page.get_by_role("button", name="Delete draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My assessments")
    expect(page.get_by_text(f"Draft {draft.reference} has been deleted.")).to_be_visible()
    expect(page.get_by_role("link", name=draft.reference)).to_have_count(0)
    assert_accessible(page)
    assert Assessment.objects.get().deleted_at is not None
    assert page.goto(f"/assessments/{draft.pk}/").status == 404


def test_task_list_check_answers_error_links_and_the_header(page: Page, frameworks):
    """Item 5 and 11 at desktop and phone sizes: no red list on a new draft, the task list, error links that
    move the focus to a real box (after the skip link too), Check your answers and its Change links."""
    frameworks("sefton")
    practitioner = _practitioner()
    _sign_in(page)
    expect(page.locator(".threshold-signed-in")).to_have_text(
        f"Signed in as Pat Okafor, {practitioner.partnership.name}"
    )
    page.goto("/assessments/new/sefton/sefton/")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the child")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    draft = Assessment.objects.get()

    # After the skip link, a post with an error: focus on the summary, its link to the year box.
    page.goto(f"/assessments/{draft.pk}/child#main-content")
    group = page.get_by_role("group", name="Date of birth")
    group.get_by_label("Day").fill("14")
    group.get_by_label("Month").fill("6")
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    assert "#main-content" not in page.url
    summary.get_by_role("link", name="Date of birth must include a year").click()
    expect(group.get_by_label("Year")).to_be_focused()
    assert_accessible(page)

    page.goto(f"/assessments/{draft.pk}/judgement#main-content")
    page.get_by_role("button", name="Save and continue").click()
    page.locator(".govuk-error-summary").get_by_role("link").first.click()
    expect(page.locator("#id_practitioner_level_1")).to_be_focused()

    # The task list, on a phone too.
    page.goto(f"/assessments/{draft.pk}/")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    tasks = page.locator(".govuk-task-list__item")
    expect(tasks).to_have_count(5)
    expect(tasks.nth(0)).to_contain_text("Not yet started")
    expect(tasks.nth(2)).to_contain_text("Cannot start yet")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Check your answers, a Change link and back; then sent, it says so.
    complete = AssessmentFactory(owner=practitioner)
    page.goto(f"/assessments/{complete.pk}/")
    page.get_by_role("link", name="Check your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.get_by_role("link", name="Change what is working well?").click()
    page.get_by_label("What is working well?").fill("Changed from check your answers.")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending")
    expect(page.get_by_text("Changed from check your answers.")).to_be_visible()
    page.get_by_role("button", name="Send to my safeguarding lead").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been sent")
    page.goto(f"/assessments/{complete.pk}/voice")
    expect(page.get_by_text("This assessment was sent on")).to_contain_text("and cannot be changed.")
    assert_accessible(page)
