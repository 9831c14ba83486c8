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


# --- Item 5: routes that apply only under a condition -----------------------------------------------

WCS_NO_CONSENT = "If a parent or carer does not give consent to engage with early help support"
SEFTON_REFUSED = "If a single agency assessment is refused by the family"


@pytest.mark.parametrize("level", [2, 3])
@pytest.mark.parametrize("moment", ["2026-11-25T11:00", "2026-11-28T11:00"])
def test_worcestershire_2017_family_front_door_at_levels_2_and_3_carries_its_condition(level, moment):
    from thresholds.engine import suggest

    from .helpers import at

    result = suggest(snapshot("worcestershire-2017"), [first_of_level("worcestershire-2017", level)], at(moment))
    assert {c.code for c in result.contacts} == {"ffd", "ffd-ooh"}
    assert all(c.condition == WCS_NO_CONSENT for c in result.contacts)


def test_worcestershire_2017_family_front_door_at_level_4_is_unconditional():
    from thresholds.engine import suggest

    from .helpers import at

    result = suggest(
        snapshot("worcestershire-2017"), [first_of_level("worcestershire-2017", 4)], at("2026-11-28T11:00")
    )
    assert result.contacts[0].code == "ffd-ooh" and all(c.condition == "" for c in result.contacts)


def test_a_conditional_contact_is_never_listed_before_an_unconditional_one():
    from dataclasses import replace

    from thresholds.engine import PathwayInfo, suggest

    from .helpers import at

    base = snapshot("worcestershire-2017")
    plain = PathwayInfo(
        code="x-plain",
        kind="other",
        area=None,
        levels=frozenset({2}),
        title="t",
        text="t",
        services=("equality-manager",),
    )
    changed = replace(base, pathways=(*base.pathways, plain))
    result = suggest(changed, [first_of_level("worcestershire-2017", 2)], at("2026-11-28T11:00"))
    # The out-of-hours line is open and the equality manager's hours are not given, yet it comes first.
    assert [c.code for c in result.contacts][0] == "equality-manager"
    assert result.contacts[0].condition == "" and result.contacts[1].condition == WCS_NO_CONSENT


def test_sefton_level_2_children_social_care_only_when_the_assessment_is_refused(client):
    section = contacts_section(client, "sefton", "sefton", [first_of_level("sefton", 2)], "2026-11-28T11:00")
    row = section.split('data-contact="sefton-childrens-services"', 1)[1].split("</tr>", 1)[0]
    assert "Only in this case" in row and SEFTON_REFUSED in row


def test_the_result_page_says_the_condition_with_the_contact(client):
    section = contacts_section(
        client, "worcestershire-2017", "worcestershire", [first_of_level("worcestershire-2017", 2)], "2026-11-28T11:00"
    )
    rows = section.split('<tr class="govuk-table__row" data-contact="')[1:]
    assert rows and all("Only in this case" in r and WCS_NO_CONSENT.replace("'", "&#x27;") in r for r in rows)


# --- Item 6: Herefordshire 2024, the MASH during office hours, the EDT out of hours ------------------


@pytest.mark.parametrize("moment", ["2026-11-28T11:00", "2026-11-29T03:00", "2026-12-25T11:00"])
def test_herefordshire_2024_out_of_hours_the_edt_comes_first_and_the_mash_is_not_offered(moment):
    from thresholds.engine import suggest

    from .helpers import at

    result = suggest(snapshot("herefordshire-2024"), [first_of_level("herefordshire-2024", 4)], at(moment))
    assert (result.contacts[0].code, result.contacts[0].open_now) == ("hfd-edt", True)
    assert "hfd-mash" not in {c.code for c in result.contacts}


def test_herefordshire_2024_on_a_weekday_the_mash_is_offered_during_office_hours(client):
    section = contacts_section(
        client, "herefordshire-2024", "herefordshire", [first_of_level("herefordshire-2024", 4)], "2026-11-25T11:00"
    )
    row = section.split('data-contact="hfd-mash"', 1)[1].split("</tr>", 1)[0]
    assert "during office hours" in row
    assert section.index('data-contact="hfd-mash"') < section.index('data-contact="hfd-edt"')


# --- Item 7: the accumulation advisory quotes a passage about needs adding up, or nothing ---------------


def _three_at_level_2_in_two_domains(slug: str) -> list[str]:
    items = [i for i in fixture_data(slug)["indicators"] if i["level"] == 2]
    first = items[0]
    other = [i for i in items if i["domain"] != first["domain"]]
    return [first["code"], other[0]["code"], other[1]["code"]]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_accumulation_advisory_never_quotes_significant_harm_or_a_case_example(slug):
    from thresholds.engine import suggest

    from .helpers import at

    result = suggest(snapshot(slug), _three_at_level_2_in_two_domains(slug), at("2026-11-25T11:00"))
    cases = " ".join(
        g["text"] + " ".join(g["items"]) for g in fixture_data(slug)["guidance"] if g["kind"] == "case_example"
    )
    if slug in ("herefordshire-2024", "stoke-2018"):
        assert result.advisory is None  # the document has no passage about needs adding up
        assert any("accumulation" in d and "no accumulation advisory" in d for d in fixture_data(slug)["decisions"])
    else:
        assert result.advisory is not None and result.advisory.level == 2
        assert "significant harm" not in result.advisory.text
        assert result.advisory.text not in cases


