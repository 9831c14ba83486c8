"""Build the engine's FrameworkSnapshot from a fixture or from the database.

Both roads lead to the same immutable snapshot, so the engine can be tested from the fixture
files without a database, and the pages can be served from one cached snapshot per framework.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.cache import cache

from .engine import (
    AccumulationRule,
    DomainInfo,
    FrameworkSnapshot,
    IndicatorInfo,
    LevelInfo,
    PathwayInfo,
    ServiceInfo,
    Window,
)

if TYPE_CHECKING:  # the fixture road must work without Django set up
    from . import models

T = TypeVar("T")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def snapshot_from_fixture(data: dict[str, Any]) -> FrameworkSnapshot:
    fw = data["framework"]
    # A pathway lists its services in the framework's service order, as the database returns them.
    service_order = {s["code"]: n for n, s in enumerate(data.get("services", []))}
    return FrameworkSnapshot(
        slug=fw["slug"],
        title=fw["title"],
        areas={a["code"]: a["name"] for a in data["areas"]},
        levels={
            lv["number"]: LevelInfo(
                number=lv["number"],
                name=lv["name"],
                description=lv.get("description", ""),
                service_examples=tuple(lv.get("service_examples", [])),
                information_sharing=lv.get("information_sharing", ""),
            )
            for lv in data["levels"]
        },
        domains={
            d["code"]: DomainInfo(code=d["code"], name=d["name"], group=d.get("group", "")) for d in data["domains"]
        },
        indicators={
            i["code"]: IndicatorInfo(code=i["code"], level=i["level"], domain=i["domain"], text=i["text"])
            for i in data["indicators"]
        },
        services={
            s["code"]: ServiceInfo(
                code=s["code"],
                name=s["name"],
                area=s.get("area"),
                phone=s.get("phone", ""),
                email=s.get("email", ""),
                availability=s["availability"],
                hours_text=s.get("hours_text", ""),
                windows=tuple(
                    sorted(
                        (
                            Window(DAYS.index(day), time.fromisoformat(w["opens"]), time.fromisoformat(w["closes"]))
                            for w in s.get("hours", [])
                            for day in w["days"]
                        ),
                        key=lambda w: (w.weekday, w.opens),
                    )
                ),
                out_of_hours_service=s.get("out_of_hours_service"),
            )
            for s in data.get("services", [])
        },
        pathways=tuple(
            PathwayInfo(
                code=p["code"],
                kind=p["kind"],
                area=p.get("area"),
                levels=frozenset(p["levels"]),
                title=p["title"],
                text=p["text"],
                services=tuple(sorted(p.get("services", []), key=service_order.__getitem__)),
                when_indicators=frozenset(p.get("when_indicators", [])),
                condition=p.get("condition", ""),
            )
            for p in data.get("pathways", [])
        ),
        accumulation=AccumulationRule(
            min_indicators=fw["accumulation"]["min_indicators"],
            min_domains=fw["accumulation"]["min_domains"],
            text=fw["accumulation"].get("text", ""),
        ),
        emergency_text=fw["emergency"]["text"],
        emergency_phone=fw["emergency"].get("phone", "999"),
    )


def snapshot_from_db(framework: models.Framework) -> FrameworkSnapshot:
    """Read a whole framework in a fixed number of queries, whatever its size."""
    areas = list(framework.areas.all())
    area_code: dict[int | None, str] = {a.pk: a.code for a in areas}
    levels = list(framework.levels.all())
    level_number = {lv.pk: lv.number for lv in levels}
    domains = list(framework.domains.all())
    domain_code = {d.pk: d.code for d in domains}
    indicators = list(framework.indicators.values_list("pk", "code", "level_id", "domain_id", "text"))
    indicator_code = {pk: code for pk, code, *_ in indicators}
    services = list(framework.services.all().prefetch_related("windows"))
    service_code: dict[int | None, str] = {s.pk: s.code for s in services}
    pathways = list(framework.pathways.all().prefetch_related("levels", "services", "when_indicators"))
    return FrameworkSnapshot(
        slug=framework.slug,
        title=framework.title,
        areas={a.code: a.name for a in areas},
        levels={
            lv.number: LevelInfo(
                number=lv.number,
                name=lv.name,
                description=lv.description,
                service_examples=tuple(lv.service_examples),
                information_sharing=lv.information_sharing,
            )
            for lv in levels
        },
        domains={d.code: DomainInfo(code=d.code, name=d.name, group=d.group) for d in domains},
        indicators={
            code: IndicatorInfo(code=code, level=level_number[level_id], domain=domain_code[domain_id], text=text)
            for _, code, level_id, domain_id, text in indicators
        },
        services={
            s.code: ServiceInfo(
                code=s.code,
                name=s.name,
                area=area_code.get(s.area_id),
                phone=s.phone,
                email=s.email,
                availability=s.availability,
                hours_text=s.hours_text,
                windows=tuple(Window(w.weekday, w.opens, w.closes) for w in s.windows.all()),
                out_of_hours_service=service_code.get(s.out_of_hours_service_id),
            )
            for s in services
        },
        pathways=tuple(
            PathwayInfo(
                code=p.code,
                kind=p.kind,
                area=area_code.get(p.area_id),
                levels=frozenset(level_number[lv.pk] for lv in p.levels.all()),
                title=p.title,
                text=p.text,
                services=tuple(s.code for s in sorted(p.services.all(), key=lambda s: s.order)),
                when_indicators=frozenset(indicator_code[i.pk] for i in p.when_indicators.all()),
                condition=p.condition,
            )
            for p in pathways
        ),
        accumulation=AccumulationRule(
            min_indicators=framework.accumulation_min_indicators,
            min_domains=framework.accumulation_min_domains,
            text=framework.accumulation_text,
        ),
        emergency_text=framework.emergency_text,
        emergency_phone=framework.emergency_phone,
    )


def _cache_key(framework: models.Framework) -> str:
    return f"snapshot:{framework.pk}:{framework.slug}:{framework.content_version}"  # pk: a re-made draft is new


# Unpickled snapshots, per process, by cache key. The key names the framework's id and content version, which
# goes up on every change and publishing makes a new framework, so a key never comes back with other content
# and every process can keep what it read: the shared cache is asked once per version, not once per request.
_MEMO: dict[str, FrameworkSnapshot] = {}
_MEMO_SIZE = 64


def cached_snapshot(framework: models.Framework) -> FrameworkSnapshot:
    """The snapshot, built once per content version of the framework, unpickled once per process."""
    key = _cache_key(framework)
    snapshot = _MEMO.get(key)
    if snapshot is not None:
        return snapshot
    snapshot = cache.get(key)
    if snapshot is None:
        snapshot = snapshot_from_db(framework)
        cache.set(key, snapshot, timeout=None)
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.clear()
    _MEMO[key] = snapshot
    return snapshot


# Issue 19: what else the pages read of a published framework (its RAG ratings, outcomes, consent passages), per
# process, by the same key: a published framework's content never changes in place (a change is a new version, and
# the loader bumps the content version), so these rows are read once a version, not once a request.
_ROWS: dict[str, Any] = {}


def memoised(framework: models.Framework, what: str, read: Callable[[], T]) -> T:
    """`read()` once per content version of a published framework in this process; a draft's is read every time."""
    if framework.status == framework.Status.DRAFT:
        return read()
    key = f"{what}:{_cache_key(framework)}"
    if key not in _ROWS:
        if len(_ROWS) >= _MEMO_SIZE * 4:
            _ROWS.clear()
        _ROWS[key] = read()
    return _ROWS[key]


def forget_memos() -> None:
    """Drop this process's memo (tests, whose rolled-back databases reuse ids and content versions)."""
    _MEMO.clear()
    _ROWS.clear()
