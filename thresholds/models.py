"""A partnership's published levels-of-need guidance, in the document's own words.

Every framework is one published version of one document. Children of a framework (levels,
domains, indicators, services, pathways, process data) are keyed by codes that are stable
across versions, so that versions can be compared and assessments keep the wording they used.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models


class NaturalKeyManager(models.Manager):
    """get_by_natural_key for models keyed by (framework slug, code)."""

    def get_by_natural_key(self, framework_slug: str, code: str):
        return self.get(framework__slug=framework_slug, code=code)


class Partnership(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class FrameworkManager(models.Manager):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class Framework(models.Model):
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

    objects = FrameworkManager()

    class Meta:
        ordering = ["status", "partnership__name", "-published"]

    def __str__(self) -> str:
        return f"{self.title} ({self.published_text or self.published:%B %Y})"

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class FrameworkChild(models.Model):
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


class Area(FrameworkChild):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=100)

    class Meta(FrameworkChild.Meta):
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="area_code_unique")]

    def __str__(self) -> str:
        return self.name


class LevelManager(models.Manager):
    def get_by_natural_key(self, framework_slug: str, number: int):
        return self.get(framework__slug=framework_slug, number=number)


class Level(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(choices=[(n, str(n)) for n in (1, 2, 3, 4)])
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    service_examples = models.JSONField(default=list, blank=True)
    information_sharing = models.TextField(blank=True)
    note = models.TextField(blank=True)

    objects = LevelManager()

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="level_number_unique")]

    def __str__(self) -> str:
        return f"Level {self.number}: {self.name}"

    def natural_key(self) -> tuple[str, int]:
        return (self.framework.slug, self.number)


class Domain(FrameworkChild):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    name = models.CharField(max_length=200)
    group = models.CharField(max_length=200, blank=True)

    class Meta(FrameworkChild.Meta):
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="domain_code_unique")]

    def __str__(self) -> str:
        return self.name


class Indicator(FrameworkChild):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    level = models.ForeignKey(Level, on_delete=models.RESTRICT, related_name="indicators")
    domain = models.ForeignKey(Domain, on_delete=models.RESTRICT, related_name="indicators")
    text = models.TextField()

    class Meta(FrameworkChild.Meta):
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="indicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"

    def clean(self) -> None:
        if not self.text.strip():
            raise ValidationError({"text": "Enter the indicator's wording."})
        if self.level_id and self.level.framework_id != self.framework_id:
            raise ValidationError({"level": "Choose a level of the same framework."})
        if self.domain_id and self.domain.framework_id != self.framework_id:
            raise ValidationError({"domain": "Choose a domain of the same framework."})


class Service(FrameworkChild):
    class Availability(models.TextChoices):
        HOURS = "hours", "Opening hours"
        ALWAYS = "always", "Always open"
        OUT_OF_HOURS = "out_of_hours", "Out of hours (covers other services when they are closed)"
        UNSTATED = "unstated", "Hours not given in the document"

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

    class Meta(FrameworkChild.Meta):
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="service_code_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not (self.phone or self.email):
            raise ValidationError("Enter a phone number or an email address.")


class OpeningWindow(models.Model):
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

    class Meta:
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")), name="window_closes_after_opens")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


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

    class Meta(FrameworkChild.Meta):
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="pathway_code_unique")]

    def __str__(self) -> str:
        return self.title


class RagRating(FrameworkChild):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="rag_ratings")
    name = models.CharField(max_length=100)
    meaning = models.TextField(blank=True)
    response = models.TextField(blank=True)
    hours = models.PositiveIntegerField(null=True, blank=True)
    working_days = models.PositiveIntegerField(null=True, blank=True)

    class Meta(FrameworkChild.Meta):
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="rag_code_unique")]

    def __str__(self) -> str:
        return self.name


class Outcome(FrameworkChild):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="outcomes")
    text = models.TextField()

    class Meta(FrameworkChild.Meta):
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="outcome_code_unique")]

    def __str__(self) -> str:
        return self.text


class DecisionTimescale(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="decision_timescales")
    order = models.PositiveIntegerField(default=0)
    text = models.TextField()
    hours = models.PositiveIntegerField(null=True, blank=True)
    working_days = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.text[:80]


class EscalationStep(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="escalation_steps")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    timescale = models.TextField(blank=True)
    working_days = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="escalation_number_unique")]

    def __str__(self) -> str:
        return f"Step {self.number}"


class Guidance(models.Model):
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

    class Meta:
        ordering = ["order"]
        verbose_name_plural = "guidance"

    def __str__(self) -> str:
        return f"{self.kind}: {self.title or self.text[:60]}"
