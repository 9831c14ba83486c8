"""The suggestion engine, driven from the fixture files without a database."""

import itertools
import random
from datetime import datetime, timedelta

import pytest

from thresholds.engine import LONDON, Context, SuggestionError, parse_moment, suggest

from .helpers import at, first_code, fixture_data, snapshot

HW = "hw-2025"
SLUGS = ["hw-2025", "herefordshire-2024", "worcestershire-2017", "stoke-2018", "sefton"]


def contacts(s):
    return {c.name: c.open_now for c in s.contacts}


def test_nothing_ticked_says_so_and_does_not_guess():
    s = suggest(snapshot(HW), [], at("2026-11-24T11:00", "herefordshire"))
    assert s.level is None
    assert s.reasons == ()
    assert s.pathways == ()
    assert s.as_json()["message"] == "No indicators were ticked, so no level is suggested."
    assert s.as_json()["level"] is None


def test_highest_level_among_ticked_wins():
    codes = [first_code(HW, 1), first_code(HW, 3), first_code(HW, 2)]
    s = suggest(snapshot(HW), codes, at("2026-11-24T11:00", "herefordshire"))
    assert s.level.number == 3
    assert s.level.name == "Targeted support"
    assert [r.level.number for r in s.reasons] == [3, 2, 1]


def test_reasons_group_ticked_indicators_by_level_and_domain_in_document_words():
    data = fixture_data(HW)
    picked = [i for i in data["indicators"] if i["level"] == 2][:3] + [
        i for i in data["indicators"] if i["level"] == 2 and i["domain"] == "social"
    ][:1]
    s = suggest(snapshot(HW), [i["code"] for i in picked], at("2026-11-24T11:00", "worcestershire"))
    (reason,) = s.reasons
    texts = {i.text for d in reason.domains for i in d.indicators}
    assert texts == {i["text"] for i in picked}
    assert [d.domain.code for d in reason.domains] == ["health", "social"]


@pytest.mark.parametrize("slug", SLUGS)
def test_ticking_one_more_indicator_never_lowers_the_level(slug):
    snap = snapshot(slug)
    codes = list(snap.indicators)
    rng = random.Random(20251)
    for _ in range(300):
        ticked = rng.sample(codes, rng.randint(0, 6))
        before = suggest(snap, ticked, at("2026-11-24T11:00")).level
        extra = rng.choice(codes)
        after = suggest(snap, [*ticked, extra], at("2026-11-24T11:00")).level
        assert (after.number if after else 0) >= (before.number if before else 0)


def test_each_single_indicator_suggests_its_own_level():
    snap = snapshot(HW)
    for code, indicator in snap.indicators.items():
        assert suggest(snap, [code], at("2026-11-24T11:00", "herefordshire")).level.number == indicator.level


def test_accumulation_advisory_needs_enough_indicators_across_enough_domains():
    data = fixture_data(HW)
    rule = data["framework"]["accumulation"]
    level2 = [i for i in data["indicators"] if i["level"] == 2]
    health = [i["code"] for i in level2 if i["domain"] == "health"]
    education = [i["code"] for i in level2 if i["domain"] == "education"]
    n = rule["min_indicators"]
    # Many at one level but in one domain: no advisory.
    assert suggest(snapshot(HW), health[: n + 1], at("2026-11-24T11:00")).advisory is None
    # One short of the count across two domains: no advisory.
    assert suggest(snapshot(HW), health[: n - 2] + education[:1], at("2026-11-24T11:00")).advisory is None
    # Enough, across two domains: advisory in the document's words.
    s = suggest(snapshot(HW), health[: n - 1] + education[:1], at("2026-11-24T11:00"))
    assert s.advisory is not None
    assert s.advisory.level == 2 and s.advisory.indicators == n and s.advisory.domains == 2
    assert "accumulation" in s.advisory.text
    assert s.advisory.text == rule["text"]


def test_advisory_reports_an_accumulation_below_the_suggested_level():
    data = fixture_data(HW)
    level2 = [i for i in data["indicators"] if i["level"] == 2]
    spread = [next(i["code"] for i in level2 if i["domain"] == d) for d in ("health", "education", "identity")]
    s = suggest(snapshot(HW), [*spread, first_code(HW, 3)], at("2026-11-24T11:00"))
    assert s.level.number == 3
    assert s.advisory.level == 2


