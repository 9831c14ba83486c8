"""What happens to an assessment: started, ticked, submitted. Plain functions the views call."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from thresholds.engine import LONDON, Context, suggest
from thresholds.models import Framework
from thresholds.snapshot import cached_snapshot

from .forms import consent_problems
from .locking import locked_for_update
from .models import Assessment


def start(user, framework: Framework, area: str, codes: list[str], at: datetime | None = None) -> Assessment:
    assessment = Assessment(owner=user, partnership=framework.partnership, framework=framework, area=area)
    record_indicators(assessment, codes, at=at, save=False)
    assessment.save()
    return assessment


def record_indicators(assessment: Assessment, codes: list[str], *, at: datetime | None = None, save=True) -> None:
    """Store the ticks and the engine's suggestion as it is now; it is kept as it was, never recomputed later."""
    moment = at or datetime.now(LONDON)
    suggestion = suggest(cached_snapshot(assessment.framework), codes, Context(area=assessment.area, at=moment))
    assessment.indicators = list(suggestion.ticked)
    assessment.suggestion = suggestion.as_json() if suggestion.level else None
    assessment.suggested_level = suggestion.level.number if suggestion.level else None
    assessment.suggested_at = moment if suggestion.level else None
    if save:
        save_step(assessment)


def save_step(assessment: Assessment) -> None:
    assessment.revision += 1
    assessment.save()


def missing_for_submission(assessment: Assessment) -> list[tuple[str, str]]:
    """(step, message) for everything a lead needs that is not there yet."""
    missing = []
    if not assessment.child_name.strip():
        missing.append(("child", "Enter the child's name"))
    if assessment.unborn and not assessment.expected_due_date:
        missing.append(("child", "Enter the expected date of delivery"))
    if not assessment.unborn and not assessment.date_of_birth:
        missing.append(("child", "Enter the child's date of birth"))
    if not assessment.indicators:
        missing.append(("indicators", "Tick at least one indicator you have seen"))
    if not assessment.practitioner_level:
        missing.append(("judgement", "Give your judgement of the level"))
    elif assessment.practitioner_level != assessment.suggested_level and not assessment.level_rationale.strip():
        missing.append(("judgement", "Explain why you judge the level differently from the suggestion"))
    if not assessment.child_voice.strip():
        missing.append(("voice", "Record the child's voice"))
    if not assessment.consent:
        missing.append(("consent", "Record whether consent was given, refused or not sought"))
    else:
        missing += [
            ("consent", message)
            for message, _ in consent_problems(
                assessment.consent,
                assessment.level,
                given_by=assessment.consent_given_by,
                given_on=assessment.consent_given_on,
                ground=assessment.consent_ground,
                reason=assessment.consent_reason,
            )
        ]
    return missing


@transaction.atomic
def submit(assessment: Assessment) -> bool:
    """Send a complete draft to the partnership's safeguarding leads. False if it is not complete."""
    locked = locked_for_update(Assessment, assessment.pk)
    if locked.status != Assessment.Status.DRAFT or missing_for_submission(locked):
        return False
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    save_step(locked)
    assessment.refresh_from_db()
    return True
