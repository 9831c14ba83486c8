"""Who may see and do what with an assessment: the one door every view, service and template flag asks.

Child data is special-category personal data, so the rules are written once, here:

- a practitioner sees their own assessments, drafts included, and edits only their own drafts;
- a safeguarding lead sees what was sent to their own partnership (never drafts) and reviews it;
- a partnership admin, anyone inactive and anyone signed out see no assessment at all;
- a draft its owner deleted is seen by no one (it is kept, with its history, for the audit);
- only the practitioner who made an assessment disagrees with its decision, once it is decided; both they
  and their partnership's leads record the disagreement's steps while it is open.

`assessment_for` answers "not yours" and "does not exist" the same way (404), so nobody can tell that an
assessment they may not see exists; it answers 403 only where the person may see the assessment but not do
that to it. Refusals are logged (user id and action, never child data) on the `referrals.access` logger.
"""

from __future__ import annotations

import logging
from typing import Any, Literal, NoReturn
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from portal.access import Role, has_role
from thresholds.models import Framework

from .models import QUEUE_DUE, Assessment, Escalation

logger = logging.getLogger("referrals.access")

Action = Literal["view", "edit", "review", "disagree", "subject-access"]

RAISE_NOT_OWNER = "Only the practitioner who made the assessment can disagree with the decision."
RAISE_NOT_DECIDED = "You can disagree once your safeguarding lead has decided."


def _sent() -> Q:
    return ~Q(status=Assessment.Status.DRAFT)


def assessments_visible_to(user: Any) -> QuerySet[Assessment]:
    """A practitioner sees their own; a lead sees what was sent to their partnership; no one else sees any.
    No one sees a deleted draft."""
    everything = Assessment.objects.filter(deleted_at__isnull=True)
    if not getattr(user, "is_authenticated", False):
        return everything.none()
    mine = Q(owner=user)
    if has_role(user, Role.LEAD) and user.partnership_id:
        return everything.filter(mine | (Q(partnership_id=user.partnership_id) & _sent()))
    if has_role(user, Role.PRACTITIONER):
        return everything.filter(mine)
    return everything.none()


def assessments_in_queue_of(lead: Any) -> QuerySet[Assessment]:
    """What a lead reviews: every assessment sent to their partnership (never drafts); none for anyone else."""
    if not (has_role(lead, Role.LEAD) and lead.partnership_id):
        return Assessment.objects.none()
    return Assessment.objects.filter(partnership_id=lead.partnership_id).filter(_sent())


def assessments_due_in_queue_of(lead: Any) -> QuerySet[Assessment]:
    """The lead's queue's rated, undecided assessments (`queue_rank` due: the generated column is never that for a
    draft or a decided one), filtered on the `assessment_queue` index's own columns only, so that counting the
    overdue reads the index alone (issue 19). The same rows as `assessments_in_queue_of(lead)` at that rank."""
    if not (has_role(lead, Role.LEAD) and lead.partnership_id):
        return Assessment.objects.none()
    return Assessment.objects.filter(partnership_id=lead.partnership_id, queue_rank=QUEUE_DUE)


def assessments_about_the_same_child(lead: Any, assessment: Assessment) -> QuerySet[Assessment]:
    """For a subject-access export: the lead's queue's assessments about the child `assessment` is about.

    The same name and date of birth (the name ignoring case); only `assessment` itself where either is missing
    (an unnamed or erased record matches nothing else).
    """
    found = assessments_in_queue_of(lead)
    if not (assessment.child_name.strip() and assessment.date_of_birth):
        return found.filter(pk=assessment.pk)
    same = Q(child_name__iexact=assessment.child_name.strip(), date_of_birth=assessment.date_of_birth)
    return found.filter(same | Q(pk=assessment.pk))


def can_view(user: Any, assessment: Assessment) -> bool:
    """The same rule as `assessments_visible_to`, for one assessment already in hand."""
    if not getattr(user, "is_authenticated", False) or assessment.deleted_at is not None:
        return False
    if has_role(user, Role.LEAD) and user.partnership_id:
        return assessment.owner_id == user.pk or (
            assessment.partnership_id == user.partnership_id and assessment.status != Assessment.Status.DRAFT
        )
    return has_role(user, Role.PRACTITIONER) and assessment.owner_id == user.pk


def can_start_assessment(user: Any, framework: Framework) -> bool:
    """A practitioner starts assessments on their own partnership's current guidance only."""
    return (
        has_role(user, Role.PRACTITIONER)
        and user.partnership_id == framework.partnership_id
        and framework.status == Framework.Status.CURRENT
    )


