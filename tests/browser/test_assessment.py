"""A practitioner's assessment in a real browser: sign in, quick check, save it, every step, send it, download
the PDF; axe-core on every page; and the child step done with the keyboard alone."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import Page, expect

from portal.tests.factories import PASSWORD, AssessmentFactory, UserFactory, partnership
from referrals.models import Assessment
from thresholds.models import Indicator

from .conftest import assert_accessible

pytestmark = pytest.mark.browser

CHILD = "Isla Marigold Penhaligon"
TICKS = ("learning-3-01", "learning-2-01")


def _practitioner(username: str = "pat"):
    return UserFactory(username=username, partnership=partnership("sefton"), first_name="Pat", last_name="Okafor")


def _sign_in(page: Page, username: str = "pat") -> None:
    page.goto("/account/sign-in/")
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My assessments")


def _save_and_continue(page: Page, next_heading: str) -> None:
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(next_heading)


def _date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_a_practitioner_saves_completes_sends_and_downloads_an_assessment(page: Page, frameworks, tmp_path):
    frameworks("sefton")
    _practitioner()
    texts = {code: Indicator.objects.get(framework__slug="sefton", code=code).text for code in TICKS}
    _sign_in(page)
    assert_accessible(page)

    # The quick check, then "Save as an assessment".
    page.goto("/check/sefton/sefton/")
    for code in TICKS:
        page.locator(f"#indicator-{code}").check()
    page.get_by_role("button", name="Get the suggested level").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Level 3")
    page.get_by_role("button", name="Save as an assessment").click()

    # About the child.
    expect(page.get_by_role("heading", level=1)).to_have_text("About the child")
    assessment = Assessment.objects.get()
    assert sorted(assessment.indicators) == sorted(TICKS)  # the ticks came with it
    assert CHILD.split()[0] not in page.url
    assert_accessible(page)
    page.get_by_label("Child's name").fill(CHILD)
    _date(page, "Date of birth", "14", "6", "2018")
    page.get_by_label("Address").fill("7 Marine Crescent\nWaterloo\nL22 5PR")
    page.get_by_label("Household members").fill("Mother (31) and a brother aged 3.")
    page.get_by_label("Parents or carers").fill("Mother has parental responsibility.")
    page.get_by_label("Agencies involved").fill("Waterloo Primary School; health visitor.")
    _save_and_continue(page, "What you have seen")

    # What was seen: the quick check's ticks are there.
    assert_accessible(page)
    for code in TICKS:
        expect(page.locator(f"#indicator-{code}")).to_be_checked()
    _save_and_continue(page, "Your judgement of the level")

    # The judgement: agree with the suggested level.
    assert_accessible(page)
    expect(page.get_by_text("The level suggested from your ticks is level 3.")).to_be_visible()
    page.get_by_role("radio", name="Level 3").check()
    _save_and_continue(page, "The child's voice and the assessment")

    assert_accessible(page)
    page.get_by_label("The child's voice").fill("Isla says she is hungry at school and misses her dad.")
    page.get_by_label("What are we worried about?").fill("Missed school on 12 days this term.")
    page.get_by_label("What is working well?").fill("Mother is open with the school.")
    page.get_by_label("What needs to happen?").fill("An early help assessment with the family.")
    _save_and_continue(page, "Consent and information sharing")

    assert_accessible(page)
    page.get_by_role("radio", name="Consent given").check()
    page.get_by_label("Who gave consent").fill("Mother")
    _date(page, "When consent was given", "2", "11", "2026")
    page.get_by_role("button", name="Save and continue").click()

    # The overview: complete, so it can be sent.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Assessment {assessment.reference}")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Send to my safeguarding lead").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Assessment {assessment.reference} has been sent to your safeguarding lead."
    )
    expect(page.get_by_role("button", name="Send to my safeguarding lead")).to_have_count(0)
    assert_accessible(page)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert (assessment.child_name, assessment.practitioner_level, assessment.consent) == (CHILD, 3, "given")

    # The print view and the PDF.
    page.get_by_role("link", name="Print view").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Referral summary {assessment.reference}")
    for text in texts.values():
        expect(page.get_by_text(text, exact=True)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    download = info.value
    assert download.suggested_filename == f"referral-{assessment.reference}.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    command = ["/usr/bin/pdftotext", "-enc", "UTF-8", str(path), "-"]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert CHILD in text
    assert "Isla says she is hungry at school and misses her dad." in text

    # My assessments lists it as sent.
    page.get_by_role("link", name="My assessments").first.click()
    row = page.get_by_role("row").filter(has_text=assessment.reference)
    expect(row).to_contain_text(CHILD)
    expect(row).to_contain_text("Sent to safeguarding lead")
    assert_accessible(page)

    # Filtered by status and part of the reference, in any case (issue 19): the same row, the filters kept.
    page.get_by_label("Status").select_option("sent")
    page.get_by_label("Reference").fill(assessment.reference.lower())
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("row").filter(has_text=assessment.reference)).to_contain_text(CHILD)
    expect(page.get_by_label("Reference")).to_have_value(assessment.reference.lower())
    assert_accessible(page)
    page.get_by_label("Status").select_option("draft")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No assessments match.")).to_be_visible()


def _tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_child_step_by_keyboard_alone(page: Page, frameworks):
    frameworks("sefton")
    practitioner = _practitioner()
    assessment = AssessmentFactory(owner=practitioner, child_name="", date_of_birth=None, address="", household="")

    page.goto("/account/sign-in/")
    _tab_to(page, "#id_username")
    page.keyboard.type("pat")
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("My assessments")

    page.goto(f"/assessments/{assessment.pk}/child")
    _tab_to(page, "#id_child_name")
    page.keyboard.type(CHILD)
    page.keyboard.press("Tab")
    expect(page.locator("#id_unborn")).to_be_focused()  # leave it unticked
    page.keyboard.press("Tab")
    expect(page.locator("#id_date_of_birth_0")).to_be_focused()
    for part in ("3", "9", "2016"):  # day, month, year: one box each, in order
        page.keyboard.type(part)
        page.keyboard.press("Tab")
    expect(page.locator("#id_expected_due_date_0")).to_be_focused()
    _tab_to(page, "#id_address")
    page.keyboard.type("2 Linacre Lane")
    page.keyboard.press("Enter")  # a new line in the address, not a submission
    page.keyboard.type("Bootle")
    _tab_to(page, "#id_household")
    page.keyboard.type("Grandmother (62), who is her special guardian.")
    _tab_to(page, "button[name=save]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("What you have seen")

    assessment.refresh_from_db()
    assert assessment.child_name == CHILD
    assert assessment.date_of_birth.isoformat() == "2016-09-03"
    assert assessment.address.replace("\r\n", "\n") == "2 Linacre Lane\nBootle"
    assert assessment.household == "Grandmother (62), who is her special guardian."


def test_a_mistake_in_the_date_of_birth_is_shown_and_reached_from_the_summary(page: Page, frameworks):
    frameworks("sefton")
    practitioner = _practitioner()
    assessment = AssessmentFactory(owner=practitioner, child_name="", date_of_birth=None)
    _sign_in(page)
    page.goto(f"/assessments/{assessment.pk}/child")
    page.get_by_label("Child's name").fill(CHILD)
    _date(page, "Date of birth", "1", "1", "2099")
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves the focus to the summary
    expect(summary).to_contain_text("Date of birth must be today or in the past")
    expect(page.get_by_label("Child's name")).to_have_value(CHILD)  # nothing typed is lost
    expect(page.get_by_role("group", name="Date of birth").get_by_label("Year")).to_have_value("2099")
    assert_accessible(page)
    summary.get_by_role("link", name="Date of birth must be today or in the past").click()
    expect(page.locator("#id_date_of_birth_0")).to_be_focused()
    assessment.refresh_from_db()
    assert assessment.child_name == ""
