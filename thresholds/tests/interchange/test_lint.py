"""The fixtures against their source documents: complete, verbatim, well formed. No database."""

import json

import pytest
from django.conf import settings

from thresholds.interchange.lint import check_file, normalise, source_text

from ..helpers import fixture_data

PATHS = sorted(settings.FRAMEWORK_FIXTURES_DIR.glob("*.json"))


def test_there_is_a_fixture_for_every_source_document():
    documents = {json.loads(p.read_text())["framework"]["source_document"] for p in PATHS}
    sources = {p.name for p in (settings.FRAMEWORK_FIXTURES_DIR / "sources").glob("*.txt")}
    assert documents == sources


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_fixture_is_well_formed_and_verbatim(path):
    assert check_file(path) == []


def test_the_verbatim_check_catches_a_paraphrase(tmp_path):
    data = fixture_data("hw-2025")
    data = json.loads(json.dumps(data))
    data["indicators"][0]["text"] = data["indicators"][0]["text"].replace("milestones", "goals")
    path = tmp_path / "hw-2025.json"
    path.write_text(json.dumps(data))
    problems = check_file(path)
    assert len(problems) == 1 and "not found verbatim" in problems[0]


# Counts from my own reading of the joint 2025 document, Appendix 1: the number of ■ bullets in
# each table row. Two level 1 bullets hold several printed sentences and are split (Health 4 -> 7,
# Identity 4 -> 5); one level 2 Identity bullet ("e.g. race, culture, ...") continues the one before
# and is joined (6 -> 5). See "decisions" in the fixture.
HW_2025_COUNTS = {
    "health": (7, 13, 11, 11),
    "education": (5, 9, 12, 4),
    "identity": (5, 5, 6, 5),
    "parenting": (10, 7, 12, 10),
    "family": (8, 14, 24, 21),
    "social": (4, 8, 7, 6),
}


def test_joint_2025_framework_counts_per_level_and_domain():
    data = fixture_data("hw-2025")
    counts = {
        d: tuple(sum(1 for i in data["indicators"] if i["domain"] == d and i["level"] == n) for n in (1, 2, 3, 4))
        for d in HW_2025_COUNTS
    }
    assert counts == HW_2025_COUNTS
    assert len(data["indicators"]) == 224
    assert [d["name"] for d in data["domains"]] == [
        "Health",
        "Education",
        "Identity",
        "Parenting capacity, emotional and behavioural development",
        "Family relationship, environment, history and functioning.",
        "Social presentation",
    ]


def test_joint_2025_raw_bullet_count_matches_the_document():
    text = (settings.FRAMEWORK_FIXTURES_DIR / "sources" / "000_b0b36b1b0592244f.txt").read_text()
    appendix = text[text.index("Appendix 1 Levels of need examples\n\nThe below") :]
    assert appendix.count("■") == 221  # 224 indicators = 221 bullets + 4 from splits - 1 join


def test_joint_2025_areas_levels_and_doors():
    data = fixture_data("hw-2025")
    assert [a["code"] for a in data["areas"]] == ["herefordshire", "worcestershire"]
    assert [lv["name"] for lv in data["levels"]] == [
        "Universal services",
        "Additional needs",
        "Targeted support",
        "Statutory Child Protection Intervention",
    ]
    phones = {s["name"]: s["phone"] for s in data["services"]}
    assert phones["Herefordshire Multi-Agency Safeguarding Hub"] == "01432 260800"
    assert phones["Emergency Duty Team"] == "01905 768020"
    assert phones["Worcestershire Family Front Door"] == "01905 822666"
    assert phones["Children's Help and Advice Team (CHAT)"] == "(01432) 260261"


def test_every_phone_number_and_hour_in_every_fixture_is_printed_in_its_document():
    for path in PATHS:
        data = json.loads(path.read_text())
        source = source_text(data["framework"]["source_document"])
        for service in data["services"]:
            for field in ("phone", "email", "hours_text"):
                assert normalise(service[field]) in source, (path.stem, service["code"], field)
