"""A large referral's PDF in a real browser: "Your PDF is being made" (axe-checked, under the strict CSP), then,
once the worker has made it, the same page downloads it by itself."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from portal.tests.factories import PASSWORD, AssessmentFactory, UserFactory, partnership
from referrals.assessments import pdf as pdf_module
from referrals.assessments.pdf import referral_pdfs_render_pending

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_a_large_pdf_waits_on_an_accessible_page_then_downloads(page: Page, frameworks, monkeypatch, tmp_path):
    frameworks("sefton")
    monkeypatch.setattr(pdf_module, "INLINE_TICKS", 10)  # 20 ticks count as large here: the worker makes it
    owner = UserFactory(username="pat", partnership=partnership("sefton"))
    assessment = AssessmentFactory(owner=owner, ticks=20, submitted=True)

    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill("pat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My assessments")

    page.goto(f"/assessments/{assessment.pk}/summary.pdf")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your PDF is being made")
    assert_accessible(page)

    assert referral_pdfs_render_pending() == 1  # the worker, as `render_pdfs --loop` would
    with page.expect_download(timeout=20_000) as info:  # the page's script asks every 3 s, then fetches it
        pass
    expect(page.get_by_role("status")).to_have_text("Your PDF is ready. The download is starting.")
    download = info.value
    assert download.suggested_filename == f"referral-{assessment.reference}.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
