"""The accessibility statement and the privacy notice in a real browser: reached from the footer, with
axe-core on both (issue 14)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_the_footer_leads_to_the_accessibility_statement_and_the_privacy_notice(page: Page, frameworks):
    page.goto("/")
    footer = page.locator("footer")
    footer.get_by_role("link", name="Accessibility statement").click()
    page.wait_for_url("**/accessibility/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement for Threshold")
    assert_accessible(page)

    page.locator("footer").get_by_role("link", name="Privacy notice").click()
    page.wait_for_url("**/privacy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    assert_accessible(page)