def frameworks_startable_by(user: Any) -> QuerySet[Framework]:
    """The same rule as `can_start_assessment`, as a list: a practitioner's own partnership's current guidance."""
    if not (has_role(user, Role.PRACTITIONER) and user.partnership_id):
        return Framework.objects.none()
    return Framework.objects.filter(partnership_id=user.partnership_id, status=Framework.Status.CURRENT)


def can_edit(user: Any, assessment: Assessment) -> bool:
    """Only the practitioner who made it, and only while it is a draft."""
    return has_role(user, Role.PRACTITIONER) and assessment.owner_id == user.pk and assessment.is_editable


def edit_refusal(user: Any, assessment: Assessment) -> str:
    """Why someone who may see this assessment may not change it, for the 403 page: its owner is told it was sent
    (and when); anyone else gets the general refusal."""
    if assessment.owner_id == user.pk and assessment.status != Assessment.Status.DRAFT and assessment.submitted_at:
        sent = timezone.localtime(assessment.submitted_at)
        return f"This assessment was sent on {sent.day} {sent:%B %Y} and cannot be changed."
    return ""


def can_review(user: Any, assessment: Assessment) -> bool:
    """A lead of the partnership it was sent to, once it is sent."""
    return (
        has_role(user, Role.LEAD)
        and user.partnership_id is not None
        and assessment.partnership_id == user.partnership_id
        and assessment.status != Assessment.Status.DRAFT
    )


def leads_assignable_for(assessment: Assessment) -> QuerySet[Any]:
    """Who an assessment may be assigned to: the active safeguarding leads of the partnership it was sent to."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(partnership_id=assessment.partnership_id, role=Role.LEAD, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def can_assign(user: Any, assessment: Assessment, assignee: Any) -> bool:
    """A lead who may review it assigns it to themselves or another active lead of the same partnership."""
    return (
        can_review(user, assessment)
        and getattr(assignee, "is_active", False)
        and has_role(assignee, Role.LEAD)
        and assignee.partnership_id == assessment.partnership_id
    )


def disagreement_refusal(user: Any, assessment: Assessment) -> str | None:
    """Why this person may not raise a disagreement with this assessment's decision, or None if they may."""
    if not (has_role(user, Role.PRACTITIONER) and assessment.owner_id == user.pk):
        return RAISE_NOT_OWNER
    if assessment.status != Assessment.Status.DECIDED:
        return RAISE_NOT_DECIDED
    return None


def can_raise_disagreement(user: Any, assessment: Assessment) -> bool:
    """Only the practitioner who made the assessment, only once it is decided."""
    return disagreement_refusal(user, assessment) is None


def can_record_disagreement(user: Any, escalation: Escalation) -> bool:
    """Either side, the owner or their partnership's leads, while the disagreement is open."""
    return escalation.is_open and can_view(user, escalation.assessment)


def refuse(user: Any, action: str, *, status: Literal[403, 404], message: str = "") -> NoReturn:
    """Log a refusal (user id and action, never child data) and raise the matching error."""
    logger.info("refused %s: user %s, %s", action, getattr(user, "pk", None), status)
    if status == 404:
        raise Http404("No such assessment")
    raise PermissionDenied(message)


def assessment_for(user: Any, pk: UUID, *, to: Action = "view") -> Assessment:
    """The assessment `pk` if this person may `to` it.

    404 when they may not see it (so they cannot tell it exists) or it does not exist; 403 when they may see it
    but not do that to it (the owner editing an assessment already sent). "review" and "subject-access" (the
    export of everything held about the child) look only in the lead's queue; "disagree" only at sent assessments.
    """
    if to in ("review", "subject-access"):  # a lead of the partnership it was sent to, only
        found = assessments_in_queue_of(user)
    else:
        found = assessments_visible_to(user)
    if to == "disagree":
        found = found.filter(_sent())
    related = ["framework__partnership", "owner__organisation" if to in ("review", "subject-access") else "owner"]
    if to == "review":
        related.append("assigned_to")  # the review page names who it is assigned to
    if to == "disagree":
        related.append("review")
    assessment = found.select_related(*related).filter(pk=pk).first()
    if assessment is None:
        refuse(user, f"{to} assessment", status=404)
    if to == "edit" and not can_edit(user, assessment):
        refuse(user, "edit assessment", status=403, message=edit_refusal(user, assessment))
    return assessment


def notifications_outbox_visible_to(user: Any) -> QuerySet | None:
    """The notification outbox an admin may see and retry (issue 15): everything for a superuser, their own
    partnership's for a partnership admin (`thresholds.access.can_edit_guidance`: the admin site's rule); else None.
    """
    from thresholds.access import can_edit_guidance  # thresholds.access imports portal's models

    from .models import Notification

    if not can_edit_guidance(user):
        return None
    if user.is_superuser:
        return Notification.objects.all()
    return Notification.objects.filter(partnership_id=user.partnership_id)
