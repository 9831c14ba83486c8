"""What the lead's pages read about the same child: earlier assessments, the re-referral flag, search, chronology."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When

from portal.access import Role, has_role

from ..access import assessments_in_queue_of
from ..models import Assessment, ChildLink, Escalation
from .matching import Child, Match, same_child, surname_key
from .services import as_child, candidates_filter


@dataclass(frozen=True)
class Earlier:
    """One earlier assessment linked to the one being reviewed, as the review page's panel shows it."""

    link: ChildLink
    assessment: Assessment

    @property
    def decided_level(self) -> int | None:
        review = getattr(self.assessment, "review", None)
        return review.decided_level or self.assessment.level if review and review.decision else None

    @property
    def outcome(self) -> str:
        return self.assessment.outcome_text


def rereferral() -> Exists:
    """For an annotation: a confirmed earlier referral of the same child, sent within 12 months before this one."""
    return Exists(ChildLink.objects.filter(later=OuterRef("pk"), status=ChildLink.Status.CONFIRMED, within_year=True))


def earlier_assessments(*, assessment: Assessment, lead: Any) -> list[Earlier]:
    """The earlier sent assessments linked to `assessment` (possible or confirmed; rejected ones are kept, not
    shown), newest first, in one query. Only the lead's own partnership's: another's never appear."""
    links = (
        ChildLink.objects.filter(later=assessment, partnership_id=lead.partnership_id)
        .exclude(status=ChildLink.Status.REJECTED)
        .filter(earlier__partnership_id=lead.partnership_id)  # a join, not a subquery over the partnership
        .exclude(earlier__status=Assessment.Status.DRAFT)
        .select_related("earlier__review")
        .order_by("-earlier__submitted_at")
    )
    return [Earlier(link=link, assessment=link.earlier) for link in links]


def is_rereferral(earlier: list[Earlier]) -> bool:
    return any(e.link.status == ChildLink.Status.CONFIRMED and e.link.within_year for e in earlier)


def rereferrals_count(*, lead: Any, since: datetime | None) -> int:
    """The dashboard's figure: the partnership's sent assessments (in the period) that are re-referrals, one COUNT."""
    if not (has_role(lead, Role.LEAD) and lead.partnership_id):
        return 0
    return rereferrals_count_in(partnership_id=lead.partnership_id, since=since)


def rereferrals_count_in(*, partnership_id: int, since: datetime | None) -> int:
    """The same for a partnership (the dashboard summaries' worker has no lead)."""
    links = ChildLink.objects.filter(
        partnership_id=partnership_id, status=ChildLink.Status.CONFIRMED, within_year=True
    ).exclude(later__status=Assessment.Status.DRAFT)
    if since is not None:
        links = links.filter(later__submitted_at__gte=since)
    return links.values("later_id").distinct().count()  # counted over the links, not the partnership's rows


# --- Search ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    assessment: Assessment
    match: Match
    reason: str


SEARCH_LIMIT = 50


def child_search(
    *, lead: Any, name: str = "", date_of_birth: date | None = None, nhs_number: str = "", upn: str = ""
) -> list[Found]:
    """The lead's partnership's sent assessments about the child described, best matches first, in one query.

    Pre-filtered in SQL on the indexed surname key, date of birth or identifier; the matching rules decide.
    """
    wanted = Child(name=name, date_of_birth=date_of_birth, nhs_number=nhs_number, upn=upn)
    arms = candidates_filter(
        date_of_birth=date_of_birth if name else None,  # a name with its date of birth, never a surname alone
        nhs_number=nhs_number,
        upn=upn,
    )
    # The candidates read are bounded (SEARCH_LIMIT * 4): those of the same surname first, so that children born
    # the same day with other surnames (150 a day at 1,000,000 in scripts/bench_scale.py) never push them out.
    order: list[str | Case] = ["-submitted_at"]
    if name:
        order.insert(0, Case(When(child_surname_key=surname_key(name), then=Value(0)), default=Value(1)))
    rows = (
        assessments_in_queue_of(lead)
        .filter(arms)
        .select_related("review", "owner__organisation")
        .order_by(*order)[: SEARCH_LIMIT * 4]
    )
    found = []
    for row in rows:
        verdict = same_child(wanted, as_child(row))
        if verdict:
            found.append(Found(assessment=row, match=verdict.match, reason=verdict.reason))
    found.sort(key=lambda f: f.assessment.submitted_at or datetime.min.replace(tzinfo=UTC), reverse=True)
    found.sort(key=lambda f: f.match != Match.CONFIRMED)  # stable: newest first within each
    return found[:SEARCH_LIMIT]


# --- Chronology -----------------------------------------------------------------------------------------------


def linked_assessments(*, assessment: Assessment, lead: Any) -> QuerySet[Assessment]:
    """`assessment` and those confirmed about the same child: linked to it, or to one linked to it (two steps,
    each one query: every later assessment links to every earlier one, so two steps reach them all)."""
    confirmed = ChildLink.objects.filter(status=ChildLink.Status.CONFIRMED, partnership_id=lead.partnership_id)
    near = confirmed.filter(Q(earlier=assessment) | Q(later=assessment)).values_list("earlier_id", "later_id")
    ids = {assessment.pk, *(pk for pair in near for pk in pair)}
    far = confirmed.filter(Q(earlier__in=ids) | Q(later__in=ids)).values_list("earlier_id", "later_id")
    ids |= {pk for pair in far for pk in pair}
    return assessments_in_queue_of(lead).filter(pk__in=ids)


def chronology_rows(*, assessment: Assessment, lead: Any) -> list[Assessment]:
    """The child's assessments oldest first, with what the timeline shows, in a fixed number of queries."""
    from django.db.models import Prefetch

    return list(
        linked_assessments(assessment=assessment, lead=lead)
        .select_related("review", "owner__organisation", "framework")
        .prefetch_related(Prefetch("escalations", queryset=Escalation.objects.prefetch_related("entries")))
        .order_by("submitted_at")
    )


# --- A practitioner's own history (item 5 of the issue) ------------------------------------------------------


def own_earlier_assessments(*, practitioner: Any, assessment: Assessment) -> list[Assessment]:
    """The practitioner's own other assessments about the child `assessment` names, newest first (one query).

    Their own only, whatever their role: nobody else's assessment is ever read here.
    """
    if not (assessment.child_name.strip() and assessment.date_of_birth):
        return []
    arms = candidates_filter(
        date_of_birth=assessment.date_of_birth,
        nhs_number=assessment.nhs_number,
        upn=assessment.upn,
    )
    rows = (
        Assessment.objects.filter(owner=practitioner)
        .filter(arms)
        .exclude(pk=assessment.pk)
        .select_related("framework")
        .order_by("-created")[:SEARCH_LIMIT]
    )
    me = as_child(assessment)
    return [row for row in rows if same_child(me, as_child(row))]


def own_assessment(*, practitioner: Any, pk: UUID) -> Assessment | None:
    """One of the practitioner's own assessments (any status), or None: never anyone else's."""
    return Assessment.objects.filter(owner=practitioner, pk=pk).first()
