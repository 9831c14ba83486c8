"""The spreadsheet layout: one sheet per section of fixtures/FORMAT.md, its columns, headings and cell kinds.

fixtures/SPREADSHEET.md describes it for people.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import FieldDoesNotExist

from ... import models

FORMATS = ("xlsx", "csv", "json")


# --- The layout ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One field of an object and the column that holds it.

    `always`: the field is in every object (blank gives "", None or []); otherwise it is written only
    when filled in, as `note` and `fragments` are in the fixtures. `required`: a blank cell is an
    error, for the code or number a row is known by when no structural rule would catch it.
    """

    key: str
    header: str
    kind: str = "text"
    always: bool = True
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    title: str
    key: str
    columns: tuple[Column, ...]
    model: type | None = None  # where the database limits the length of a text


CODE = Column("code", "Code", "code", required=True)
NAME = Column("name", "Name")
TEXT = Column("text", "Text")
HOURS = Column("hours", "Hours", "int")
WORKING_DAYS = Column("working_days", "Working days", "int")
FRAGMENTS = Column("fragments", "Fragments (one per line)", "lines", always=False)
NOTE = Column("note", "Note", always=False)

FRAMEWORK = Sheet(
    "Framework",
    "framework",
    (
        Column("partnership.slug", "Partnership code", "code"),
        Column("partnership.name", "Partnership name"),
        Column("framework.slug", "Framework code", "code"),
        Column("framework.title", "Title"),
        Column("framework.published", "Published (YYYY-MM-DD)", "date"),
        Column("framework.published_text", "Published, as printed"),
        Column("framework.version", "Version"),
        Column("framework.status", "Status (current, superseded or draft)"),
        Column("framework.successor", "Successor (framework code)", "code?"),
        Column("framework.source_document", "Source document", "file name"),
        Column("framework.emergency.text", "Emergency wording"),
        Column("framework.emergency.phone", "Emergency phone"),
        Column(
            "framework.accumulation.min_indicators", "Accumulation: at least this many indicators at one level", "int"
        ),
        Column("framework.accumulation.min_domains", "Accumulation: spread over at least this many domains", "int"),
        Column("framework.accumulation.text", "Accumulation wording"),
    ),
)
FRAMEWORK_HEADERS = ("Field", "Value")
# Where the database limits the length of a framework field.
FRAMEWORK_DB_FIELDS = {
    "partnership.slug": (models.Partnership, "slug"),
    "partnership.name": (models.Partnership, "name"),
    "framework.slug": (models.Framework, "slug"),
    "framework.title": (models.Framework, "title"),
    "framework.published_text": (models.Framework, "published_text"),
    "framework.version": (models.Framework, "version"),
    "framework.status": (models.Framework, "status"),
    "framework.source_document": (models.Framework, "source_document"),
    "framework.emergency.phone": (models.Framework, "emergency_phone"),
}
AREAS = Sheet("Areas", "areas", (CODE, NAME, NOTE), models.Area)
LEVELS = Sheet(
    "Levels",
    "levels",
    (
        Column("number", "Number", "int"),
        NAME,
        Column("description", "Description"),
        Column("service_examples", "Service examples (one per line)", "lines"),
        Column("information_sharing", "Information sharing"),
        NOTE,
    ),
    models.Level,
)
DOMAINS = Sheet("Domains", "domains", (CODE, NAME, Column("group", "Group"), NOTE), models.Domain)
INDICATORS = Sheet(
    "Indicators",
    "indicators",
    (CODE, Column("level", "Level", "int"), Column("domain", "Domain", "code"), TEXT, FRAGMENTS, NOTE),
    models.Indicator,
)
SERVICES = Sheet(
    "Services",
    "services",
    (
        CODE,
        NAME,
        Column("area", "Area", "code?"),
        Column("phone", "Phone"),
        Column("email", "Email"),
        Column("availability", "Availability (hours, always, out_of_hours or unstated)"),
        Column("hours_text", "Hours, as printed"),
        Column("out_of_hours_service", "Out-of-hours service", "code?"),
        NOTE,
    ),
    models.Service,
)
OPENING_HOURS = Sheet(
    "Opening hours",
    "hours",
    (
        Column("service", "Service", "code", required=True),
        Column("days", "Days", "days"),
        Column("opens", "Opens (HH:MM)", "time"),
        Column("closes", "Closes (HH:MM)", "time"),
    ),
)
PATHWAYS = Sheet(
    "Pathways",
    "pathways",
    (
        CODE,
        Column("kind", "Kind"),
        Column("area", "Area", "code?"),
        Column("levels", "Levels", "ints"),
        Column("title", "Title"),
        TEXT,
        FRAGMENTS,
        Column("services", "Services", "codes"),
        Column("when_indicators", "Only when one of these indicators is ticked", "codes"),
        NOTE,
    ),
    models.Pathway,
)
RAG_RATINGS = Sheet(
    "RAG ratings",
    "rag_ratings",
    (CODE, NAME, Column("meaning", "Meaning"), Column("response", "Response"), HOURS, WORKING_DAYS, NOTE),
    models.RagRating,
)
DECISION_TIMESCALES = Sheet(
    "Decision timescales", "decision_timescales", (TEXT, HOURS, WORKING_DAYS, FRAGMENTS, NOTE), models.DecisionTimescale
)
OUTCOMES = Sheet("Outcomes", "outcomes", (CODE, TEXT, FRAGMENTS, NOTE), models.Outcome)
ESCALATION_STEPS = Sheet(
    "Escalation steps",
    "escalation_steps",
    (
        Column("number", "Step", "int", required=True),
        TEXT,
        Column("timescale", "Timescale"),
        WORKING_DAYS,
        FRAGMENTS,
        NOTE,
    ),
    models.EscalationStep,
)
GUIDANCE = Sheet(
    "Guidance",
    "guidance",
    (
        Column("kind", "Kind"),
        Column("title", "Title"),
        TEXT,
        Column("items", "Items (one per line)", "lines"),
        Column("level", "Level", "int"),
        Column("indicators", "Indicators", "codes"),
        FRAGMENTS,
        Column("note", "Note"),  # every guidance object has a note in the fixtures, even ""
    ),
    models.Guidance,
)
DECISIONS = Sheet("Decisions", "decisions", (Column("text", "Decision"),))

