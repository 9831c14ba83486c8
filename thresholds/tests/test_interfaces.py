"""The stable interfaces: export_frameworks, suggest (command and API), validate_frameworks."""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from thresholds import models

from .helpers import first_code, fixture_data

pytestmark = pytest.mark.django_db

HW = "hw-2025"
L4 = first_code(HW, 4)


def run_json(capsys, *args):
    call_command(*args)
    return json.loads(capsys.readouterr().out)


def test_export_frameworks_prints_every_framework_in_the_stable_shape(capsys):
    data = run_json(capsys, "export_frameworks")
    assert [f["slug"] for f in data] == sorted(p.stem for p in settings.FRAMEWORK_FIXTURES_DIR.glob("*.json"))
    for framework in data:
        assert {
            "slug",
            "partnership",
            "title",
            "published",
            "status",
            "source_document",
            "areas",
            "levels",
            "indicators",
            "contacts",
            "pathways",
        } <= set(framework)
        assert [lv["number"] for lv in framework["levels"]] == [1, 2, 3, 4]
        assert all({"number", "name", "description"} <= set(lv) for lv in framework["levels"])
        assert all({"code", "level", "group", "domain", "text"} <= set(i) for i in framework["indicators"])
        assert all({"name", "phone", "email", "hours", "area"} <= set(c) for c in framework["contacts"])


def test_export_of_the_joint_framework_is_complete_and_verbatim(capsys):
    (exported,) = run_json(capsys, "export_frameworks", HW)
    source = fixture_data(HW)
    assert exported["source_document"] == "000_b0b36b1b0592244f.txt"
    assert exported["published"] == "2025-09-01"
    assert exported["status"] == "current"
    assert exported["partnership"] == source["partnership"]["name"]
    assert [a["name"] for a in exported["areas"]] == ["Herefordshire", "Worcestershire"]
    assert [(i["code"], i["level"], i["text"]) for i in exported["indicators"]] == [
        (i["code"], i["level"], i["text"]) for i in source["indicators"]
    ]
    domain_names = {d["code"]: d["name"] for d in source["domains"]}
    assert [i["domain"] for i in exported["indicators"]] == [domain_names[i["domain"]] for i in source["indicators"]]
    mash = next(c for c in exported["contacts"] if c["name"] == "Herefordshire Multi-Agency Safeguarding Hub")
    assert mash["phone"] == "01432 260800"
    assert mash["hours"] == "Monday to Thursday 8:45am – 5:15pm and Fridays 8:45am – 4:45pm"
    assert mash["area"] == "Herefordshire"
    assert {w["day"] for w in mash["opening_windows"]} == {"mon", "tue", "wed", "thu", "fri"}


def test_suggest_level_4_in_herefordshire_on_a_tuesday_names_the_mash(capsys):
    out = run_json(capsys, "suggest", HW, "--indicator", L4, "--area", "herefordshire", "--at", "2026-11-24T11:00")
    assert out["level"] == 4
    assert out["level_name"] == "Statutory Child Protection Intervention"
    assert out["contacts"][0] == {
        "code": "hfd-mash",
        "name": "Herefordshire Multi-Agency Safeguarding Hub",
        "phone": "01432 260800",
        "email": "",
        "area": "herefordshire",
        "hours": "Monday to Thursday 8:45am – 5:15pm and Fridays 8:45am – 4:45pm",
        "open_now": True,
        "covers": None,
    }
    assert {"level", "level_name", "reasons", "advisory", "pathway", "contacts"} <= set(out)
    assert out["reasons"][0]["domains"][0]["indicators"][0]["code"] == L4


@pytest.mark.parametrize("moment", ["2026-11-28T11:00", "2026-12-25T10:00"])
def test_suggest_on_a_saturday_or_christmas_day_names_the_emergency_duty_team(capsys, moment):
    out = run_json(capsys, "suggest", HW, "--indicator", L4, "--area", "herefordshire", "--at", moment)
    first = out["contacts"][0]
    assert (first["name"], first["phone"], first["open_now"]) == ("Emergency Duty Team", "01905 768020", True)


