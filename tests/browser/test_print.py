"""Printing (issue 18, item 6), in a real browser with print emulation, at desktop and phone sizes: the consent
and information-sharing guidance is printed open, no title or emergency sentence is printed twice, and no
phone number wraps mid-number; and the portal's own font (item 13): no GDS Transport, no font file asked for."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from portal.access import Role
from portal.tests.factories import PASSWORD, decided, make_user

from .conftest import assert_accessible

pytestmark = pytest.mark.browser

# Each phone number in the page's main text (as the nowrap_phones filter finds them), with how many lines it
# takes and the white-space of the element holding it.
PHONES = """() => {
  const found = []
  const pattern = /(?:\\+44 ?|0)\\d{2,4}(?: ?\\d{3,4}){1,2}/g
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(pattern)) {
      const range = document.createRange()
      range.setStart(node, match.index)
      range.setEnd(node, match.index + match[0].length)
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size
      found.push({ number: match[0], lines, whiteSpace: getComputedStyle(node.parentElement).whiteSpace })
    }
  }
  return found
}"""
FONTS = """() => [...document.fonts].map((f) => f.family)
  .concat([getComputedStyle(document.querySelector('h1')).fontFamily])"""


def _watch_failures(page: Page) -> list[str]:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return failed


def _phones_unbroken(page: Page) -> list[dict]:
    """Every phone number in the main text, checked at a phone's width; it must have some to check."""
    phones = page.evaluate(PHONES)
    assert phones, "no phone number found to check"
    return [p for p in phones if p["lines"] != 1 or p["whiteSpace"] != "nowrap"]


def _quick_check(page: Page, slug: str, area: str, codes: list[str]) -> None:
    page.goto(f"/check/{slug}/{area}/")
    for code in codes:
        page.locator(f"input[value='{code}']").check()
    page.get_by_role("button", name="Get the suggested level").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Suggested level")


def test_the_quick_checks_print_view_prints_everything_once_and_numbers_whole(page: Page, frameworks):
    frameworks("hw-2025")
    failed = _watch_failures(page)
    _quick_check(page, "hw-2025", "herefordshire", ["health-2-01", "health-4-01"])
    page.get_by_role("button", name="Print view").or_(page.get_by_role("link", name="Print view")).first.click()
    expect(page).to_have_url(f"{page.url.split('/check/')[0]}/check/hw-2025/herefordshire/print")
    main = page.locator("main")

    # The guidance in <details> comes open from the server, so it prints with or without JavaScript.
    details = main.locator("details")
    assert details.count() >= 2
    assert details.evaluate_all("all => all.filter((d) => !d.open).length") == 0
    page.emulate_media(media="print")
    expect(main.get_by_text("UK GDPR provides a number of bases", exact=False)).to_be_visible()
    expect(main.get_by_text("Sharing information or referring a child", exact=False)).to_be_visible()

    # "Information sharing and consent" is one section of the document, continued: one title, both passages.
    expect(main.locator("summary", has_text="Information sharing and consent")).to_have_count(1)
    text = main.inner_text()
    assert text.count("If a child is at risk of immediate harm then the police should be called on 999") == 1
    assert "All verbal referrals are required to be followed up in writing the next working day." in text

    # At a phone's width, printed or on screen, no number breaks across lines.
    page.set_viewport_size({"width": 320, "height": 800})
    assert _phones_unbroken(page) == []
    page.emulate_media(media="screen")
    assert _phones_unbroken(page) == []
    assert_accessible(page)

    # The portal's own font, and nothing asked for that is not there (no font files).
    fonts = page.evaluate(FONTS)
    assert not [f for f in fonts if "GDS Transport" in f], fonts
    assert "arial" in fonts[-1].lower()
    assert failed == []


def test_printing_the_result_page_opens_the_guidance_and_each_title_is_printed_once(page: Page, frameworks):
    frameworks("sefton")
    _quick_check(page, "sefton", "sefton", ["learning-2-01"])
    main = page.locator("main")
    closed = "all => all.filter((d) => !d.open).length"
    details = main.locator("details")
    assert details.count() >= 2
    assert details.evaluate_all(closed) == details.count()  # on screen, closed as ever

    # Sefton's "Consent" section is two passages: one title. Its level 2 pathway is two passages: one title.
    expect(main.locator("summary", has_text="Consent")).to_have_count(1)
    expect(main.get_by_role("heading", name="Level 2 – Children with additional needs")).to_have_count(1)

    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    assert details.evaluate_all(closed) == 0
    expect(main.get_by_text("Professionals must gain consent and inform parents", exact=False)).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 800})
    assert _phones_unbroken(page) == []
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert details.evaluate_all(closed) == details.count()  # back as they were
    assert_accessible(page)


def test_the_decided_assessments_summary_prints_numbers_whole_and_the_decision(page: Page, frameworks):
    frameworks("sefton")
    lead = make_user("lena", role=Role.LEAD, first_name="Lena", last_name="Okafor")
    assessment = decided(lead=lead, ticks=20, max_level=3, practitioner_level=4, level_rationale="A disclosure.")
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(assessment.owner.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My assessments")
    page.goto(f"/assessments/{assessment.pk}/summary")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Referral summary {assessment.reference}")
    decision = page.get_by_role("heading", name="The safeguarding lead's decision")
    expect(decision).to_be_visible()
    expect(page.locator("main")).to_contain_text("by Lena Okafor")
    page.set_viewport_size({"width": 320, "height": 800})
    page.emulate_media(media="print")
    assert _phones_unbroken(page) == []
    assert page.locator("main").inner_text().count("0151 934 4013") >= 1  # Sefton's MASH, level 4's door
    page.emulate_media(media="screen")
    assert_accessible(page)
