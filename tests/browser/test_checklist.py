"""The assessment's "What you have seen" step is the quick check's checklist component (issue 18, items 3 and
4): the same filter, the same live panel, kept in view at desktop and phone sizes; and usable with the
keyboard alone. Dense on purpose: one page load per test, many checks."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from portal.tests.factories import PASSWORD, AssessmentFactory, UserFactory, partnership

from .conftest import assert_accessible

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
WORD = "attendance"  # in some of Sefton's indicators, not most


def _draft_with_no_ticks(page: Page, frameworks) -> str:
    """Sefton's guidance, a practitioner signed in, and their draft with nothing ticked: its step's URL."""
    frameworks("sefton")
    owner = UserFactory(username="pat", partnership=partnership("sefton"))
    assessment = AssessmentFactory(owner=owner, indicators=[])
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill("pat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My assessments")
    return f"/assessments/{assessment.pk}/indicators"


def _shown(page: Page) -> int:
    return page.locator(".govuk-checkboxes__item:visible").count()


def _box(page: Page, selector: str) -> dict:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not displayed"
    return box


def test_the_indicator_step_filters_updates_the_panel_and_keeps_it_in_view(page: Page, frameworks):
    page.set_viewport_size(DESKTOP)
    page.goto(_draft_with_no_ticks(page, frameworks))
    expect(page.get_by_role("heading", level=1)).to_have_text("What you have seen")
    assert_accessible(page)
    everything = _shown(page)
    assert everything == 373
    expect(page.locator("#suggestion-panel")).to_contain_text("Nothing ticked yet")

    # The filter narrows the list as you type, as the quick check's does; ticks are kept.
    page.get_by_label("Filter indicators").fill(WORD)
    expect(page.locator("#filter-status")).to_contain_text(f"match “{WORD}”")
    shown = _shown(page)
    assert 0 < shown < everything
    for text in page.locator(".govuk-checkboxes__item:visible").all_inner_texts():
        assert WORD in text.lower()

    # Ticking updates the live panel, and the summary read out to screen readers.
    first = page.locator(".govuk-checkboxes__input:visible").first
    first.check()
    level = page.locator(".govuk-checkboxes__item:visible .govuk-hint").first.inner_text().split(":")[0]  # "Level N"
    expect(page.locator("#suggestion-panel")).to_contain_text(level)
    expect(page.locator("#suggestion-panel")).to_contain_text("1 indicator ticked")
    expect(page.locator("#suggestion-summary")).to_contain_text(level.lower())
    expect(page.locator("#suggestion-summary")).to_have_attribute("aria-live", "polite")
    expect(page.get_by_role("button", name="See the full result")).to_have_count(0)  # no result page here

    # The whole list again; scrolled to its bottom, the panel is still in the window.
    page.get_by_label("Filter indicators").fill("")
    expect(page.locator(".govuk-checkboxes__item:visible")).to_have_count(everything)
    page.locator(".govuk-checkboxes__item").last.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 5000
    panel = _box(page, ".threshold-panel")
    assert 0 <= panel["y"] and panel["y"] + panel["height"] <= DESKTOP["height"]
    assert panel["x"] > DESKTOP["width"] / 2  # beside the list, not under it

    # A phone: the panel is after the list, so a summary bar stays at the bottom of the screen.
    page.set_viewport_size(PHONE)
    page.evaluate("window.scrollTo(0, 0)")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    middle = page.locator(".govuk-checkboxes__item").nth(180)
    middle.scroll_into_view_if_needed()
    bar = _box(page, ".threshold-checklist__bar")
    assert 0 <= bar["y"] and bar["y"] + bar["height"] <= PHONE["height"] + 1
    assert bar["height"] < PHONE["height"] / 4
    expect(page.locator(".threshold-checklist__bar")).to_contain_text(level.lower())
    expect(page.get_by_role("link", name="See the suggested level")).to_be_visible()

    # Focus Not Obscured (WCAG 2.2 2.4.11): tabbing down the list never puts the focused box under the bar.
    page.locator(".govuk-checkboxes__input").nth(180).focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const r = document.activeElement.getBoundingClientRect(); return [r.top, r.bottom] })()"
        )
        bar = _box(page, ".threshold-checklist__bar")
        assert focused[1] <= bar["y"] + 1 and focused[0] >= 0, (focused, bar)

    # Ticking on the phone updates the bar (the panel is far below).
    page.keyboard.press("Space")
    expect(page.locator(".threshold-checklist__bar")).to_contain_text("2 indicators ticked")

    # The bar's link takes you to the full panel.
    page.get_by_role("link", name="See the suggested level").click()
    panel = _box(page, "#suggestion-panel")
    assert 0 <= panel["y"] < PHONE["height"]

    # The quick check is the same component: its bar on a phone, its panel in view on a desktop.
    page.goto("/check/sefton/sefton/")
    page.locator(".govuk-checkboxes__input").nth(180).check()
    expect(page.locator(".threshold-checklist__bar")).to_contain_text("1 indicator ticked")
    bar = _box(page, ".threshold-checklist__bar")
    assert 0 <= bar["y"] and bar["y"] + bar["height"] <= PHONE["height"] + 1
    page.set_viewport_size(DESKTOP)
    page.locator(".govuk-checkboxes__item").last.scroll_into_view_if_needed()
    panel = _box(page, ".threshold-panel")
    assert 0 <= panel["y"] and panel["y"] + panel["height"] <= DESKTOP["height"]
    expect(page.locator("#suggestion-panel")).to_contain_text("1 indicator ticked")
    expect(page.get_by_role("button", name="See the full result")).to_be_visible()


def test_the_indicator_step_with_the_keyboard_alone(page: Page, frameworks):
    """Tab and Space only: filter, reach a box, tick it, hear the panel change."""
    page.set_viewport_size(DESKTOP)
    page.goto(_draft_with_no_ticks(page, frameworks))
    for _ in range(40):
        if page.evaluate("document.activeElement.id") == "q":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q", "the filter cannot be reached with Tab"
    page.keyboard.type(WORD)
    expect(page.locator("#filter-status")).to_contain_text(f"match “{WORD}”")

    page.keyboard.press("Tab")  # the Filter button (for when JavaScript is off)
    assert page.evaluate("document.activeElement.textContent.trim()") == "Filter"
    page.keyboard.press("Tab")  # the first box the filter leaves shown
    focused = page.evaluate(
        "(() => { const e = document.activeElement;"
        " return [e.type, e.id, e.closest('.govuk-checkboxes__item').innerText] })()"
    )
    assert focused[0] == "checkbox" and WORD in focused[2].lower(), focused
    page.keyboard.press("Space")
    expect(page.locator(f"#{focused[1]}")).to_be_checked()
    expect(page.locator("#suggestion-panel")).to_contain_text("1 indicator ticked")
    expect(page.locator("#suggestion-summary")).to_contain_text("1 indicator ticked")
    assert page.evaluate("document.activeElement.id") == focused[1]  # the panel did not take the focus

    # Saving keeps exactly that tick.
    for _ in range(60):  # the filter still leaves a few boxes
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Save and continue":
            break
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your judgement of the level")
