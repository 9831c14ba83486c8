"""The shape of a framework, declared once: every section of a fixture, its model, natural key and fields.

fixtures/FORMAT.md describes the fixture for people and fixtures/SPREADSHEET.md the spreadsheet;
this module is what the code reads. The lint (`lint.py`), the loader (`load.py`), the dump
(`dump.py`), the spreadsheet layout (`spreadsheet/layout.py`), the export selector
(`thresholds.selectors.framework_export`) and the diff (`thresholds.versioning`) take their field
lists from here, so adding a field to a section is: the model field, its migration and one `Field`
line below (plus the docs, which a test holds to this module).

Pure Python: models are named, not imported, so that `python -m thresholds.fixture_lint` runs
without Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
AVAILABILITY: Final = ("hours", "always", "out_of_hours", "unstated", "office_hours")
STATUSES: Final = ("current", "superseded", "draft")
PATHWAY_KINDS: Final = ("universal", "early_help", "front_door", "mash", "emergency", "exploitation", "other")
GUIDANCE_KINDS: Final = (
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


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Final = _Required()  # a Field's default when the fixture must give the field


@dataclass(frozen=True)
class Field:
    """One field of a section's objects.

    `name`: the fixture's key (dotted for the framework section: "framework.emergency.text").
    `attr`: the model field, when it is not `name`. `default`: the value the loader takes when the
    fixture leaves the field out (REQUIRED: it must be there). `header`/`cell`: the spreadsheet
    column and its cell kind (`spreadsheet/cells.py`); no header, no column. `choices`: the allowed
    values. `verbatim`: the text must be found in the source document (a "lines" field: each line).
    `ref`: the field holds the natural key of a row of that section (a foreign key; `many`: a list of
    them, a many-to-many). `position`: not in the fixture, the object's place in its list. `stored`:
    kept in the database (fragments are not). `optional`: written out only when filled in (note,
    fragments). `cell_required`: a blank cell is an error (a row's code, where no rule would catch it).
    `later`: linked in a second pass, once every row of its section exists.
    """

    name: str
    header: str = ""
    cell: str = "text"
    default: Any = ""
    attr: str = ""
    choices: tuple[str, ...] = ()
    verbatim: bool = False
    ref: str = ""
    many: bool = False
    position: bool = False
    stored: bool = True
    optional: bool = False
    cell_required: bool = False
    later: bool = False
    nested: bool = False  # a list of objects of their own (a service's opening hours): their own section
    sheet_only: bool = False  # a spreadsheet column with no fixture field (the service an opening window is of)
    diff_label: str = ""  # a framework field the diff compares between versions: how it names it

    @property
    def model_attr(self) -> str:
        return self.attr or self.name

    @property
    def copied(self) -> bool:
        """Copied one to one between fixture and model (no reference, no place, no nested list, not the note)."""
        return self.stored and not (self.ref or self.position or self.nested or self.name == "note")

    @property
    def label(self) -> str:
        """How the diff names the field."""
        return self.name.replace("_", " ")


@dataclass(frozen=True)
class Section:
    """One section of a fixture: `key` in the fixture, `title` of its sheet, its model and natural key."""

    key: str
    title: str
    model: str
    natural_key: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def copied(self) -> tuple[str, ...]:
        """The fields copied one to one, in order: the export selector's and the diff's field lists."""
        return tuple(f.name for f in self.fields if f.copied)

    @property
    def compared(self) -> tuple[str, ...]:
        """The fields the diff compares: those copied one to one, less the natural key."""
        return tuple(name for name in self.copied if name != self.natural_key)

    @property
    def columns(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.header)

    @property
    def verbatim(self) -> tuple[Field, ...]:
        """Verbatim fields, single texts first, then each line of a list (the order the lint reports them)."""
        return tuple(f for f in self.fields if f.verbatim and f.cell != "lines") + tuple(
            f for f in self.fields if f.verbatim and f.cell == "lines"
        )


def _code(**kw: Any) -> Field:
    return Field("code", "Code", "code", REQUIRED, cell_required=True, **kw)


NOTE = Field("note", "Note", optional=True)
FRAGMENTS = Field("fragments", "Fragments (one per line)", "lines", [], stored=False, optional=True)
ORDER = Field("order", position=True)
HOURS = Field("hours", "Hours", "int", None)
WORKING_DAYS = Field("working_days", "Working days", "int", None)

FRAMEWORK = Section(
    "framework",
    "Framework",
    "Framework",
    "slug",
    (
        Field("partnership.slug", "Partnership code", "code", REQUIRED, attr="slug"),
        Field("partnership.name", "Partnership name", default=REQUIRED, attr="name", verbatim=True),
        Field("framework.slug", "Framework code", "code", REQUIRED, attr="slug"),
        Field("framework.title", "Title", default=REQUIRED, attr="title", verbatim=True, diff_label="title"),
        Field(
            "framework.published", "Published (YYYY-MM-DD)", "date", REQUIRED, attr="published", diff_label="published"
        ),
        Field(
            "framework.published_text",
            "Published, as printed",
            attr="published_text",
            verbatim=True,
            diff_label="date as printed",
        ),
        Field("framework.version", "Version", attr="version", verbatim=True, diff_label="version"),
        Field(
            "framework.status",
            "Status (current, superseded or draft)",
            default=REQUIRED,
            attr="status",
            choices=STATUSES,
        ),
        Field(
            "framework.successor", "Successor (framework code)", "code?", None, "successor", ref="framework", later=True
        ),
        Field(
            "framework.source_document",
            "Source document",
            "file name",
            REQUIRED,
            attr="source_document",
            diff_label="source document",
        ),
        Field(
            "framework.emergency.text",
            "Emergency wording",
            default=REQUIRED,
            attr="emergency_text",
            verbatim=True,
            diff_label="emergency wording",
        ),
        Field(
            "framework.emergency.phone",
            "Emergency phone",
            default="999",
            attr="emergency_phone",
            diff_label="emergency phone",
        ),
        Field(
            "framework.accumulation.min_indicators",
            "Accumulation: at least this many indicators at one level",
            "int",
            REQUIRED,
            attr="accumulation_min_indicators",
            diff_label="accumulation: indicators at one level",
        ),
        Field(
            "framework.accumulation.min_domains",
            "Accumulation: spread over at least this many domains",
            "int",
            REQUIRED,
            attr="accumulation_min_domains",
            diff_label="accumulation: domains",
        ),
        Field(
            "framework.accumulation.text",
            "Accumulation wording",
            attr="accumulation_text",
            verbatim=True,
            diff_label="accumulation wording",
        ),
    ),
)
AREAS = Section(
    "areas", "Areas", "Area", "code", (_code(), Field("name", "Name", default=REQUIRED, verbatim=True), ORDER, NOTE)
)
LEVELS = Section(
    "levels",
    "Levels",
    "Level",
    "number",
    (
        Field("number", "Number", "int", REQUIRED),
        Field("name", "Name", default=REQUIRED, verbatim=True),
        Field("description", "Description", verbatim=True),
        Field("service_examples", "Service examples (one per line)", "lines", [], verbatim=True),
        Field("information_sharing", "Information sharing", verbatim=True),
        FRAGMENTS,  # a level's fragments mend its information_sharing
        NOTE,
    ),
)
DOMAINS = Section(
    "domains",
    "Domains",
    "Domain",
    "code",
    (
        _code(),
        Field("name", "Name", default=REQUIRED, verbatim=True),
        Field("group", "Group", verbatim=True),
        ORDER,
        NOTE,
    ),
)
INDICATORS = Section(
    "indicators",
    "Indicators",
    "Indicator",
    "code",
    (
        _code(),
        Field("level", "Level", "int", REQUIRED, ref="levels"),
        Field("domain", "Domain", "code", REQUIRED, ref="domains"),
        Field("text", "Text", default=REQUIRED, verbatim=True),
        FRAGMENTS,
        ORDER,
        NOTE,
    ),
)
SERVICES = Section(
    "services",
    "Services",
    "Service",
    "code",
    (
        _code(),
        Field("name", "Name", default=REQUIRED, verbatim=True),
        Field("area", "Area", "code?", None, ref="areas"),
        Field("phone", "Phone", verbatim=True),
        Field("email", "Email", verbatim=True),
        Field(
            "availability",
            "Availability (hours, always, out_of_hours, unstated or office_hours)",
            default=REQUIRED,
            choices=AVAILABILITY,
        ),
        Field("hours_text", "Hours, as printed", verbatim=True),
        Field("hours", default=[], attr="windows", nested=True),
        Field("out_of_hours_service", "Out-of-hours service", "code?", None, ref="services", later=True),
        ORDER,
        NOTE,
    ),
)
OPENING_HOURS = Section(
    "hours",
    "Opening hours",
    "OpeningWindow",
    "",
    (
        Field("service", "Service", "code", REQUIRED, cell_required=True, sheet_only=True),
        Field("days", "Days", "days", REQUIRED, choices=DAYS),
        Field("opens", "Opens (HH:MM)", "time", REQUIRED),
        Field("closes", "Closes (HH:MM)", "time", REQUIRED),
    ),
)
PATHWAYS = Section(
    "pathways",
    "Pathways",
    "Pathway",
    "code",
    (
        _code(),
        Field("kind", "Kind", default=REQUIRED, choices=PATHWAY_KINDS),
        Field("area", "Area", "code?", None, ref="areas"),
        Field("levels", "Levels", "ints", REQUIRED, ref="levels", many=True),
        Field("title", "Title", default=REQUIRED, verbatim=True),
        Field("text", "Text", default=REQUIRED, verbatim=True),
        FRAGMENTS,
        Field("services", "Services", "codes", [], ref="services", many=True),
        Field(
            "when_indicators", "Only when one of these indicators is ticked", "codes", [], ref="indicators", many=True
        ),
        Field("condition", "Only in this case (as printed)", verbatim=True, optional=True),
        ORDER,
        NOTE,
    ),
)
RAG_RATINGS = Section(
    "rag_ratings",
    "RAG ratings",
    "RagRating",
    "code",
    (
        _code(),
        Field("name", "Name", verbatim=True),
        Field("meaning", "Meaning", verbatim=True),
        Field("response", "Response", verbatim=True),
        HOURS,
        WORKING_DAYS,
        ORDER,
        NOTE,
    ),
)
DECISION_TIMESCALES = Section(
    "decision_timescales",
    "Decision timescales",
    "DecisionTimescale",
    "order",
    (ORDER, Field("text", "Text", default=REQUIRED, verbatim=True), HOURS, WORKING_DAYS, FRAGMENTS, NOTE),
)
OUTCOMES = Section(
    "outcomes",
    "Outcomes",
    "Outcome",
    "code",
    (_code(), Field("text", "Text", default=REQUIRED, verbatim=True), FRAGMENTS, ORDER, NOTE),
)
ESCALATION_STEPS = Section(
    "escalation_steps",
    "Escalation steps",
    "EscalationStep",
    "number",
    (
        Field("number", "Step", "int", REQUIRED, cell_required=True),
        Field("text", "Text", default=REQUIRED, verbatim=True),
        Field("timescale", "Timescale", verbatim=True),
        WORKING_DAYS,
        FRAGMENTS,
        NOTE,
    ),
)
GUIDANCE = Section(
    "guidance",
    "Guidance",
    "Guidance",
    "order",
    (
        ORDER,
        Field("kind", "Kind", default=REQUIRED, choices=GUIDANCE_KINDS),
        Field("title", "Title", verbatim=True),
        Field("text", "Text", verbatim=True),
        Field("items", "Items (one per line)", "lines", [], verbatim=True),
        Field("level", "Level", "int", None),
        Field("indicators", "Indicators", "codes", []),
        FRAGMENTS,
        Field("note", "Note"),  # every guidance object has a note in the fixtures, even ""
    ),
)
DECISIONS = Section(
    "decisions",
    "Decisions",
    "Framework",
    "",
    (Field("text", "Decision", attr="decisions", default=REQUIRED, diff_label="decisions"),),
)

# Every section, in the fixture's (and the spreadsheet's) order.
SECTIONS: Final = (
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
# The sections that are a list of objects, each a row of its model, loaded by natural key.
ROW_SECTIONS: Final = tuple(s for s in SECTIONS if s not in (FRAMEWORK, OPENING_HOURS, DECISIONS))
BY_KEY: Final = {s.key: s for s in SECTIONS}


def model_class(section: Section) -> type:
    """The section's model class (imports Django models: not for the lint)."""
    from thresholds import models

    return getattr(models, section.model)
