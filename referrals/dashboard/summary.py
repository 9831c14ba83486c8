"""The safeguarding lead's dashboard figures: a pure function of counts, no ORM and no request.

Kept apart from the view so every figure can be checked by hand in a test. The database counts (the view's
selector: GROUP BY counts of the period's assessments, the median times, the longest overdue) and
`summarise_aggregates` turns the counts into the figures; `summarise` does the same from plain rows, counting them
here (`aggregate_rows`): the tests check the database's counts against it. The charts are drawn as SVG from the
same figures (bar widths as percentages, computed here) and the page puts a table holding those figures beside
each chart.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

LEVELS = (1, 2, 3, 4)
DECIDED = "decided"  # Assessment.Status.DECIDED, repeated so this module needs no Django model
NO_RATING = "No RAG rating"
NO_LEVEL = "No level"
ALL_RATINGS = "All ratings"
ON_TIME, LATE = "on_time", "late"

# Chart geometry: one row per bar, the label above its bar; widths are percentages of the chart's width,
# leaving room at the right for the figure printed after the longest bar.
BAR_AREA = 85.0
ROW_HEIGHT = 46
BAR_HEIGHT = 16
LABEL_LIMIT = 40  # characters of a label the chart shows; the table beside it has the whole label


@dataclass(frozen=True)
class Row:
    """One sent assessment and its review, as the dashboard needs it (nothing of the child but the name)."""

    pk: object
    reference: str
    status: str
    suggested_level: int | None
    practitioner_level: int | None
    submitted_at: datetime | None
    rag: str = ""
    due_by: datetime | None = None
    decided_level: int | None = None
    outcome: str = ""
    decided_at: datetime | None = None
    child_name: str = field(default="", repr=False)  # only for the overdue list; kept out of repr and logs

    @property
    def level(self) -> int | None:
        """The level put forward: the practitioner's judgement, else the suggestion (as Assessment.level)."""
        return self.practitioner_level or self.suggested_level

    @property
    def is_decided(self) -> bool:
        return self.status == DECIDED


@dataclass(frozen=True)
class Group:
    """One GROUP BY row: how many of the period's sent assessments share these values. Only a decided one has a
    decided level, an outcome, a rating counted and a timing (ON_TIME, LATE, or "" without a due-by time)."""

    count: int
    decided: bool
    level: int | None  # put forward
    suggested_level: int | None = None
    decided_level: int | None = None
    rag: str = ""
    outcome: str = ""
    timing: str = ""


@dataclass(frozen=True)
class Aggregates:
    """What the dashboard is made from: the period's counts, the median hours from sent to decided by rating
    (NO_RATING for unrated; ALL_RATINGS for all), and the longest overdue (whatever the period) with their total."""

    groups: tuple[Group, ...]
    median_hours: Mapping[str, float]
    overdue: tuple[Row, ...]
    overdue_total: int


FIGURES_FORMAT = 1  # the shape of `figures_as_json`; a stored summary of another shape is counted again


def figures_as_json(aggregates: Aggregates, *, rereferrals: int) -> dict:
    """The period's counts as JSON for `DashboardSummary.figures`: the groups, the median hours and the
    re-referral count. Never the overdue list (read live, and it names children)."""
    return {
        "format": FIGURES_FORMAT,
        "groups": [
            [g.count, g.decided, g.level, g.suggested_level, g.decided_level, g.rag, g.outcome, g.timing]
            for g in aggregates.groups
        ],
        "median_hours": dict(aggregates.median_hours),
        "rereferrals": rereferrals,
    }


def figures_from_json(data: Mapping) -> tuple[Aggregates, int] | None:
    """`figures_as_json` read back: the counts (with an empty overdue list) and the re-referral count, exactly as
    they were; None for anything else (an older shape, or nothing)."""
    if not isinstance(data, Mapping) or data.get("format") != FIGURES_FORMAT:
        return None
    groups = tuple(
        Group(
            count=count,
            decided=decided,
            level=level,
            suggested_level=suggested,
            decided_level=decided_level,
            rag=rag,
            outcome=outcome,
            timing=timing,
        )
        for count, decided, level, suggested, decided_level, rag, outcome, timing in data["groups"]
    )
    medians = {rag: float(hours) for rag, hours in data["median_hours"].items()}
    return Aggregates(groups=groups, median_hours=medians, overdue=(), overdue_total=0), int(data["rereferrals"])


class OverdueList(tuple):
    """The longest overdue, longest first: at most as many as were fetched, while `len()` is how many are
    overdue in all (the page says "the first 50 of N" and sends on to the queue for the rest)."""

    total: int

    def __new__(cls, items: Iterable[Overdue], total: int | None = None) -> OverdueList:
        made = super().__new__(cls, items)
        made.total = tuple.__len__(made) if total is None else total
        return made

    def __len__(self) -> int:
        return self.total


@dataclass(frozen=True)
class Count:
    label: str
    count: int