def test_level_4_in_herefordshire_on_a_tuesday_morning_names_the_mash():
    s = suggest(snapshot(HW), [first_code(HW, 4)], at("2026-11-24T11:00", "herefordshire"))
    assert s.contacts[0].name == "Herefordshire Multi-Agency Safeguarding Hub"
    assert s.contacts[0].phone == "01432 260800"
    assert s.contacts[0].open_now is True
    assert contacts(s)["Emergency Duty Team"] is False
    assert "Worcestershire Family Front Door" not in contacts(s)


@pytest.mark.parametrize(
    "moment",
    [
        "2026-11-28T11:00",  # Saturday
        "2026-11-29T11:00",  # Sunday
        "2026-12-25T10:00",  # Christmas Day, a Friday
        "2026-12-28T10:00",  # Monday: substitute bank holiday for Boxing Day
        "2026-08-31T10:00",  # Summer bank holiday (England and Wales)
        "2026-11-24T07:00",  # Tuesday, before opening
        "2026-11-24T17:15",  # Tuesday, at closing time
    ],
)
def test_level_4_in_herefordshire_out_of_hours_names_the_emergency_duty_team(moment):
    s = suggest(snapshot(HW), [first_code(HW, 4)], at(moment, "herefordshire"))
    first = s.contacts[0]
    assert (first.name, first.phone, first.open_now) == ("Emergency Duty Team", "01905 768020", True)
    assert first.covers == "Herefordshire Multi-Agency Safeguarding Hub"
    assert contacts(s)["Herefordshire Multi-Agency Safeguarding Hub"] is False


@pytest.mark.parametrize(
    ("moment", "mash_open"),
    [
        ("2026-11-27T16:44", True),  # Friday: MASH closes at 4:45pm
        ("2026-11-27T16:46", False),
        ("2026-11-26T17:14", True),  # Thursday: closes at 5:15pm
        ("2026-11-26T17:16", False),
        ("2026-11-23T08:44", False),  # Monday: opens at 8:45am
        ("2026-11-23T08:45", True),
    ],
)
def test_herefordshire_mash_opening_hour_edges(moment, mash_open):
    s = suggest(snapshot(HW), [first_code(HW, 4)], at(moment, "herefordshire"))
    assert contacts(s)["Herefordshire Multi-Agency Safeguarding Hub"] is mash_open
    assert contacts(s)["Emergency Duty Team"] is (not mash_open)


def test_worcestershire_level_4_goes_to_the_family_front_door_with_its_own_hours():
    friday_1645 = suggest(snapshot(HW), [first_code(HW, 4)], at("2026-11-27T16:45", "worcestershire"))
    # Worcestershire's Front Door closes at 4.30pm on Fridays; Herefordshire's MASH is still open.
    assert contacts(friday_1645) == {"Emergency Duty Team": True, "Worcestershire Family Front Door": False}
    tuesday = suggest(snapshot(HW), [first_code(HW, 4)], at("2026-11-24T11:00", "worcestershire"))
    assert tuesday.contacts[0].phone == "01905 822666"
    assert tuesday.contacts[0].open_now is True


def test_herefordshire_level_2_goes_to_chat_whose_hours_the_document_does_not_give():
    s = suggest(snapshot(HW), [first_code(HW, 2)], at("2026-11-24T11:00", "herefordshire"))
    assert {p.kind for p in s.pathways} >= {"early_help"}
    chat = next(c for c in s.contacts if "CHAT" in c.name)
    assert chat.phone == "(01432) 260261"
    assert chat.open_now is None
    worcs = suggest(snapshot(HW), [first_code(HW, 2)], at("2026-11-24T11:00", "worcestershire"))
    assert not any("CHAT" in c.name for c in worcs.contacts)