def test_suggest_with_several_indicators_takes_the_highest(capsys):
    out = run_json(
        capsys,
        "suggest",
        HW,
        "--indicator",
        first_code(HW, 1),
        "--indicator",
        first_code(HW, 3),
        "--at",
        "2026-11-24T11:00",
        "--area",
        "worcestershire",
    )
    assert out["level"] == 3
    assert [r["level"] for r in out["reasons"]] == [3, 1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-framework"], "Unknown framework: no-such-framework"),
        ([HW, "--indicator", "nope-9-99"], "Unknown indicator code for hw-2025: nope-9-99"),
        ([HW, "--area", "mars"], "Unknown area for hw-2025: mars"),
        ([HW, "--at", "Christmas"], "Not a date and time: 'Christmas'"),
    ],
)
def test_suggest_bad_input_is_one_line_on_stderr_and_exit_2(capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        call_command("suggest", *args)
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_suggest_as_a_real_process_exits_2_without_a_traceback(tmp_path):
    # A fresh process against an empty database: the framework is unknown there.
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True, cwd=settings.BASE_DIR)
    result = subprocess.run(
        [sys.executable, "manage.py", "suggest", HW, "--indicator", L4],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "suggest: Unknown framework: hw-2025"
    assert "Traceback" not in result.stderr


def test_api_suggest_returns_the_same_json_as_the_command(client, capsys):
    body = {"indicators": [L4], "area": "herefordshire", "at": "2026-11-24T11:00"}
    response = client.post(f"/api/frameworks/{HW}/suggest", body, content_type="application/json")
    assert response.status_code == 200
    command = run_json(capsys, "suggest", HW, "--indicator", L4, "--area", "herefordshire", "--at", "2026-11-24T11:00")
    assert response.json() == command


def test_api_suggest_out_of_hours(client):
    body = {"indicators": [L4], "area": "herefordshire", "at": "2026-11-28T11:00"}
    response = client.post(f"/api/frameworks/{HW}/suggest", body, content_type="application/json")
    assert response.json()["contacts"][0]["name"] == "Emergency Duty Team"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "must be JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"indicators": "health-4-01"}', '"indicators" must be a list'),
        ('{"indicators": [4]}', '"indicators" must be a list'),
        ('{"indicators": ["nope"]}', "Unknown indicator code"),
        ('{"indicators": [], "area": "mars"}', "Unknown area"),
        ('{"indicators": [], "area": 7}', '"area" must be an area code'),
        ('{"indicators": [], "at": "soon"}', "Not a date and time"),
        ('{"indicators": [], "at": 2026}', '"at" must be a date and time'),
    ],
)
def test_api_suggest_bad_input_is_400_with_a_clear_message(client, body, message):
    response = client.post(f"/api/frameworks/{HW}/suggest", body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_api_unknown_framework_is_404_and_get_is_405(client):
    response = client.post("/api/frameworks/nope/suggest", "{}", content_type="application/json")
    assert response.status_code == 404
    assert response.json() == {"error": "Unknown framework: nope"}
    assert client.get(f"/api/frameworks/{HW}/suggest").status_code == 405


def test_api_stores_nothing(client):
    from django.contrib.sessions.models import Session

    client.post(f"/api/frameworks/{HW}/suggest", {"indicators": [L4]}, content_type="application/json")
    assert Session.objects.count() == 0
    assert "sessionid" not in client.cookies


def test_validate_frameworks_passes_and_prints_counts(capsys):
    call_command("validate_frameworks")
    out = capsys.readouterr().out
    assert "hw-2025: 224 indicators (level 1: 39, level 2: 56, level 3: 72, level 4: 57)" in out
    assert "  Health: L1=7 L2=13 L3=11 L4=11" in out
    assert out.strip().endswith("All frameworks valid.")


def test_validate_frameworks_fails_on_a_problem(capsys):
    models.Indicator.objects.filter(framework__slug=HW, code=L4).update(text="  ")
    models.Service.objects.filter(framework__slug=HW, code="hfd-mash").update(phone="", email="")
    with pytest.raises(CommandError, match="2 problem"):
        call_command("validate_frameworks", HW)
    err = capsys.readouterr().err
    assert f"indicator {L4}: no text" in err
    assert "service hfd-mash: needs a phone number or an email" in err
