"""Checks a framework fixture against fixtures/FORMAT.md and its source document.

Plain Python (no Django) so that people encoding a document can run it as they go:
    python -m thresholds.interchange.lint fixtures/hw-2025.json   (or: python -m thresholds.fixture_lint)
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .format import AVAILABILITY, DAYS, FRAMEWORK, GUIDANCE_KINDS, PATHWAY_KINDS, ROW_SECTIONS, STATUSES

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
SOURCES_DIR = FIXTURES_DIR / "sources"

CODE_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
INDICATOR_CODE_RE = re.compile(r"^(?P<domain>[a-z0-9-]+)-(?P<level>[1-4])-(?P<n>\d{2,3})$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold away what PDF conversion adds, so wording can be compared with the document."""
    text = text.replace("**", "")
    text = _TAG_RE.sub(" ", text)
    text = text.replace("■", " ")
    return _SPACE_RE.sub(" ", text).strip()


def source_text(name: str) -> str:
    return normalise((SOURCES_DIR / name).read_text(encoding="utf-8"))


def verbatim_fields(data: dict) -> Iterator[tuple[str, str, dict]]:
    """Yield (where, text, owner) for every field the verbatim rule covers (format.py's `verbatim` fields)."""
    for f in FRAMEWORK.verbatim:
        *parents, last = f.name.split(".")
        owner = data
        for key in parents:
            owner = owner.get(key, {})
        yield f.name, owner.get(last, ""), owner
    for section in ROW_SECTIONS:
        for n, obj in enumerate(data.get(section.key, [])):
            known_by = n if section.field(section.natural_key).position else obj.get(section.natural_key)
            where = f"{section.key}[{known_by}]"
            for f in section.verbatim:
                if f.cell == "lines":
                    for i, line in enumerate(obj.get(f.name, [])):
                        yield f"{where}.{f.name}[{i}]", line, obj
                else:
                    yield f"{where}.{f.name}", obj.get(f.name, ""), obj


def check_verbatim(data: dict, source: str) -> list[str]:
    problems = []
    for where, text, owner in verbatim_fields(data):
        if not text:
            continue
        if not isinstance(text, str):
            problems.append(f"{where}: not a string")
            continue
        norm = normalise(text)
        if norm in source:
            continue
        fragments = owner.get("fragments") if isinstance(owner, dict) else None
        if fragments and where.endswith((".text", ".information_sharing")):  # a level mends its information_sharing
            missing = [f for f in fragments if normalise(f) not in source]
            if missing:
                problems.append(f"{where}: fragment not in document: {missing[0][:80]!r}")
            elif normalise(" ".join(fragments)) != norm:
                problems.append(f"{where}: text is not its fragments joined with one space")
            elif not owner.get("note"):
                problems.append(f"{where}: mended from fragments but has no note saying why")
            continue
        problems.append(f"{where}: not found verbatim in the document: {norm[:80]!r}")
    return problems


@dataclass(frozen=True)
class Problem:
    """One broken rule, with enough of its place for a spreadsheet import to point at the row.

    `str(problem)` is the line the command line prints; `section`, `index` (position in the
    section's list) and `field` locate it without parsing that text.
    """

    where: str
    message: str
    section: str = ""
    index: int | None = None
    field: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _unique(items: list[dict], key: str, where: str) -> list[Problem]:
    seen: set = set()
    problems = []
    for n, item in enumerate(items):
        value = item.get(key)
        if value in seen:
            problems.append(Problem(where, f"duplicate {key} {value!r}", where, n, key))
        seen.add(value)
    return problems


def check_structure(data: dict) -> list[str]:
    return [str(p) for p in structure_problems(data)]


def structure_problems(data: dict) -> list[Problem]:
    """Every structural rule of FORMAT.md, in the order the command line reports them."""
    fw = data.get("framework")
    if not isinstance(fw, dict):
        return [Problem("framework", "missing", "framework")]
    areas = {a.get("code") for a in data.get("areas", [])}
    domains = {d.get("code") for d in data.get("domains", [])}
    indicators = data.get("indicators", [])
    codes = {i.get("code") for i in indicators}
    services = data.get("services", [])
    service_codes = {s.get("code") for s in services}
    return [
        *_framework_problems(data, fw),
        *_area_problems(data.get("areas", []), areas),
        *_level_problems(data.get("levels", [])),
        *_domain_problems(data.get("domains", [])),
        *_indicator_problems(indicators, domains, data.get("levels", [])),
        *_unique(services, "code", "services"),
        *(
            Problem(f"services[{s.get('code')}]", message, "services", n, field)
            for n, s in enumerate(services)
            for field, message in service_problems(s, areas, service_codes)
        ),
        *_pathway_problems(data.get("pathways", []), areas, service_codes, codes),
        *_guidance_problems(data.get("guidance", []), codes),
        *_unique(data.get("outcomes", []), "code", "outcomes"),
        *_unique(data.get("rag_ratings", []), "code", "rag_ratings"),
    ]


