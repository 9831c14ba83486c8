"""Versions of a framework: draft a copy, compare it with what is published, check it, publish it.

Assessments keep a foreign key to the framework version they were made with, so a published
framework is never edited in place (see models.DraftGuard). A partnership admin drafts a new
version, edits the draft, reviews its changes and publishes it; the old version stays, superseded
and pointing at its successor, with its wording exactly as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models as dj
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from . import models
from .engine import FrameworkSnapshot
from .interchange import format as shape
from .snapshot import DAYS, snapshot_from_db
from .validation import ValidationReport, validate_framework

Status = models.Framework.Status

_Row = TypeVar("_Row", bound=dj.Model)


class VersioningError(Exception):
    """A version operation that makes no sense for this framework."""


class PublishError(VersioningError):
    """The draft fails validation: nothing was changed."""

    def __init__(self, framework: models.Framework, problems: list[str]):
        self.framework = framework
        self.problems = problems
        super().__init__(f"{framework.slug} cannot be published: " + "; ".join(problems[:5]))


# --- drafting ------------------------------------------------------------------------------------

_SLUG_VERSION = re.compile(r"^(?P<root>.+?)-v(?P<n>\d+)$")
_NUMBER = re.compile(r"\d+")
_slug_max_length = models.Framework._meta.get_field("slug").max_length
assert _slug_max_length is not None  # a SlugField always has a max_length (50 unless given)
_SLUG_MAX: int = _slug_max_length


def next_version(framework: models.Framework) -> tuple[str, int]:
    """The slug and number of the next version: hw-2025 -> hw-2025-v2, herefordshire-2024 (Version 2) -> ...-v3.

    The number is one more than the highest already used for the same root slug, so two drafts of one
    framework never collide and a published version's slug never changes.
    """
    match = _SLUG_VERSION.match(framework.slug)
    root = match["root"] if match else framework.slug
    numbers = [int(match["n"]) if match else 1]
    numbers += [int(n) for n in _NUMBER.findall(framework.version)[-1:]]
    for slug in models.Framework.objects.filter(slug__startswith=f"{root}-v").values_list("slug", flat=True):
        other = _SLUG_VERSION.match(slug)
        if other and other["root"] == root:
            numbers.append(int(other["n"]))
    number = max(numbers) + 1
    while True:
        suffix = f"-v{number}"
        slug = root[: _SLUG_MAX - len(suffix)] + suffix
        if not models.Framework.objects.filter(slug=slug).exists():
            return slug, number
        number += 1


def _version_text(old: str, number: int) -> str:
    """Keep the document's own way of printing a version ("Version 2" -> "Version 3")."""
    if _NUMBER.search(old):
        head, _, tail = old.rpartition(_NUMBER.findall(old)[-1])
        return f"{head}{number}{tail}"
    return f"version {number}"


class _Copier:
    """Copies rows in bulk into the draft, with history records that carry the user."""

    def __init__(self, draft: models.Framework, user: Any, reason: str):
        self.draft = draft
        self.user = user
        self.reason = reason

    def copy(self, rows: dj.QuerySet[_Row], **remap: Mapping[int, int] | None) -> dict[int, _Row]:
        """Copy `rows`; each keyword maps an FK attname's old ids to new ones (None: clear it)."""
        old_rows = list(rows)
        if not old_rows:
            return {}
        model = type(old_rows[0])
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        new_rows = []
        for old in old_rows:
            values = {f.attname: getattr(old, f.attname) for f in fields}
            if "framework_id" in values:
                values["framework_id"] = self.draft.pk
            for attname, mapping in remap.items():
                values[attname] = None if mapping is None or values[attname] is None else mapping[values[attname]]
            new_rows.append(model(**values))
        created = bulk_create_with_history(new_rows, model, default_user=self.user, default_change_reason=self.reason)
        return {old.pk: new for old, new in zip(old_rows, created, strict=True)}


