"""The practitioner's quick check in a real browser, by mouse and by keyboard, with axe-core on every page."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from thresholds.models import Indicator

from .conftest import assert_accessible

pytestmark = pytest.mark.browser

IN_HOURS = "2026-11-23T10:00"  # a Monday morning
OUT_OF_HOURS = "2026-11-23T20:00"  # the same Monday evening


@dataclass(frozen=True)
class Journey:
    choice: str  # the radio's label on the start page
    framework: str
    lower: str  # indicator codes ticked, at two levels
    higher: str
    level: int
    in_hours: tuple[str, str]  # (phone, status) of the first service listed at IN_HOURS
    out_of_hours: tuple[str, str]  # and at OUT_OF_HOURS
    also_load: tuple[str, ...] = ()  # a replaced framework names its successor


JOURNEYS = [
    Journey(
        "Herefordshire and Worcestershire: Herefordshire",
        "hw-2025",
        "health-2-01",
        "health-4-01",
        4,
        ("01432 260800", "Open"),
        ("01905 768020", "Open"),
    ),
    Journey(
        "Herefordshire and Worcestershire: Worcestershire",
        "hw-2025",
        "health-2-01",
        "health-4-01",
        4,
        ("01905 822666", "Open"),
        ("01905 768020", "Open"),
    ),
    Journey(
        "Herefordshire Safeguarding Children Partnership (replaced guidance)",
        "herefordshire-2024",
        "learning-2-01",
        "learning-4-01",
        4,
        ("999", "Open"),  # the document prints no hours for MASH or EDT: only the police line is sure to answer
        ("999", "Open"),
        also_load=("hw-2025",),
    ),
    Journey(
        "Worcestershire Safeguarding Children Board (replaced guidance)",
        "worcestershire-2017",
        "health-2-01",
        "health-4-01",
        4,
        ("01905 822666", "Open"),
        ("01905 768020", "Open"),
        also_load=("hw-2025",),
    ),
    Journey(
        "Stoke-on-Trent Safeguarding Children Board",
        "stoke-2018",
        "development-2-01",
        "development-4-01",
        4,
        ("01782 235100", "Open"),
        ("01782 234234", "Open"),
    ),
    Journey(
        "Sefton Safeguarding Children Partnership",
        "sefton",
        "learning-1-01",
        "learning-4-01",
        4,
        ("0345 140 0845", "Hours not given"),  # Sefton prints no opening hours
        ("0345 140 0845", "Hours not given"),
    ),
]


def _text(framework: str, code: str) -> str:
    return Indicator.objects.get(framework__slug=framework, code=code).text


def _first_words(text: str, n: int = 5) -> str:
    return " ".join(text.split()[:n])


def _tick_by_filtering(page: Page, text: str) -> None:
    """What a practitioner does: type a few words of what they saw, then tick it."""
    words = _first_words(text)
    page.get_by_label("Filter indicators").fill(words)
    # Wait for the as-you-type filter to settle, or the box may move under the click.
    expect(page.locator("#filter-status")).to_contain_text(f"match “{words}”")
    box = page.get_by_role("checkbox", name=text, exact=True).first
    expect(box).to_be_visible()
    box.check()


def _check_result(page: Page, journey: Journey, lower: str, higher: str, expected: tuple[str, str]) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Suggested level: Level {journey.level}")
    reasons = page.locator("#reasons ~ ul")
    expect(reasons.get_by_text(lower, exact=True)).to_have_count(1)
    expect(reasons.get_by_text(higher, exact=True)).to_have_count(1)
    first = page.locator(".threshold-contacts tbody tr").first
    phone, status = expected
    expect(first.get_by_role("cell").nth(0)).to_contain_text(phone)
    expect(first.get_by_role("cell").nth(2)).to_have_text(status)
    expect(page.locator("#emergency")).to_be_visible()


@pytest.mark.parametrize("journey", JOURNEYS, ids=[j.choice.split(":")[-1].split(" (")[0].strip() for j in JOURNEYS])
def test_journey_by_mouse(page: Page, frameworks, journey: Journey) -> None:
    frameworks(journey.framework, *journey.also_load)
    lower, higher = _text(journey.framework, journey.lower), _text(journey.framework, journey.higher)
    page.goto("/")
    expect(page.get_by_text("If a child is in immediate danger, call 999.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(journey.choice).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tick what you see")

    _tick_by_filtering(page, lower)
    expect(page.locator("#suggestion-panel")).to_contain_text(f"Level {_level(journey.framework, journey.lower)}")
    _tick_by_filtering(page, higher)
    expect(page.locator("#suggestion-panel")).to_contain_text(f"Level {journey.level}")
    assert_accessible(page)

    page.get_by_text("Check who answers at another time").click()
    page.get_by_label("Date and time to check opening hours for").fill(IN_HOURS)
    page.get_by_role("button", name="Get the suggested level").click()
    _check_result(page, journey, lower, higher, journey.in_hours)
    assert_accessible(page)

    # Back to the answers: both ticks kept; change the time to the evening.
    page.get_by_role("button", name="Change your answers").click()
    expect(page.locator(f"#indicator-{journey.lower}")).to_be_checked()
    expect(page.locator(f"#indicator-{journey.higher}")).to_be_checked()
    page.get_by_label("Date and time to check opening hours for").fill(OUT_OF_HOURS)
    page.get_by_role("button", name="Get the suggested level").click()
    _check_result(page, journey, lower, higher, journey.out_of_hours)

    page.get_by_role("button", name="Print view").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Level {journey.level}")
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    assert_accessible(page)


def _level(framework: str, code: str) -> int:
    return Indicator.objects.get(framework__slug=framework, code=code).level.number


def _tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_journey_by_keyboard_alone(page: Page, frameworks) -> None:
    journey = JOURNEYS[4]  # Stoke-on-Trent
    frameworks(journey.framework, *journey.also_load)
    lower, higher = _text(journey.framework, journey.lower), _text(journey.framework, journey.higher)
    page.goto("/")
    _tab_to(page, "input[type=radio]")
    # Arrow keys move between radios; find the one for this journey.
    target = page.get_by_label(journey.choice)
    for _ in range(10):
        if target.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(target).to_be_checked()
    _tab_to(page, "button[name=choose]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tick what you see")

    for text, code in ((lower, journey.lower), (higher, journey.higher)):
        _tab_to(page, "#q")
        page.keyboard.press("Control+A")
        page.keyboard.type(_first_words(text))
        expect(page.locator("#filter-status")).to_contain_text("match")
        _tab_to(page, f"#indicator-{code}")
        page.keyboard.press("Space")
        expect(page.locator(f"#indicator-{code}")).to_be_checked()
    expect(page.locator("#suggestion-panel")).to_contain_text(f"Level {journey.level}")

    _tab_to(page, "#get-result")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Level {journey.level}")
    expect(page.locator("#reasons ~ ul").get_by_text(higher, exact=True)).to_have_count(1)


def test_empty_submission_gets_the_error_summary(page: Page, frameworks) -> None:
    frameworks("sefton")
    page.goto("/check/sefton/sefton/")
    page.get_by_role("button", name="Get the suggested level").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(summary.get_by_role("link", name="Select at least one indicator you have seen")).to_be_visible()
    assert_accessible(page)
    summary.get_by_role("link").click()
    expect(page.locator("#indicator-learning-1-01")).to_be_focused()


def test_start_page_without_a_choice_gets_the_error_summary(page: Page, frameworks) -> None:
    frameworks("stoke-2018", "sefton")
    page.goto("/")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the partnership and area where the child lives"
    )
    assert_accessible(page)


def test_filter_without_javascript_keeps_ticks(browser, live_server, frameworks) -> None:
    frameworks("stoke-2018")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/check/stoke-2018/stoke-on-trent/")
    page.locator("#indicator-development-4-01").check()
    page.get_by_label("Filter indicators").fill("school")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#filter-status")).to_contain_text("match “school”")
    expect(page.locator("#indicator-development-4-01")).to_be_hidden()  # filtered out, but still ticked
    page.get_by_role("button", name="Get the suggested level").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Level 4")
    context.close()