def _framework_problems(data: dict, fw: dict) -> list[Problem]:
    def problem(field: str, message: str) -> Problem:
        return Problem(f"framework.{field}", message, "framework", None, field)

    problems = [
        problem(f, "missing") for f in ("slug", "title", "published", "status", "source_document") if not fw.get(f)
    ]
    if fw.get("status") not in STATUSES:
        problems.append(problem("status", f"{fw.get('status')!r} is not one of {STATUSES}"))
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", str(fw.get("published", ""))):
        problems.append(problem("published", "not an ISO date"))
    if not (SOURCES_DIR / str(fw.get("source_document", ""))).is_file():
        problems.append(problem("source_document", f"no file {fw.get('source_document')!r} in fixtures/sources"))
    if not fw.get("emergency", {}).get("text"):
        problems.append(problem("emergency.text", "missing"))
    acc = fw.get("accumulation", {})
    for field in ("min_indicators", "min_domains"):
        if not isinstance(acc.get(field), int) or acc.get(field) < 1:
            problems.append(problem(f"accumulation.{field}", "a whole number of at least 1 is needed"))
    if not data.get("partnership", {}).get("slug"):
        problems.append(Problem("partnership.slug", "missing", "partnership", None, "slug"))
    return problems


def _area_problems(items: list[dict], areas: set) -> list[Problem]:
    problems = [] if areas else [Problem("areas", "at least one area is needed", "areas")]
    return problems + _unique(items, "code", "areas")


def _level_problems(levels: list[dict]) -> list[Problem]:
    problems = []
    numbers = [lv.get("number") for lv in levels]
    if numbers != [1, 2, 3, 4]:
        problems.append(
            Problem("levels", f"numbers must be 1, 2, 3, 4 in order, not {numbers}", "levels", None, "number")
        )
    for n, lv in enumerate(levels):
        if not lv.get("name"):
            problems.append(Problem(f"levels[{lv.get('number')}].name", "missing", "levels", n, "name"))
    return problems


def _domain_problems(items: list[dict]) -> list[Problem]:
    problems = _unique(items, "code", "domains")
    for n, d in enumerate(items):
        if not CODE_RE.match(str(d.get("code"))):
            problems.append(Problem(f"domains[{d.get('code')}]", "bad code", "domains", n, "code"))
    return problems


def _indicator_problems(indicators: list[dict], domains: set, levels: list[dict]) -> list[Problem]:
    problems = _unique(indicators, "code", "indicators")
    per_level = {n: 0 for n in (1, 2, 3, 4)}
    for n, ind in enumerate(indicators):
        code = str(ind.get("code"))
        found: list[tuple[str, str]] = []
        m = INDICATOR_CODE_RE.match(code)
        if not m:
            found.append(("code", "code must be <domain>-<level>-<nn>"))
        elif m["domain"] != ind.get("domain") or int(m["level"]) != ind.get("level"):
            found.append(("code", "code does not match its domain and level"))
        if ind.get("domain") not in domains:
            found.append(("domain", f"unknown domain {ind.get('domain')!r}"))
        if ind.get("level") not in per_level:
            found.append(("level", "level must be 1 to 4"))
        else:
            per_level[ind["level"]] += 1
        if not str(ind.get("text", "")).strip():
            found.append(("text", "no text"))
        problems += [Problem(f"indicators[{code}]", message, "indicators", n, field) for field, message in found]
    position = {lv.get("number"): n for n, lv in enumerate(levels)}
    return problems + [
        Problem(f"levels[{n}]", "no indicators", "levels", position.get(n))
        for n, count in per_level.items()
        if count == 0
    ]


def _pathway_problems(pathways: list[dict], areas: set, service_codes: set, codes: set) -> list[Problem]:
    problems = _unique(pathways, "code", "pathways")
    for n, p in enumerate(pathways):
        where = f"pathways[{p.get('code')}]"
        problems += [
            Problem(where, message, "pathways", n, field) for field, message in _pathway(p, areas, service_codes, codes)
        ]
    return problems


