"""Checks on a stored framework: the same rules an admin's draft must pass before publishing."""

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
    services = list(framework.services.prefetch_related("windows"))
    for s in services:
        if not (s.phone or s.email):
            problems.append(f"service {s.code}: needs a phone number or an email")
        windows = list(s.windows.all())
        if s.availability == models.Service.Availability.HOURS and not windows:
            problems.append(f"service {s.code}: has opening hours but no opening windows")
        problems += [f"service {s.code}: {w} closes before it opens" for w in windows if w.closes <= w.opens]
        if s.out_of_hours_service_id and s.out_of_hours_service.framework_id != framework.pk:
            problems.append(f"service {s.code}: out-of-hours service belongs to another framework")
    for p in framework.pathways.prefetch_related("services", "levels"):
        if not p.levels.all():
            problems.append(f"pathway {p.code}: applies to no level")
        for s in p.services.all():
            if s.framework_id != framework.pk:
                problems.append(f"pathway {p.code}: service {s.code} belongs to another framework")
    if not framework.emergency_text.strip():
        problems.append("framework: no emergency (999) wording")
    return report
