"""A partnership's published levels-of-need guidance, in the document's own words.

Every framework is one published version of one document. Children of a framework (levels,
domains, indicators, services, pathways, process data) are keyed by codes that are stable
across versions, so that versions can be compared and assessments keep the wording they used.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import m2m_changed
from simple_history.models import HistoricalRecords

# True while load_frameworks writes: the fixtures are the encoded documents themselves, so the loader
# may correct a published framework; nothing else may (see DraftGuard).
_published_edits: ContextVar[bool] = ContextVar("published_edits", default=False)


@contextmanager
def published_edits_allowed() -> Iterator[None]:
    """Let the fixture loader write published frameworks; every other writer gets PublishedFrameworkError."""
    token = _published_edits.set(True)
    try:
        yield
    finally:
        _published_edits.reset(token)


class PublishedFrameworkError(ValidationError):
    """A published framework changed in place would change what past assessments meant."""


def _published_message(framework: Framework) -> str:
    return (
        f"“{framework.title}” ({framework.slug}) is {framework.get_status_display().lower()}, so it cannot be "
        "changed. Draft a new version to change it."
    )


def refuse_if_published(framework_ids: Iterable[int | None]) -> None:
    """Raise PublishedFrameworkError if any of these frameworks is published (current or superseded)."""
    ids = {pk for pk in framework_ids if pk is not None}
    if not ids or _published_edits.get():
        return
    published = Framework.objects.filter(pk__in=ids).exclude(status=Framework.Status.DRAFT).first()
    if published is not None:
        raise PublishedFrameworkError(_published_message(published))


def _touch(framework_ids: Iterable[int | None]) -> None:
    """A draft changed outside the loader: refresh its cached snapshot and keep the loader off it."""
    ids = {pk for pk in framework_ids if pk is not None}
    if ids and not _published_edits.get():
        Framework.objects.filter(pk__in=ids).update(
            content_version=models.F("content_version") + 1, managed_in_portal=True
        )


class HistoryNotes:
    """What django-simple-history reads off an instance as it saves it: set by the writer, never stored.

    Annotations only (simple_history has no type hints, and looks these up by name): every model of this
    app with history has them declared, so a writer's `framework._change_reason = ...` is checked.
    `skip_history_when_saving` is tested with hasattr, so it must stay without a value here.
    """

    _history_user: Any  # the user the history record names (None: nobody signed in)
    _change_reason: str
    _history_date: datetime
    skip_history_when_saving: bool


class NaturalKeyManager(models.Manager):
    """get_by_natural_key for models keyed by (framework slug, code)."""

    def get_by_natural_key(self, framework_slug: str, code: str):
        return self.get(framework__slug=framework_slug, code=code)


class Partnership(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    # Leads and admins always need a second factor; this asks it of everyone in the partnership.
    require_second_factor = models.BooleanField(
        "Everyone must use a second factor",
        default=False,
        help_text="Practitioners too must set up an authenticator app to sign in.",
    )
    # How long a decided assessment's child data is kept; empty: the portal's default (RETENTION_YEARS_DEFAULT).
    retention_years = models.PositiveSmallIntegerField(
        "Keep decided assessments for (years)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="After this many years from the decision, the child's details are erased. "
        "Leave empty for the portal's default.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def kept_for_years(self) -> int:
        """The retention period in years: the partnership's own, else the portal's default setting."""
        return self.retention_years or settings.RETENTION_YEARS_DEFAULT


class FrameworkManager(models.Manager):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class Framework(HistoryNotes, models.Model):
    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        SUPERSEDED = "superseded", "Superseded"
        DRAFT = "draft", "Draft"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="frameworks")
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=300)
    published = models.DateField()
    published_text = models.CharField(max_length=100, blank=True, help_text="The date as the document prints it.")
    version = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    successor = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="predecessors")
    source_document = models.CharField(max_length=200, help_text="File name of the source document.")
    emergency_text = models.TextField(help_text="The document's own words on immediate danger.")
    emergency_phone = models.CharField(max_length=20, default="999")
    accumulation_min_indicators = models.PositiveSmallIntegerField(
        default=3, help_text="Advise on accumulation when at least this many indicators are ticked at one level..."
    )
    accumulation_min_domains = models.PositiveSmallIntegerField(
        default=2, help_text="...spread across at least this many domains."
    )
    accumulation_text = models.TextField(blank=True, help_text="The document's own words on accumulating needs.")
    decisions = models.JSONField(default=list, blank=True, help_text="Judgement calls made reading the document.")
    content_version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up whenever the framework's content changes; keys caches."
    )
    managed_in_portal = models.BooleanField(
        default=False,
        editable=False,
        help_text="Drafted, changed or published in the portal: load_frameworks leaves it alone from then on.",
    )

    objects = FrameworkManager()
    history = HistoricalRecords()

    # What publishing may change on a published framework; everything else is its content.
    LIFECYCLE_FIELDS = frozenset({"status", "successor", "content_version", "managed_in_portal"})

    class Meta:
        ordering = ["status", "partnership__name", "-published"]

    def __str__(self) -> str:
        return f"{self.title} ({self.published_text or format(self.published, '%B %Y')})"

    def save(self, *args, **kwargs) -> None:
        """Refuse content changes to a published framework; a changed draft gets a new content version."""
        update_fields = kwargs.get("update_fields")
        lifecycle_only = update_fields is not None and set(update_fields) <= self.LIFECYCLE_FIELDS
        if not _published_edits.get():
            if self._state.adding:
                self.managed_in_portal = True
            elif not lifecycle_only and self._guard_content_change() and update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "content_version", "managed_in_portal"}
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Assessments refer to published versions, so only a draft can be deleted."""
        if self.pk is not None:
            refuse_if_published([self.pk])
        return super().delete(*args, **kwargs)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_published(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def date_text(self) -> str:
        """Its publication date: as the document prints it, else the month and year."""
        return self.published_text or format(self.published, "%B %Y")

    @property
    def edition(self) -> str:
        """Its own version name and date, as every page names this version: "Version 2, January 2024"."""
        version = self.version[:1].upper() + self.version[1:]
        return ", ".join(part for part in (version, self.date_text) if part)

    def _guard_content_change(self) -> bool:
        """True if a draft's content changed (and its content version went up); refuses a published one."""
        stored = Framework.objects.filter(pk=self.pk).first()
        if stored is None:
            return False
        changed = [
            f.name
            for f in self._meta.concrete_fields
            if f.name not in self.LIFECYCLE_FIELDS and getattr(stored, f.attname) != getattr(self, f.attname)
        ]
        if changed and stored.is_published:
            raise PublishedFrameworkError(_published_message(stored))
        if changed:
            self.content_version = stored.content_version + 1
            self.managed_in_portal = True
        return bool(changed)


if TYPE_CHECKING:
    # DraftGuard is only ever mixed into models (before models.Model): its super() calls reach Model's.
    _GuardedModel = models.Model
else:
    _GuardedModel = object


class DraftGuard(HistoryNotes, _GuardedModel):
    """Rows of a published framework are frozen; a draft's changed rows refresh its cached snapshot.

    Covers save() and delete() on instances (what forms, the admin and services use); QuerySet.update(),
    bulk writes and cascades go round it, as Django's own signals do.
    """

    # Every guarded model has a framework but OpeningWindow, which overrides own_framework_id.
    framework_id: int | None

    def own_framework_id(self) -> int | None:
        return self.framework_id

    def _framework_ids(self) -> set[int | None]:
        ids = {self.own_framework_id()}
        if self.pk is not None and not self._state.adding:
            # A row moved out of a published framework would change that framework too.
            path = "service__framework" if isinstance(self, OpeningWindow) else "framework"
            ids.update(type(self)._base_manager.filter(pk=self.pk).values_list(path, flat=True))
        return ids

    def clean(self) -> None:
        super().clean()
        refuse_if_published([self.own_framework_id()])

    def save(self, *args, **kwargs) -> None:
        ids = set() if _published_edits.get() else self._framework_ids()
        refuse_if_published(ids)
        super().save(*args, **kwargs)
        _touch(ids)

    def delete(self, *args, **kwargs):
        ids = set() if _published_edits.get() else self._framework_ids()
        refuse_if_published(ids)
        result = super().delete(*args, **kwargs)
        _touch(ids)
        return result


class FrameworkChild(DraftGuard, models.Model):
    """A row that belongs to one framework and is keyed by a code within it."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(max_length=80)
    order = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True, help_text="A judgement call made reading the document.")

    objects = NaturalKeyManager()

    class Meta:
        abstract = True
        ordering = ["order"]

    def natural_key(self) -> tuple[str, str]:
        return (self.framework.slug, self.code)

    def clean(self) -> None:
        super().clean()
        _refuse_duplicate(self, "code")


class Area(FrameworkChild):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=100)

    history = HistoricalRecords()

    class Meta(FrameworkChild.Meta):
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="area_code_unique")]

    def __str__(self) -> str:
        return self.name


class LevelManager(models.Manager):
    def get_by_natural_key(self, framework_slug: str, number: int):
        return self.get(framework__slug=framework_slug, number=number)


def _refuse_duplicate(row: DraftGuard, field: str) -> None:
    """Codes (and numbers) are unique within a framework: a form error, not a database error at save.

    Checked here as well as by the constraint, because an inline under a domain does not have the
    framework among its fields, so Django's own constraint check would skip it.
    """
    value = getattr(row, field)
    if row.framework_id is None or value in (None, ""):
        return
    others = type(row)._base_manager.filter(framework_id=row.framework_id, **{field: value}).exclude(pk=row.pk)
    if others.exists():
        name = row._meta.verbose_name
        raise ValidationError({field: f"Another {name} of this framework already has the {field} “{value}”."})


class Level(DraftGuard, models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(choices=[(n, str(n)) for n in (1, 2, 3, 4)])
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    service_examples = models.JSONField(default=list, blank=True)
    information_sharing = models.TextField(blank=True)
    note = models.TextField(blank=True)

    objects = LevelManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="level_number_unique")]

    def __str__(self) -> str:
        return f"Level {self.number}: {self.name}"

    def natural_key(self) -> tuple[str, int]:
        return (self.framework.slug, self.number)

    def clean(self) -> None:
        super().clean()
        _refuse_duplicate(self, "number")


class Domain(FrameworkChild):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    name = models.CharField(max_length=200)
    group = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta(FrameworkChild.Meta):
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="domain_code_unique")]

    def __str__(self) -> str:
        return self.name


class Indicator(FrameworkChild):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    level = models.ForeignKey(Level, on_delete=models.RESTRICT, related_name="indicators")
    domain = models.ForeignKey(Domain, on_delete=models.RESTRICT, related_name="indicators")
    text = models.TextField()

    history = HistoricalRecords()

    class Meta(FrameworkChild.Meta):
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="indicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if not self.text.strip():
            errors["text"] = "Enter the indicator's wording."
        if self.level_id and self.level.framework_id != self.framework_id:
            errors["level"] = "Choose a level of the same framework."
        if self.domain_id and self.domain.framework_id != self.framework_id:
            errors["domain"] = "Choose a domain of the same framework."
        if errors:
            raise ValidationError(errors)


class Service(FrameworkChild):
    class Availability(models.TextChoices):
        HOURS = "hours", "Opening hours"
        ALWAYS = "always", "Always open"
        OUT_OF_HOURS = "out_of_hours", "Out of hours (covers other services when they are closed)"
        UNSTATED = "unstated", "Hours not given in the document"
        OFFICE_HOURS = (
            "office_hours",
            "During office hours (the document gives no times: closed at weekends and bank holidays)",
        )

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(max_length=200)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.RESTRICT, related_name="services")
    phone = models.CharField(max_length=50, blank=True)
    email = models.EmailField(blank=True)
    availability = models.CharField(max_length=20, choices=Availability.choices, default=Availability.UNSTATED)
    hours_text = models.CharField(max_length=300, blank=True, help_text="The hours as the document prints them.")
    out_of_hours_service = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="covers"
    )

    history = HistoricalRecords()

    class Meta(FrameworkChild.Meta):
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="service_code_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if not (self.phone or self.email):
            errors["phone"] = "Enter a phone number or an email address."
        area = self.area if self.area_id else None
        if area is not None and area.framework_id != self.framework_id:
            errors["area"] = "Choose an area of the same framework."
        ooh = self.out_of_hours_service
        if ooh is not None and (ooh.framework_id != self.framework_id or (self.pk and ooh.pk == self.pk)):
            errors["out_of_hours_service"] = "Choose another service of the same framework."
        if errors:
            raise ValidationError(errors)


class OpeningWindow(DraftGuard, models.Model):
    """One weekday's opening time of a service; bank holidays are always closed."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0
        TUESDAY = 1
        WEDNESDAY = 2
        THURSDAY = 3
        FRIDAY = 4
        SATURDAY = 5
        SUNDAY = 6

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")), name="window_closes_after_opens")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def own_framework_id(self) -> int | None:
        if self.service_id is None:
            return None
        return Service.objects.filter(pk=self.service_id).values_list("framework", flat=True).first()

    def clean(self) -> None:
        super().clean()
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": "The closing time must be after the opening time."})


class Pathway(FrameworkChild):
    class Kind(models.TextChoices):
        UNIVERSAL = "universal", "Universal services"
        EARLY_HELP = "early_help", "Early help"
        FRONT_DOOR = "front_door", "Front door"
        MASH = "mash", "Multi-agency safeguarding hub"
        EMERGENCY = "emergency", "Emergency"
        EXPLOITATION = "exploitation", "Exploitation"
        OTHER = "other", "Other"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="pathways")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.RESTRICT, related_name="pathways")
    levels = models.ManyToManyField(Level, related_name="pathways")
    title = models.CharField(max_length=300)
    text = models.TextField()
    services = models.ManyToManyField(Service, blank=True, related_name="pathways")
    when_indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="pathways", help_text="If any: applies only when one of these is ticked."
    )
    condition = models.TextField(
        blank=True,
        help_text="If given: the document's own words for the only case in which this route applies "
        "(e.g. when consent to early help is refused). Its services are shown with it, after the others.",
    )

    history = HistoricalRecords(m2m_fields=["levels", "services", "when_indicators"])

    class Meta(FrameworkChild.Meta):
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="pathway_code_unique")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        area = self.area if self.area_id else None
        if area is not None and area.framework_id != self.framework_id:
            raise ValidationError({"area": "Choose an area of the same framework."})


