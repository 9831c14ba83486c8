"""Assessments: what a practitioner saw about one child, pinned to the guidance version they used.

Child data is special-category personal data: it is only reached through `referrals.access`
(`assessments_visible_to`, `assessment_for`), the single place that decides who may see what.
"""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, QuerySet, Value, When
from simple_history.models import HistoricalRecords

from thresholds.models import Framework, Partnership

TEXT_LIMIT = 5000  # long enough for a full account, short enough to catch a paste gone wrong
ADDRESS_LIMIT = 1000


# Places in the lead's queue, most urgent first.
# Rated ones by their due-by time; then unrated ones by the level put forward (4 first), each oldest first;
# then decided ones; drafts never show.
QUEUE_DUE, QUEUE_WAITING, QUEUE_DECIDED, QUEUE_DRAFT = 0, 1, 5, 9  # waiting: 1 (level 4) to 4 (level 1 or none)


class AssessmentQuerySet(QuerySet):
    def visible_to(self, user) -> AssessmentQuerySet:
        """The assessments this person may see: the rule is `referrals.access.assessments_visible_to`."""
        from .access import assessments_visible_to  # access.py imports this module

        return self & assessments_visible_to(user)

    def sent(self) -> AssessmentQuerySet:
        """Those sent (submitted, being reviewed, decided): never a draft. Nothing sent goes back to draft."""
        return self.exclude(status=Assessment.Status.DRAFT)


