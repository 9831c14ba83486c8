"""Issue 13, items 3 to 6: the doors the result page gives, as the documents give them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .helpers import fixture_data, snapshot

pytestmark = pytest.mark.django_db

SLUGS = ("herefordshire-2024", "hw-2025", "worcestershire-2017", "stoke-2018", "sefton")
# A weekday in office hours, a Saturday night, and Christmas Day (a bank holiday) at 11:00.
MOMENTS = ("2026-11-25T11:00", "2026-11-28T23:00", "2026-12-25T11:00")
CASES = [
    (slug, area, level) for slug in SLUGS for area in snapshot(slug).areas for level in sorted(snapshot(slug).levels)
]


def first_of_level(slug: str, level: int) -> str:
    return next(i["code"] for i in fixture_data(slug)["indicators"] if i["level"] == level)


def contacts_section(client, slug: str, area: str, codes: list[str], at: str) -> str:
    page = client.post(
        reverse("thresholds:check-result", args=[slug, area]), {"indicators": codes, "at": at}
    ).content.decode()
    return page.split('id="contacts"', 1)[1].split('id="emergency"', 1)[0]


@pytest.mark.parametrize(("slug", "area", "level"), CASES)
def test_who_to_contact_is_never_an_empty_section(client, slug, area, level):
    for at in MOMENTS:
        section = contacts_section(client, slug, area, [first_of_level(slug, level)], at)
        has_rows = 'data-contact="' in section
        says_none = f"The guidance names no service to contact at level {level}" in section
        assert has_rows or says_none, (slug, area, level, at)
        if says_none:
            # ... and it shows what the document does say for that level.
            assert "govuk-inset-text" in section or "talk to your safeguarding lead" in section


# --- Item 4: Sefton's Emergency Duty Team -----------------------------------------------------------

SEFTON_EDT = "0151 934 3555"


@pytest.mark.parametrize("at", ["2026-11-28T11:00", "2026-12-25T11:00", "2026-11-25T11:00"])
def test_sefton_level_4_names_the_emergency_duty_team(client, at):
    section = contacts_section(client, "sefton", "sefton", [first_of_level("sefton", 4)], at)
    assert 'data-contact="sefton-edt"' in section and SEFTON_EDT in section


def test_the_emergency_pathways_contacts_are_shown_at_every_level(client):
    for level in (1, 2, 3, 4):
        page = client.post(
            reverse("thresholds:check-result", args=["sefton", "sefton"]),
            {"indicators": [first_of_level("sefton", level)], "at": "2026-11-28T11:00"},
        ).content.decode()
        emergency = page.split('id="emergency"', 1)[1]
        assert 'data-emergency-contact="sefton-edt"' in emergency and SEFTON_EDT in emergency
        assert 'data-emergency-contact="sefton-childrens-services"' in emergency


def test_emergency_contacts_survive_the_stored_json():
    from thresholds.engine import Suggestion, suggest

    from .helpers import at

    live = suggest(snapshot("sefton"), [first_of_level("sefton", 2)], at("2026-11-28T11:00", "sefton"))
    assert [c.code for c in live.emergency_contacts] == ["sefton-childrens-services", "sefton-edt"]
    assert Suggestion.from_json(live.as_json()).emergency_doors == live.emergency_doors