class RagRating(FrameworkChild):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="rag_ratings")
    name = models.CharField(max_length=100)
    meaning = models.TextField(blank=True)
    response = models.TextField(blank=True)
    hours = models.PositiveIntegerField(null=True, blank=True)
    working_days = models.PositiveIntegerField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta(FrameworkChild.Meta):
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="rag_code_unique")]

    def __str__(self) -> str:
        return self.name


class Outcome(FrameworkChild):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="outcomes")
    text = models.TextField()

    history = HistoricalRecords()

    class Meta(FrameworkChild.Meta):
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="outcome_code_unique")]

    def __str__(self) -> str:
        return self.text


class DecisionTimescale(DraftGuard, models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="decision_timescales")
    order = models.PositiveIntegerField(default=0)
    text = models.TextField()
    hours = models.PositiveIntegerField(null=True, blank=True)
    working_days = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.text[:80]


class EscalationStep(DraftGuard, models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="escalation_steps")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    timescale = models.TextField(blank=True)
    working_days = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="escalation_number_unique")]

    def __str__(self) -> str:
        return f"Step {self.number}"

    def clean(self) -> None:
        super().clean()
        _refuse_duplicate(self, "number")


class Guidance(DraftGuard, models.Model):
    """A passage of the document the journey or the review needs: consent rules, case examples..."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="guidance")
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    items = models.JSONField(default=list, blank=True)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    indicators = models.JSONField(default=list, blank=True, help_text="Indicator codes, for case examples.")
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name_plural = "guidance"

    def __str__(self) -> str:
        return f"{self.kind}: {self.title or self.text[:60]}"


def _pathway_links_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """A pathway's levels, services and indicators: same framework only, and frozen once published."""
    if action in ("pre_add", "pre_remove", "pre_clear"):
        refuse_if_published([instance.framework_id])
        if action == "pre_add" and pk_set:
            if model._base_manager.filter(pk__in=pk_set).exclude(framework_id=instance.framework_id).exists():
                what = model._meta.verbose_name_plural
                raise ValidationError(f"A pathway can only name {what} of its own framework.")
    elif action in ("post_add", "post_remove", "post_clear"):
        _touch([instance.framework_id])


for _field in ("levels", "services", "when_indicators"):
    m2m_changed.connect(
        _pathway_links_changed, sender=getattr(Pathway, _field).through, dispatch_uid=f"pathway-{_field}-guard"
    )