class Family(models.Model):
    """Brothers, sisters and unborn babies referred together in one submission: one assessment per child
    (`Assessment.family`). The shared parts are kept equal across its children by `referrals.family.services`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="families")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return f"Family {self.pk}"  # never a child's name


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Sent to safeguarding lead"
        IN_REVIEW = "in_review", "Being reviewed"
        DECIDED = "decided", "Decided"

    class Consent(models.TextChoices):
        GIVEN = "given", "Consent given"
        REFUSED = "refused", "Consent refused"
        NOT_SOUGHT = "not_sought", "Consent not sought"

    class Ground(models.TextChoices):
        """Why consent was not sought at level 4: the grounds the documents give for sharing without it."""

        HARM = "harm", "Asking would increase the risk of significant harm to the child"
        INVESTIGATION = "investigation", "Asking would prejudice a criminal investigation"
        DELAY = "delay", "Asking would cause undue delay"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=12, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="assessments")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    area = models.CharField(max_length=60)
    # One child of a family referred together (issue 17); None for a single child, as before.
    family = models.ForeignKey(Family, on_delete=models.SET_NULL, null=True, blank=True, related_name="children")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)

    # The child and the people around them.
    child_name = models.CharField("Child's name", max_length=200, blank=True)
    unborn = models.BooleanField("This is an unborn baby", default=False)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_due_date = models.DateField("Expected date of delivery", null=True, blank=True)
    address = models.TextField(max_length=ADDRESS_LIMIT, blank=True)
    household = models.TextField("Household members", max_length=TEXT_LIMIT, blank=True)
    parents_carers = models.TextField("Parents or carers", max_length=TEXT_LIMIT, blank=True)
    agencies = models.TextField("Agencies involved", max_length=TEXT_LIMIT, blank=True)
    # The child's optional identifiers (issue 17), checked by their check characters, stored without spaces.
    nhs_number = models.CharField("NHS number (optional)", max_length=10, blank=True)
    upn = models.CharField("Unique pupil number (UPN) (optional)", max_length=13, blank=True)
    # The normalised surname (`referrals.children.matching.surname_key`), set on every save: earlier assessments
    # of the same child and a lead's search are pre-filtered on it in SQL (with the date of birth, or an identifier).
    child_surname_key = models.CharField(max_length=200, blank=True, editable=False)

    # What was seen, and what the engine suggested at the time (never silently recomputed).
    indicators = models.JSONField(default=list, blank=True)
    suggestion = models.JSONField(null=True, blank=True)
    suggested_level = models.PositiveSmallIntegerField(null=True, blank=True)
    suggested_at = models.DateTimeField(null=True, blank=True)
    # Ticks copied from the practitioner's own earlier assessment (issue 17): to be confirmed on the indicator step.
    ticks_copied_from = models.CharField(max_length=12, blank=True, editable=False)  # that assessment's reference

    # The practitioner's judgement.
    practitioner_level = models.PositiveSmallIntegerField("Your judgement of the level", null=True, blank=True)
    level_rationale = models.TextField("Why you judge the level differently", max_length=TEXT_LIMIT, blank=True)

    # Voice of the child and the assessment.
    child_voice = models.TextField("The child's voice", max_length=TEXT_LIMIT, blank=True)
    worries = models.TextField("What are we worried about?", max_length=TEXT_LIMIT, blank=True)
    working_well = models.TextField("What is working well?", max_length=TEXT_LIMIT, blank=True)
    needs_to_happen = models.TextField("What needs to happen?", max_length=TEXT_LIMIT, blank=True)

    # Consent and information sharing.
    consent = models.CharField(max_length=20, choices=Consent.choices, blank=True)
    consent_given_by = models.CharField("Who gave consent", max_length=200, blank=True)
    consent_given_on = models.DateField("When consent was given", null=True, blank=True)
    consent_ground = models.CharField("Why consent was not sought", max_length=20, choices=Ground.choices, blank=True)
    consent_reason = models.TextField("Reasons", max_length=TEXT_LIMIT, blank=True)

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)  # bumped on every save: detects edits made meanwhile
    # The lead who is to review it (issue 18): set by `assessment_assign`, a lead of the same partnership.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_assessments"
    )
    # Set by `manage.py apply_retention` when the child data is erased past the partnership's retention period.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Issue 18: a draft its owner deleted (kept, with its history, for the audit; no one sees it any more), and the
    # "Start" form's one-time token, so that the same form sent twice (a double click) makes one draft.
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    start_token = models.UUIDField(null=True, blank=True, editable=False)

    # The lead's queue, most urgent first, sorted and counted on one index even at 10,000 rows: the review's
    # due-by time is copied here, and the database derives the place in the queue from it and the status.
    due_by = models.DateTimeField(null=True, blank=True, editable=False)
    queue_rank = models.GeneratedField(
        expression=Case(
            When(status="draft", then=Value(QUEUE_DRAFT)),
            When(status="decided", then=Value(QUEUE_DECIDED)),
            When(due_by__isnull=False, then=Value(QUEUE_DUE)),
            When(practitioner_level=4, then=Value(QUEUE_WAITING)),
            When(practitioner_level=3, then=Value(QUEUE_WAITING + 1)),
            When(practitioner_level=2, then=Value(QUEUE_WAITING + 2)),
            When(practitioner_level__isnull=True, suggested_level=4, then=Value(QUEUE_WAITING)),
            When(practitioner_level__isnull=True, suggested_level=3, then=Value(QUEUE_WAITING + 1)),
            When(practitioner_level__isnull=True, suggested_level=2, then=Value(QUEUE_WAITING + 2)),
            default=Value(QUEUE_WAITING + 3),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    queue_key = models.GeneratedField(  # within a rank: the due time, else when it was sent
        expression=Case(
            When(Q(due_by__isnull=False) & Q(status__in=["submitted", "in_review"]), then=F("due_by")),
            default=F("submitted_at"),
        ),
        output_field=models.DateTimeField(null=True),
        db_persist=True,
    )

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated", "queue_rank", "queue_key"])

    class Meta:
        ordering = ["-updated"]
        indexes = [
            models.Index(fields=["partnership", "status", "-submitted_at"]),
            models.Index(fields=["partnership", "queue_rank", "queue_key", "id"], name="assessment_queue"),
            # The integration API's pages, in sent order (api/, referrals/exports.py), and its re-referral check.
            models.Index(fields=["partnership", "submitted_at", "id"], name="assessment_sent_order"),
            models.Index(fields=["partnership", "date_of_birth", "submitted_at"], name="assessment_child_birth"),
            # The same child across assessments (referrals/children/).
            models.Index(fields=["partnership", "child_surname_key"], name="assessment_child_surname"),
            models.Index(fields=["partnership", "date_of_birth"], name="assessment_child_born"),
            models.Index(fields=["partnership", "nhs_number"], name="assessment_child_nhs"),
            models.Index(fields=["partnership", "upn"], name="assessment_child_upn"),
            models.Index(fields=["owner", "-updated", "-id"], name="assessment_mine"),  # "My assessments"
        ]
        constraints = [
            models.UniqueConstraint(fields=["owner", "start_token"], name="assessment_one_draft_per_start_token"),
        ]

    def __str__(self) -> str:
        return f"Assessment {self.reference}"  # never the child's name: this string reaches logs

    def save(self, *args, **kwargs) -> None:
        if not self.reference:
            self.reference = uuid.uuid4().hex[:8].upper()
        from .children.matching import surname_key  # pure: no models imported there

        self.child_surname_key = surname_key(self.child_name)
        if kwargs.get("update_fields") is not None and "child_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "child_surname_key"}
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def outcome_text(self) -> str:
        review = getattr(self, "review", None) if self.status == self.Status.DECIDED else None
        return review.outcome if review else ""

    @property
    def level(self) -> int | None:
        """The level this assessment puts forward: the practitioner's judgement, else the suggestion."""
        return self.practitioner_level or self.suggested_level


