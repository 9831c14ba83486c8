"""Database -> fixture dict: a stored framework in the fixture format, field by field as format.py declares it.

`export_spreadsheet` writes it out; loading it back changes nothing (the round-trip tests hold that).
Fragments are not stored, so none are given; a pathway's services and "only when" indicators come
out in the framework's order.
"""

from __future__ import annotations

from typing import Any

from django.db import models as dj

from .. import models
from .format import BY_KEY, DAYS, FRAMEWORK, ROW_SECTIONS, SERVICES, Field, Section


def framework_fixture(framework: models.Framework) -> dict[str, Any]:
    """A stored framework in the fixture format, for export."""
    return {
        **_framework_part(framework),
        **{section.key: [_object(section, row) for row in _rows(framework, section)] for section in ROW_SECTIONS},
        "decisions": list(framework.decisions),
    }


def _framework_part(framework: models.Framework) -> dict[str, Any]:
    """ "partnership" and "framework", their dotted fields (format.FRAMEWORK) put back into nested objects."""
    data: dict[str, Any] = {}
    for f in FRAMEWORK.fields:
        *parents, last = f.name.split(".")
        owner = framework.partnership if parents[0] == "partnership" else framework
        value = getattr(owner, f.model_attr)
        if f.ref:
            value = getattr(value, BY_KEY[f.ref].natural_key) if value else None
        elif f.cell == "date":
            value = value.isoformat()
        target = data
        for key in parents:
            target = target.setdefault(key, {})
        target[last] = value
    return data


def _rows(framework: models.Framework, section: Section) -> dj.QuerySet:
    rows = getattr(framework, section.key).all()
    joined = [f.model_attr for f in section.fields if f.ref and not f.many]
    fetched = [f.model_attr for f in section.fields if f.many or f.nested]
    if joined:
        rows = rows.select_related(*joined)
    if fetched:
        rows = rows.prefetch_related(*fetched)
    return rows


def _object(section: Section, row: dj.Model) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for f in section.fields:
        if f.position or not f.stored:
            continue
        value = _value(section, f, row)
        if f.optional and not value:
            continue
        obj[f.name] = value
    return obj


def _value(section: Section, f: Field, row: dj.Model) -> Any:
    if f.nested and section is SERVICES:
        assert isinstance(row, models.Service)  # the services section's rows are services
        return _windows(row)
    value = getattr(row, f.model_attr)
    if not f.ref:
        return value
    key = BY_KEY[f.ref].natural_key
    if not f.many:
        return getattr(value, key) if value else None
    # In the framework's order: by position where the section keeps one, else by its key (levels by number).
    ordered_by = "order" if any(g.position for g in BY_KEY[f.ref].fields) else key
    return [getattr(r, key) for r in sorted(value.all(), key=lambda r: getattr(r, ordered_by))]


def _windows(service: models.Service) -> list[dict[str, Any]]:
    """The database keeps one window per weekday; days with the same times are grouped back into one."""
    groups: dict[tuple[str, str], list[str]] = {}
    for w in service.windows.all():
        groups.setdefault((w.opens.strftime("%H:%M"), w.closes.strftime("%H:%M")), []).append(DAYS[w.weekday])
    return [{"days": days, "opens": opens, "closes": closes} for (opens, closes), days in groups.items()]
