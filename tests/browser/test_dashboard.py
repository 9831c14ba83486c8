"""The lead's dashboard in a real browser: reached from the menu, the figures in its tables, axe-core clean."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal.models import User
from portal.tests.factories import PASSWORD, UserFactory, current_framework, partnership
from referrals.models import Assessment, Review

from .conftest import assert_accessible, pass_second_factor

pytestmark = pytest.mark.browser


def test_a_lead_reads_the_dashboard(page: Page, frameworks):
    frameworks("sefton")
    sefton = partnership("sefton")
    practitioner = UserFactory(username="pat", partnership=sefton)
    UserFactory(username="lee", role=User.Role.LEAD, partnership=sefton)
    sent = timezone.now() - timedelta(days=2)
    levels = [(2, 2, "Signposting"), (2, 3, "Accepted as a referral"), (3, 3, "Accepted as a referral")]
    for i, (suggested, decided, outcome) in enumerate(levels):
        assessment = Assessment.objects.create(
            owner=practitioner,
            partnership=sefton,
            framework=current_framework(sefton),
            area="sefton",
            child_name=f"Child {i}",
            status=Assessment.Status.DECIDED,
            submitted_at=sent,
            suggested_level=suggested,
        )
        Review.objects.create(
            assessment=assessment,
            rag="Red",
            due_by=sent + timedelta(hours=2),
            decision=Review.Decision.AGREE if suggested == decided else Review.Decision.DIFFERENT,
            decided_level=decided,
            outcome=outcome,
            decided_at=sent + timedelta(hours=1 + i),  # the third is decided after its due-by time
        )

    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill("lee")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, "lee")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")

    outcomes = page.get_by_role("table", name="Decided assessments by outcome")
    expect(outcomes.get_by_role("row", name="Accepted as a referral")).to_contain_text("2")
    timeliness = page.get_by_role("table", name="Decisions against the due-by time")
    expect(timeliness.get_by_role("row", name="Red")).to_contain_text("2 (67%)")
    expect(page.get_by_role("img", name="Outcomes")).to_be_visible()
    expect(page.locator("#figures-counted")).to_contain_text("Figures counted at ")  # issue 19: a summary's time
    assert_accessible(page)

    with page.expect_download() as download:  # the returns CSV (issue 16): one row per sent assessment, no names
        page.get_by_role("link", name="Download every sent assessment as a CSV file").click()
    lines = open(download.value.path(), encoding="utf-8").read().splitlines()  # noqa: SIM115
    assert lines[0].startswith("reference,sent_at,decided_at") and len(lines) == 4
    assert not any("Child" in line for line in lines)

    page.get_by_label("Sent in").select_option("30")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_label("Sent in")).to_have_value("30")
    assert_accessible(page)
