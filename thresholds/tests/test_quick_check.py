"""The quick check's pages without a browser: forms, errors, the no-JavaScript filter and query counts."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from thresholds.checklist import checklist, filter_words, matches
from thresholds.models import Framework

from .helpers import first_code, fixture_data, snapshot

pytestmark = pytest.mark.django_db

CHECK = "thresholds:check"
RESULT = "thresholds:check-result"


def url(name: str, slug: str = "stoke-2018", area: str = "stoke-on-trent") -> str:
    return reverse(name, args=[slug, area])


def test_start_page_lists_current_guidance_first_and_labels_replaced_guidance(client):
    page = client.get(reverse("start")).content.decode()
    assert "If a child is in immediate danger, call 999." in page
    assert "never replaces" in page
    current = page.index("Stoke-on-Trent Safeguarding Children Board")
    replaced = page.index("Worcestershire Safeguarding Children Board (replaced guidance)")
    assert current < replaced
    assert "Replaced by Joint Herefordshire and Worcestershire Multi Agency Levels of Need" in page


def test_start_page_choice_leads_to_the_checklist(client):
    response = client.get(reverse("start"), {"guidance": "hw-2025/worcestershire", "choose": "Continue"})
    assert response.status_code == 302
    assert response["Location"] == url(CHECK, "hw-2025", "worcestershire")


@pytest.mark.parametrize("value", ["", "hw-2025/nowhere", "draft/x"])
def test_start_page_refuses_a_missing_or_unknown_choice(client, value):
    response = client.get(reverse("start"), {"guidance": value, "choose": "Continue"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content


@pytest.mark.parametrize(("slug", "area"), [("nope", "stoke-on-trent"), ("stoke-2018", "sefton")])
def test_unknown_guidance_or_area_is_not_found(client, slug, area):
    assert client.get(url(CHECK, slug, area)).status_code == 404


def test_every_indicator_is_a_checkbox_with_its_level(client):
    data = fixture_data("sefton")
    page = client.get(url(CHECK, "sefton", "sefton")).content.decode()
    assert page.count('name="indicators" type="checkbox"') == len(data["indicators"])
    level_names = {lv["number"]: lv["name"] for lv in data["levels"]}
    code = first_code("sefton", 3)
    hint = f'id="indicator-{code}-hint" class="govuk-hint govuk-checkboxes__hint">'
    assert f"{hint}Level 3: {escape(level_names[3])}" in page


def test_checklist_groups_domains_as_the_document_does():
    groups = checklist(snapshot("sefton"))
    assert [g.name for g in groups] == list(dict.fromkeys(d["group"] for d in fixture_data("sefton")["domains"]))
    assert sum(len(d.items) for g in groups for d in g.domains) == len(fixture_data("sefton")["indicators"])


def test_filter_matches_every_word_in_indicator_domain_or_level():
    items = [i for g in checklist(snapshot("stoke-2018")) for d in g.domains for i in d.items]
    words = filter_words("  School  ")
    assert words == ("school",)
    found = [i for i in items if matches(i, words)]
    assert found and all("school" in i.search_text for i in found)
    assert len([i for i in items if matches(i, filter_words("level 4"))]) == sum(i.level.number == 4 for i in items)


def test_filter_without_javascript_hides_non_matching_indicators_and_keeps_ticks(client):
    ticked = first_code("stoke-2018", 4)
    response = client.post(url(CHECK), {"q": "school", "indicators": [ticked]})
    page = response.content.decode()
    assert "indicators match “school”" in page
    assert f'value="{ticked}" aria-describedby="indicator-{ticked}-hint" checked>' in page
    shown = page.count('<div class="govuk-checkboxes__item">')
    hidden = page.count('<div class="govuk-checkboxes__item" hidden>')
    assert shown > 0 and hidden > 0
    assert shown + hidden == len(fixture_data("stoke-2018")["indicators"])


def test_empty_submission_gets_the_error_summary(client):
    response = client.post(url(RESULT), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in page
    assert f'href="#indicator-{first_code("stoke-2018", 1)}">Select at least one indicator you have seen' in page
    assert "<title>Error: " in page


def test_tampered_indicator_code_is_refused_and_good_ticks_are_kept(client):
    good = first_code("stoke-2018", 3)
    response = client.post(url(RESULT), {"indicators": [good, "health-9-99"]})
    page = response.content.decode()
    assert "One of the indicators sent is not in this guidance" in page
    assert f'value="{good}" aria-describedby="indicator-{good}-hint" checked>' in page


def test_bad_time_is_refused_with_the_answers_kept(client):
    good = first_code("stoke-2018", 2)
    page = client.post(url(RESULT), {"indicators": [good], "at": "yesterday"}).content.decode()
    assert "Enter the date and time as a real date and time" in page
    assert 'value="yesterday"' in page
    assert f'value="{good}" aria-describedby="indicator-{good}-hint" checked>' in page


def test_result_shows_level_reasons_next_steps_contacts_and_999(client):
    data = fixture_data("stoke-2018")
    low, high = first_code("stoke-2018", 2), first_code("stoke-2018", 4)
    texts = {i["code"]: i["text"] for i in data["indicators"]}
    page = client.post(url(RESULT), {"indicators": [low, high], "at": "2026-11-23T20:00"}).content.decode()
    level4 = next(lv for lv in data["levels"] if lv["number"] == 4)
    assert f'Suggested level: Level 4<span class="govuk-visually-hidden">,</span> {level4["name"]}' in page
    for code in (low, high):
        assert f"<li>{texts[code]}</li>" in page.replace("&#x27;", "'")
    assert "Monday 23 November 2026, 20:00" in page
    # Out of hours the out-of-hours line comes first and is open.
    rows = page.split('<tr class="govuk-table__row" data-contact="')[1:]
    assert "01782 234234" in rows[0] and "Open</strong>" in rows[0]
    assert 'href="tel:999"' in page
    assert 'id="consent"' in page


def test_result_by_get_goes_back_to_the_checklist(client):
    response = client.get(url(RESULT))
    assert response.status_code == 302
    assert response["Location"] == url(CHECK)


def test_live_panel_returns_the_level_so_far(client):
    response = client.post(
        reverse("thresholds:check-panel", args=["stoke-2018", "stoke-on-trent"]),
        {"indicators": [first_code("stoke-2018", 3)]},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert b"Level 3</strong>" in response.content
    assert b"<html" not in response.content


def test_print_view_has_the_result_and_a_print_button(client):
    page = client.post(
        reverse("thresholds:check-print", args=["stoke-2018", "stoke-on-trent"]),
        {"indicators": [first_code("stoke-2018", 2)]},
    ).content.decode()
    assert "Suggested level: Level 2" in page
    assert "data-print" in page
    assert "No details of the child were entered" in page


def test_quick_check_stores_nothing(client):
    client.get(url(CHECK))
    client.post(url(RESULT), {"indicators": [first_code("stoke-2018", 4)]})
    assert Session.objects.count() == 0
    assert "sessionid" not in client.cookies


def test_result_reads_the_consent_passages_once_a_guidance_version(client):
    """Issue 19: the consent and information-sharing passages of a published guidance are read once per version."""
    codes = [i["code"] for i in fixture_data("sefton")["indicators"]]
    path = url(RESULT, "sefton", "sefton")
    client.post(path, {"indicators": codes[:3]})
    with CaptureQueriesContext(connection) as queries:
        response = client.post(path, {"indicators": codes[:3]})
    assert response.status_code == 200 and 'id="consent"' in response.content.decode()
    assert not [q for q in queries.captured_queries if "thresholds_guidance" in q["sql"]]


def test_drafts_are_not_offered(client):
    framework = Framework.objects.get(slug="stoke-2018")
    framework.status = Framework.Status.DRAFT
    Framework.objects.filter(pk=framework.pk).update(status=Framework.Status.DRAFT)
    assert client.get(url(CHECK)).status_code == 404


def _queries(client, path: str, data: dict | None = None) -> int:
    client.post(path, data) if data is not None else client.get(path)  # warm the snapshot cache
    with CaptureQueriesContext(connection) as queries:
        response = client.post(path, data) if data is not None else client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_checklist_and_result_use_a_constant_number_of_queries(client):
    small = _queries(client, url(CHECK, "stoke-2018", "stoke-on-trent"))
    large = _queries(client, url(CHECK, "sefton", "sefton"))
    assert small == large <= 2
    codes = [i["code"] for i in fixture_data("sefton")["indicators"]]
    one = _queries(client, url(RESULT, "sefton", "sefton"), {"indicators": codes[:1]})
    many = _queries(client, url(RESULT, "sefton", "sefton"), {"indicators": codes[::4]})
    assert one == many <= 3