SHEETS = (
    FRAMEWORK,
    AREAS,
    LEVELS,
    DOMAINS,
    INDICATORS,
    SERVICES,
    OPENING_HOURS,
    PATHWAYS,
    RAG_RATINGS,
    DECISION_TIMESCALES,
    OUTCOMES,
    ESCALATION_STEPS,
    GUIDANCE,
    DECISIONS,
)
# The sections that are a list of objects with one row each.
LIST_SHEETS = tuple(s for s in SHEETS if s not in (FRAMEWORK, OPENING_HOURS, DECISIONS))
SECTION_KEYS = ("partnership", "framework", *(s.key for s in LIST_SHEETS), "decisions")


@cache
def max_length(sheet: Sheet, column: Column) -> int | None:
    if sheet is FRAMEWORK:
        model, name = FRAMEWORK_DB_FIELDS.get(column.key, (None, ""))
    else:
        model, name = sheet.model, column.key
    if model is None or column.kind not in ("text", "code", "code?", "file name"):
        return None
    try:
        return model._meta.get_field(name).max_length
    except FieldDoesNotExist:
        return None


def flatten(data: dict[str, Any]) -> dict[str, Any]:
    """partnership and framework as dotted paths: {"framework.emergency.text": ...}."""
    flat: dict[str, Any] = {}

    def walk(prefix: str, obj: Any) -> None:
        if isinstance(obj, dict) and prefix in (
            "partnership",
            "framework",
            "framework.emergency",
            "framework.accumulation",
        ):
            for key, value in obj.items():
                walk(f"{prefix}.{key}", value)
        else:
            flat[prefix] = obj

    for section in ("partnership", "framework"):
        if section in data:
            walk(section, data[section])
    return flat