# --- Item 8: the consent rules the documents state, at the level where they apply ---------------------

CONSENT_RULES = {
    # slug: [(phrase, levels at which the result's consent section shows it)]
    "sefton": [
        ("Parents/carers must be informed by the referring professional of the concerns", {4}),
        ("children’s details must not be provided", {1, 2, 3, 4}),
        ("Parents consent to intensive family support in the home", {3}),
        ("with the consent of the parents or carers and of the young person where they are Gillick", {4}),
        ("can be “accommodated” with the consent of those with parental responsibility", {4}),
    ],
    "hw-2025": [
        ("This should generally be with the consent of the child if appropriate", {1, 2, 3, 4}),
        ("they must always be referred to children&#x27;s social care without delay", {4}),
        ("Undertaken with the agreement of the child and their parents or carers", {2, 3}),
        ("do not consent to an early help assessment", {2, 3}),
        ("the service is provided ONLY with the consent of the parents/carers", {3}),
    ],
}


def consent_section(client, slug: str, area: str, level: int) -> str:
    page = client.post(
        reverse("thresholds:check-result", args=[slug, area]), {"indicators": [first_of_level(slug, level)]}
    ).content.decode()
    return page.split('id="consent"', 1)[1].split('id="contacts"', 1)[0] if 'id="consent"' in page else ""


@pytest.mark.parametrize("slug", sorted(CONSENT_RULES))
def test_consent_rules_are_shown_at_the_level_where_they_apply(client, slug):
    area = next(iter(snapshot(slug).areas))
    sections = {level: consent_section(client, slug, area, level) for level in (1, 2, 3, 4)}
    for phrase, levels in CONSENT_RULES[slug]:
        shown = {level for level, section in sections.items() if phrase in section}
        assert shown == levels, (phrase, shown)


# --- Item 9: the smaller ones --------------------------------------------------------------------------


@pytest.mark.parametrize("area", ["herefordshire", "worcestershire"])
def test_get_safe_is_reached_from_level_2(area):
    from thresholds.engine import suggest

    from .helpers import at

    result = suggest(snapshot("hw-2025"), ["social-2-07"], at("2026-11-25T11:00", area))
    assert any(p.kind == "exploitation" for p in result.pathways)


@pytest.mark.parametrize(("area", "door"), [("herefordshire", "hfd-mash"), ("worcestershire", "wcs-ffd")])
def test_the_fgm_indicator_s_discussion_with_mash_has_a_contact_in_each_area(area, door):
    from thresholds.engine import suggest

    from .helpers import at

    result = suggest(snapshot("hw-2025"), ["health-3-11"], at("2026-11-25T11:00", area))
    assert door in {c.code for c in result.contacts}


@pytest.mark.parametrize(
    "code",
    [
        "social-emotional-3-05",
        "family-history-3-07",
        "social-emotional-4-12",
        "social-emotional-4-19",
        "basic-care-4-15",
        "warmth-4-05",
        "learning-2-21",
    ],
)
def test_every_sefton_missing_episode_indicator_triggers_the_exploitation_pathway(code):
    from thresholds.engine import suggest

    from .helpers import at

    result = suggest(snapshot("sefton"), [code], at("2026-11-25T11:00"))
    assert "sefton-exploitation" in {p.code for p in result.pathways}


def test_no_stray_list_marker_on_the_joint_2025_level_4_page(client):
    for area in ("herefordshire", "worcestershire"):
        section = consent_section(client, "hw-2025", area, 4)
        assert "In rare circumstances" in section
        assert "3. In rare" not in section and "<p>3." not in section


# --- Item 10: Stoke-on-Trent's disability paragraphs as indicators --------------------------------------


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_stoke_disability_paragraphs_are_indicators_sentence_by_sentence(level):
    data = fixture_data("stoke-2018")
    paragraph = next(g["text"] for g in data["guidance"] if g["kind"] == "disability" and g["level"] == level)
    domain = next(d for d in data["domains"] if d["name"] == "Disability")
    sentences = [i["text"] for i in data["indicators"] if i["domain"] == domain["code"] and i["level"] == level]
    assert len(sentences) > 1 and " ".join(sentences) == paragraph


def test_a_practitioner_can_tick_a_stoke_disability_indicator(client):
    page = client.get(reverse("thresholds:check", args=["stoke-2018", "stoke-on-trent"])).content.decode()
    assert 'value="disability-4-02"' in page and "Substantial risk of family breakdown." in page
    section = contacts_section(client, "stoke-2018", "stoke-on-trent", ["disability-4-02"], "2026-11-25T11:00")
    assert 'data-contact="' in section
