"""Checks a framework fixture against fixtures/FORMAT.md and its source document.

Plain Python (no Django) so that people encoding a document can run it as they go:
    python -m thresholds.fixture_lint fixtures/hw-2025.json
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
SOURCES_DIR = FIXTURES_DIR / "sources"

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
AVAILABILITY = ("hours", "always", "out_of_hours", "unstated")
STATUSES = ("current", "superseded", "draft")
PATHWAY_KINDS = ("universal", "early_help", "front_door", "mash", "emergency", "exploitation", "other")
GUIDANCE_KINDS = (
    "consent",
    "information_sharing",
    "next_steps",
    "unborn_risk_factors",
    "signs_of_safety",
    "safety_scale",
    "case_example",
    "get_safe",
    "disability",
    "other",
)
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
    """Yield (where, text, owner) for every field the verbatim rule covers."""
    fw = data.get("framework", {})
    yield "partnership.name", data.get("partnership", {}).get("name", ""), data["partnership"]
    yield "framework.title", fw.get("title", ""), fw
    yield "framework.published_text", fw.get("published_text", ""), fw
    yield "framework.version", fw.get("version", ""), fw
    yield "framework.emergency.text", fw.get("emergency", {}).get("text", ""), fw.get("emergency", {})
    yield "framework.accumulation.text", fw.get("accumulation", {}).get("text", ""), fw.get("accumulation", {})
    for a in data.get("areas", []):
        yield f"areas[{a.get('code')}].name", a.get("name", ""), a
    for lv in data.get("levels", []):
        where = f"levels[{lv.get('number')}]"
        yield f"{where}.name", lv.get("name", ""), lv
        yield f"{where}.description", lv.get("description", ""), lv
        yield f"{where}.information_sharing", lv.get("information_sharing", ""), lv
        for i, ex in enumerate(lv.get("service_examples", [])):
            yield f"{where}.service_examples[{i}]", ex, lv
    for d in data.get("domains", []):
        yield f"domains[{d.get('code')}].name", d.get("name", ""), d
        yield f"domains[{d.get('code')}].group", d.get("group", ""), d
    for ind in data.get("indicators", []):
        yield f"indicators[{ind.get('code')}].text", ind.get("text", ""), ind
    for s in data.get("services", []):
        where = f"services[{s.get('code')}]"
        for field in ("name", "phone", "email", "hours_text"):
            yield f"{where}.{field}", s.get(field, ""), s
    for p in data.get("pathways", []):
        yield f"pathways[{p.get('code')}].title", p.get("title", ""), p
        yield f"pathways[{p.get('code')}].text", p.get("text", ""), p
    for r in data.get("rag_ratings", []):
        for field in ("name", "meaning", "response"):
            yield f"rag_ratings[{r.get('code')}].{field}", r.get(field, ""), r
    for i, t in enumerate(data.get("decision_timescales", [])):
        yield f"decision_timescales[{i}].text", t.get("text", ""), t
    for o in data.get("outcomes", []):
        yield f"outcomes[{o.get('code')}].text", o.get("text", ""), o
    for e in data.get("escalation_steps", []):
        yield f"escalation_steps[{e.get('number')}].text", e.get("text", ""), e
        yield f"escalation_steps[{e.get('number')}].timescale", e.get("timescale", ""), e
    for i, g in enumerate(data.get("guidance", [])):
        yield f"guidance[{i}].title", g.get("title", ""), g
        yield f"guidance[{i}].text", g.get("text", ""), g
        for j, item in enumerate(g.get("items", [])):
            yield f"guidance[{i}].items[{j}]", item, g


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
        if fragments and where.endswith(".text"):
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


def _unique(items: list[dict], key: str, where: str) -> list[str]:
    seen: set = set()
    problems = []
    for item in items:
        value = item.get(key)
        if value in seen:
            problems.append(f"{where}: duplicate {key} {value!r}")
        seen.add(value)
    return problems


def check_structure(data: dict) -> list[str]:  # noqa: C901 - a flat list of independent rules
    problems: list[str] = []
    fw = data.get("framework")
    if not isinstance(fw, dict):
        return ["framework: missing"]
    for field in ("slug", "title", "published", "status", "source_document"):
        if not fw.get(field):
            problems.append(f"framework.{field}: missing")
    if fw.get("status") not in STATUSES:
        problems.append(f"framework.status: {fw.get('status')!r} is not one of {STATUSES}")
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", str(fw.get("published", ""))):
        problems.append("framework.published: not an ISO date")
    if not (SOURCES_DIR / str(fw.get("source_document", ""))).is_file():
        problems.append(f"framework.source_document: no file {fw.get('source_document')!r} in fixtures/sources")
    if not fw.get("emergency", {}).get("text"):
        problems.append("framework.emergency.text: missing")
    acc = fw.get("accumulation", {})
    for field in ("min_indicators", "min_domains"):
        if not isinstance(acc.get(field), int) or acc.get(field) < 1:
            problems.append(f"framework.accumulation.{field}: a whole number of at least 1 is needed")
    if not data.get("partnership", {}).get("slug"):
        problems.append("partnership.slug: missing")

    areas = {a.get("code") for a in data.get("areas", [])}
    if not areas:
        problems.append("areas: at least one area is needed")
    problems += _unique(data.get("areas", []), "code", "areas")

    levels = data.get("levels", [])
    numbers = [lv.get("number") for lv in levels]
    if numbers != [1, 2, 3, 4]:
        problems.append(f"levels: numbers must be 1, 2, 3, 4 in order, not {numbers}")
    for lv in levels:
        if not lv.get("name"):
            problems.append(f"levels[{lv.get('number')}].name: missing")

    domains = {d.get("code") for d in data.get("domains", [])}
    problems += _unique(data.get("domains", []), "code", "domains")
    for d in data.get("domains", []):
        if not CODE_RE.match(str(d.get("code"))):
            problems.append(f"domains[{d.get('code')}]: bad code")

    indicators = data.get("indicators", [])
    problems += _unique(indicators, "code", "indicators")
    codes = {i.get("code") for i in indicators}
    per_level = {n: 0 for n in (1, 2, 3, 4)}
    for ind in indicators:
        code = str(ind.get("code"))
        m = INDICATOR_CODE_RE.match(code)
        if not m:
            problems.append(f"indicators[{code}]: code must be <domain>-<level>-<nn>")
        elif m["domain"] != ind.get("domain") or int(m["level"]) != ind.get("level"):
            problems.append(f"indicators[{code}]: code does not match its domain and level")
        if ind.get("domain") not in domains:
            problems.append(f"indicators[{code}]: unknown domain {ind.get('domain')!r}")
        if ind.get("level") not in per_level:
            problems.append(f"indicators[{code}]: level must be 1 to 4")
        else:
            per_level[ind["level"]] += 1
        if not str(ind.get("text", "")).strip():
            problems.append(f"indicators[{code}]: no text")
    for n, count in per_level.items():
        if count == 0:
            problems.append(f"levels[{n}]: no indicators")

    services = data.get("services", [])
    problems += _unique(services, "code", "services")
    service_codes = {s.get("code") for s in services}
    for s in services:
        problems += [f"services[{s.get('code')}]: {p}" for p in check_service(s, areas, service_codes)]

    problems += _unique(data.get("pathways", []), "code", "pathways")
    for p in data.get("pathways", []):
        where = f"pathways[{p.get('code')}]"
        if p.get("kind") not in PATHWAY_KINDS:
            problems.append(f"{where}: kind {p.get('kind')!r} is not one of {PATHWAY_KINDS}")
        if p.get("area") is not None and p.get("area") not in areas:
            problems.append(f"{where}: unknown area {p.get('area')!r}")
        if not p.get("levels") or any(n not in (1, 2, 3, 4) for n in p.get("levels", [])):
            problems.append(f"{where}: levels must be a non-empty list of 1 to 4")
        for code in p.get("services", []):
            if code not in service_codes:
                problems.append(f"{where}: unknown service {code!r}")
        for code in p.get("when_indicators", []):
            if code not in codes:
                problems.append(f"{where}: unknown indicator {code!r}")
        if not p.get("text"):
            problems.append(f"{where}: no text")

    for g in data.get("guidance", []):
        if g.get("kind") not in GUIDANCE_KINDS:
            problems.append(f"guidance[{g.get('title')!r}]: kind {g.get('kind')!r} is not one of {GUIDANCE_KINDS}")
        for code in g.get("indicators", []):
            if code not in codes:
                problems.append(f"guidance[{g.get('title')!r}]: unknown indicator {code!r}")
        if g.get("kind") == "case_example" and g.get("level") not in (1, 2, 3, 4):
            problems.append(f"guidance[{g.get('title')!r}]: a case example needs the level the document gives")
    problems += _unique(data.get("outcomes", []), "code", "outcomes")
    problems += _unique(data.get("rag_ratings", []), "code", "rag_ratings")
    return problems


def check_service(s: dict, areas: set, service_codes: set) -> list[str]:
    problems = []
    if not s.get("name"):
        problems.append("no name")
    if not (s.get("phone") or s.get("email")):
        problems.append("needs a phone number or an email")
    if s.get("area") is not None and s.get("area") not in areas:
        problems.append(f"unknown area {s.get('area')!r}")
    availability = s.get("availability")
    if availability not in AVAILABILITY:
        problems.append(f"availability {availability!r} is not one of {AVAILABILITY}")
    hours = s.get("hours", [])
    if availability == "hours" and not hours:
        problems.append("availability is 'hours' but no hours are given")
    if availability != "hours" and hours:
        problems.append(f"hours are given but availability is {availability!r}")
    for window in hours:
        problems += [f"hours: {p}" for p in check_window(window)]
    ooh = s.get("out_of_hours_service")
    if ooh is not None and ooh not in service_codes:
        problems.append(f"unknown out_of_hours_service {ooh!r}")
    return problems


def check_window(window: dict) -> list[str]:
    days = window.get("days")
    if not days or any(d not in DAYS for d in days):
        return [f"days must be a non-empty list from {DAYS}, not {days!r}"]
    opens, closes = window.get("opens", ""), window.get("closes", "")
    if not TIME_RE.match(str(opens)) or not TIME_RE.match(str(closes)):
        return [f"times must be HH:MM, not {opens!r} to {closes!r}"]
    if closes <= opens:
        return [f"closes {closes} is not after opens {opens}"]
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
