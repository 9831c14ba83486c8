"""What the family's parts of the pages read: the children of one family, its size on the queue, each child's age."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.utils import timezone

from ..models import Assessment


def family_children(*, assessment: Assessment) -> list[Assessment]:
    """Every child of `assessment`'s family (itself included) in the order they were added, each with their
    review and `age_text`: one query; none (no query) for a single child. Only the same owner's and partnership's,
    and only sent ones once it is sent, so the family never shows more than the assessment itself may."""
    if assessment.family_id is None:
        return []
    found = Assessment.objects.filter(
        family_id=assessment.family_id, owner_id=assessment.owner_id, partnership_id=assessment.partnership_id
    )
    if assessment.status != Assessment.Status.DRAFT:
        found = found.exclude(status=Assessment.Status.DRAFT)
    children = list(found.select_related("review").order_by("created", "pk"))
    today = timezone.localdate()
    for child in children:
        child.age_text = age_text(child, today=today)
    return children


def age_text(child: Assessment, *, today: date) -> str:
    """ "Unborn", "8 months", "7 years"; empty when no date is given yet."""
    if child.unborn:
        return "Unborn"
    born = child.date_of_birth
    if born is None:
        return ""
    months = (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)
    if months < 12:
        return f"{months} month{'' if months == 1 else 's'}"
    years = months // 12
    return f"{years} year{'' if years == 1 else 's'}"


def family_size() -> Subquery:
    """How many children are in the row's family (None for a single child): for the queue's "Family of N" tag,
    one subquery in the queue's own query."""
    counted = (
        Assessment.objects.filter(family_id=OuterRef("family_id"))
        .order_by()
        .values("family_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Subquery(counted, output_field=IntegerField())


def revisions_token(children: list[Assessment]) -> str:
    """The revisions the page showed, for the shared step's hidden field: "id:revision id:revision"."""
    return " ".join(f"{c.pk}:{c.revision}" for c in children)


def revisions_from(token: str) -> dict[UUID, int]:
    """The hidden field read back; anything malformed reads as nothing seen (so the save is refused as changed)."""
    seen: dict[UUID, int] = {}
    for part in token.split()[:50]:
        pk, _, revision = part.partition(":")
        try:
            seen[UUID(pk)] = int(revision)
        except ValueError:
            return {}
    return seen


def consent_level(children: list[Assessment]) -> int | None:
    """The level the family's one consent answer is checked against: the lowest level put forward for any of them
    (consent may go unsought only at level 4, so only when every child is at level 4)."""
    levels = [child.level for child in children if child.level]
    return min(levels) if levels else None


CHILD_STEPS = ("child", "indicators", "judgement", "voice")  # each child's own rows; "consent" is the family's


def family_tasks(
    children: list[Assessment], missing: list[tuple[Assessment, str, str]]
) -> tuple[list[tuple[Assessment, list[tuple[str, str, bool]]]], list[tuple[str, str, Assessment, bool]]]:
    """The overview's task list: each child with their own steps (name, title, done), then the shared steps once
    (name, title, the child whose page edits them: the first, done for the whole family)."""
    from ..assessments.steps import STEPS  # the steps' titles, written once

    to_do = {(child.pk, step) for child, step, _ in missing}
    own = [
        (child, [(step, STEPS[step][0], (child.pk, step) not in to_do) for step in CHILD_STEPS]) for child in children
    ]
    shared_done = not any(step == "consent" for _, step, _ in missing)
    return own, [("consent", STEPS["consent"][0], children[0], shared_done)]
