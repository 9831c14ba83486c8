"""Records in a real browser (issue 14, item 8): the demo lead downloads everything held about a child from the
review page, and the review page, with its list of who has looked, passes axe-core."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from portal.management.commands.demo_users import DEMO_PASSWORD
from referrals.models import RecordView

from .conftest import assert_accessible
from .test_review import CHILD, _demo_submission, _queue_row, _sign_in

pytestmark = pytest.mark.browser


def test_a_lead_downloads_everything_held_about_the_child(page: Page, frameworks):
    frameworks("sefton")
    assessment = _demo_submission()
    _sign_in(page, "sefton-lead", DEMO_PASSWORD, "Review queue")
    _queue_row(page, assessment.reference).get_by_role("link", name=assessment.reference).click()
    expect(page.get_by_role("heading", name="Subject access request")).to_be_visible()
    looked = page.get_by_role("table", name="Who has looked at this record")
    expect(looked).to_contain_text("review")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything held about this child (JSON)").click()
    assert download.value.suggested_filename == f"subject-access-{assessment.reference}.json"
    export = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert export["child"]["name"] == CHILD
    assert [a["reference"] for a in export["assessments"]] == [assessment.reference]
    pages = set(RecordView.objects.filter(assessment=assessment).values_list("what", flat=True))
    assert {"queue", "review", "subject-access"} <= pages
