"""The guidance editor in a real browser (issue 18, item 10): a partnership admin edits a draft in admin pages
that pass axe-core with 0 violations at desktop and phone sizes, every inline field labelled with its row,
no page wider than the window, every column of a change list readable on a phone, filter links 24 px high."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from portal.management.commands.demo_users import DEMO_PASSWORD
from portal.models import User
from thresholds import models, versioning

from .conftest import axe_violations, pass_second_factor

pytestmark = pytest.mark.browser

DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 375, "height": 740}


def _sign_in_as_admin(page: Page) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill("sefton-admin")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, "sefton-admin", check_accessible=False)


def _check_page(page: Page, url: str, problems: list[str]) -> None:
    """axe finds nothing, and nothing is wider than the window (no sideways scrolling of the page)."""
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    width = page.viewport_size["width"] if page.viewport_size else 0
    if violations := axe_violations(page):
        problems.append(f"{width}px {url}: axe {violations}")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"{width}px {url}: the page is {scroll_width}px wide")


def test_a_partnership_admin_edits_guidance_in_accessible_pages_on_desktop_and_phone(page: Page, frameworks):
    frameworks("sefton")
    call_command("demo_users", "--force", stdout=StringIO())
    draft = versioning.draft_from(
        models.Framework.objects.get(slug="sefton"), user=User.objects.get(username="sefton-admin")
    )
    domain = draft.domains.order_by("order", "pk").first()
    indicator = domain.indicators.order_by("order", "pk").first()
    framework_page = f"/admin/thresholds/framework/{draft.pk}/change/"
    domain_page = f"/admin/thresholds/domain/{domain.pk}/change/"
    desktop = [
        "/admin/",
        "/admin/thresholds/framework/",
        framework_page,
        domain_page,
        f"/admin/thresholds/indicator/{indicator.pk}/change/",
        f"/admin/thresholds/framework/{draft.pk}/publish/",
    ]
    phone = [  # the pages whose tables were wider than a phone
        framework_page,
        domain_page,
        f"/admin/thresholds/framework/{draft.pk}/history/",
        "/admin/thresholds/indicator/",  # last: the checks below read it as it is
    ]
    _sign_in_as_admin(page)

    problems: list[str] = []
    for size, urls in ((DESKTOP, desktop), (PHONE, phone)):
        page.set_viewport_size(size)
        for url in urls:
            _check_page(page, url, problems)
    assert problems == []

    # On a phone every column of a change list shows, named, inside the window (not only the first).
    first_row = page.locator("#result_list tbody tr").first
    for column in ("Code", "Text", "Level", "Domain", "Framework"):
        cell = first_row.locator(f"[data-label='{column}']")
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], column

    # Each inline field is labelled with its row, so a screen reader and a phone say which indicator it edits.
    page.goto(f"/admin/thresholds/domain/{domain.pk}/change/")
    row = re.escape(str(indicator))
    text = page.get_by_role("textbox", name=re.compile(rf"^{row}: Text$"))
    expect(text).to_be_visible()
    expect(page.get_by_role("combobox", name=re.compile(rf"^{row}: Level$"))).to_be_visible()

    # Desktop: the inline editors fit the window, filter links are at least 24 px high, and an edit saves.
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Add another Indicator").click()
    expect(page.get_by_role("textbox", name="New Indicator: Text")).to_have_count(1)
    page.locator("tr.dynamic-indicators .inline-deletelink").click()  # the added row is taken away again
    text = page.get_by_role("textbox", name=re.compile(rf"^{row}: Text$"))
    text.fill(indicator.text + " (checked)")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    indicator.refresh_from_db()
    assert indicator.text.endswith(" (checked)")

    page.goto("/admin/thresholds/indicator/")
    heights = page.locator("#changelist-filter li a").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 24, heights
