"""A lead's second factor in a real browser (issue 14): enrol, sign out, sign in with it, refused without
it, and a recovery code that works once. axe-core on each second-factor page."""

from __future__ import annotations

import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from portal.models import User
from portal.tests.factories import PASSWORD, UserFactory, partnership

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def _password(page: Page, username: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _code(username: str, steps_ahead: int = 0) -> str:
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time() + steps_ahead * device.step
    return f"{generator.token():06d}"


def _base32_key(page: Page) -> str:
    return page.locator("[data-secret]").get_attribute("data-secret").replace(" ", "")


def test_a_lead_enrols_signs_in_with_it_and_a_recovery_code_works_once(page: Page, frameworks):
    frameworks("sefton")
    UserFactory(username="lee", role=User.Role.LEAD, partnership=partnership("sefton"))

    _password(page, "lee")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    assert len(_base32_key(page)) == 32  # 160 bits, typed or scanned into the app
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Set up").click()  # nothing entered
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the code from your authenticator app")
    device = TOTPDevice.objects.get(user__username="lee")
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Code").fill(f"{generator.token():06d}")
    page.get_by_role("button", name="Set up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your second factor is set up")
    codes = page.locator(".threshold-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    page.get_by_role("button", name="Sign out").click()

    _password(page, "lee")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    assert_accessible(page)
    page.goto("/review/")  # refused without it: sent back to the code page
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    page.get_by_label("Code").fill("123456" if _code("lee", 1) != "123456" else "654321")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert_accessible(page)
    time.sleep(1.1)  # django-otp slows guessing after a wrong code
    page.get_by_label("Code").fill(_code("lee", 1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    page.get_by_role("button", name="Sign out").click()

    _password(page, "lee")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    page.get_by_role("button", name="Sign out").click()

    _password(page, "lee")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")


def test_a_lead_reads_the_security_log(page: Page, frameworks):
    """The security log (issue 14) in a browser: the lead's own sign-in is there, and axe finds nothing."""
    frameworks("sefton")
    UserFactory(username="lee", role=User.Role.LEAD, partnership=partnership("sefton"))
    _password(page, "lee")
    from .conftest import pass_second_factor

    pass_second_factor(page, "lee")
    page.get_by_role("link", name="Security log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Security log")
    expect(page.get_by_role("row", name=re.compile("Signed in"))).to_have_count(1)
    assert_accessible(page)
