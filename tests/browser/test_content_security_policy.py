"""The pages work under the strict Content-Security-Policy (issue 14), in a browser that enforces it.

The other browser tests bypass the policy so that axe-core can be injected; this one does not, and
fails on any "Refused to ..." report the browser makes while a practitioner ticks (htmx live panel),
reads the result, and a lead and a partnership admin open their pages.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from portal.management.commands.demo_users import DEMO_PASSWORD

from .conftest import pass_second_factor

pytestmark = pytest.mark.browser


@pytest.fixture
def strict_page(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, bypass_csp=False, viewport={"width": 1100, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: refused.append(str(exc)))
    yield page, refused
    context.close()


def _sign_in(page, username: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, username, check_accessible=False)


def test_the_journeys_run_under_the_policy(strict_page, frameworks):
    page, refused = strict_page
    frameworks("stoke-2018")
    call_command("demo_users", "--force", stdout=StringIO())

    page.goto("/check/stoke-2018/stoke-on-trent/")
    page.locator("input[name=indicators]").first.check()
    expect(page.locator("#suggestion-panel")).to_contain_text("Level")  # htmx ran and swapped the panel in
    page.get_by_role("button", name="Get the suggested level").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    _sign_in(page, "stoke-lead")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto("/review/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, "stoke-admin")
    expect(page.locator("#content")).to_be_visible()
    page.goto("/admin/thresholds/framework/")
    expect(page.locator("#content")).to_be_visible()
    assert refused == []
