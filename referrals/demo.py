"""One sent assessment per demo practitioner, so a demo lead's queue has something to triage.

The child is fictional and says so; the ticks are real indicators of the partnership's current guidance.
"""

from __future__ import annotations

from datetime import date

from thresholds.models import Framework
from thresholds.snapshot import cached_snapshot

from .assessments.services import assessment_save_step, assessment_start, assessment_submit
from .models import Assessment

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
