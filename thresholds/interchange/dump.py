"""Database -> fixture dict: a stored framework in the fixture format (export_spreadsheet, round trips)."""

from __future__ import annotations

from typing import Any

from .. import models
from .lint import DAYS

# --- From the database --------------------------------------------------------------------------


def framework_fixture(framework: models.Framework) -> dict[str, Any]:
    """A stored framework in the fixture format, for export. Fragments are not stored, so none are given."""
    return {
        "partnership": {"slug": framework.partnership.slug, "name": framework.partnership.name},
        "framework": {
            "slug": framework.slug,
            "title": framework.title,
            "published": framework.published.isoformat(),
            "published_text": framework.published_text,
            "version": framework.version,
            "status": framework.status,
            "successor": framework.successor.slug if framework.successor else None,
            "source_document": framework.source_document,
            "emergency": {"text": framework.emergency_text, "phone": framework.emergency_phone},
            "accumulation": {
                "min_indicators": framework.accumulation_min_indicators,
                "min_domains": framework.accumulation_min_domains,
                "text": framework.accumulation_text,
            },
        },
        "areas": [_noted({"code": a.code, "name": a.name}, a.note) for a in framework.areas.all()],
        "levels": [
            _noted(
                {
                    "number": lv.number,
                    "name": lv.name,
                    "description": lv.description,
                    "service_examples": lv.service_examples,
                    "information_sharing": lv.information_sharing,
                },
                lv.note,
            )
            for lv in framework.levels.all()
        ],
        "domains": [
            _noted({"code": d.code, "name": d.name, "group": d.group}, d.note) for d in framework.domains.all()
        ],
        "indicators": [
            _noted({"code": i.code, "level": i.level.number, "domain": i.domain.code, "text": i.text}, i.note)
            for i in framework.indicators.select_related("level", "domain")
        ],
        "services": _services(framework),
        "pathways": _pathways(framework),
        **_process_data(framework),
        "decisions": list(framework.decisions),
    }


def _noted(obj: dict[str, Any], note: str) -> dict[str, Any]:
    return {**obj, "note": note} if note else obj


def _services(framework: models.Framework) -> list[dict[str, Any]]:
    services = framework.services.select_related("area", "out_of_hours_service").prefetch_related("windows")
    return [
        _noted(
            {
                "code": s.code,
                "name": s.name,
                "area": s.area.code if s.area else None,
                "phone": s.phone,
                "email": s.email,
                "availability": s.availability,
                "hours_text": s.hours_text,
                "hours": _windows(s),
                "out_of_hours_service": s.out_of_hours_service.code if s.out_of_hours_service else None,
            },
            s.note,
        )
        for s in services
    ]


def _windows(service: models.Service) -> list[dict[str, Any]]:
    """The database keeps one window per weekday; days with the same times are grouped back into one."""
    groups: dict[tuple[str, str], list[str]] = {}
    for w in service.windows.all():
        groups.setdefault((w.opens.strftime("%H:%M"), w.closes.strftime("%H:%M")), []).append(DAYS[w.weekday])
    return [{"days": days, "opens": opens, "closes": closes} for (opens, closes), days in groups.items()]


def _pathways(framework: models.Framework) -> list[dict[str, Any]]:
    pathways = framework.pathways.select_related("area").prefetch_related("levels", "services", "when_indicators")
    return [
        _noted(
            {
                "code": p.code,
                "kind": p.kind,
                "area": p.area.code if p.area else None,
                "levels": sorted(lv.number for lv in p.levels.all()),
                "title": p.title,
                "text": p.text,
                "services": [s.code for s in sorted(p.services.all(), key=lambda s: s.order)],
                "when_indicators": [i.code for i in sorted(p.when_indicators.all(), key=lambda i: i.order)],
            },
            p.note,
        )
        for p in pathways
    ]


def _process_data(framework: models.Framework) -> dict[str, list[dict[str, Any]]]:
    return {
        "rag_ratings": [
            _noted(
                {
                    "code": r.code,
                    "name": r.name,
                    "meaning": r.meaning,
                    "response": r.response,
                    "hours": r.hours,
                    "working_days": r.working_days,
                },
                r.note,
            )
            for r in framework.rag_ratings.all()
        ],
        "decision_timescales": [
            _noted({"text": t.text, "hours": t.hours, "working_days": t.working_days}, t.note)
            for t in framework.decision_timescales.all()
        ],
        "outcomes": [_noted({"code": o.code, "text": o.text}, o.note) for o in framework.outcomes.all()],
        "escalation_steps": [
            _noted(
                {"number": e.number, "text": e.text, "timescale": e.timescale, "working_days": e.working_days}, e.note
            )
            for e in framework.escalation_steps.all()
        ],
        "guidance": [
            {
                "kind": g.kind,
                "title": g.title,
                "text": g.text,
                "items": g.items,
                "level": g.level,
                "indicators": g.indicators,
                "note": g.note,
            }
            for g in framework.guidance.all()
        ],
    }
