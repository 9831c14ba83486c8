"""What happens to a family: a child added or taken out, the shared parts saved for every child, the whole family
sent at once, one due-by time for all. Keyword-only; the views and `assessment_submit` call them.

The shared parts (`SHARED_FIELDS`: address, household, parents or carers, agencies, and consent: one answer for
the family) are written once and kept equal by this module alone; each child keeps their own details, ticks,
suggestion, judgement and voice.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import partial
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from ..assessments.pdf import referral_pdf_enqueue
from ..assessments.rules import missing_for_submission
from ..audit import record_list_view
from ..dashboard.marks import dashboard_summary_mark, sent_count_add
from ..errors import NotAllowed
from ..locking import conflict, locked_for_update
from ..models import Assessment, Family, Notification, Review
from ..notifications.services import leads_of, notification_queue

SHARED_FIELDS = (
    "address",
    "household",
    "parents_carers",
    "agencies",
    "consent",
    "consent_given_by",
    "consent_given_on",
    "consent_ground",
    "consent_reason",
)
SHARED_STEPS = ("child", "consent")  # the steps that hold shared parts ("About the child" holds the household)
MAX_CHILDREN = 12  # more than any household a school refers at once; stops a runaway form


def _locked_children(family_id: UUID, seen_revisions: Mapping[UUID, int] | None = None) -> list[Assessment]:
    """Every child of the family, locked in one order (by id, so two saves never deadlock); with
    `seen_revisions`, ChangedMeanwhile unless each child is still at the revision the page showed."""
    ids = list(Assessment.objects.filter(family_id=family_id).order_by("pk").values_list("pk", flat=True))
    locked = [locked_for_update(Assessment, pk) for pk in ids]
    if seen_revisions is not None:
        for child in locked:
            if seen_revisions.get(child.pk) != child.revision:  # changed, or added to the family meanwhile
                conflict(child)
    return locked


@transaction.atomic
def family_add_child(*, assessment: Assessment, seen_children: int | None = None) -> Assessment | None:
    """A new draft for a brother, sister or unborn baby in `assessment`'s family (made on first use): the same
    guidance version, area and owner, the shared parts copied. None when `seen_children` (how many children the
    page showed) is out of date: the same button pressed twice adds one child, not two."""
    locked = locked_for_update(Assessment, assessment.pk)
    if locked.status != Assessment.Status.DRAFT:
        raise NotAllowed("Only a draft can have a brother or sister added.")
    if locked.family_id is None:
        locked.family = Family.objects.create(partnership_id=locked.partnership_id)
        locked.revision += 1
        locked.save()
        children = [locked]
    else:
        children = _locked_children(locked.family_id)
    if seen_children is not None and seen_children != len(children):
        return None
    if len(children) >= MAX_CHILDREN:
        raise NotAllowed(f"A family can have at most {MAX_CHILDREN} children in one referral.")
    child = Assessment(
        owner_id=locked.owner_id,
        partnership_id=locked.partnership_id,
        framework_id=locked.framework_id,
        area=locked.area,
        family_id=locked.family_id,
        **{name: getattr(locked, name) for name in SHARED_FIELDS},
    )
    child.save()
    assessment.refresh_from_db()
    return child


@transaction.atomic
def family_remove_child(*, assessment: Assessment) -> Assessment:
    """Take a draft child out of its family: it stays a draft of its own in "My assessments". When one child is
    left, the family ends (that child is a single assessment again). The remaining child to show next."""
    locked = locked_for_update(Assessment, assessment.pk)
    if locked.family_id is None or locked.status != Assessment.Status.DRAFT:
        raise NotAllowed("Only a draft in a family can be taken out of it.")
    family_id = locked.family_id
    children = _locked_children(family_id)
    if len(children) < 2:
        raise NotAllowed("The last child of a family cannot be taken out of it.")
    rest = [c for c in children if c.pk != locked.pk]
    leaving = [locked, *rest] if len(rest) == 1 else [locked]  # one child left: the family ends
    for child in leaving:
        child.family = None
        child.revision += 1
        child.save()
    if len(rest) == 1:
        Family.objects.filter(pk=family_id).delete()
    return rest[0]


@transaction.atomic
def family_save_shared(*, assessment: Assessment, seen_revisions: Mapping[UUID, int] | None) -> None:
    """Save a step of a family's child (its own fields as set on `assessment`) and copy the shared parts to every
    child of the family, in one transaction. Each child is locked: if any changed since the page was opened
    (`seen_revisions`: id -> revision), ChangedMeanwhile and nothing is saved for any of them."""
    if assessment.family_id is None:
        raise NotAllowed("Not a family's assessment.")
    children = _locked_children(assessment.family_id, seen_revisions)
    for child in children:
        if child.status != Assessment.Status.DRAFT:
            raise NotAllowed("Only a draft family is changed.")
        if child.pk == assessment.pk:
            assessment.revision = child.revision + 1
            assessment.save()
            continue
        for name in SHARED_FIELDS:
            setattr(child, name, getattr(assessment, name))
        child.revision += 1
        child.save()


def family_missing(children: list[Assessment]) -> list[tuple[Assessment, str, str]]:
    """(child, step, message) for everything missing before the family can be sent; a consent message (one
    answer for the family) once, on the first child it concerns."""
    missing: list[tuple[Assessment, str, str]] = []
    said: set[str] = set()
    for child in children:
        for step, message in missing_for_submission(child):
            if step == "consent":
                if message in said:
                    continue
                said.add(message)
            missing.append((child, step, message))
    return missing


@transaction.atomic
def family_submit(*, assessment: Assessment, submitted_by: Any, at: datetime | None = None) -> bool:
    """Send every child of `assessment`'s family at once, or none: False unless every one is a complete draft.

    Each child keeps their own reference and suggested level; the leads get one notification naming every
    reference; each child's PDF is made by the worker."""
    if assessment.family_id is None:
        raise NotAllowed("Not a family's assessment.")
    children = _locked_children(assessment.family_id)
    if any(c.status != Assessment.Status.DRAFT for c in children) or family_missing(children):
        return False
    now = at or timezone.now()
    for child in children:
        child.status = Assessment.Status.SUBMITTED
        child.submitted_at = now  # one moment: the family is one referral
        child.revision += 1
        child.save()
    first = children_in_order(children)[0]
    sent_count_add(partnership_id=first.partnership_id, n=len(children))  # the queue's counts (issue 19)
    dashboard_summary_mark(partnership_id=first.partnership_id)
    notification_queue(
        kind=Notification.Kind.SUBMITTED,
        recipients=leads_of(partnership_id=first.partnership_id),
        assessment=first,
        references=[c.reference for c in children_in_order(children)],
    )
    for child in children:
        transaction.on_commit(partial(referral_pdf_enqueue, assessment_id=child.pk))
    assessment.refresh_from_db()
    return True


def children_in_order(children: list[Assessment]) -> list[Assessment]:
    """The order the practitioner added them in (the first child first)."""
    return sorted(children, key=lambda c: (c.created, c.pk))


def family_align_due_by(*, family_id: UUID) -> datetime | None:
    """The family's due-by time is the most urgent of its children's reviews: every child's queue due-by is set
    to it, so the queue shows the family together. Call inside the review's transaction."""
    most_urgent = Review.objects.filter(assessment__family_id=family_id).aggregate(due=Min("due_by"))["due"]
    Assessment.objects.filter(family_id=family_id).update(due_by=most_urgent)
    partnership_id = Family.objects.filter(pk=family_id).values_list("partnership_id", flat=True).first()
    if partnership_id is not None:
        dashboard_summary_mark(partnership_id=partnership_id)
    return most_urgent


def record_family_view(*, assessment: Assessment, family: list[Assessment], viewer: Any, what: str) -> None:
    """A page that names the brothers and sisters is a look at their records too: one INSERT for all of them,
    none for a single child."""
    siblings = [child.pk for child in family if child.pk != assessment.pk]
    if siblings:
        record_list_view(assessment_ids=siblings, viewer=viewer, what=f"family {what}")