# Offered when a partnership's guidance lists no outcomes of its own (a partnership admin can add them).
DEFAULT_OUTCOMES = [
    "Advice and information",
    "Signposting",
    "Consultation with a social worker",
    "Held for more information",
    "Accepted as a referral",
    "Early help assessment",
    "No further action",
]


class Review(models.Model):
    """A safeguarding lead's triage and decision on one submitted assessment."""

    class Decision(models.TextChoices):
        AGREE = "agree", "Agree with the level"
        DIFFERENT = "different", "Set another level"

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="review")
    rag = models.CharField("RAG rating", max_length=100, blank=True)
    due_by = models.DateTimeField(null=True, blank=True, db_index=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decided_level = models.PositiveSmallIntegerField(null=True, blank=True)
    decision_rationale = models.TextField("Rationale", max_length=TEXT_LIMIT, blank=True)
    outcome = models.CharField(max_length=300, blank=True)
    notes = models.TextField(max_length=TEXT_LIMIT, blank=True)
    change_reason = models.TextField("Why the decision was changed", max_length=TEXT_LIMIT, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews", null=True, blank=True
    )
    # A decision recorded by a case system through the integration API: the token, and no reviewer.
    decided_via_token = models.ForeignKey(
        "api.ApiToken", on_delete=models.PROTECT, related_name="reviews", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated"])

    def __str__(self) -> str:
        return f"Review of {self.assessment_id}"


class ChildLink(models.Model):
    """Two sent assessments of one partnership that may be about the same child (issue 17).

    Made when the later one is sent (`referrals.children.services.child_links_find`): CONFIRMED at once when an
    NHS number or UPN is the same, else POSSIBLE until a lead confirms or rejects it. Kept: a decision is never
    deleted (its history is kept, and each decision is logged as a look at both records).
    """

    class Status(models.TextChoices):
        POSSIBLE = "possible", "Possible"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Not the same child"

    earlier = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="later_links")
    later = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="earlier_links")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.POSSIBLE)
    reason = models.CharField(max_length=200)  # why it was linked, in words (never the names themselves)
    within_year = models.BooleanField(default=False)  # the later was sent within 12 months of the earlier
    created = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created"]
        constraints = [models.UniqueConstraint(fields=["earlier", "later"], name="one_link_per_pair")]
        indexes = [models.Index(fields=["later", "status"], name="childlink_later")]

    def __str__(self) -> str:
        return f"Link {self.earlier_id} -> {self.later_id} ({self.status})"


