"""`Suggestion.from_json()`: the stored suggestion comes back in the live one's shape, so both render
through the same templates (thresholds/_reasons.html) with the same keys."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from django.conf import settings

from thresholds.engine import LONDON, Context, Suggestion, suggest
from thresholds.snapshot import snapshot_from_fixture

FRAMEWORKS = ("hw-2025", "stoke-2018", "sefton")


@pytest.mark.parametrize("slug", FRAMEWORKS)
@pytest.mark.parametrize(
    "at", [datetime(2026, 11, 23, 10, 0, tzinfo=LONDON), datetime(2026, 12, 25, 10, 0, tzinfo=LONDON)]
)
def test_from_json_gives_back_what_as_json_gave(slug, at):
    snapshot = snapshot_from_fixture(json.loads((settings.FRAMEWORK_FIXTURES_DIR / f"{slug}.json").read_text()))
    codes = list(snapshot.indicators)[::7][:20]
    area = next(iter(snapshot.areas))
    live = suggest(snapshot, codes, Context(area=area, at=at))
    stored = Suggestion.from_json(live.as_json())
    assert stored is not None
    assert stored.as_json() == live.as_json()
    assert stored.ticked == live.ticked
    assert (stored.level.number, stored.level.name) == (live.level.number, live.level.name)


def test_nothing_stored_stays_nothing():
    assert Suggestion.from_json(None) is None
