"""Playwright driving Debian's Chromium against pytest-django's live server.

Browsers cannot be downloaded here, so Playwright is pointed at /usr/bin/chromium (installed by
`make test` through scripts/debian-packages.sh). A missing browser fails the run: it is never skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from thresholds.interchange.load import load_directory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def frameworks(transactional_db):
    """Load the frameworks a test needs: live-server tests are transactional, emptied after each test."""

    def load(*slugs: str) -> None:
        load_directory(settings.FRAMEWORK_FIXTURES_DIR, only=slugs)

    return load


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport={"width": 1100, "height": 900})
    context.set_default_timeout(30_000)  # a loaded 2-core CI machine: axe on 373 checkboxes takes seconds
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def axe_violations(page) -> list[dict]:
    """Run axe-core (vendored from npm) on the page as it is now; return its violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core violations on {page.url}: {violations}"


def pass_second_factor(page, username: str, *, check_accessible: bool = True) -> None:
    """After the password, do what a lead or admin does: set up the authenticator app (reading the key off
    the page, as a phone would scan it) and carry on, or enter the app's code. Nothing for anyone else."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.wait_for_url(lambda url: "/account/sign-in/" not in url)
    if "/account/second-factor/" not in page.url:
        return
    device = TOTPDevice.objects.filter(user__username=username).order_by("-id").first()
    if "/set-up/" in page.url:
        assert device is not None and page.locator("[data-secret]").count() == 1
        if check_accessible:  # axe is injected as a script: not where the policy is enforced
            assert_accessible(page)
    else:
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # a test signs in again within 30 s
    code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    page.get_by_label("Code").fill(code)
    if "/set-up/" in page.url:
        page.get_by_role("button", name="Set up").click()
        page.get_by_role("link", name="Continue").click()
    else:
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/account/second-factor/" not in url)
