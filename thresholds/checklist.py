"""The indicator checklist as a practitioner sees it: grouped as the document groups it, filterable by words.

Pure functions of a snapshot, so the page, the no-JavaScript filter and the tests share one set of rules
(the browser's as-you-type filter in static/js/threshold.mjs follows the same matching rule).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .engine import DomainInfo, FrameworkSnapshot, IndicatorInfo, LevelInfo


@dataclass(frozen=True)
class ChecklistItem:
    indicator: IndicatorInfo
    level: LevelInfo
    search_text: str  # lower-case indicator, domain and level words: what the filter matches against


@dataclass(frozen=True)
class ChecklistDomain:
    domain: DomainInfo
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class ChecklistGroup:
    name: str  # the document's own grouping of domains; "" where it has none
    domains: tuple[ChecklistDomain, ...]


# Snapshots are immutable and cached per content version (but unhashable), so keep one checklist per snapshot.
_BUILT: dict[int, tuple[FrameworkSnapshot, tuple[ChecklistGroup, ...]]] = {}


def checklist(snapshot: FrameworkSnapshot) -> tuple[ChecklistGroup, ...]:
    """Domains in document order under their group; each domain's indicators in document order."""
    built = _BUILT.get(id(snapshot))
    if built is not None and built[0] is snapshot:
        return built[1]
    groups = _build(snapshot)
    if len(_BUILT) >= 32:
        _BUILT.clear()
    _BUILT[id(snapshot)] = (snapshot, groups)
    return groups


def _build(snapshot: FrameworkSnapshot) -> tuple[ChecklistGroup, ...]:
    by_domain: dict[str, list[ChecklistItem]] = {code: [] for code in snapshot.domains}
    for indicator in snapshot.indicators.values():
        domain = snapshot.domains[indicator.domain]
        level = snapshot.levels[indicator.level]
        words = f"{indicator.text} {domain.name} level {level.number} {level.name}".lower()
        by_domain[indicator.domain].append(ChecklistItem(indicator, level, words))
    groups: dict[str, list[ChecklistDomain]] = {}
    for code, items in by_domain.items():
        if items:
            domain = snapshot.domains[code]
            groups.setdefault(domain.group, []).append(ChecklistDomain(domain, tuple(items)))
    return tuple(ChecklistGroup(name, tuple(domains)) for name, domains in groups.items())


def filter_words(query: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"\s+", query.lower().strip()) if w)


def matches(item: ChecklistItem, words: tuple[str, ...]) -> bool:
    """Every word typed appears somewhere in the indicator, its domain or its level."""
    return all(w in item.search_text for w in words)
