"""Checks on a stored framework: the same rules an admin's draft must pass before publishing.

`validate_frameworks` runs them on every stored framework; `versioning.publish` refuses a draft that
fails any of them. The admin's forms stop most of these at save; these catch what forms cannot see
(a level left without indicators, a service whose hours were all deleted) and rows written otherwise.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import models


@dataclass
class ValidationReport:
    framework: str
    problems: list[str] = field(default_factory=list)
    per_level: dict[int, int] = field(default_factory=dict)
    per_domain: dict[str, Counter] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_framework(framework: models.Framework) -> ValidationReport:
    report = ValidationReport(framework=framework.slug)
    problems = report.problems
    levels = list(framework.levels.all())
    if sorted(lv.number for lv in levels) != [1, 2, 3, 4]:
        problems.append("levels: the framework needs levels 1, 2, 3 and 4")
    problems += [f"level {lv.number}: no name" for lv in levels if not lv.name.strip()]
    _check_indicators(framework, levels, report)
    _check_services(framework, problems)
    _check_pathways(framework, problems)
    if not framework.emergency_text.strip():
        problems.append("framework: no emergency (999) wording")
    return report


def _check_indicators(framework: models.Framework, levels: list[models.Level], report: ValidationReport) -> None:
    problems = report.problems
    indicators = list(framework.indicators.select_related("level", "domain"))
    codes = Counter(i.code for i in indicators)
    problems += [f"indicator {code}: code used {n} times" for code, n in codes.items() if n > 1]
    for i in indicators:
        if not i.text.strip():
            problems.append(f"indicator {i.code}: no text")
        if i.level.framework_id != framework.pk or i.domain.framework_id != framework.pk:
            problems.append(f"indicator {i.code}: level or domain belongs to another framework")
    report.per_level = {lv.number: 0 for lv in levels}
    for i in indicators:
        report.per_level[i.level.number] = report.per_level.get(i.level.number, 0) + 1
        report.per_domain.setdefault(i.domain.name, Counter())[i.level.number] += 1
    problems += [f"level {n}: no indicators" for n, count in report.per_level.items() if count == 0]


def _check_services(framework: models.Framework, problems: list[str]) -> None:
    services = framework.services.select_related("area", "out_of_hours_service").prefetch_related("windows")
    for s in services:
        if not (s.phone or s.email):
            problems.append(f"service {s.code}: needs a phone number or an email")
        windows = list(s.windows.all())
        if s.availability == models.Service.Availability.HOURS and not windows:
            problems.append(f"service {s.code}: has opening hours but no opening windows")
        problems += [f"service {s.code}: {w} closes before it opens" for w in windows if w.closes <= w.opens]
        ooh = s.out_of_hours_service  # selected with it: no query
        if ooh is not None and ooh.framework_id != framework.pk:
            problems.append(f"service {s.code}: out-of-hours service belongs to another framework")
        if s.area is not None and s.area.framework_id != framework.pk:
            problems.append(f"service {s.code}: area belongs to another framework")


def _check_pathways(framework: models.Framework, problems: list[str]) -> None:
    pathways = framework.pathways.select_related("area").prefetch_related("services", "levels", "when_indicators")
    for p in pathways:
        if not p.levels.all():
            problems.append(f"pathway {p.code}: applies to no level")
        if p.area is not None and p.area.framework_id != framework.pk:
            problems.append(f"pathway {p.code}: area belongs to another framework")
        for s in p.services.all():
            if s.framework_id != framework.pk:
                problems.append(f"pathway {p.code}: service {s.code} belongs to another framework")
        if any(lv.framework_id != framework.pk for lv in p.levels.all()):
            problems.append(f"pathway {p.code}: a level belongs to another framework")
        for i in p.when_indicators.all():
            if i.framework_id != framework.pk:
                problems.append(f"pathway {p.code}: indicator {i.code} belongs to another framework")
