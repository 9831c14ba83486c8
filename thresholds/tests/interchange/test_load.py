"""Loading the fixtures: idempotent, faithful, all-or-nothing."""

import copy
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thresholds import models
from thresholds.interchange.load import FixtureError, load_directory, load_framework
from thresholds.snapshot import cached_snapshot, snapshot_from_db, snapshot_from_fixture

from ..helpers import fixture_data, table_counts

SLUGS = sorted(p.stem for p in settings.FRAMEWORK_FIXTURES_DIR.glob("*.json"))

pytestmark = pytest.mark.django_db


def test_loading_again_changes_nothing(capsys):
    before = table_counts()
    versions = dict(models.Framework.objects.values_list("slug", "content_version"))
    call_command("load_frameworks")
    out = capsys.readouterr().out
    assert out.strip().splitlines() == [f"{slug}: unchanged" for slug in SLUGS]
    assert table_counts() == before
    assert dict(models.Framework.objects.values_list("slug", "content_version")) == versions


def test_every_fixture_is_loaded_whole():
    for slug in SLUGS:
        data = fixture_data(slug)
        framework = models.Framework.objects.get(slug=slug)
        assert framework.indicators.count() == len(data["indicators"])
        assert framework.services.count() == len(data.get("services", []))
        assert framework.pathways.count() == len(data.get("pathways", []))
        assert framework.guidance.count() == len(data.get("guidance", []))
        assert framework.source_document == data["framework"]["source_document"]


@pytest.mark.parametrize("slug", SLUGS)
def test_database_snapshot_equals_fixture_snapshot(slug):
    framework = models.Framework.objects.get(slug=slug)
    assert snapshot_from_db(framework) == snapshot_from_fixture(fixture_data(slug))


def test_successors_are_linked():
    hw = models.Framework.objects.get(slug="hw-2025")
    for slug in ("herefordshire-2024", "worcestershire-2017"):
        old = models.Framework.objects.get(slug=slug)
        assert old.status == "superseded"
        assert old.successor == hw
    assert hw.successor is None and hw.status == "current"


def test_a_changed_fixture_updates_only_what_changed_and_bumps_the_version():
    data = copy.deepcopy(fixture_data("hw-2025"))
    data["indicators"][0]["text"] = "Reworded for the test."
    del data["indicators"][-1]
    framework = models.Framework.objects.get(slug="hw-2025")
    version = framework.content_version
    result = load_framework(data)
    assert (result.created, result.updated, result.deleted) == (0, 1, 1)
    framework.refresh_from_db()
    assert framework.content_version == version + 1
    assert framework.indicators.get(code=data["indicators"][0]["code"]).text == "Reworded for the test."
    assert cached_snapshot(framework).indicators[data["indicators"][0]["code"]].text == "Reworded for the test."


def test_a_fixture_that_fails_part_way_leaves_nothing_half_saved():
    data = copy.deepcopy(fixture_data("hw-2025"))
    data["indicators"][0]["text"] = "This change must not survive."
    data["pathways"][0]["services"] = ["no-such-service"]
    before = table_counts()
    with pytest.raises(KeyError):
        load_framework(data)
    assert table_counts() == before
    first = fixture_data("hw-2025")["indicators"][0]
    assert models.Indicator.objects.get(framework__slug="hw-2025", code=first["code"]).text == first["text"]


def test_an_invalid_fixture_file_is_refused_with_its_problems(tmp_path):
    data = copy.deepcopy(fixture_data("hw-2025"))
    data["indicators"].append(dict(data["indicators"][0]))
    (tmp_path / "hw-2025.json").write_text(json.dumps(data))
    with pytest.raises(FixtureError, match="duplicate code"):
        load_directory(tmp_path)


def test_snapshot_is_read_in_a_constant_number_of_queries():
    counts = {}
    for slug in SLUGS:
        framework = models.Framework.objects.get(slug=slug)
        with CaptureQueriesContext(connection) as ctx:
            snapshot_from_db(framework)
        counts[slug] = len(ctx)
    assert len(set(counts.values())) == 1, counts
    assert max(counts.values()) <= 12


def test_natural_keys_round_trip():
    indicator = models.Indicator.objects.filter(framework__slug="hw-2025").first()
    assert models.Indicator.objects.get_by_natural_key(*indicator.natural_key()) == indicator
    level = indicator.level
    assert models.Level.objects.get_by_natural_key(*level.natural_key()) == level
    assert models.Framework.objects.get_by_natural_key("hw-2025").slug == "hw-2025"


def test_a_first_load_reports_only_creations():
    models.Framework.objects.update(successor=None)
    models.Framework.objects.all().delete()
    assert models.Indicator.objects.count() == 0
    results = load_directory(settings.FRAMEWORK_FIXTURES_DIR)
    assert [(r.framework, r.updated, r.deleted) for r in results] == [(slug, 0, 0) for slug in SLUGS]
    assert all(r.created > 0 for r in results)
    assert models.Framework.objects.get(slug="sefton").indicators.count() == len(fixture_data("sefton")["indicators"])