def test_area_specific_pathways_never_leak_into_the_other_area():
    snap = snapshot(HW)
    for level in (1, 2, 3, 4):
        for area in ("herefordshire", "worcestershire"):
            s = suggest(snap, [first_code(HW, level)], at("2026-11-24T11:00", area))
            assert s.pathways, f"no pathway at level {level} in {area}"
            assert all(p.area in (None, area) for p in s.pathways)
            assert all(c.area in (None, area) for c in s.contacts)


def test_exploitation_pathway_only_when_an_exploitation_indicator_is_ticked():
    snap = snapshot(HW)
    get_safe = next(p for p in snap.pathways if p.kind == "exploitation" and p.area == "herefordshire")
    trigger = sorted(get_safe.when_indicators)[0]
    level = snap.indicators[trigger].level
    other = next(c for c, i in snap.indicators.items() if i.level == level and c not in get_safe.when_indicators)
    with_trigger = suggest(snap, [trigger], at("2026-11-24T11:00", "herefordshire"))
    without = suggest(snap, [other], at("2026-11-24T11:00", "herefordshire"))
    assert get_safe in with_trigger.pathways
    assert get_safe not in without.pathways


def test_emergency_instruction_is_always_given_in_the_documents_words():
    for slug in SLUGS:
        snap = snapshot(slug)
        for ticked in ([], [next(iter(snap.indicators))]):
            s = suggest(snap, ticked, at("2026-11-24T11:00"))
            assert s.emergency_phone == "999"
            assert s.emergency_text == fixture_data(slug)["framework"]["emergency"]["text"]


def test_no_area_on_a_joint_framework_gives_both_areas_doors():
    s = suggest(snapshot(HW), [first_code(HW, 4)], at("2026-11-24T11:00"))
    assert {"Herefordshire Multi-Agency Safeguarding Hub", "Worcestershire Family Front Door"} <= set(contacts(s))


def test_single_area_framework_defaults_to_its_area():
    s = suggest(snapshot("worcestershire-2017"), [first_code("worcestershire-2017", 4)], at("2026-11-24T11:00"))
    assert s.area == "worcestershire"


def test_moment_is_read_as_london_time_across_the_clock_change():
    # 08:50 on a summer Monday is 07:50 UTC: the MASH (opens 8:45am London time) is open.
    summer = parse_moment("2026-07-06T08:50")
    assert summer.utcoffset() == timedelta(hours=1)
    s = suggest(snapshot(HW), [first_code(HW, 4)], Context(area="herefordshire", at=summer))
    assert contacts(s)["Herefordshire Multi-Agency Safeguarding Hub"] is True
    # The same instant given in UTC is the same answer.
    utc = parse_moment("2026-07-06T07:50+00:00")
    s2 = suggest(snapshot(HW), [first_code(HW, 4)], Context(area="herefordshire", at=utc))
    assert contacts(s2) == contacts(s)


@pytest.mark.parametrize(
    ("ticked", "area", "message"),
    [
        (["no-such-code"], None, "Unknown indicator code"),
        ([], "mars", "Unknown area"),
    ],
)
def test_bad_input_raises_a_clear_error(ticked, area, message):
    with pytest.raises(SuggestionError, match=message):
        suggest(snapshot(HW), ticked, at("2026-11-24T11:00", area))


def test_naive_moment_is_refused_by_the_engine_and_parsed_as_london_by_parse_moment():
    with pytest.raises(SuggestionError):
        suggest(snapshot(HW), [], Context(area=None, at=datetime(2026, 11, 24, 11, 0)))
    assert parse_moment("2026-11-24T11:00").tzinfo == LONDON
    with pytest.raises(SuggestionError, match="Not a date and time"):
        parse_moment("next tuesday")


def test_duplicate_ticks_count_once():
    code = first_code(HW, 2)
    s = suggest(snapshot(HW), [code, code, code], at("2026-11-24T11:00"))
    assert s.ticked == (code,)


def test_every_level_in_every_area_has_a_pathway_in_every_framework():
    for slug in SLUGS:
        snap = snapshot(slug)
        for area, level in itertools.product(snap.areas, (1, 2, 3, 4)):
            code = next(c for c, i in snap.indicators.items() if i.level == level)
            assert suggest(snap, [code], at("2026-11-24T11:00", area)).pathways, (slug, area, level)