@dataclass(frozen=True)
class Difference:
    """How the lead's decided level compares with another level, over decided assessments that have both."""

    compared_with: str
    compared: int
    same: int
    higher: int
    lower: int

    @property
    def differs(self) -> int:
        return self.higher + self.lower

    @property
    def percent(self) -> int | None:
        """The share that differs, in whole per cent; None when nothing could be compared."""
        return percent(self.differs, self.compared)


@dataclass(frozen=True)
class Timeliness:
    """Decisions for one RAG rating (or all of them) against the due-by time its timescale gave."""

    rag: str
    decided: int
    on_time: int  # decided at or before the due-by time
    late: int  # decided after it
    median_hours: float | None  # from being sent to being decided

    @property
    def no_due_by(self) -> int:
        """Decided without a due-by time (no rating, or a timescale in words no time can be computed from)."""
        return self.decided - self.on_time - self.late

    @property
    def on_time_percent(self) -> int | None:
        return percent(self.on_time, self.on_time + self.late)


@dataclass(frozen=True)
class Overdue:
    pk: object
    reference: str
    child_name: str
    level: int | None
    rag: str
    due_by: datetime
    overdue_for: str


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    text: str  # the figure printed after the bar
    width: float  # per cent of the chart's width
    y: int  # top of the bar's row, in pixels

    @property
    def height(self) -> int:
        return BAR_HEIGHT

    @property
    def label_y(self) -> int:
        return self.y + 14

    @property
    def bar_y(self) -> int:
        return self.y + 22

    @property
    def text_x(self) -> float:
        return round(self.width + 1, 1)

    @property
    def text_y(self) -> int:
        return self.bar_y + BAR_HEIGHT - 3


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]

    @property
    def height(self) -> int:
        return ROW_HEIGHT * len(self.bars)


@dataclass(frozen=True)
class Dashboard:
    sent: int  # sent (not draft) assessments in the period
    decided: int
    by_level: tuple[Count, ...]
    by_decided_level: tuple[Count, ...]
    by_outcome: tuple[Count, ...]
    from_suggested: Difference
    from_put_forward: Difference
    timeliness: tuple[Timeliness, ...]
    overall: Timeliness
    overdue: OverdueList

    @property
    def differences(self) -> tuple[Difference, Difference]:
        return (self.from_suggested, self.from_put_forward)

    @property
    def timeliness_rows(self) -> tuple[Timeliness, ...]:
        """Each rating, then all of them together."""
        return (*self.timeliness, self.overall)

    @property
    def level_chart(self) -> Chart:
        return bar_chart(self.by_level)

    @property
    def decided_level_chart(self) -> Chart:
        return bar_chart(self.by_decided_level)

    @property
    def outcome_chart(self) -> Chart:
        return bar_chart(self.by_outcome)

    @property
    def difference_chart(self) -> Chart:
        return percent_chart([(f"Differs from {d.compared_with}", d.percent) for d in self.differences])

    @property
    def timeliness_chart(self) -> Chart:
        return percent_chart([(t.rag, t.on_time_percent) for t in self.timeliness_rows])


def percent(part: int, whole: int) -> int | None:
    """Whole per cent, or None for nothing out of nothing (never a division by zero)."""
    return round(100 * part / whole) if whole else None


def summarise(
    rows: Iterable[Row], now: datetime, *, since: datetime | None = None, rag_order: Sequence[str] = ()
) -> Dashboard:
    """Every figure on the dashboard from the partnership's sent assessments.

    `since` limits the figures to assessments sent from then on; the overdue list ignores it, so nothing
    overdue is hidden by the period chosen. `rag_order` is the partnership's own order of its RAG ratings
    (others follow by name, unrated last).
    """
    return summarise_aggregates(aggregate_rows(rows, now, since=since), now, rag_order=rag_order)


def aggregate_rows(rows: Iterable[Row], now: datetime, *, since: datetime | None = None) -> Aggregates:
    """The counts `summarise_aggregates` needs, counted here from rows (the database counts the same in SQL)."""
    rows = list(rows)
    period = [r for r in rows if since is None or (r.submitted_at is not None and r.submitted_at >= since)]
    groups = Counter(_group_key(r) for r in period)
    decided = [r for r in period if r.is_decided]
    hours: dict[str, list[float]] = {}
    for r in decided:
        if r.decided_at is not None and r.submitted_at is not None:
            took = (r.decided_at - r.submitted_at).total_seconds() / 3600
            hours.setdefault(r.rag or NO_RATING, []).append(took)
            hours.setdefault(ALL_RATINGS, []).append(took)
    overdue = sorted(
        ((r.due_by, r) for r in rows if not r.is_decided and r.due_by is not None and r.due_by < now),
        key=lambda pair: (pair[0], pair[1].pk),  # ties in the order the database breaks them (selectors)
    )
    return Aggregates(
        groups=tuple(Group(n, *key) for key, n in groups.items()),
        median_hours={rag: statistics.median(values) for rag, values in hours.items()},
        overdue=tuple(r for _, r in overdue),
        overdue_total=len(overdue),
    )


