"""Read-side queries for frameworks, shaped for the pages, the API and the commands."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Prefetch, QuerySet

from . import models
from .interchange import format as shape
from .snapshot import DAYS, memoised


def framework_list() -> QuerySet[models.Framework]:
    """Current frameworks first, then superseded ones, newest first within each; drafts left out."""
    return (
        models.Framework.objects.exclude(status=models.Framework.Status.DRAFT)
        .select_related("partnership", "successor")
        .prefetch_related("areas")
        .order_by("status", "partnership__name", "-published")
    )


MAX_HOPS = 20  # a chain of versions longer than this is a loop made by hand: stop and ask the partnership


def framework_replacing(framework: models.Framework) -> models.Framework | None:
    """The current version that replaced a superseded one: its successors followed to the current version, else
    the partnership's current guidance (the newest). None for a current version or a draft."""
    if framework.status != models.Framework.Status.SUPERSEDED:
        return None
    seen = {framework.pk}
    step = framework.successor
    for _ in range(MAX_HOPS):
        if step is None or step.pk in seen:
            break
        if step.status == models.Framework.Status.CURRENT:
            return step
        seen.add(step.pk)
        step = step.successor
    return (
        models.Framework.objects.select_related("partnership")
        .filter(partnership_id=framework.partnership_id, status=models.Framework.Status.CURRENT)
        .order_by("-published", "-pk")
        .first()
    )


def framework_by_slug(slug: str) -> models.Framework | None:
    # Slugs are unique: no ORDER BY (`.first()` would compile and sort by Meta.ordering's join on every page).
    found = models.Framework.objects.select_related("partnership", "successor").filter(slug=slug).order_by()[:1]
    return next(iter(found), None)


CONSENT_KINDS = ("consent", "information_sharing")


def guidance_for_level(framework: models.Framework, level: int | None) -> list[models.Guidance]:
    """The document's consent and information-sharing passages that apply at a level (or at every level)."""
    rows = memoised(  # read once per guidance version
        framework, "consent-guidance", lambda: list(framework.guidance.filter(kind__in=CONSENT_KINDS).order_by("order"))
    )
    return [g for g in rows if g.level is None or g.level == level]


def _windows_json(service: models.Service) -> list[dict[str, str]]:
    return [
        {"day": DAYS[w.weekday], "opens": w.opens.strftime("%H:%M"), "closes": w.closes.strftime("%H:%M")}
        for w in service.windows.all()
    ]


def _copied(section: shape.Section, row: Model) -> dict[str, Any]:
    """The fields format.py declares as copied one to one, as the model holds them."""
    return {name: getattr(row, name) for name in section.copied}


def framework_export(framework: models.Framework) -> dict[str, Any]:
    """The stable JSON shape of `manage.py export_frameworks` (one framework)."""
    areas = list(framework.areas.all())
    services = list(framework.services.select_related("area", "out_of_hours_service").prefetch_related("windows").all())
    pathways = framework.pathways.select_related("area").prefetch_related(
        Prefetch("levels", queryset=models.Level.objects.order_by("number")),
        Prefetch("services", queryset=models.Service.objects.order_by("order")),
        Prefetch("when_indicators", queryset=models.Indicator.objects.order_by("order")),
    )
    return {
        "slug": framework.slug,
        "partnership": framework.partnership.name,
        "partnership_slug": framework.partnership.slug,
        "title": framework.title,
        "published": framework.published.isoformat(),
        "published_text": framework.published_text,
        "version": framework.version,
        "status": framework.status,
        "successor": framework.successor.slug if framework.successor else None,
        "source_document": framework.source_document,
        "areas": [_copied(shape.AREAS, a) for a in areas],
        "levels": [_copied(shape.LEVELS, lv) for lv in framework.levels.all()],
        "domains": [_copied(shape.DOMAINS, d) for d in framework.domains.all()],
        "indicators": [
            {"code": i.code, "level": i.level.number, "group": i.domain.group, "domain": i.domain.name, "text": i.text}
            for i in framework.indicators.select_related("level", "domain")
        ],
        "contacts": [
            {
                "code": s.code,
                "name": s.name,
                "phone": s.phone,
                "email": s.email,
                "hours": s.hours_text,
                "availability": s.availability,
                "opening_windows": _windows_json(s),
                "out_of_hours": s.out_of_hours_service.name if s.out_of_hours_service else None,
                "area": s.area.name if s.area else None,
            }
            for s in services
        ],
        "pathways": [
            {
                "code": p.code,
                "kind": p.kind,
                "area": p.area.name if p.area else None,
                "levels": [lv.number for lv in p.levels.all()],
                "title": p.title,
                "text": p.text,
                "services": [s.name for s in p.services.all()],
                "when_indicators": [i.code for i in p.when_indicators.all()],
            }
            for p in pathways
        ],
        "emergency": {"text": framework.emergency_text, "phone": framework.emergency_phone},
        "accumulation": {
            "min_indicators": framework.accumulation_min_indicators,
            "min_domains": framework.accumulation_min_domains,
            "text": framework.accumulation_text,
        },
        **{
            section.key: [_copied(section, row) for row in getattr(framework, section.key).all()]
            for section in (
                shape.RAG_RATINGS,
                shape.DECISION_TIMESCALES,
                shape.OUTCOMES,
                shape.ESCALATION_STEPS,
                shape.GUIDANCE,
            )
        },
        "decisions": framework.decisions,
    }
