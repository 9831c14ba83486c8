"""One child's timeline (pure: plain objects in, plain rows out; no queries).

The accumulation rule is the engine's own (`thresholds.engine.accumulation_advisory`), applied at each assessment
to the union of the indicators ticked in it and in the earlier ones of the same guidance sent within WINDOW before
it. None of the encoded documents gives a period for needs adding up, so the window is the portal's: 12 months,
the period national re-referral figures use (docs/decisions/0012-child-matching.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from thresholds.engine import Advisory, FrameworkSnapshot, accumulation_advisory

WINDOW = timedelta(days=365)
WINDOW_WORDS = "12 months"


@dataclass(frozen=True)
class Ticked:
    level: int
    level_name: str
    domain: str
    indicators: tuple[str, ...]  # the document's words


@dataclass(frozen=True)
class Entry:
    assessment: object  # the Assessment (templates read its reference, review, owner, escalations)
    ticked: tuple[Ticked, ...]
    across_time: Advisory | None  # fires over the window, but not within this assessment alone
    assessments_in_window: int


def ticked_by_level_and_domain(snapshot: FrameworkSnapshot, codes: Sequence[str]) -> tuple[Ticked, ...]:
    """The ticks in the document's words, by level (highest first) and domain (document order)."""
    known = [snapshot.indicators[c] for c in codes if c in snapshot.indicators]
    groups = []
    for number in sorted({i.level for i in known}, reverse=True):
        for domain in snapshot.domains.values():
            words = tuple(i.text for i in known if i.level == number and i.domain == domain.code)
            if words:
                groups.append(Ticked(number, snapshot.levels[number].name, domain.name, words))
    return tuple(groups)


def chronology(rows: Sequence[tuple[object, str, datetime, list[str], FrameworkSnapshot]]) -> list[Entry]:
    """`rows`: (assessment, guidance slug, sent at, ticked codes, snapshot), oldest first."""
    entries = []
    for n, (assessment, slug, sent, codes, snapshot) in enumerate(rows):
        window = [r for r in rows[: n + 1] if r[1] == slug and sent - r[2] <= WINDOW]
        union = [code for r in window for code in r[3]]
        across = accumulation_advisory(snapshot, union) if len(window) > 1 else None
        alone = accumulation_advisory(snapshot, codes)
        fires = across if across and (alone is None or across.level > alone.level) else None
        entries.append(
            Entry(
                assessment=assessment,
                ticked=ticked_by_level_and_domain(snapshot, codes),
                across_time=fires,
                assessments_in_window=len(window),
            )
        )
    return entries
