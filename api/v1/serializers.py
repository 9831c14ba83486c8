"""One referral as structured JSON: everything its PDF holds (`referrals/templates/referrals/summary_pdf.html`).

One function, one section per key: a new part of the record (a family, child identifiers) is one more key here
and one more field in `schemas.ReferralDetail`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from referrals.models import Assessment
from thresholds.snapshot import cached_snapshot

RELATED = (
    "framework__partnership",
    "framework__successor",
    "partnership",
    "owner__organisation",
    "review__reviewer",
    "review__decided_via_token",
)


def with_detail(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """What `referral_detail` reads, in the one query that fetches the referral."""
    return assessments.select_related(*RELATED)


def _ticked(suggestion: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The ticked indicators in the document's words, from the suggestion stored when they were ticked."""
    return [
        {
            "code": i["code"],
            "text": i["text"],
            "level": r["level"],
            "level_name": r["level_name"],
            "domain": d["domain"],
            "group": d.get("group", ""),
        }
        for r in (suggestion or {}).get("reasons", [])
        for d in r["domains"]
        for i in d["indicators"]
    ]


def decision_json(assessment: Assessment) -> dict[str, Any] | None:
    review = getattr(assessment, "review", None)
    if review is None:
        return None
    decided_by = None
    if review.reviewer is not None:
        decided_by = {"kind": "lead", "name": review.reviewer.get_full_name() or review.reviewer.username}
    elif review.decided_via_token is not None:
        decided_by = {"kind": "api_token", "name": review.decided_via_token.name}
    return {
        "rag": review.rag,
        "due_by": review.due_by,
        "decision": review.decision,
        "decided_level": review.decided_level,
        "rationale": review.decision_rationale,
        "outcome": review.outcome,
        "notes": review.notes,
        "change_reason": review.change_reason,
        "decided_at": review.decided_at,
        "decided_by": decided_by,
    }


def _sibling(child: Assessment) -> dict[str, Any]:
    review = getattr(child, "review", None)
    return {
        "id": child.pk,
        "reference": child.reference,
        "name": child.child_name,
        "unborn": child.unborn,
        "date_of_birth": child.date_of_birth,
        "suggested_level": child.suggested_level,
        "put_forward_level": child.level,
        "decided_level": review.decided_level if review and review.decided_at else None,
        "outcome": review.outcome if review and review.decided_at else "",
    }


def referral_detail(assessment: Assessment, *, family: list[Assessment] | None = None) -> dict[str, Any]:
    """The referral as `schemas.ReferralDetail` (read it through `with_detail` to keep to one query; `family`
    from `referrals.family.selectors.family_children`, one more, none for a single child)."""
    a, framework, owner = assessment, assessment.framework, assessment.owner
    stored = a.suggestion or {}
    return {
        "id": a.pk,
        "reference": a.reference,
        "status": a.status,
        "revision": a.revision,
        "sent_at": a.submitted_at,
        "partnership": a.partnership.name,
        "area": a.area,
        "area_name": cached_snapshot(framework).areas.get(a.area, a.area),
        "guidance": {
            "slug": framework.slug,
            "title": framework.title,
            "partnership": framework.partnership.name,
            "published": framework.published,
            "published_text": framework.published_text,
            "version": framework.version,
            "status": framework.status,
            "successor": framework.successor.slug if framework.successor else None,
        },
        "practitioner": {
            "name": owner.get_full_name() or owner.username,
            "organisation": owner.organisation.name if owner.organisation else None,
        },
        "child": {
            "name": a.child_name,
            "unborn": a.unborn,
            "date_of_birth": a.date_of_birth,
            "expected_due_date": a.expected_due_date,
            "address": a.address,
            "nhs_number": a.nhs_number,
            "upn": a.upn,
        },
        "family": [_sibling(child) for child in family or [] if child.pk != a.pk],
        "people_around": {"household": a.household, "parents_carers": a.parents_carers, "agencies": a.agencies},
        "indicators": _ticked(a.suggestion),
        "suggestion": {
            "level": stored.get("level"),
            "level_name": stored.get("level_name"),
            "worked_out_at": a.suggested_at,
            "advisory": stored.get("advisory"),
            "reasons": stored.get("reasons", []),
        },
        "practitioner_level": a.practitioner_level,
        "put_forward_level": a.level,
        "level_rationale": a.level_rationale,
        "voice_of_the_child": a.child_voice,
        "worries": a.worries,
        "working_well": a.working_well,
        "needs_to_happen": a.needs_to_happen,
        "consent": {
            "consent": a.consent,
            "given_by": a.consent_given_by,
            "given_on": a.consent_given_on,
            "not_sought_because": a.consent_ground,
            "reasons": a.consent_reason,
        },
        "decision": decision_json(a),
    }
