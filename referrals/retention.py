"""Retention: the child data of decided assessments is erased once the partnership's retention period has passed.

What is erased (`ERASED`): everything that says who the child is or what was written about them, in the
assessment, its review and its disagreements, and in every django-simple-history row of them. What is kept:
levels, dates, RAG rating, outcome, partnership, area and the indicator codes (those are the guidance's, not the
child's), so the dashboard's figures do not change; and the record-view log, which names the reference only.
Run by `python manage.py apply_retention [--dry-run]`; idempotent (an erased assessment is not erased again).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q, QuerySet

from thresholds.models import Partnership

from .dashboard.marks import dashboard_summary_mark
from .models import Assessment, Escalation, EscalationEntry, ReferralPdf, Review

# Field -> the value it is erased to. Dates become empty; texts become "".
ERASED_ASSESSMENT: dict[str, object] = {
    "child_name": "",
    "date_of_birth": None,
    "expected_due_date": None,
    "address": "",
    "household": "",
    "parents_carers": "",
    "agencies": "",
    "nhs_number": "",
    "upn": "",
    "child_surname_key": "",
    "level_rationale": "",
    "child_voice": "",
    "worries": "",
    "working_well": "",
    "needs_to_happen": "",
    "consent_given_by": "",
    "consent_reason": "",
}
ERASED_REVIEW: dict[str, object] = {"decision_rationale": "", "notes": ""}
ERASED_ESCALATION: dict[str, object] = {"reason": ""}
ERASED_ENTRY: dict[str, object] = {"text": ""}


def years_before(moment: datetime, years: int) -> datetime:
    """The same moment `years` calendar years earlier (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def past_retention(*, decided_at: datetime | date | None, years: int, now: datetime) -> bool:
    """True once a decision is more than `years` years old; an undecided assessment is never past it."""
    return decided_at is not None and decided_at < years_before(now, years)


@dataclass
class RetentionRun:
    """What one run erased, or would erase: references only (never child data), and history rows counted."""

    references: list[str] = field(default_factory=list)
    history_rows: int = 0
    stored_pdfs: int = 0
    dry_run: bool = False

    @property
    def summary(self) -> str:
        verb = "Would erase" if self.dry_run else "Erased"
        return (
            f"{verb} the child data of {len(self.references)} decided assessment(s) past retention"
            f", {self.history_rows} history row(s) and {self.stored_pdfs} stored PDF(s)."
        )


def assessments_past_retention(*, now: datetime) -> QuerySet[Assessment]:
    """Decided, not yet erased, decided more than their partnership's retention period ago."""
    past = Q(pk__in=[])
    for partnership in Partnership.objects.all():
        cutoff = years_before(now, partnership.kept_for_years)
        past |= Q(partnership=partnership, review__decided_at__lt=cutoff)
    return (
        Assessment.objects.filter(status=Assessment.Status.DECIDED, erased_at__isnull=True)
        .filter(past)
        .order_by("reference")
    )


def _history_rows(ids: list) -> list[tuple[QuerySet, dict[str, object]]]:
    """The django-simple-history rows that hold these assessments' child data, with what erases them."""
    return [
        (Assessment.history.filter(id__in=ids), ERASED_ASSESSMENT),
        (Review.history.filter(assessment_id__in=ids), ERASED_REVIEW),
        (Escalation.history.filter(assessment_id__in=ids), ERASED_ESCALATION),
    ]


@transaction.atomic
def assessments_erase_past_retention(*, now: datetime, dry_run: bool = False) -> RetentionRun:
    """Erase (or, dry, count) the child data of every assessment past retention, history rows included.

    Written with `update()`, so erasing adds no history row of its own and does not bump the revision.
    """
    found = assessments_past_retention(now=now).select_for_update()
    ids = list(found.values_list("pk", flat=True))
    run = RetentionRun(references=list(found.values_list("reference", flat=True)), dry_run=dry_run)
    history = _history_rows(ids)
    run.history_rows = sum(rows.count() for rows, _ in history)
    pdfs = ReferralPdf.objects.filter(assessment_id__in=ids)  # a stored PDF is a copy of the child data
    run.stored_pdfs = pdfs.count()
    if dry_run or not ids:
        return run
    pdfs.delete()
    for partnership_id in set(found.values_list("partnership_id", flat=True)):
        dashboard_summary_mark(partnership_id=partnership_id)  # issue 19
    Assessment.objects.filter(pk__in=ids).update(**ERASED_ASSESSMENT, erased_at=now)
    Review.objects.filter(assessment_id__in=ids).update(**ERASED_REVIEW)
    Escalation.objects.filter(assessment_id__in=ids).update(**ERASED_ESCALATION)
    EscalationEntry.objects.filter(escalation__assessment_id__in=ids).update(**ERASED_ENTRY)
    for rows, erased in history:
        rows.update(**erased)
    return run