@transaction.atomic
def draft_from(framework: models.Framework, *, user: Any) -> models.Framework:
    """Copy a published framework and every row of it into a new draft of the same partnership."""
    framework = models.Framework.objects.get(pk=framework.pk)  # its status now, not when it was read
    if not framework.is_published:
        raise VersioningError(f"{framework.slug} is already a draft: edit it, or draft from a published version.")
    slug, number = next_version(framework)
    reason = f"Drafted from {framework.slug}"
    values = {f.attname: getattr(framework, f.attname) for f in framework._meta.concrete_fields if not f.primary_key}
    values.update(
        slug=slug,
        version=_version_text(framework.version, number),
        status=Status.DRAFT,
        successor_id=None,
        content_version=1,
    )
    draft = models.Framework(**values)
    draft._history_user, draft._change_reason = user, reason
    draft.save()  # a new framework saved outside the loader is managed in the portal
    _copy_rows(framework, draft, _Copier(draft, user, reason))
    draft.refresh_from_db()
    return draft


def _copy_rows(source: models.Framework, draft: models.Framework, copier: _Copier) -> None:
    areas = {old: new.pk for old, new in copier.copy(source.areas.all()).items()}
    levels = {old: new.pk for old, new in copier.copy(source.levels.all()).items()}
    domains = {old: new.pk for old, new in copier.copy(source.domains.all()).items()}
    indicators = copier.copy(source.indicators.all(), level_id=levels, domain_id=domains)
    old_services = list(source.services.all())
    services = copier.copy(source.services.all(), area_id=areas, out_of_hours_service_id=None)
    service_ids = {old: new.pk for old, new in services.items()}
    for old in old_services:
        if old.out_of_hours_service_id:
            new_service = services[old.pk]
            new_service.out_of_hours_service_id = service_ids[old.out_of_hours_service_id]
            new_service._history_user, new_service._change_reason = copier.user, copier.reason
            new_service.save(update_fields=["out_of_hours_service"])
    copier.copy(models.OpeningWindow.objects.filter(service__framework=source), service_id=service_ids)
    old_pathways = list(source.pathways.prefetch_related("levels", "services", "when_indicators"))
    pathways = copier.copy(source.pathways.all(), area_id=areas)
    for old_pathway in old_pathways:
        new_pathway = pathways[old_pathway.pk]
        new_pathway._history_user, new_pathway._change_reason = copier.user, copier.reason
        new_pathway.levels.set([levels[lv.pk] for lv in old_pathway.levels.all()])
        new_pathway.services.set([service_ids[s.pk] for s in old_pathway.services.all()])
        new_pathway.when_indicators.set([indicators[i.pk].pk for i in old_pathway.when_indicators.all()])
    for rows in (source.rag_ratings, source.outcomes, source.decision_timescales, source.escalation_steps):
        copier.copy(rows.all())
    copier.copy(source.guidance.all())


# --- comparing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class RowRef:
    key: str
    label: str


