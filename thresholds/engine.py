"""The level-suggestion engine: a pure function of a framework snapshot, ticked indicators and a context.

No ORM and no request in here, so the same rules serve the web pages, the API, the command line
and the tests, and a suggestion can be recomputed from stored inputs at any time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property, lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")


# --- The framework as the engine sees it -------------------------------------------------------


@dataclass(frozen=True)
class Window:
    weekday: int  # Monday is 0
    opens: time
    closes: time


@dataclass(frozen=True)
class ServiceInfo:
    code: str
    name: str
    area: str | None
    phone: str
    email: str
    availability: str  # hours | always | out_of_hours | unstated | office_hours
    hours_text: str
    windows: tuple[Window, ...] = ()
    out_of_hours_service: str | None = None


@dataclass(frozen=True)
class LevelInfo:
    number: int
    name: str
    description: str = ""
    service_examples: tuple[str, ...] = ()
    information_sharing: str = ""


@dataclass(frozen=True)
class DomainInfo:
    code: str
    name: str
    group: str = ""


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    level: int
    domain: str
    text: str


@dataclass(frozen=True)
class PathwayInfo:
    code: str
    kind: str
    area: str | None
    levels: frozenset[int]
    title: str
    text: str
    services: tuple[str, ...] = ()
    when_indicators: frozenset[str] = frozenset()
    condition: str = ""  # the document's words for the only case in which the route applies


@dataclass(frozen=True)
class AccumulationRule:
    min_indicators: int
    min_domains: int
    text: str


@dataclass(frozen=True)
class FrameworkSnapshot:
    slug: str
    title: str
    areas: Mapping[str, str]  # code -> name, in document order
    levels: Mapping[int, LevelInfo]
    domains: Mapping[str, DomainInfo]  # in document order
    indicators: Mapping[str, IndicatorInfo]  # in document order
    services: Mapping[str, ServiceInfo]
    pathways: tuple[PathwayInfo, ...]
    accumulation: AccumulationRule
    emergency_text: str
    emergency_phone: str = "999"

    @cached_property
    def indicator_position(self) -> dict[str, int]:
        """Document order of the indicators, worked out once per snapshot rather than per suggestion."""
        return {code: n for n, code in enumerate(self.indicators)}


# --- Inputs and outputs ---------------------------------------------------------------------------


class SuggestionError(ValueError):
    """Bad input: the message is safe to show to the person who gave it."""


@dataclass(frozen=True)
class Context:
    area: str | None
    at: datetime
    # The level whose doors (pathways, contacts) to give, when it is not the suggested one: the level a
    # practitioner put forward. The suggested level and its reasons stay as the indicators make them.
    level: int | None = None


@dataclass(frozen=True)
class Contact:
    code: str
    name: str
    phone: str
    email: str
    area: str | None
    hours: str
    open_now: bool | None  # None: the document gives no hours
    covers: str | None = None  # name of the service this one stands in for out of hours
    condition: str = ""  # reached only through a conditional route: the document's words for when

    def as_json(self) -> dict[str, Any]:
        data = {
            "code": self.code,
            "name": self.name,
            "phone": self.phone,
            "email": self.email,
            "area": self.area,
            "hours": self.hours,
            "open_now": self.open_now,
            "covers": self.covers,
        }
        if self.condition:  # only a contact reached through a conditional route has the key
            data["condition"] = self.condition
        return data


@dataclass(frozen=True)
class Advisory:
    level: int
    indicators: int
    domains: int
    text: str

    def as_json(self) -> dict[str, Any]:
        return {"level": self.level, "indicators": self.indicators, "domains": self.domains, "text": self.text}


@dataclass(frozen=True)
class ReasonDomain:
    domain: DomainInfo
    indicators: tuple[IndicatorInfo, ...]


@dataclass(frozen=True)
class ReasonLevel:
    level: LevelInfo
    domains: tuple[ReasonDomain, ...]


@dataclass(frozen=True)
class Suggestion:
    framework: str
    area: str | None
    at: datetime
    level: LevelInfo | None
    reasons: tuple[ReasonLevel, ...]
    advisory: Advisory | None
    pathways: tuple[PathwayInfo, ...]
    contacts: tuple[Contact, ...]
    emergency_text: str
    emergency_phone: str
    emergency_pathways: tuple[PathwayInfo, ...] = field(default=())
    emergency_contacts: tuple[Contact, ...] = field(default=())  # the services the emergency pathways name

    @property
    def emergency_doors(self) -> tuple[Contact, ...]:
        """The emergency pathways' contacts other than the emergency number itself (shown on its own)."""
        return tuple(c for c in self.emergency_contacts if c.phone != self.emergency_phone)

    @property
    def ticked(self) -> tuple[str, ...]:
        return tuple(i.code for r in self.reasons for d in r.domains for i in d.indicators)

    def as_json(self) -> dict[str, Any]:
        """The stable JSON shape of `manage.py suggest` and the suggest API."""
        return {
            "framework": self.framework,
            "area": self.area,
            "at": self.at.isoformat(),
            "level": self.level.number if self.level else None,
            "level_name": self.level.name if self.level else None,
            "level_description": self.level.description if self.level else None,
            "message": None if self.level else "No indicators were ticked, so no level is suggested.",
            "reasons": [
                {
                    "level": r.level.number,
                    "level_name": r.level.name,
                    "domains": [
                        {
                            "domain": d.domain.name,
                            "group": d.domain.group,
                            "indicators": [{"code": i.code, "text": i.text} for i in d.indicators],
                        }
                        for d in r.domains
                    ],
                }
                for r in self.reasons
            ],
            "advisory": self.advisory.as_json() if self.advisory else None,
            "pathway": [_pathway_json(p) for p in self.pathways],
            "contacts": [c.as_json() for c in self.contacts],
            "information_sharing": self.level.information_sharing if self.level else "",
            "emergency": {
                "text": self.emergency_text,
                "phone": self.emergency_phone,
                "pathway": [_pathway_json(p) for p in self.emergency_pathways],
                "contacts": [c.as_json() for c in self.emergency_contacts],
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Suggestion | None:
        """The suggestion back from `as_json()` (as stored on an assessment), so the live and the stored one
        render through the same template with the same keys. None stays None (nothing was ticked).

        The JSON keeps what is shown, not the codes of domains: a domain's code comes back as its name.
        """
        if data is None:
            return None
        level = None
        if data.get("level") is not None:
            level = LevelInfo(
                number=data["level"],
                name=data.get("level_name") or "",
                description=data.get("level_description") or "",
                information_sharing=data.get("information_sharing") or "",
            )
        reasons = tuple(
            ReasonLevel(
                level=LevelInfo(number=r["level"], name=r["level_name"]),
                domains=tuple(
                    ReasonDomain(
                        domain=DomainInfo(code=d["domain"], name=d["domain"], group=d.get("group", "")),
                        indicators=tuple(
                            IndicatorInfo(code=i["code"], level=r["level"], domain=d["domain"], text=i["text"])
                            for i in d["indicators"]
                        ),
                    )
                    for d in r["domains"]
                ),
            )
            for r in data.get("reasons", [])
        )
        advisory = data.get("advisory")
        emergency = data.get("emergency") or {}
        return cls(
            framework=data.get("framework", ""),
            area=data.get("area"),
            at=datetime.fromisoformat(data["at"]),
            level=level,
            reasons=reasons,
            advisory=Advisory(**advisory) if advisory else None,
            pathways=tuple(_pathway_from_json(p) for p in data.get("pathway", [])),
            contacts=tuple(Contact(**c) for c in data.get("contacts", [])),
            emergency_text=emergency.get("text", ""),
            emergency_phone=emergency.get("phone", "999"),
            emergency_pathways=tuple(_pathway_from_json(p) for p in emergency.get("pathway", [])),
            emergency_contacts=tuple(Contact(**c) for c in emergency.get("contacts", [])),
        )


def _pathway_from_json(p: Mapping[str, Any]) -> PathwayInfo:
    return PathwayInfo(
        code=p["code"],
        kind=p["kind"],
        area=p["area"],
        levels=frozenset(p["levels"]),
        title=p["title"],
        text=p["text"],
        services=tuple(p["services"]),
        condition=p.get("condition", ""),
    )


def _pathway_json(p: PathwayInfo) -> dict[str, Any]:
    data = {
        "code": p.code,
        "kind": p.kind,
        "area": p.area,
        "levels": sorted(p.levels),
        "title": p.title,
        "text": p.text,
        "services": list(p.services),
    }
    if p.condition:  # only a route that applies under a condition has the key
        data["condition"] = p.condition
    return data


# --- Opening hours --------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> holidays.HolidayBase:
    # England and Wales share their bank holidays; the package keeps the list (and its changes).
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def in_office_hours(service: ServiceInfo, at: datetime) -> bool | None:
    """Whether a service with opening hours is open at `at`; None when the document gives none."""
    if service.availability == "always":
        return True
    if service.availability not in ("hours", "office_hours"):
        return None
    local = at.astimezone(LONDON)
    if is_bank_holiday(local.date()):
        return False
    if service.availability == "office_hours":
        # "During office hours" with no times given: never at a weekend; on a weekday, not known.
        return False if local.weekday() >= 5 else None
    moment = local.time().replace(tzinfo=None)
    return any(w.weekday == local.weekday() and w.opens <= moment < w.closes for w in service.windows)


def _out_of_hours_open(covered: list[bool | None]) -> bool | None:
    """An out-of-hours service answers when what it covers is closed; unknown if their hours are."""
    if any(c is True for c in covered):
        return False
    if covered and all(c is False for c in covered):
        return True
    return None


def _contacts(snapshot: FrameworkSnapshot, pathways: Iterable[PathwayInfo], at: datetime) -> tuple[Contact, ...]:
    """The services of the pathways, with who answers now: the ones open first.

    A service reached only through a route that applies under a condition (its `condition`) carries
    the document's words for that condition and comes after every unconditional one: it is never
    "the" door.
    """
    services = snapshot.services
    listed: dict[str, Contact] = {}
    condition: dict[str, str] = {}  # service code -> "" if any route to it is unconditional
    for p in pathways:
        for code in p.services:
            if condition.get(code) != "":
                condition[code] = p.condition

    def add(service: ServiceInfo, open_now: bool | None, covers: str | None = None, when: str = "") -> None:
        if service.code not in listed:
            listed[service.code] = Contact(
                code=service.code,
                name=service.name,
                phone=service.phone,
                email=service.email,
                area=service.area,
                hours=service.hours_text,
                open_now=open_now,
                covers=covers,
                condition=when,
            )

    codes = sorted(condition, key=lambda c: condition[c] != "")  # unconditional first, else route order
    primary = [services[c] for c in codes if services[c].availability != "out_of_hours"]
    for service in primary:
        open_now = in_office_hours(service, at)
        offered = not (open_now is False and service.availability == "office_hours" and service.out_of_hours_service)
        if offered:  # an office-hours service, closed, is not offered: its out-of-hours service is
            add(service, open_now, when=condition[service.code])
        if open_now is False and service.out_of_hours_service:
            cover = service.out_of_hours_service
            when = "" if "" in (condition[service.code], condition.get(cover)) else condition[service.code]
            add(services[cover], True, covers=service.name, when=when)
    for code in codes:
        service = services[code]
        if service.availability == "out_of_hours" and code not in listed:
            covered = [in_office_hours(s, at) for s in primary if s.out_of_hours_service == code]
            add(service, _out_of_hours_open(covered), when=condition[code])
    rank = {True: 0, None: 1, False: 2}
    return tuple(sorted(listed.values(), key=lambda c: (c.condition != "", rank[c.open_now])))


# --- The suggestion -------------------------------------------------------------------------------


def _advisory(snapshot: FrameworkSnapshot, ticked: list[IndicatorInfo]) -> Advisory | None:
    """The highest level at which enough indicators accumulate across enough domains (none without wording)."""
    rule = snapshot.accumulation
    if not rule.text:  # the document says nothing about needs adding up: neither does the portal
        return None
    for number in sorted({i.level for i in ticked}, reverse=True):
        at_level = [i for i in ticked if i.level == number]
        domains = {i.domain for i in at_level}
        if len(at_level) >= rule.min_indicators and len(domains) >= rule.min_domains:
            return Advisory(level=number, indicators=len(at_level), domains=len(domains), text=rule.text)
    return None


def accumulation_advisory(snapshot: FrameworkSnapshot, codes: Iterable[str]) -> Advisory | None:
    """The same accumulation rule `suggest` applies to one assessment, over any set of ticked codes (issue 17:
    a child's chronology applies it to the indicators ticked across assessments). Unknown codes are ignored."""
    known = [snapshot.indicators[c] for c in dict.fromkeys(codes) if c in snapshot.indicators]
    return _advisory(snapshot, known)


def _reasons(snapshot: FrameworkSnapshot, ticked: list[IndicatorInfo]) -> tuple[ReasonLevel, ...]:
    reasons = []
    for number in sorted({i.level for i in ticked}, reverse=True):
        by_domain = [
            ReasonDomain(domain=d, indicators=tuple(i for i in ticked if i.level == number and i.domain == d.code))
            for d in snapshot.domains.values()
        ]
        reasons.append(ReasonLevel(level=snapshot.levels[number], domains=tuple(r for r in by_domain if r.indicators)))
    return tuple(reasons)


def suggest(snapshot: FrameworkSnapshot, ticked_codes: Iterable[str], context: Context) -> Suggestion:
    """Suggest a level: the highest level among the ticked indicators, with reasons and doors."""
    codes = list(dict.fromkeys(ticked_codes))
    unknown = [c for c in codes if c not in snapshot.indicators]
    if unknown:
        raise SuggestionError(f"Unknown indicator code for {snapshot.slug}: {', '.join(unknown)}")
    area = context.area
    if area is None and len(snapshot.areas) == 1:
        area = next(iter(snapshot.areas))
    if area is not None and area not in snapshot.areas:
        raise SuggestionError(f"Unknown area for {snapshot.slug}: {area} (choose from {', '.join(snapshot.areas)})")
    if context.at.tzinfo is None:
        raise SuggestionError("The time of the check needs a time zone.")

    position = snapshot.indicator_position
    ticked = sorted((snapshot.indicators[c] for c in codes), key=lambda i: position[i.code])
    level = snapshot.levels[max(i.level for i in ticked)] if ticked else None
    doors = level
    if context.level is not None:
        if context.level not in snapshot.levels:
            raise SuggestionError(f"Unknown level for {snapshot.slug}: {context.level}")
        doors = snapshot.levels[context.level]

    def applies(p: PathwayInfo) -> bool:
        if area is not None and p.area not in (None, area):
            return False
        return not p.when_indicators or bool(p.when_indicators.intersection(codes))

    emergency = tuple(p for p in snapshot.pathways if p.kind == "emergency" and applies(p))
    pathways: tuple[PathwayInfo, ...] = ()
    if doors is not None:
        pathways = tuple(
            p for p in snapshot.pathways if p.kind != "emergency" and doors.number in p.levels and applies(p)
        )
    return Suggestion(
        framework=snapshot.slug,
        area=area,
        at=context.at.astimezone(LONDON),
        level=level,
        reasons=_reasons(snapshot, ticked),
        advisory=_advisory(snapshot, ticked),
        pathways=pathways,
        contacts=_contacts(snapshot, pathways, context.at),
        emergency_text=snapshot.emergency_text,
        emergency_phone=snapshot.emergency_phone,
        emergency_pathways=emergency,
        emergency_contacts=_contacts(snapshot, emergency, context.at),
    )


# Opening hours are checked for moments people can mean; beyond these years a zone offset can overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2199
MOMENT_LENGTH = 40


def parse_moment(text: str | None) -> datetime:
    """Read an ISO date-time; a time without a zone is London time. Bad input raises SuggestionError."""
    if not text:
        return datetime.now(LONDON)
    if len(text) > MOMENT_LENGTH:
        raise SuggestionError("Not a date and time: too long (use the form 2026-12-25T10:00)")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SuggestionError(f"Not a date and time: {text!r} (use the form 2026-12-25T10:00)") from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise SuggestionError(f"Give a date and time between the years {FIRST_YEAR} and {LAST_YEAR}")
    return moment.replace(tzinfo=LONDON) if moment.tzinfo is None else moment