class ChildSearch(models.Model):
    """One lead's search for a child (issue 17): who, when, why and how many were found; never what was searched."""

    class Reason(models.TextChoices):
        NEW_CONCERN = "new_concern", "A new concern about the child"
        REVIEWING = "reviewing", "Reviewing a referral about the child"
        STRATEGY = "strategy", "Preparing for a strategy discussion or meeting"
        SUBJECT_ACCESS = "subject_access", "A subject access request"
        OTHER = "other", "Another reason"

    searcher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    reason_other = models.CharField(max_length=200, blank=True)
    by = models.CharField(max_length=20)  # "name" or "identifier": how, not what
    results = models.PositiveIntegerField()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Search by user {self.searcher_id} at {self.at:%Y-%m-%d %H:%M}: {self.results} found"


class RecordViewQuerySet(QuerySet):
    def delete(self) -> NoReturn:
        raise PermissionError("The record-view log is kept: it cannot be deleted.")

    def update(self, **kwargs: Any) -> int:
        """Only deleting an assessment touches a kept row: its link becomes empty (the reference stays)."""
        if set(kwargs) != {"assessment"} or kwargs["assessment"] is not None:
            raise PermissionError("The record-view log is kept: it cannot be edited.")
        return super().update(**kwargs)


class RecordView(models.Model):
    """Who looked at a child's record, and when: shown to the partnership's leads.

    Kept: no page, admin or service edits or deletes a row. If its assessment is ever deleted the row stays as
    a tombstone (the link set to empty) and still names the record by its reference, which is not child data.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.SET_NULL, null=True, related_name="views")
    reference = models.CharField(max_length=12, db_index=True)  # the assessment's, kept if it goes
    # A person in the portal, or (viewer empty) a case system through the integration API: its token.
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="record_views", null=True, blank=True
    )
    api_token = models.ForeignKey(
        "api.ApiToken", on_delete=models.PROTECT, related_name="record_views", null=True, blank=True
    )
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=40)  # overview, summary, pdf, review, disagreement, queue, dashboard, …

    objects = RecordViewQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(viewer__isnull=False) | Q(api_token__isnull=False), name="record_view_names_who_looked"
            )
        ]

    def __str__(self) -> str:
        return f"{self.what} of {self.reference} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermissionError("The record-view log is kept: it cannot be edited.")
        if not self.reference and self.assessment is not None:
            self.reference = self.assessment.reference
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("The record-view log is kept: it cannot be deleted.")


class Escalation(models.Model):
    """A practitioner's professional disagreement with a lead's decision, worked through the partnership's
    escalation steps (Sefton's four-step procedure is the model; each partnership configures its own)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="escalations")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="escalations")
    raised_at = models.DateTimeField()
    reason = models.TextField("Why you disagree with the decision", max_length=TEXT_LIMIT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    step = models.PositiveSmallIntegerField(default=1)  # the escalation step it has reached
    step_started = models.DateTimeField()
    due_by = models.DateTimeField(null=True, blank=True)  # the current step's; none where no timescale is given
    resolved_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)  # bumped on every update: detects updates made meanwhile

    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment"], condition=Q(status="open"), name="one_open_escalation_per_assessment"
            )
        ]

    def __str__(self) -> str:
        return f"Escalation of {self.assessment_id}, step {self.step}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class EscalationEntry(models.Model):
    """One thing said or done in a disagreement, at the step it happened: the record both sides see."""

    class Action(models.TextChoices):
        RAISED = "raised", "Raised the disagreement"
        NOTE = "note", "Added a note"
        NEXT_STEP = "next_step", "Moved to the next step"
        RESOLVED = "resolved", "Recorded it as resolved"

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    step = models.PositiveSmallIntegerField()
    action = models.CharField(max_length=20, choices=Action.choices)
    text = models.TextField(max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = "escalation entries"

    def __str__(self) -> str:
        return f"{self.get_action_display()} at step {self.step}"


class ReferralPdf(models.Model):
    """One assessment's rendered referral PDF, made once per version of what it shows, and the job that makes it.

    One row per assessment: a new render replaces the old, so only one copy of the child's data is kept here,
    and it goes with its assessment. `content_key` names what the stored bytes show
    (`referrals.assessments.pdf.pdf_key`); `state` is the job: pending (wanted), rendering (claimed by one
    worker), ready, failed.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be made"
        RENDERING = "rendering", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be made"

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="referral_pdf")
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING, db_index=True)
    content_key = models.CharField(max_length=64, blank=True)  # what `pdf` shows; empty until first made
    revision = models.PositiveIntegerField(default=0)  # the assessment's revision the stored bytes show
    pdf = models.BinaryField(default=b"", editable=False)
    made_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)  # when a worker took the job: a stale claim is retried

    def __str__(self) -> str:
        return f"PDF of assessment {self.assessment_id} ({self.state})"  # never the child's name


class Notification(models.Model):
    """One message to one person, in the outbox: written in the same transaction as the event that causes it.

    Never child data: the reference, the partnership, what happened, the RAG due-by time and a link to sign in
    (`referrals.notifications`). `state` is the delivery job: queued (waiting or backing off), sending (claimed
    by one worker), sent, failed (gave up after `MAX_ATTEMPTS`), not e-mailed (no address: shown in the portal
    only). `read_at` is the in-portal list's, separate from e-mail delivery.
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "An assessment was sent to your partnership"
        DECIDED = "decided", "A decision was made on your assessment"
        DECISION_CHANGED = "decision_changed", "A decision on your assessment was changed"
        DISAGREEMENT = "disagreement", "A disagreement was raised, moved on or resolved"
        REMINDER = "reminder", "A rated assessment is nearly due"
        OVERDUE = "overdue", "A rated assessment is overdue"
        DIGEST = "digest", "Each morning, the list of overdue assessments"
        ASSIGNED = "assigned", "An assessment was assigned to you"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        NOT_EMAILED = "not_emailed", "Not e-mailed (no address)"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    reference = models.CharField(max_length=12, db_index=True)  # the assessment's (a digest: its day); never a name
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300)  # a path in the portal; the e-mail prefixes the portal's address
    created = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="notification_due"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.reference} ({self.state})"  # never the child's name


