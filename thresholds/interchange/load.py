"""Load framework fixtures into the database, idempotently, and export them back.

Loading compares every row with what is stored and writes only differences, so running it twice
changes nothing, and it reports what it changed. A framework is loaded in one transaction:
a file that fails part-way leaves the database as it was.

The fixtures seed the database; the portal owns a framework once an admin has drafted, changed or
published it (`Framework.managed_in_portal`):
- a framework published or superseded in the portal is never written by the loader again, content,
  status and successor alike, so `make run` never undoes an admin's publish;
- `load_frameworks` (load_directory, run at every start) also leaves alone drafts changed in the
  portal; an explicit load of one file into such a draft (a spreadsheet import) does write it.
A framework left alone is reported as kept ("kept ..." in the details), with nothing changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any, TypeVar

from django.db import models as dj
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from .. import models
from ..models import published_edits_allowed
from ..snapshot import DAYS
from .format import (
    AREAS,
    DECISION_TIMESCALES,
    DOMAINS,
    ESCALATION_STEPS,
    FRAMEWORK,
    GUIDANCE,
    INDICATORS,
    LEVELS,
    OUTCOMES,
    PATHWAYS,
    RAG_RATINGS,
    REQUIRED,
    SERVICES,
    Field,
    Section,
    model_class,
)
from .lint import check_structure


class FixtureError(Exception):
    pass


CHANGE_REASON = "load_frameworks"

_Row = TypeVar("_Row", bound=dj.Model)


@dataclass
class LoadResult:
    framework: str
    created: int = 0
    updated: int = 0
    deleted: int = 0
    details: list[str] = field(default_factory=list)
    kept: bool = False  # managed in the portal: the fixture was not applied

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def read_fixture(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FixtureError(f"{path.name}: cannot read: {exc}") from exc
    problems = check_structure(data)
    if problems:
        raise FixtureError(f"{path.name}: " + "; ".join(problems[:5]))
    return data


class _Sync:
    """Create, update and delete rows of one model so they match the wanted rows."""

    def __init__(self, result: LoadResult):
        self.result = result
        self.pending_deletes: list[Callable[[], None]] = []
        self.created: set[tuple[type, int]] = set()  # filling in a row created this run is not an update
        self.new_rows: dict[type[dj.Model], list[models.HistoryNotes]] = {}  # their history is written in bulk

    def _count_update(self, obj: dj.Model, what: str) -> None:
        if (type(obj), obj.pk) not in self.created:
            self.result.updated += 1
            self.result.details.append(f"updated {type(obj).__name__} {getattr(obj, 'code', obj.pk)}: {what}")

    def row(self, model: type[_Row], lookup: dict[str, Any], values: dict[str, Any]) -> _Row:
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            # Every model of thresholds with history has HistoryNotes (the partnership has neither).
            if isinstance(obj, models.HistoryNotes):
                obj.skip_history_when_saving = True
                obj._history_date = timezone.now()
                obj._change_reason = CHANGE_REASON
            obj.save(force_insert=True)
            if isinstance(obj, models.HistoryNotes):  # its first history record is written by flush_history
                self.new_rows.setdefault(model, []).append(obj)
            self.created.add((model, obj.pk))
            self.result.created += 1
            self.result.details.append(f"created {model.__name__} {_label(lookup)}")
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            if isinstance(obj, models.HistoryNotes):
                obj._change_reason = CHANGE_REASON
            obj.save(update_fields=changed)
            self._count_update(obj, ", ".join(changed))
        return obj

    def rows(self, model: type[dj.Model], framework: models.Framework, key: str, wanted: Iterable[dict]) -> dict:
        """Sync all of one framework's rows of `model`; returns key -> object."""
        objects = {}
        for values in wanted:
            values = dict(values)
            key_value = values.pop(key)
            objects[key_value] = self.row(model, {"framework": framework, key: key_value}, values)
        stale = model._default_manager.filter(framework=framework).exclude(**{f"{key}__in": list(objects)})
        self._delete_later(stale)
        return objects

    def m2m(self, obj: dj.Model, name: str, wanted: Iterable[dj.Model]) -> None:
        manager = getattr(obj, name)
        wanted_ids = {o.pk for o in wanted}
        if set(manager.values_list("pk", flat=True)) != wanted_ids:
            manager.set(wanted_ids)
            self._count_update(obj, name)

    def _delete_later(self, queryset: dj.QuerySet) -> None:
        def delete() -> None:
            count = queryset.count()
            if count:
                queryset.delete()
                self.result.deleted += count
                self.result.details.append(f"deleted {count} {queryset.model.__name__}")

        self.pending_deletes.append(delete)

    def flush_history(self) -> None:
        """History for the rows created, in bulk: a first load costs little more than it did without history."""
        for model, objs in self.new_rows.items():
            history = get_history_manager_for_model(model)
            records = history.bulk_history_create(objs, default_change_reason=CHANGE_REASON)
            if model is models.Pathway:
                _pathway_links_history(records)
            for obj in objs:
                del obj.skip_history_when_saving
        self.new_rows = {}

    def flush_deletes(self) -> None:
        # Children were synced parents-first; delete children-first so RESTRICT holds.
        for delete in reversed(self.pending_deletes):
            delete()


