"""The spreadsheet layout: one sheet per section of fixtures/FORMAT.md, its columns, headings and cell kinds.

fixtures/SPREADSHEET.md describes it for people.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model

from ... import models
from .. import format

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
    model: type[Model] | None = None  # where the database limits the length of a text


def _sheet(section: format.Section) -> Sheet:
    columns = tuple(Column(f.name, f.header, f.cell, not f.optional, f.cell_required) for f in section.columns)
    model = format.model_class(section) if section in format.ROW_SECTIONS else None
    return Sheet(section.title, section.key, columns, model)


# One sheet per section of format.py, its columns the fields with a heading, in the same order.
SHEETS = tuple(_sheet(section) for section in format.SECTIONS)
(
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
) = SHEETS
FRAMEWORK_HEADERS = ("Field", "Value")
# The sections that are a list of objects with one row each.
LIST_SHEETS = tuple(s for s in SHEETS if s not in (FRAMEWORK, OPENING_HOURS, DECISIONS))
SECTION_KEYS = ("partnership", "framework", *(s.key for s in LIST_SHEETS), "decisions")
# The objects within the Framework sheet's dotted paths: "framework.emergency" for "framework.emergency.text".
_FRAMEWORK_OBJECTS = {f.name.rsplit(".", 1)[0] for f in format.FRAMEWORK.fields} | {"partnership", "framework"}


def _framework_db_field(key: str) -> tuple[type[Model] | None, str]:
    """Where the database keeps a Framework sheet field: the partnership's or the framework's model field."""
    f = next((f for f in format.FRAMEWORK.fields if f.name == key), None)
    if f is None:
        return None, ""
    return (models.Partnership if key.startswith("partnership.") else models.Framework), f.model_attr


@cache
def max_length(sheet: Sheet, column: Column) -> int | None:
    if sheet is FRAMEWORK:
        model, name = _framework_db_field(column.key)
    else:
        model, name = sheet.model, column.key
    if model is None or column.kind not in ("text", "code", "code?", "file name"):
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field.max_length if isinstance(field, Field) else None  # not a relation seen from the other side


def flatten(data: dict[str, Any]) -> dict[str, Any]:
    """partnership and framework as dotted paths: {"framework.emergency.text": ...}."""
    flat: dict[str, Any] = {}

    def walk(prefix: str, obj: Any) -> None:
        if isinstance(obj, dict) and prefix in _FRAMEWORK_OBJECTS:
            for key, value in obj.items():
                walk(f"{prefix}.{key}", value)
        else:
            flat[prefix] = obj

    for section in ("partnership", "framework"):
        if section in data:
            walk(section, data[section])
    return flat
