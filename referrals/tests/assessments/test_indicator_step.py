"""The "What you have seen" step is the quick check's checklist component (issue 18, item 3): the filter (with
JavaScript as you type; without it, a Filter button that saves nothing), the live panel through its own htmx
URL, and the phone's summary bar; a constant number of queries whatever is ticked."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.tests.factories import AssessmentFactory, spread_codes
from referrals.models import Assessment
from thresholds.models import Framework
from thresholds.tests.helpers import fixture_data

pytestmark = pytest.mark.django_db

CHECKED = re.compile(r'value="([^"]+)" aria-describedby="[^"]+" checked>')


def step_url(assessment: Assessment) -> str:
    return reverse("referrals:step", args=[assessment.pk, "indicators"])


def panel_url(assessment: Assessment) -> str:
    return reverse("referrals:indicators-panel", args=[assessment.pk])


def state(assessment: Assessment) -> tuple:
    row = Assessment.objects.get(pk=assessment.pk)
    return row.revision, row.updated, row.indicators, row.suggestion


def test_the_step_has_the_quick_checks_filter_panel_and_summary_bar(signed_in, practitioner):
    assessment = AssessmentFactory(owner=practitioner, ticks=3)
    page = signed_in.get(step_url(assessment)).content.decode()
    assert set(CHECKED.findall(page)) == set(assessment.indicators)
    assert 'id="q" name="q" type="search"' in page and "data-filter" in page
    assert f'hx-post="{panel_url(assessment)}"' in page
    assert 'id="suggestion-panel"' in page and "Suggested level so far" in page
    assert 'id="suggestion-summary" aria-live="polite"' in page
    assert "See the full result" not in page  # the quick check's result button: not in an assessment
    assert "3 indicators ticked" in page


def test_the_panel_suggests_from_the_ticks_sent_and_stores_nothing(signed_in, practitioner):
    assessment = AssessmentFactory(owner=practitioner, ticks=0, indicators=[])
    before = state(assessment)
    level4 = spread_codes(assessment.framework, 1, max_level=4)
    codes = [c for c in level4] + spread_codes(assessment.framework, 2, max_level=2)
    response = signed_in.post(panel_url(assessment), {"indicators": codes}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Suggested level so far" in page and f"{len(codes)} indicators ticked" in page
    assert '<span id="suggestion-summary" hx-swap-oob="innerHTML">Suggested level so far: level' in page
    assert state(assessment) == before

    refused = signed_in.post(panel_url(assessment), {"indicators": ["not-a-code"]}).content.decode()
    assert "One of the indicators sent is not in this guidance" in refused
    assert state(assessment) == before


def test_the_filter_button_without_javascript_keeps_the_ticks_and_saves_nothing(signed_in, practitioner):
    assessment = AssessmentFactory(owner=practitioner, ticks=2)
    before = state(assessment)
    ticks = spread_codes(assessment.framework, 4)
    response = signed_in.post(step_url(assessment), {"indicators": ticks, "q": "attendance", "filter": "filter"})
    page = response.content.decode()
    assert response.status_code == 200 and state(assessment) == before
    assert set(CHECKED.findall(page)) == set(ticks)
    assert "match “attendance”" in page and "govuk-error-summary" not in page

    nothing = signed_in.post(step_url(assessment), {"q": ""})  # Save and continue with nothing ticked
    assert "Select at least one indicator you have seen" in nothing.content.decode()
    assert state(assessment) == before


def test_the_step_and_its_panel_make_the_same_number_of_queries_whatever_is_ticked(signed_in, practitioner):
    framework = Framework.objects.get(slug="sefton")
    few, many = (AssessmentFactory(owner=practitioner, ticks=n) for n in (1, 40))
    counts = []
    for assessment in (few, many):
        with CaptureQueriesContext(connection) as page:
            signed_in.get(step_url(assessment))
        with CaptureQueriesContext(connection) as panel:
            signed_in.post(panel_url(assessment), {"indicators": assessment.indicators})
        counts.append((len(page), len(panel)))
    assert counts[0] == counts[1]
    assert counts[0][1] <= 12, counts
    assert framework.indicators.count() == 373


LABEL = re.compile(r'<label class="govuk-label govuk-checkboxes__label" for="indicator-([^"]+)">(.*?)</label>')


def test_every_box_is_labelled_with_the_documents_own_words(signed_in, practitioner):
    assessment = AssessmentFactory(owner=practitioner, ticks=1)
    page = signed_in.get(step_url(assessment)).content.decode()
    labels = {code: unescape(text) for code, text in LABEL.findall(page)}
    assert labels == {i["code"]: i["text"] for i in fixture_data("sefton")["indicators"]}
