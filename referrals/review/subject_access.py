"""Subject access: everything the portal holds about one child in a lead's partnership, as one JSON document.

The assessments about the child (`referrals.access.assessments_about_the_same_child`: the same name and date of
birth), each with its review, its disagreements and their entries, every saved change (django-simple-history)
and who looked at it (the record-view log). Read here; the view logs the export and sends it as an attachment.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models

from ..access import assessments_about_the_same_child
from ..models import Assessment, Escalation, RecordView, Review

FORMAT = "threshold-subject-access/1"
SKIPPED = {"queue_rank", "queue_key"}  # the queue's sorting keys: derived, say nothing about the child


def _person(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"username": user.username, "name": user.get_full_name()}


def _fields(instance: models.Model, *, skip: set[str] = SKIPPED) -> dict[str, Any]:
    """A row's own values: plain fields by name, links by their id (people named in full where it matters)."""
    values: dict[str, Any] = {}
    for f in instance._meta.concrete_fields:
        if f.name in skip or f.name.startswith("history_"):
            continue
        values[f.name if not f.is_relation else f.attname] = getattr(instance, f.attname)
    return values


def _history(rows: Any) -> list[dict[str, Any]]:
    """Each saved version, oldest first: when, what kind of change, by whom, and every value at that time."""
    return [
        {
            "at": row.history_date,
            "change": {"+": "created", "~": "changed", "-": "deleted"}.get(row.history_type, row.history_type),
            "by": _person(row.history_user),
            "values": _fields(row),
        }
        for row in rows.select_related("history_user").order_by("history_date", "history_id")
    ]


def _review(review: Review | None) -> dict[str, Any] | None:
    if review is None:
        return None
    return _fields(review) | {
        "reviewer": _person(review.reviewer) or _token(review.decided_via_token),
        "history": _history(review.history.all()),
    }


def _disagreement(escalation: Escalation) -> dict[str, Any]:
    entries = [
        {"at": e.at, "step": e.step, "action": e.action, "text": e.text, "by": _person(e.author)}
        for e in escalation.entries.select_related("author")
    ]
    return (
        _fields(escalation)
        | {"raised_by": _person(escalation.raised_by)}
        | {"entries": entries, "history": _history(escalation.history.all())}
    )


def _views(assessment: Assessment) -> list[dict[str, Any]]:
    looks = RecordView.objects.filter(assessment=assessment).select_related("viewer", "api_token").order_by("at", "pk")
    return [
        {"at": v.at, "by": _person(v.viewer) or _token(v.api_token), "page": v.what, "reference": v.reference}
        for v in looks
    ]


def _token(token: Any) -> dict[str, Any] | None:
    """A case system that read or decided through the integration API, by its token's name."""
    return None if token is None else {"api_token": token.name, "prefix": token.prefix}


def _assessment(assessment: Assessment) -> dict[str, Any]:
    return (
        _fields(assessment)
        | {
            "owner": _person(assessment.owner),
            "organisation": assessment.owner.organisation.name if assessment.owner.organisation else "",
            "partnership": assessment.partnership.name,
            "guidance": {"slug": assessment.framework.slug, "title": assessment.framework.title},
        }
        | {
            "review": _review(getattr(assessment, "review", None)),
            "disagreements": [_disagreement(e) for e in assessment.escalations.select_related("raised_by")],
            "history": _history(assessment.history.all()),
            "record_views": _views(assessment),
        }
    )


def subject_access_matches(*, lead: Any, assessment: Assessment) -> list[Assessment]:
    """The assessments this export covers: the lead's partnership's about the same child, oldest first."""
    found = assessments_about_the_same_child(lead, assessment)
    return list(
        found.select_related(
            "owner__organisation", "partnership", "framework", "review__reviewer", "review__decided_via_token"
        ).order_by("created", "reference")
    )


def subject_access_export(
    *, lead: Any, asked_about: Assessment, assessments: list[Assessment], now: datetime
) -> dict[str, Any]:
    """Everything held about the child `asked_about` is about, in these assessments, for a subject-access request."""
    first = asked_about
    return {
        "format": FORMAT,
        "made_at": now,
        "made_by": _person(lead),
        "partnership": first.partnership.name,
        "asked_about": first.reference,
        "matched_on": "the child's name (ignoring case) and date of birth",
        "child": {"name": first.child_name, "date_of_birth": first.date_of_birth},
        "assessments": [_assessment(a) for a in assessments],
    }