class NotificationPreference(models.Model):
    """The kinds of notification one person has chosen not to get by e-mail (they stay on their Notifications page).

    A lead cannot turn off `ALWAYS_FOR_LEADS` (a sent assessment, an overdue one): `referrals.notifications`."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email_off = models.JSONField(default=list, blank=True)  # Notification.Kind values

    def __str__(self) -> str:
        return f"Notification choices of user {self.user_id}"


class DashboardSummary(models.Model):
    """One partnership's dashboard figures for one period ("30", "90", "365", "all"), counted off the request path.

    `figures` is `referrals.dashboard.summary.figures_as_json`: the period's GROUP BY counts, the median hours and
    the re-referral count; never a child's name (the overdue list is read live). Every write that changes a figure
    sets `changed` in its own transaction (`referrals.dashboard.services.dashboard_summary_mark`); the
    `count_dashboards` worker counts marked ones again, and rolling periods whose window has moved past a sent
    assessment (docs/decisions/0016-dashboard-summaries.md).
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8)  # a key of referrals.dashboard.selectors.PERIODS
    figures = models.JSONField(default=dict)
    counted_at = models.DateTimeField()  # when the counting began: decisions after it are marked
    changed = models.BooleanField(default=False)  # a figure changed since it was counted

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "period"], name="dashboard_summary_one")]
        indexes = [models.Index(fields=["changed"], name="dashboard_summary_changed")]

    def __str__(self) -> str:
        return f"Dashboard figures of partnership {self.partnership_id} ({self.period})"


class SentCount(models.Model):
    """How many assessments were ever sent to a partnership: a sent assessment is never deleted, never sent back
    to draft and never moves partnership, so the number only grows. Added to in the same transaction as sending
    (`referrals.dashboard.services.sent_count_add`); the queue's "Decided" count and its page count read it."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, primary_key=True, related_name="+")
    n = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.n} sent to partnership {self.partnership_id}"