def _group_key(r: Row) -> tuple[bool, int | None, int | None, int | None, str, str, str]:
    if not r.is_decided:
        return (False, r.level, None, None, "", "", "")
    timing = ""
    if r.due_by is not None and r.decided_at is not None:
        timing = ON_TIME if r.decided_at <= r.due_by else LATE
    return (True, r.level, r.suggested_level, r.decided_level, r.rag, r.outcome, timing)


def summarise_aggregates(aggregates: Aggregates, now: datetime, *, rag_order: Sequence[str] = ()) -> Dashboard:
    """Every figure on the dashboard from the counts (see `summarise`)."""
    period = aggregates.groups
    decided = [g for g in period if g.decided]
    outcomes: Counter[str] = Counter()
    for g in decided:
        outcomes[g.outcome] += g.count
    medians = aggregates.median_hours
    return Dashboard(
        sent=sum(g.count for g in period),
        decided=sum(g.count for g in decided),
        by_level=_level_counts((g.level, g.count) for g in period),
        by_decided_level=_level_counts((g.decided_level, g.count) for g in decided),
        by_outcome=tuple(Count(outcome, n) for outcome, n in sorted(outcomes.items(), key=lambda kv: (-kv[1], kv[0]))),
        from_suggested=_difference(
            "the suggested level", [(g.decided_level, g.suggested_level, g.count) for g in decided]
        ),
        from_put_forward=_difference("the level put forward", [(g.decided_level, g.level, g.count) for g in decided]),
        timeliness=tuple(
            _timeliness(rag, [g for g in decided if (g.rag or NO_RATING) == rag], medians.get(rag))
            for rag in _rag_names({g.rag or NO_RATING for g in decided}, rag_order)
        ),
        overall=_timeliness(ALL_RATINGS, decided, medians.get(ALL_RATINGS)),
        overdue=OverdueList(
            (
                Overdue(r.pk, r.reference, r.child_name, r.level, r.rag, r.due_by, overdue_for(now - r.due_by))
                for r in aggregates.overdue
                if r.due_by is not None
            ),
            aggregates.overdue_total,
        ),
    )


def _level_counts(levels: Iterable[tuple[int | None, int]]) -> tuple[Count, ...]:
    """Levels 1 to 4 always (a zero is a figure too); "No level" only when there are some."""
    counts: Counter[int | None] = Counter()
    for level, n in levels:
        counts[level] += n
    rows = [Count(f"Level {n}", counts[n]) for n in LEVELS]
    other = sum(n for level, n in counts.items() if level not in LEVELS)
    return tuple(rows + ([Count(NO_LEVEL, other)] if other else []))


def _difference(compared_with: str, triples: Sequence[tuple[int | None, int | None, int]]) -> Difference:
    both = [(decided, other, n) for decided, other, n in triples if decided is not None and other is not None]
    return Difference(
        compared_with=compared_with,
        compared=sum(n for _, _, n in both),
        same=sum(n for decided, other, n in both if decided == other),
        higher=sum(n for decided, other, n in both if decided > other),
        lower=sum(n for decided, other, n in both if decided < other),
    )


def _timeliness(rag: str, decided: Sequence[Group], median: float | None) -> Timeliness:
    return Timeliness(
        rag=rag,
        decided=sum(g.count for g in decided),
        on_time=sum(g.count for g in decided if g.timing == ON_TIME),
        late=sum(g.count for g in decided if g.timing == LATE),
        median_hours=round(median, 1) if median is not None else None,
    )


def _rag_names(present: set[str], order: Sequence[str]) -> list[str]:
    ordered = [name for name in dict.fromkeys(order) if name in present]
    rest = sorted(present - set(ordered) - {NO_RATING})
    return ordered + rest + ([NO_RATING] if NO_RATING in present else [])


def overdue_for(delta: timedelta) -> str:
    """How long past its due-by time, in words: the two largest units ("2 days 3 hours", "40 minutes")."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    words = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n]
    return " ".join(words[:2])


def bar_chart(counts: Sequence[Count]) -> Chart:
    """Counts as bars, the largest filling the bar area."""
    largest = max((c.count for c in counts), default=0)
    return _chart([(c.label, str(c.count), c.count / largest if largest else 0.0) for c in counts])


def percent_chart(items: Sequence[tuple[str, int | None]]) -> Chart:
    """Percentages as bars on a 0 to 100 scale; None (nothing to count) is drawn as no bar and a dash."""
    return _chart([(label, "–" if p is None else f"{p}%", (p or 0) / 100) for label, p in items])


def _chart(items: Sequence[tuple[str, str, float]]) -> Chart:
    return Chart(
        tuple(
            Bar(label, _shorten(label), text, round(BAR_AREA * share, 1), ROW_HEIGHT * i)
            for i, (label, text, share) in enumerate(items)
        )
    )


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1].rstrip() + "…"
