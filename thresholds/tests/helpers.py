import json
from datetime import datetime
from functools import cache

from django.conf import settings

from thresholds import models
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


GUIDANCE_TABLES = (
    models.Partnership,
    models.Framework,
    models.Area,
    models.Level,
    models.Domain,
    models.Indicator,
    models.Service,
    models.OpeningWindow,
    models.Pathway,
    models.RagRating,
    models.Outcome,
    models.DecisionTimescale,
    models.EscalationStep,
    models.Guidance,
)


def table_counts() -> dict:
    """Rows in every guidance table and each framework's content version: equal before and after means a
    refused load or import wrote nothing."""
    counts = {m.__name__: m.objects.count() for m in GUIDANCE_TABLES}
    counts["content_versions"] = sorted(models.Framework.objects.values_list("slug", "content_version"))
    return counts
