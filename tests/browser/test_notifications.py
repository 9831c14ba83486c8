"""Notifications in a real browser (issue 15): the demo lead sees the header's unread count, opens the
Notifications page (axe-core), marks the messages read and saves their e-mail choices."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from portal.management.commands.demo_users import DEMO_PASSWORD
from referrals.demo import DEMO_CHILD
from referrals.models import Assessment

from .conftest import assert_accessible
from .test_review import _demo_submission, _sign_in

pytestmark = pytest.mark.browser


def test_the_demo_lead_reads_their_notifications_and_chooses_what_is_emailed(page: Page, frameworks):
    frameworks("sefton")
    _demo_submission()  # the demo data sends one assessment through assessment_submit: the lead has a message
    demo = Assessment.objects.get(owner__username="sefton-practitioner", child_name=DEMO_CHILD)
    _sign_in(page, "sefton-lead", DEMO_PASSWORD, "Review queue")
    # 4: the demo assessment, the demo family's one message and the demo child referred twice (issue 17).
    link = page.get_by_role("link", name="Notifications 4 unread")
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    table = page.get_by_role("table", name="Your notifications")
    expect(table).to_contain_text(f"Assessment {demo.reference} sent to you")
    expect(table).not_to_contain_text("Sam Example")
    assert_accessible(page)

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("All your notifications are marked as read.")).to_be_visible()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    page.get_by_label("A rated assessment is nearly due").uncheck()
    page.get_by_role("button", name="Save your choices").click()
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    expect(page.get_by_label("A rated assessment is nearly due")).not_to_be_checked()
    assert_accessible(page)

    page.get_by_role("link", name=f"Open assessment {demo.reference}").click()
    expect(page).to_have_url(re.compile(f"/review/{demo.pk}/$"))