def _pathway_links_history(records: list[Any]) -> None:  # historical models are built at runtime: no static type
    """Copy the links of pathways created this run onto their first history records, as a save would."""
    by_pathway = {record.id: record for record in records}
    history_model = models.Pathway.history.model
    for name in ("levels", "services", "when_indicators"):
        through = getattr(models.Pathway, name).through
        link_history = getattr(history_model, name).model
        names = [f.attname for f in through._meta.concrete_fields]
        link_history.objects.bulk_create(
            link_history(history=by_pathway[row["pathway_id"]], **row)
            for row in through.objects.filter(pathway_id__in=by_pathway).values(*names)
        )


def _label(lookup: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in lookup.items() if k != "framework")


def _kept_in_portal(slug: str, result: LoadResult, keep_portal_drafts: bool) -> bool:
    stored = models.Framework.objects.filter(slug=slug, managed_in_portal=True).first()
    if stored is None or not (stored.is_published or keep_portal_drafts):
        return False
    result.kept = True
    result.details.append(f"kept {slug} as the portal has it ({stored.status}): changed there, fixture not applied")
    return True


def load_framework(data: dict[str, Any], *, keep_portal_drafts: bool = False) -> LoadResult:
    """Load one fixture, writing differences only; see the module docstring for what is left alone."""
    with published_edits_allowed(), transaction.atomic():
        return _load_framework(data, keep_portal_drafts)


def _load_framework(data: dict[str, Any], keep_portal_drafts: bool) -> LoadResult:
    fw = data["framework"]
    result = LoadResult(framework=fw["slug"])
    if _kept_in_portal(fw["slug"], result, keep_portal_drafts):
        return result
    sync = _Sync(result)
    partnership = sync.row(
        models.Partnership, {"slug": data["partnership"]["slug"]}, _framework_values(data, "partnership")
    )
    framework = sync.row(
        models.Framework,
        {"slug": fw["slug"]},
        {
            "partnership": partnership,
            **_framework_values(data, "framework"),
            "decisions": data.get("decisions", []),
        },
    )
    rows: dict[str, dict[Any, dj.Model]] = {}
    for section in LOAD_ORDER:
        items = data.get(section.key, [])
        rows[section.key] = objects = sync.rows(
            model_class(section),
            framework,
            section.natural_key,
            (_row_values(section, obj, n, rows) for n, obj in enumerate(items)),
        )
        if section is SERVICES:
            for s in items:
                service = objects[s["code"]]
                ooh = objects[s["out_of_hours_service"]] if s.get("out_of_hours_service") else None
                sync.row(models.Service, {"pk": service.pk}, {"out_of_hours_service": ooh})
                _sync_windows(sync, service, s.get("hours", []))
        links = [f for f in section.fields if f.many]
        for obj in items if links else ():
            row = objects[obj[section.natural_key]]
            for f in links:
                sync.m2m(row, f.model_attr, [rows[f.ref][key] for key in _get(obj, f)])
    sync.flush_history()
    sync.flush_deletes()
    if result.changed:
        models.Framework.objects.filter(pk=framework.pk).update(content_version=dj.F("content_version") + 1)
    return result