def _pathway(p: dict, areas: set, service_codes: set, codes: set) -> list[tuple[str, str]]:
    problems = []
    if p.get("kind") not in PATHWAY_KINDS:
        problems.append(("kind", f"kind {p.get('kind')!r} is not one of {PATHWAY_KINDS}"))
    if p.get("area") is not None and p.get("area") not in areas:
        problems.append(("area", f"unknown area {p.get('area')!r}"))
    if not p.get("levels") or any(n not in (1, 2, 3, 4) for n in p.get("levels", [])):
        problems.append(("levels", "levels must be a non-empty list of 1 to 4"))
    problems += [("services", f"unknown service {c!r}") for c in p.get("services", []) if c not in service_codes]
    problems += [
        ("when_indicators", f"unknown indicator {c!r}") for c in p.get("when_indicators", []) if c not in codes
    ]
    if not p.get("text"):
        problems.append(("text", "no text"))
    return problems


def _guidance_problems(guidance: list[dict], codes: set) -> list[Problem]:
    problems = []
    for n, g in enumerate(guidance):
        where = f"guidance[{g.get('title')!r}]"
        if g.get("kind") not in GUIDANCE_KINDS:
            problems.append(
                Problem(where, f"kind {g.get('kind')!r} is not one of {GUIDANCE_KINDS}", "guidance", n, "kind")
            )
        for code in g.get("indicators", []):
            if code not in codes:
                problems.append(Problem(where, f"unknown indicator {code!r}", "guidance", n, "indicators"))
        if g.get("kind") == "case_example" and g.get("level") not in (1, 2, 3, 4):
            message = "a case example needs the level the document gives"
            problems.append(Problem(where, message, "guidance", n, "level"))
    return problems


def check_service(s: dict, areas: set, service_codes: set) -> list[str]:
    return [message for _, message in service_problems(s, areas, service_codes)]


def service_problems(s: dict, areas: set, service_codes: set) -> list[tuple[str, str]]:
    """(field, message) pairs; an opening window's field is `hours[<position>].<its field>`."""
    problems = []
    if not s.get("name"):
        problems.append(("name", "no name"))
    if not (s.get("phone") or s.get("email")):
        problems.append(("phone", "needs a phone number or an email"))
    if s.get("area") is not None and s.get("area") not in areas:
        problems.append(("area", f"unknown area {s.get('area')!r}"))
    availability = s.get("availability")
    if availability not in AVAILABILITY:
        problems.append(("availability", f"availability {availability!r} is not one of {AVAILABILITY}"))
    hours = s.get("hours", [])
    if availability == "hours" and not hours:
        problems.append(("availability", "availability is 'hours' but no hours are given"))
    if availability != "hours" and hours:
        problems.append(("availability", f"hours are given but availability is {availability!r}"))
    for n, window in enumerate(hours):
        problems += [(f"hours[{n}].{field}", f"hours: {message}") for field, message in window_problems(window)]
    ooh = s.get("out_of_hours_service")
    if ooh is not None and ooh not in service_codes:
        problems.append(("out_of_hours_service", f"unknown out_of_hours_service {ooh!r}"))
    return problems


def check_window(window: dict) -> list[str]:
    return [message for _, message in window_problems(window)]


def window_problems(window: dict) -> list[tuple[str, str]]:
    """(field, message) pairs for one opening window: the first rule broken, as check_window reports it."""
    days = window.get("days")
    if not days or any(d not in DAYS for d in days):
        return [("days", f"days must be a non-empty list from {DAYS}, not {days!r}")]
    opens, closes = window.get("opens", ""), window.get("closes", "")
    if not TIME_RE.match(str(opens)) or not TIME_RE.match(str(closes)):
        field = "closes" if TIME_RE.match(str(opens)) else "opens"
        return [(field, f"times must be HH:MM, not {opens!r} to {closes!r}")]
    if closes <= opens:
        return [("closes", f"closes {closes} is not after opens {opens}")]
    return []


def check_file(path: Path) -> list[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"cannot read: {exc}"]
    problems = check_structure(data)
    fw = data.get("framework", {})
    if (SOURCES_DIR / str(fw.get("source_document", ""))).is_file():
        problems += check_verbatim(data, source_text(fw["source_document"]))
    if fw.get("slug") and path.stem != fw["slug"]:
        problems.append(f"file name {path.name} does not match framework slug {fw['slug']!r}")
    return problems


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(FIXTURES_DIR.glob("*.json"))
    failed = False
    for path in paths:
        problems = check_file(path)
        for p in problems:
            print(f"{path.name}: {p}")
        if problems:
            failed = True
        else:
            data = json.loads(path.read_text(encoding="utf-8"))
            counts = {n: sum(1 for i in data["indicators"] if i["level"] == n) for n in (1, 2, 3, 4)}
            print(f"{path.name}: ok ({len(data['indicators'])} indicators, per level {counts})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
