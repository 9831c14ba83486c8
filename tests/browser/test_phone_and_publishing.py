"""Issue 18, items 9 and 12 in a real browser, at 1280 px and at phone widths (320 and 375 px), axe on every page.

Item 12: the contacts table keeps "At that time" in view, My assessments and Stoke-on-Trent's disagreement page do
not scroll sideways (its plain-text address is a link that wraps), a lead opening /admin/ gets the portal's 403,
the invalid reset link's title matches its heading, and the sign-in form is not nested in another form.
Item 9: after a new version is published, the start page lists it once and the old one under "Replaced guidance",
the old URL says what replaced it (with a link), and a draft on the old version moves to the new one."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from portal.models import User
from portal.tests.factories import PASSWORD, AssessmentFactory, decided, make_user
from referrals.models import Assessment
from thresholds import models, versioning

from .conftest import assert_accessible, pass_second_factor

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
PHONES = (320, 375)


def _sign_in(page: Page, username: str) -> None:
    page.goto("/account/sign-in/")
    assert page.locator("form form").count() == 0, "the sign-in form is nested in another form"
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, username)


def _sign_out(page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})  # on a phone the button is behind the menu toggle
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def _fits(page: Page, what: str) -> None:
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{what} scrolls sideways at {width} px"


def test_phone_sized_pages_and_the_admin_refusal(page: Page, frameworks):
    frameworks("stoke-2018")
    practitioner = make_user("prac", role=User.Role.PRACTITIONER, slug="stoke-on-trent")
    make_user("lead", role=User.Role.LEAD, slug="stoke-on-trent")
    lead = User.objects.get(username="lead")
    sent = decided(lead=lead, owner=practitioner, child_name="Araminta Featherstonehaugh-Wolstenholme")

    # The quick check's contacts: "At that time" stays in view on a phone.
    for width in PHONES:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/check/stoke-2018/stoke-on-trent/")
        page.locator("#indicator-development-4-01").check()
        page.get_by_role("button", name="Get the suggested level").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Suggested level")
        status = page.locator(".threshold-contacts tbody tr").first.locator("td").last  # At that time
        expect(status).to_be_visible()
        box = status.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, "At that time is off-screen"
        _fits(page, "the result page")
        assert_accessible(page)

    # The invalid reset link: the title says what the heading says.
    page.goto("/account/password-reset/MQ/not-a-token/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    expect(page).to_have_title(re.compile(r"^This link does not work"))
    assert_accessible(page)

    # My assessments and the disagreement page (Stoke's address in the text) on a phone.
    _sign_in(page, "prac")
    for width in PHONES:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/assessments/")
        expect(page.get_by_role("link", name=sent.reference)).to_be_visible()
        _fits(page, "My assessments")
        assert_accessible(page)
        page.goto(f"/assessments/{sent.pk}/disagreement")
        _fits(page, "the disagreement page")
        link = page.get_by_role("link", name="http://webapps.stoke.gov.uk", exact=False)
        expect(link).to_have_attribute("href", re.compile(r"^http://webapps\.stoke\.gov\.uk/"))
        assert_accessible(page)
    _sign_out(page)

    # A lead opening /admin/: the portal's 403 page, not Django's admin sign-in.
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_in(page, "lead")
    response = page.goto("/admin/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do that")
    expect(page.get_by_label("Password")).to_have_count(0)
    assert_accessible(page)


def test_a_new_version_replaces_the_old_on_the_start_page_the_old_url_and_a_draft(page: Page, frameworks):
    frameworks("sefton")
    practitioner = make_user("prac", role=User.Role.PRACTITIONER)
    draft = Assessment.objects.get(pk=AssessmentFactory(owner=practitioner, ticks=3).pk)
    old = models.Framework.objects.get(slug="sefton")
    admin = make_user("ada", role=User.Role.ADMIN)
    new = versioning.draft_from(old, user=admin)
    dropped = draft.indicators[0]
    new.indicators.get(code=dropped).delete()
    new = versioning.publish(new, user=admin)
    cache.clear()

    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/")
        current = page.get_by_role("radio", name="Sefton Safeguarding Children Partnership", exact=True)
        expect(current).to_have_count(1)
        expect(page.get_by_role("heading", name="Replaced guidance")).to_be_visible()
        replaced = page.get_by_role("radio", name="Sefton Safeguarding Children Partnership (replaced guidance)")
        expect(replaced).to_have_count(1)
        expect(page.get_by_text(f"Current guidance. {new.title}, {new.edition}.")).to_be_visible()
        _fits(page, "the start page")
        assert_accessible(page)

    # The old URL says which version replaced it, and links to it.
    page.goto("/check/sefton/sefton/")
    expect(page.get_by_text(f"This guidance was replaced by {new.title}, {new.edition}.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Check against the current guidance: {new.title}, {new.edition}").click()
    expect(page).to_have_url(re.compile(f"/check/{new.slug}/sefton/$"))
    expect(page.get_by_text("This guidance was replaced")).to_have_count(0)

    # A draft on the old version: what changes in its ticks, then the move.
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_in(page, "prac")
    page.goto(f"/assessments/{draft.pk}/")
    expect(page.get_by_text(f"This guidance was replaced by {new.title}, {new.edition}.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="See what changes in your ticks and move it to the new guidance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Move to the new guidance")
    expect(page.get_by_text("Not in the new guidance: moving drops them (1)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Move to the new guidance").click()
    expect(page.get_by_text("1 ticked indicator(s) are not in the new guidance and were dropped.")).to_be_visible()
    draft.refresh_from_db()
    assert draft.framework_id == new.pk and dropped not in draft.indicators and len(draft.indicators) == 2
    assert_accessible(page)
