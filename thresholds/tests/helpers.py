import json
from datetime import datetime
from functools import cache

from django.conf import settings

from thresholds.engine import LONDON, Context, FrameworkSnapshot
from thresholds.snapshot import snapshot_from_fixture


@cache
def fixture_data(slug: str) -> dict:
    return json.loads((settings.FRAMEWORK_FIXTURES_DIR / f"{slug}.json").read_text(encoding="utf-8"))


@cache
def snapshot(slug: str) -> FrameworkSnapshot:
    return snapshot_from_fixture(fixture_data(slug))


def at(text: str, area: str | None = None) -> Context:
    return Context(area=area, at=datetime.fromisoformat(text).replace(tzinfo=LONDON))


def first_code(slug: str, level: int, domain: str | None = None) -> str:
    return next(
        i["code"]
        for i in fixture_data(slug)["indicators"]
        if i["level"] == level and (domain is None or i["domain"] == domain)
    )
