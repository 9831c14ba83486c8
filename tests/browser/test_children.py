"""The same child over time in a real browser (issue 17): the demo lead opens a referral of a child referred before,
confirms the possible link, sees the re-referral flag, opens the chronology and runs a search. axe on each page."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal.management.commands.demo_users import DEMO_PASSWORD
from portal.models import User
from portal.tests.factories import AssessmentFactory, decided
from referrals.assessments.services import assessment_submit
from referrals.models import Assessment, ChildSearch

from .conftest import assert_accessible, pass_second_factor

pytestmark = pytest.mark.browser

CHILD = "Morwenna Pengelly"  # fictional


def _send(owner: User, name: str = CHILD) -> Assessment:
    draft = AssessmentFactory(owner=owner, child_name=name)
    assert assessment_submit(assessment=draft, submitted_by=owner)
    draft.refresh_from_db()
    return draft


def test_a_lead_confirms_a_rereferral_sees_the_chronology_and_searches(page: Page, frameworks):
    frameworks("sefton")
    call_command("demo_users", "--force", stdout=StringIO())
    practitioner = User.objects.get(username="sefton-practitioner")
    lead = User.objects.get(username="sefton-lead")
    first = decided(_send(practitioner), lead=lead)
    Assessment.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - timedelta(days=90))
    second = _send(practitioner, "morwenna  PENGELLY")

    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill("sefton-lead")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, "sefton-lead")
    # The demo's own re-referral is flagged in the queue.
    expect(page.get_by_text("Re-referral within 12 months").first).to_be_visible()

    page.goto(f"/review/{second.pk}/")
    panel = page.locator("#earlier-assessments")
    expect(panel.get_by_role("table")).to_contain_text(first.reference)
    expect(panel).to_contain_text("Possible")
    expect(panel).not_to_contain_text("Re-referral within 12 months")
    assert_accessible(page)
    panel.get_by_role("button", name=re.compile(rf"^Same child\s+as {first.reference}")).click()
    expect(page.get_by_text("Link confirmed: the same child")).to_be_visible()
    expect(page.locator("#earlier-assessments")).to_contain_text("Re-referral within 12 months")
    expect(page.locator("#earlier-assessments")).to_contain_text("Confirmed")

    page.get_by_role("link", name="See this child's chronology").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chronology")
    expect(page.get_by_role("heading", level=2, name=first.reference)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=second.reference)).to_be_visible()
    assert_accessible(page)

    page.goto("/review/children/search")
    page.get_by_role("button", name="Search").click()  # nothing filled in: the error summary
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select why you are searching")
    assert_accessible(page)
    page.get_by_label("Child's name").fill("Morwenna Pengelly")
    born = first.date_of_birth
    page.get_by_label("Day").fill(str(born.day))
    page.get_by_label("Month").fill(str(born.month))
    page.get_by_label("Year").fill(str(born.year))
    page.get_by_label("A new concern about the child").check()
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="2 assessments found")).to_be_visible()
    assert "Pengelly" not in page.url.lower()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    assert ChildSearch.objects.get().results == 2
