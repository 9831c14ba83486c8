"""Links between assessments of the same child: found when an assessment is sent, decided by a lead."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from thresholds.snapshot import cached_snapshot

from ..audit import record_view
from ..dashboard.marks import dashboard_summary_mark
from ..errors import NotAllowed
from ..models import Assessment, ChildLink, ChildSearch
from .matching import Child, Match, same_child

YEAR = timedelta(days=365)  # "within 12 months": 365 days between the two sendings


def as_child(assessment: Assessment) -> Child:
    return Child(
        name=assessment.child_name,
        date_of_birth=assessment.date_of_birth,
        nhs_number=assessment.nhs_number,
        upn=assessment.upn,
    )


def swapped(born: date) -> date | None:
    """The date with its day and month swapped, where that is a date (and another one)."""
    try:
        other = date(born.year, born.day, born.month)
    except ValueError:
        return None
    return other if other != born else None


def candidates_filter(*, date_of_birth: date | None, nhs_number: str, upn: str) -> Q:
    """The SQL pre-filter: rows sharing the date of birth (or it swapped), or an identifier.

    Each arm has its own (partnership, column) index; the matching rules then run on these few rows only. Without
    an identifier the rules need the date of birth equal or swapped, so no arm on the surname: it brought every
    child of that surname (1,000 rows of 1,000,000 in scripts/bench_scale.py; a common surname many more), none
    of which could match but those the date arms bring already.
    """
    arms = Q(pk__in=[])
    if date_of_birth:
        arms |= Q(date_of_birth=date_of_birth)
        other = swapped(date_of_birth)
        if other:
            arms |= Q(date_of_birth=other)
    if nhs_number:
        arms |= Q(nhs_number=nhs_number)
    if upn:
        arms |= Q(upn=upn)
    return arms


def _sent_in(partnership_id: int) -> QuerySet[Assessment]:
    return Assessment.objects.filter(partnership_id=partnership_id).sent()


@transaction.atomic
def child_links_find(*, assessment: Assessment) -> list[ChildLink]:
    """At sending: link `assessment` to every earlier sent assessment of its partnership about the same child.

    Confirmed at once where an identifier is the same; possible otherwise (a lead confirms or rejects it).
    Running it again adds nothing (one link per pair).
    """
    if assessment.erased_at or not (assessment.date_of_birth or assessment.nhs_number or assessment.upn):
        return []
    arms = candidates_filter(
        date_of_birth=assessment.date_of_birth,
        nhs_number=assessment.nhs_number,
        upn=assessment.upn,
    )
    found = (
        _sent_in(assessment.partnership_id)
        .filter(arms)
        .exclude(pk=assessment.pk)
        .filter(submitted_at__lte=assessment.submitted_at or timezone.now())
        .only("pk", "child_name", "date_of_birth", "nhs_number", "upn", "submitted_at")
    )
    already = set(ChildLink.objects.filter(later=assessment).values_list("earlier_id", flat=True))
    me = as_child(assessment)
    sent_at = assessment.submitted_at or timezone.now()
    links = []
    for earlier in found:
        if earlier.pk in already:
            continue
        verdict = same_child(me, as_child(earlier))
        if not verdict:
            continue
        links.append(
            ChildLink(
                earlier=earlier,
                later=assessment,
                partnership_id=assessment.partnership_id,
                status=ChildLink.Status.CONFIRMED if verdict.match == Match.CONFIRMED else ChildLink.Status.POSSIBLE,
                reason=verdict.reason,
                within_year=earlier.submitted_at is not None and sent_at - earlier.submitted_at <= YEAR,
            )
        )
    return bulk_create_with_history(links, ChildLink)  # each link's history starts with how it was made


@transaction.atomic
def child_link_decide(
    *, link_id: int, assessment: Assessment, lead: Any, decision: Literal["confirm", "reject"]
) -> ChildLink:
    """A lead confirms or rejects a link of `assessment` (which `referrals.access` let them review).

    The decision is kept (the link's history) and logged as a look at both records.
    """
    link = (
        ChildLink.objects.select_for_update()
        .filter(Q(earlier=assessment) | Q(later=assessment), pk=link_id, partnership_id=lead.partnership_id)
        .select_related("earlier", "later")
        .first()
    )
    if link is None:
        raise NotAllowed("No such link")
    link.status = ChildLink.Status.CONFIRMED if decision == "confirm" else ChildLink.Status.REJECTED
    link.decided_by = lead
    link.decided_at = timezone.now()
    link.save()
    dashboard_summary_mark(partnership_id=link.partnership_id)  # the re-referral count (issue 19)
    for side in (link.earlier, link.later):
        record_view(assessment=side, viewer=lead, what=f"link {link.get_status_display().lower()}")
    return link


def child_search_log(*, lead: Any, reason: str, reason_other: str, by: str, results: int) -> ChildSearch:
    """Keep one search: who, when, why, how (name or identifier) and how many were found; never the terms."""
    return ChildSearch.objects.create(
        searcher=lead,
        partnership_id=lead.partnership_id,
        reason=reason,
        reason_other=reason_other,
        by=by,
        results=results,
    )


def assessment_copy_ticks(*, assessment: Assessment, source: Assessment) -> int:
    """Start `assessment` (a draft) from the ticks of `source` (the same practitioner's, checked by the caller):
    the codes the draft's guidance still has, with the engine's suggestion, marked to be confirmed on the
    indicator step (`missing_for_submission` asks for it). Returns how many ticks were copied."""
    from ..assessments.services import assessment_record_indicators  # assessments.services imports this module

    snapshot_codes = set(cached_snapshot(assessment.framework).indicators)
    codes = [code for code in source.indicators if code in snapshot_codes]
    assessment.ticks_copied_from = source.reference
    assessment_record_indicators(assessment=assessment, codes=codes)
    return len(codes)