# Parents before the rows that point at them; children are deleted in the reverse order.
LOAD_ORDER = (
    AREAS,
    LEVELS,
    DOMAINS,
    INDICATORS,
    SERVICES,
    PATHWAYS,
    RAG_RATINGS,
    OUTCOMES,
    DECISION_TIMESCALES,
    ESCALATION_STEPS,
    GUIDANCE,
)


def _get(obj: dict[str, Any], f: Field) -> Any:
    """The fixture's value of a field, or its declared default (a fresh copy of a list)."""
    if f.default is REQUIRED:
        return obj[f.name.rpartition(".")[2]]
    value = obj.get(f.name.rpartition(".")[2], f.default)
    return list(value) if value is f.default and isinstance(value, list) else value


def _framework_values(data: dict[str, Any], part: str) -> dict[str, Any]:
    """The partnership's or the framework's model fields from format.FRAMEWORK (less its key and its successor)."""
    values: dict[str, Any] = {}
    for f in FRAMEWORK.fields:
        head, *parents, _ = f.name.split(".")
        if head != part or f.later or f.model_attr == "slug":
            continue
        owner = data[part]
        for key in parents:
            owner = owner[key]
        value = _get(owner, f)
        values[f.model_attr] = date.fromisoformat(value) if f.cell == "date" else value
    return values


def _row_values(section: Section, obj: dict[str, Any], n: int, rows: dict[str, dict[Any, dj.Model]]) -> dict[str, Any]:
    """One object's model fields, as format.py declares them; links made later (`later`, `many`) left out."""
    values: dict[str, Any] = {}
    for f in section.fields:
        if not f.stored or f.many or f.later or f.nested:
            continue
        if f.position:
            values[f.name] = n
            continue
        value = _get(obj, f)
        if f.ref:
            value = rows[f.ref][value] if f.default is REQUIRED or value else None
        values[f.model_attr] = value
    return values


def _sync_windows(sync: _Sync, service: models.Service, hours: list[dict]) -> None:
    wanted = sorted(
        (DAYS.index(day), time.fromisoformat(w["opens"]), time.fromisoformat(w["closes"]))
        for w in hours
        for day in w["days"]
    )
    stored = sorted(service.windows.values_list("weekday", "opens", "closes"))
    if stored != wanted:
        service.windows.all().delete()
        bulk_create_with_history(
            [models.OpeningWindow(service=service, weekday=d, opens=o, closes=c) for d, o, c in wanted],
            models.OpeningWindow,
            default_change_reason=CHANGE_REASON,
        )
        sync._count_update(service, "opening hours")


def link_successors(datas: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    """Second pass: successors can only be linked once every framework exists."""
    with published_edits_allowed(), transaction.atomic():
        return _link_successors(datas)


def _link_successors(datas: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    changes = []
    for data in datas:
        fw = data["framework"]
        framework = models.Framework.objects.get(slug=fw["slug"])
        if framework.managed_in_portal:
            continue  # its successor is the portal's business now (see the module docstring)
        successor = None
        if fw.get("successor"):
            successor = models.Framework.objects.filter(slug=fw["successor"]).first()
            if successor is None:
                raise FixtureError(f"{fw['slug']}: successor {fw['successor']!r} is not loaded")
        if framework.successor_id != (successor.pk if successor else None):
            framework.successor = successor
            framework._change_reason = CHANGE_REASON
            framework.save(update_fields=["successor"])
            changes.append((fw["slug"], f"updated Framework {fw['slug']}: successor {fw.get('successor')}"))
    return changes


def load_directory(directory: Path, only: Iterable[str] = ()) -> list[LoadResult]:
    paths = sorted(directory.glob("*.json"))
    wanted = set(only)
    datas = [read_fixture(p) for p in paths if not wanted or p.stem in wanted]
    if wanted - {d["framework"]["slug"] for d in datas}:
        raise FixtureError(f"No fixture for: {', '.join(sorted(wanted - {d['framework']['slug'] for d in datas}))}")
    with published_edits_allowed(), transaction.atomic():
        results = {d["framework"]["slug"]: load_framework(d, keep_portal_drafts=True) for d in datas}
        for slug, change in link_successors(datas):
            result = results[slug]
            if not result.created:  # a framework created this run gets its successor as part of creation
                result.updated += 1
            result.details.append(change)
    return list(results.values())
