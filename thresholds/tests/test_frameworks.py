"""The five frameworks: counts, process data, and each partnership's own doors in and out of hours."""

import pytest

from thresholds.engine import suggest

from .helpers import at, first_code, fixture_data, snapshot

# Indicator counts per level, each from an independent count of the bullets in the document's
# tables (see the "decisions" in each fixture for the few bullets split, joined or moved).
COUNTS = {
    "hw-2025": (39, 56, 72, 57),
    "herefordshire-2024": (21, 53, 52, 48),
    "worcestershire-2017": (28, 39, 43, 58),
    "stoke-2018": (34, 52, 39, 48),  # with the Disability domain (issue 13, item 10)
    "sefton": (43, 118, 76, 136),
}


@pytest.mark.parametrize("slug", COUNTS)
def test_indicator_counts_per_level(slug):
    indicators = fixture_data(slug)["indicators"]
    assert tuple(sum(1 for i in indicators if i["level"] == n) for n in (1, 2, 3, 4)) == COUNTS[slug]


def test_statuses_and_successors():
    statuses = {
        slug: (fixture_data(slug)["framework"]["status"], fixture_data(slug)["framework"]["successor"])
        for slug in COUNTS
    }
    assert statuses == {
        "hw-2025": ("current", None),
        "herefordshire-2024": ("superseded", "hw-2025"),
        "worcestershire-2017": ("superseded", "hw-2025"),
        "stoke-2018": ("current", None),
        "sefton": ("current", None),
    }


def test_each_framework_keeps_its_own_level_names():
    names = {slug: [lv["name"] for lv in fixture_data(slug)["levels"]] for slug in COUNTS}
    assert names["herefordshire-2024"] == ["Universal", "Additional", "Intensive", "Specialist"]
    assert names["stoke-2018"] == ["Universal", "Additional", "Multiple/Complex", "Significant"]
    assert names["sefton"] == ["Universal Needs", "Additional needs", "Multiple & Complex needs", "Complex or Acute"]


def test_sefton_groups_its_domains_including_child_exploitation():
    domains = fixture_data("sefton")["domains"]
    groups = list(dict.fromkeys(d["group"] for d in domains))
    assert groups == [
        "Child or Young Person’s Developmental Needs",
        "Family and Environmental Factors",
        "Parents or Carers Capacity",
    ]
    assert any(d["name"] == "Child Exploitation" for d in domains)


@pytest.mark.parametrize(
    "case", [g for g in fixture_data("stoke-2018")["guidance"] if g["kind"] == "case_example"], ids=lambda g: g["title"]
)
def test_stoke_case_examples_get_the_level_the_document_gives(case):
    s = suggest(snapshot("stoke-2018"), case["indicators"], at("2026-11-24T11:00"))
    assert s.level.number == case["level"]


def test_stoke_has_all_four_case_examples_and_signs_of_safety():
    guidance = fixture_data("stoke-2018")["guidance"]
    assert sorted(g["level"] for g in guidance if g["kind"] == "case_example") == [1, 2, 3, 4]
    assert any(g["kind"] == "safety_scale" and "10" in g["text"] for g in guidance)
    columns = " ".join(
        " ".join([g["title"], g["text"], *g["items"]]) for g in guidance if g["kind"] == "signs_of_safety"
    )
    for heading in ("worried", "working well", "needs to happen"):
        assert heading in columns.lower()


def test_herefordshire_mash_rag_ratings_and_outcomes():
    data = fixture_data("herefordshire-2024")
    rag = {r["code"]: (r["hours"], r["working_days"]) for r in data["rag_ratings"]}
    assert rag == {"red": (4, None), "amber": (None, 1), "green": (72, None)}
    assert "No further action." in [o["text"] for o in data["outcomes"]]
    assert any(t["hours"] == 24 for t in data["decision_timescales"])


def test_sefton_front_door_rag_ratings_escalation_unborn_risks_and_consent():
    data = fixture_data("sefton")
    rag = {r["code"]: r["hours"] for r in data["rag_ratings"]}
    assert rag == {"red": 2, "amber": 6, "green": 24}
    assert [(e["number"], e["working_days"]) for e in data["escalation_steps"]] == [(1, 2), (2, 2), (3, 2), (4, 5)]
    unborn = [g for g in data["guidance"] if g["kind"] == "unborn_risk_factors"]
    assert unborn and len(unborn[0]["items"]) == 15
    assert any(g["kind"] == "consent" for g in data["guidance"])


def test_joint_framework_has_the_get_safe_exploitation_pathway_in_both_areas():
    pathways = [p for p in fixture_data("hw-2025")["pathways"] if p["kind"] == "exploitation"]
    assert {p["area"] for p in pathways} == {"herefordshire", "worcestershire"}
    assert all(p["levels"] == [2, 3, 4] and p["when_indicators"] for p in pathways)


# Each partnership's own level-4 door, on a Tuesday morning and on a Saturday.
DOORS = {
    # slug: (area, in office hours: first contact, out of hours: first contact)
    ("hw-2025", "herefordshire"): ("01432 260800", "01905 768020"),
    ("hw-2025", "worcestershire"): ("01905 822666", "01905 768020"),
    ("worcestershire-2017", "worcestershire"): ("01905 822666", "01905 768020"),
    ("stoke-2018", "stoke-on-trent"): ("01782 235100", "01782 234234"),
}


@pytest.mark.parametrize(("key", "phones"), DOORS.items(), ids=lambda v: "-".join(v) if isinstance(v, tuple) else v)
def test_level_4_names_the_partnerships_own_door_in_and_out_of_hours(key, phones):
    slug, area = key
    code = first_code(slug, 4)
    tuesday = suggest(snapshot(slug), [code], at("2026-11-24T11:00", area))
    saturday = suggest(snapshot(slug), [code], at("2026-11-28T11:00", area))
    assert (tuesday.contacts[0].phone, tuesday.contacts[0].open_now) == (phones[0], True)
    assert (saturday.contacts[0].phone, saturday.contacts[0].open_now) == (phones[1], True)


@pytest.mark.parametrize(
    ("slug", "phones", "moment"),
    [
        # Herefordshire 2024's MASH answers "during office hours" (no times printed): on a weekday the portal
        # does not guess; at a weekend it is not offered and the EDT is (issue 13, item 6: test_doors.py).
        ("herefordshire-2024", {"(01432) 260800", "(01905) 768020"}, "2026-11-24T11:00"),
        ("sefton", {"0345 140 0845", "0151 934 4013/ 4481"}, "2026-11-28T11:00"),
    ],
)
def test_level_4_where_the_document_prints_no_hours_names_the_doors_without_guessing(slug, phones, moment):
    s = suggest(snapshot(slug), [first_code(slug, 4)], at(moment))
    assert phones <= {c.phone for c in s.contacts}
    assert all(c.open_now is None for c in s.contacts if c.phone in phones)