@dataclass(frozen=True)
class RowChange:
    key: str
    label: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class SectionDiff:
    """Rows of one kind (levels, services...) added, removed or changed, matched by code or number."""

    title: str
    added: tuple[RowRef, ...] = ()
    removed: tuple[RowRef, ...] = ()
    changed: tuple[RowChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class IndicatorRef:
    code: str
    level: int
    domain: str
    text: str


@dataclass(frozen=True)
class IndicatorMove:
    code: str
    text: str
    level_before: int
    level_after: int
    domain_before: str
    domain_after: str


@dataclass(frozen=True)
class IndicatorReword:
    code: str
    before: str
    after: str


@dataclass(frozen=True)
class FrameworkDiff:
    """What publishing the draft would change for practitioners, in terms a template can list."""

    draft: str
    published: str
    framework: tuple[FieldChange, ...]
    indicators_added: tuple[IndicatorRef, ...]
    indicators_removed: tuple[IndicatorRef, ...]
    indicators_moved: tuple[IndicatorMove, ...]
    indicators_reworded: tuple[IndicatorReword, ...]
    sections: tuple[SectionDiff, ...]

    @property
    def indicators_changed(self) -> bool:
        return bool(
            self.indicators_added or self.indicators_removed or self.indicators_moved or self.indicators_reworded
        )

    @property
    def empty(self) -> bool:
        return not (self.framework or self.indicators_changed or any(not s.empty for s in self.sections))

    def section(self, title: str) -> SectionDiff:
        return next(s for s in self.sections if s.title == title)


Rows = dict[str, tuple[str, dict[str, str]]]  # key -> (label, field -> shown value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(_text(v) for v in value)
    return str(value)


def _windows(service: Any) -> str:
    return ", ".join(f"{DAYS[w.weekday].title()} {w.opens:%H:%M}-{w.closes:%H:%M}" for w in service.windows)


def _snapshot_rows(s: FrameworkSnapshot) -> dict[str, Rows]:
    return {
        "Levels": {str(n): (f"Level {n}: {lv.name}", _fields(shape.LEVELS, lv)) for n, lv in s.levels.items()},
        "Domains": {code: (d.name, _fields(shape.DOMAINS, d)) for code, d in s.domains.items()},
        "Areas": {code: (name, {"name": name}) for code, name in s.areas.items()},
        "Services": {
            code: (
                sv.name,
                {
                    "name": sv.name,
                    "area": _text(sv.area),
                    "phone": sv.phone,
                    "email": sv.email,
                    "availability": sv.availability,
                    "hours as printed": sv.hours_text,
                    "opening hours": _windows(sv),
                    "out-of-hours service": _text(sv.out_of_hours_service),
                },
            )
            for code, sv in s.services.items()
        },
        "Pathways": {
            p.code: (
                p.title,
                {
                    "kind": p.kind,
                    "area": _text(p.area),
                    "levels": ", ".join(str(n) for n in sorted(p.levels)),
                    "title": p.title,
                    "text": p.text,
                    "services": ", ".join(p.services),
                    "when these indicators are ticked": ", ".join(sorted(p.when_indicators)),
                },
            )
            for p in s.pathways
        },
    }


def _fields(section: shape.Section, row: Any) -> dict[str, str]:
    """The fields format.py says the diff compares, labelled as the diff shows them."""
    return {section.field(name).label: _text(getattr(row, name)) for name in section.compared}


def _process_rows(framework: models.Framework) -> dict[str, Rows]:
    return {
        "RAG ratings": {r.code: (r.name, _fields(shape.RAG_RATINGS, r)) for r in framework.rag_ratings.all()},
        "Outcomes": {o.code: (o.text[:80], _fields(shape.OUTCOMES, o)) for o in framework.outcomes.all()},
        "Decision timescales": {
            str(t.order + 1): (f"Timescale {t.order + 1}", _fields(shape.DECISION_TIMESCALES, t))
            for t in framework.decision_timescales.all()
        },
        "Escalation steps": {
            str(e.number): (f"Step {e.number}", _fields(shape.ESCALATION_STEPS, e))
            for e in framework.escalation_steps.all()
        },
        "Guidance": {
            str(g.order + 1): (g.title or g.kind, _fields(shape.GUIDANCE, g)) for g in framework.guidance.all()
        },
    }


def _section(title: str, after: Rows, before: Rows) -> SectionDiff:
    changed = []
    for key in after.keys() & before.keys():
        label, new = after[key]
        old = before[key][1]
        changes = tuple(
            FieldChange(name, old.get(name, ""), value) for name, value in new.items() if old.get(name) != value
        )
        if changes:
            changed.append(RowChange(key, label, changes))
    order = {key: n for n, key in enumerate(after)}
    return SectionDiff(
        title=title,
        added=tuple(RowRef(key, after[key][0]) for key in after if key not in before),
        removed=tuple(RowRef(key, before[key][0]) for key in before if key not in after),
        changed=tuple(sorted(changed, key=lambda c: order[c.key])),
    )


# The framework's own fields the diff compares, and their labels: as format.py declares them.
_FRAMEWORK_FIELDS = {
    f.model_attr: f.diff_label for section in (shape.FRAMEWORK, shape.DECISIONS) for f in section.fields if f.diff_label
}


def diff(draft: models.Framework, published: models.Framework) -> FrameworkDiff:
    """Compare a draft with a published version, matching rows by code (levels by number)."""
    after, before = snapshot_from_db(draft), snapshot_from_db(published)
    new, old = after.indicators, before.indicators

    def ref(snapshot: FrameworkSnapshot, code: str) -> IndicatorRef:
        i = snapshot.indicators[code]
        return IndicatorRef(code, i.level, snapshot.domains[i.domain].name, i.text)

    common = [code for code in new if code in old]
    sections = []
    for rows_after, rows_before in (
        (_snapshot_rows(after), _snapshot_rows(before)),
        (_process_rows(draft), _process_rows(published)),
    ):
        sections += [_section(title, rows_after[title], rows_before[title]) for title in rows_after]
    return FrameworkDiff(
        draft=draft.slug,
        published=published.slug,
        framework=tuple(
            FieldChange(label, _text(getattr(published, name)), _text(getattr(draft, name)))
            for name, label in _FRAMEWORK_FIELDS.items()
            if getattr(published, name) != getattr(draft, name)
        ),
        indicators_added=tuple(ref(after, code) for code in new if code not in old),
        indicators_removed=tuple(ref(before, code) for code in old if code not in new),
        indicators_moved=tuple(
            IndicatorMove(
                code,
                new[code].text,
                old[code].level,
                new[code].level,
                before.domains[old[code].domain].name,
                after.domains[new[code].domain].name,
            )
            for code in common
            if (old[code].level, old[code].domain) != (new[code].level, new[code].domain)
        ),
        indicators_reworded=tuple(
            IndicatorReword(code, old[code].text, new[code].text) for code in common if old[code].text != new[code].text
        ),
        sections=tuple(sections),
    )


def published_counterpart(draft: models.Framework) -> models.Framework | None:
    """The version a draft would replace: its partnership's current framework (the newest, if several)."""
    return (
        models.Framework.objects.filter(partnership_id=draft.partnership_id, status=Status.CURRENT)
        .exclude(pk=draft.pk)
        .order_by("-published", "-pk")
        .first()
    )


# --- checking and publishing ---------------------------------------------------------------------


def validate(draft: models.Framework) -> ValidationReport:
    """The checks `validate_frameworks` runs: a draft must pass them all to be published."""
    return validate_framework(draft)


@transaction.atomic
def publish(draft: models.Framework, *, user: Any) -> models.Framework:
    """Make a valid draft its partnership's current version; the versions it replaces become superseded.

    All or nothing: a draft that fails validation changes nothing. Content versions go up so every
    cached snapshot of these frameworks is rebuilt.
    """
    draft = models.Framework.objects.select_for_update().get(pk=draft.pk)
    if draft.is_published:
        raise PublishError(draft, [f"{draft.slug} is already published ({draft.status})"])
    report = validate(draft)
    if not report.ok:
        raise PublishError(draft, report.problems)
    replaced = list(
        models.Framework.objects.select_for_update()
        .filter(partnership_id=draft.partnership_id, status=Status.CURRENT)
        .exclude(pk=draft.pk)
    )
    _date_the_new_version(draft, replaced, user)
    draft.status = Status.CURRENT
    draft.successor = None
    _save_lifecycle(draft, user, "Published")
    for old in replaced:
        old.status = Status.SUPERSEDED
        old.successor = draft
        _save_lifecycle(old, user, f"Superseded by {draft.slug}")
    return draft


def _date_the_new_version(draft: models.Framework, replaced: list[models.Framework], user: Any) -> None:
    """A version carries its own date: a draft still dated as the version it copies is dated today.

    An admin who gave the draft its own date (the document's) keeps it."""
    if not any((old.published, old.published_text) == (draft.published, draft.published_text) for old in replaced):
        return
    today = timezone.localdate()
    draft.published, draft.published_text = today, f"{today.day} {today:%B %Y}"
    draft._history_user = user
    draft._change_reason = "Dated on publishing"
    draft.save(update_fields=["published", "published_text"])


def _save_lifecycle(framework: models.Framework, user: Any, reason: str) -> None:
    framework.content_version += 1
    framework.managed_in_portal = True
    framework._history_user = user
    framework._change_reason = reason
    framework.save(update_fields=["status", "successor", "content_version", "managed_in_portal"])
