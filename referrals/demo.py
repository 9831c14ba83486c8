"""One sent assessment per demo practitioner, so a demo lead's queue has something to triage.

The child is fictional and says so; the ticks are real indicators of the partnership's current guidance.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from thresholds.models import Framework
from thresholds.snapshot import cached_snapshot

from .assessments.services import (
    assessment_record_indicators,
    assessment_save_step,
    assessment_start,
    assessment_submit,
)
from .dashboard.marks import dashboard_summary_mark
from .models import Assessment, Review

DEMO_CHILD = "Sam Example (demo: not a real child)"


def demo_codes(framework: Framework) -> list[str]:
    """The first indicator the document gives at level 2 and at level 3."""
    firsts: dict[int, str] = {}
    for info in cached_snapshot(framework).indicators.values():
        firsts.setdefault(info.level, info.code)
    return [firsts[n] for n in (3, 2) if n in firsts]


def send_demo_assessment(practitioner) -> Assessment | None:
    """Only for a practitioner with no assessments yet, so running it again adds nothing."""
    if Assessment.objects.filter(owner=practitioner).exists():
        return None
    framework = Framework.objects.filter(partnership=practitioner.partnership, status=Framework.Status.CURRENT).first()
    if framework is None:
        return None
    area = next(iter(cached_snapshot(framework).areas))
    assessment = assessment_start(owner=practitioner, framework=framework, area=area, codes=demo_codes(framework))
    assessment.child_name = DEMO_CHILD
    assessment.date_of_birth = date(2017, 5, 14)
    assessment.address = "1 Example Street (demo)"
    assessment.practitioner_level = assessment.suggested_level
    assessment.child_voice = "Demo data. Sam says they like school but do not like going home on Fridays."
    assessment.worries = "Demo data. Sam has come to school hungry three times this month."
    assessment.consent = Assessment.Consent.GIVEN
    assessment.consent_given_by = "Sam's parent (demo)"
    assessment.consent_given_on = date.today()
    assessment_save_step(assessment=assessment)
    assessment_submit(assessment=assessment, submitted_by=practitioner)
    return assessment


DEMO_FAMILY = (  # (name, date of birth or None for an unborn baby, a level-3 tick or not): fictional, and say so
    ("Riley Example (demo: not a real child)", date(2015, 9, 3), True),
    ("Jo Example (demo: not a real child)", date(2020, 2, 11), False),
    ("Baby Example (demo: unborn, not a real child)", None, False),
)


def send_demo_family(practitioner) -> list[Assessment]:
    """A family of three sent in one referral (issue 17): two children and an unborn baby, each with their own
    ticks and level, the household and consent written once. Only once per practitioner (none if they have a
    family already), so running it again adds nothing."""
    if Assessment.objects.filter(owner=practitioner, family__isnull=False).exists():
        return []
    framework = Framework.objects.filter(partnership=practitioner.partnership, status=Framework.Status.CURRENT).first()
    if framework is None:
        return []
    from .family.services import family_add_child  # builds on the assessment services imported above

    codes = demo_codes(framework)
    if len(codes) < 2:
        return []
    area = next(iter(cached_snapshot(framework).areas))
    level_3, level_2 = codes
    first = assessment_start(owner=practitioner, framework=framework, area=area, codes=[level_3, level_2])
    first.address = "2 Example Road (demo)"
    first.household = "Demo data. Mother, her partner, Riley (11), Jo (6); a baby is due in the spring."
    first.parents_carers = "Demo data. Mother has parental responsibility for both children."
    first.agencies = "Demo data. Example Primary School; the midwife at Example Hospital."
    first.consent = Assessment.Consent.GIVEN
    first.consent_given_by = "The children's mother (demo)"
    first.consent_given_on = date.today()
    first.save()
    children = [first]
    for _ in DEMO_FAMILY[1:]:
        child = family_add_child(assessment=first)
        assert child is not None  # a draft family of the demo's own making
        children.append(child)
    for child, (name, born, level_3_seen) in zip(children, DEMO_FAMILY, strict=True):
        if child is not first:
            assessment_record_indicators(
                assessment=child, codes=[level_3, level_2] if level_3_seen else [level_2], save=False
            )
        child.child_name = name
        child.unborn = born is None
        child.date_of_birth = born
        child.expected_due_date = None if born else date.today() + timedelta(days=120)
        child.practitioner_level = child.suggested_level
        child.child_voice = "Demo data. " + (
            "Riley says they look after Jo when the adults argue." if born else "The mother's worries for the baby."
        )
        assessment_save_step(assessment=child)
    assessment_submit(assessment=first, submitted_by=practitioner)
    return list(Assessment.objects.filter(owner=practitioner, family__isnull=False).order_by("created"))


# Issue 17: a child referred twice to Sefton, the first decided about five months ago, the second sent now. The same
# NHS number (from the NHS's 999 test range) links them as confirmed, so the demo lead sees the re-referral flag
# and the chronology at once; each referral's level 2 ticks are below the accumulation rule alone, together not.
DEMO_REREFERRED = "Alex Sample (demo: not a real child)"
DEMO_NHS_NUMBER = "9990000018"


def _level_two_in_three_domains(framework: Framework) -> list[str]:
    firsts: dict[str, str] = {}
    for info in cached_snapshot(framework).indicators.values():
        if info.level == 2:
            firsts.setdefault(info.domain, info.code)
    return list(firsts.values())[:3]


def _send(practitioner: Any, framework: Framework, codes: list[str], worry: str) -> Assessment:
    area = next(iter(cached_snapshot(framework).areas))
    assessment = assessment_start(owner=practitioner, framework=framework, area=area, codes=codes)
    assessment.child_name = DEMO_REREFERRED
    assessment.date_of_birth = date(2015, 9, 3)
    assessment.nhs_number = DEMO_NHS_NUMBER
    assessment.address = "2 Example Street (demo)"
    assessment.practitioner_level = assessment.suggested_level
    assessment.child_voice = "Demo data. Alex says home is noisy and they are tired at school."
    assessment.worries = worry
    assessment.consent = Assessment.Consent.GIVEN
    assessment.consent_given_by = "Alex's parent (demo)"
    assessment.consent_given_on = date.today()
    assessment_save_step(assessment=assessment)
    assessment_submit(assessment=assessment, submitted_by=practitioner)
    return assessment


def send_demo_rereferral(practitioner: Any, lead: Any) -> Assessment | None:
    """Sefton only, once: the first referral decided ~5 months ago by `lead`, then the second sent now."""
    if practitioner.partnership.slug != "sefton" or Assessment.objects.filter(child_name=DEMO_REREFERRED).exists():
        return None
    framework = Framework.objects.filter(partnership=practitioner.partnership, status=Framework.Status.CURRENT).first()
    if framework is None:
        return None
    from .review.services import ReviewInput, review_save  # review imports the assessments package

    codes = _level_two_in_three_domains(framework)
    first = _send(practitioner, framework, codes[:2], "Demo data. Alex's attendance has dropped this term.")
    earlier = timezone.now() - timedelta(days=150)
    Assessment.objects.filter(pk=first.pk).update(submitted_at=earlier)
    first.refresh_from_db()
    rating = framework.rag_ratings.order_by("order").last()
    outcome = framework.outcomes.order_by("order").values_list("text", flat=True).first() or "Signposting"
    decision = ReviewInput(
        rag=rating.name if rating else "",
        decision="agree",
        decided_level=None,
        decision_rationale="",
        outcome=outcome,
        notes="Demo data.",
    )
    review_save(assessment=first, lead=lead, data=decision, seen_revision=first.revision)
    Review.objects.filter(assessment=first).update(decided_at=earlier + timedelta(days=1))
    dashboard_summary_mark(partnership_id=first.partnership_id)  # its dates moved back after sending (issue 19)
    return _send(practitioner, framework, codes[2:], "Demo data. Alex came to school upset after a weekend at home.")
