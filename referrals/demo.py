"""One sent assessment per demo practitioner, so a demo lead's queue has something to triage.

The child is fictional and says so; the ticks are real indicators of the partnership's current guidance.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from thresholds.models import Framework
from thresholds.snapshot import cached_snapshot

from .assessments.services import assessment_save_step, assessment_start, assessment_submit
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
    return _send(practitioner, framework, codes[2:], "Demo data. Alex came to school upset after a weekend at home.")
