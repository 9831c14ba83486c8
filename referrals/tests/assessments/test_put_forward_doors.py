"""The summary and print view give the doors of the level the practitioner put forward (issue 13, item 2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.tests.factories import AssessmentFactory
from thresholds.engine import Context, SuggestionError, suggest
from thresholds.snapshot import cached_snapshot

pytestmark = pytest.mark.django_db
MASH = "0151 934 4013/ 4481"


@pytest.mark.parametrize("page", ["referrals:summary", "referrals:overview"])
def test_a_level_4_judgement_shows_level_4_doors_and_says_the_suggestion_was_3(client, page):
    assessment = AssessmentFactory(ticks=6, max_level=3, practitioner_level=4, level_rationale="A disclosure today.")
    assert assessment.suggested_level == 3
    client.force_login(assessment.owner)
    html = client.get(reverse(page, args=[assessment.pk])).content.decode()
    assert "The practitioner put forward level 4" in html
    assert MASH in html
    assert html.index("At level 4, the level put forward") < html.index(MASH) < html.index("At level 3, the suggested")


def test_agreeing_with_the_suggestion_shows_its_doors_once(client):
    assessment = AssessmentFactory(ticks=6, max_level=3)
    assert assessment.practitioner_level == assessment.suggested_level == 3
    client.force_login(assessment.owner)
    html = client.get(reverse("referrals:summary", args=[assessment.pk])).content.decode()
    assert "put forward level" not in html
    assert MASH not in html  # level 3 in Sefton names Children's Services, not the MASH
    assert "Contacts: services named by the guidance for level 3" in html


def test_the_engine_gives_another_level_s_doors_without_changing_the_suggestion():
    from thresholds.models import Framework

    snapshot = cached_snapshot(Framework.objects.get(slug="sefton"))
    code = next(i.code for i in snapshot.indicators.values() if i.level == 2)
    from datetime import datetime

    from thresholds.engine import LONDON

    at = datetime(2026, 11, 23, 10, tzinfo=LONDON)
    plain = suggest(snapshot, [code], Context(area="sefton", at=at))
    forward = suggest(snapshot, [code], Context(area="sefton", at=at, level=4))
    assert plain.level == forward.level and plain.level.number == 2
    assert {p.code for p in forward.pathways} >= {"sefton-4-ifd"}
    assert "sefton-4-ifd" not in {p.code for p in plain.pathways}
    with pytest.raises(SuggestionError):
        suggest(snapshot, [code], Context(area="sefton", at=at, level=7))


def test_a_level_4_summary_names_the_emergency_duty_team(client):
    """Issue 13, item 4, in the summary too: Sefton's EDT (0151 934 3555) for a child in immediate need."""
    assessment = AssessmentFactory(ticks=6, max_level=4)
    client.force_login(assessment.owner)
    html = client.get(reverse("referrals:summary", args=[assessment.pk])).content.decode()
    assert "Emergency Duty Team" in html and "0151 934 3555" in html
