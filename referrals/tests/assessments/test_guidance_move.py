"""Issue 18, item 9: a draft started on a version since replaced offers to move to the new one, showing what
changed in its ticked indicators (the editor's diff); moving keeps ticks that still exist by code, drops the rest."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from portal.models import User
from portal.tests.factories import AssessmentFactory, make_user
from referrals.assessments.guidance_move import assessment_move_guidance, guidance_move_for
from referrals.errors import ChangedMeanwhile, NotAllowed
from referrals.models import Assessment
from thresholds import models, versioning

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def practitioner():
    return make_user("pat", role=User.Role.PRACTITIONER)


@pytest.fixture
def draft(practitioner) -> Assessment:
    return AssessmentFactory(owner=practitioner, ticks=4, max_level=3)


@pytest.fixture
def new_version(draft) -> models.Framework:
    """Sefton's guidance published again: of the draft's ticks, one removed, one reworded, one moved a level."""
    admin = make_user("ada", role=User.Role.ADMIN)
    new = versioning.draft_from(draft.framework, user=admin)
    removed, reworded, moved, _same = draft.indicators
    new.indicators.get(code=removed).delete()
    row = new.indicators.get(code=reworded)
    row.text = "Reworded in version 2."
    row.save()
    row = new.indicators.select_related("level").get(code=moved)
    row.level = new.levels.exclude(pk=row.level_id).get(number=1 if row.level.number != 1 else 2)
    row.save()
    return versioning.publish(new, user=admin)


def test_the_overview_offers_the_move_and_the_page_lists_what_changes_in_the_ticks(
    client, practitioner, draft, new_version
):
    client.force_login(practitioner)
    overview = client.get(reverse("referrals:overview", args=[draft.pk])).content.decode()
    assert "This guidance was replaced by Sefton’s Level of Need - Guidance, Version 2" in overview
    assert reverse("referrals:move-guidance", args=[draft.pk]) in overview

    move = guidance_move_for(assessment=Assessment.objects.get(pk=draft.pk))
    removed, reworded, moved, same = draft.indicators
    assert move is not None and move.to == new_version and move.allowed == ""
    assert [i.code for i in move.dropped] == [removed]
    assert [i.code for i in move.reworded] == [reworded]
    assert [i.code for i in move.moved] == [moved]
    assert move.kept == (reworded, moved, same)

    page = client.get(reverse("referrals:move-guidance", args=[draft.pk])).content.decode()
    assert "Not in the new guidance: moving drops them (1)" in page
    assert "Reworded in version 2." in page and "At another level" in page
    assert "Move to the new guidance" in page


def test_moving_keeps_the_ticks_that_still_exist_and_lists_those_dropped(client, practitioner, draft, new_version):
    removed, reworded, moved, same = draft.indicators
    client.force_login(practitioner)
    response = client.post(reverse("referrals:move-guidance", args=[draft.pk]), {"revision": draft.revision})
    assert response.status_code == 302 and response["Location"] == reverse("referrals:overview", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.framework == new_version
    assert sorted(draft.indicators) == sorted([reworded, moved, same])
    assert draft.suggestion is not None and draft.suggested_level is not None  # worked out again on version 2
    page = client.get(reverse("referrals:overview", args=[draft.pk])).content.decode()
    assert "1 ticked indicator(s) are not in the new guidance and were dropped." in page
    assert "This guidance was replaced" not in page


def test_a_stale_page_or_a_sent_assessment_never_moves(practitioner, draft, new_version):
    with pytest.raises(ChangedMeanwhile):
        assessment_move_guidance(assessment=draft, moved_by=practitioner, seen_revision=draft.revision - 1)
    other = make_user("pip", role=User.Role.PRACTITIONER)
    with pytest.raises(NotAllowed):
        assessment_move_guidance(assessment=draft, moved_by=other, seen_revision=draft.revision)
    Assessment.objects.filter(pk=draft.pk).update(status=Assessment.Status.SUBMITTED)
    draft = Assessment.objects.get(pk=draft.pk)
    assert guidance_move_for(assessment=draft) is None
    with pytest.raises(NotAllowed):
        assessment_move_guidance(assessment=draft, moved_by=practitioner, seen_revision=draft.revision)
    draft.refresh_from_db()
    assert draft.framework.slug == "sefton"


def test_a_draft_on_current_guidance_has_nothing_to_move(client, practitioner, draft):
    client.force_login(practitioner)
    response = client.post(reverse("referrals:move-guidance", args=[draft.pk]), {"revision": draft.revision})
    assert response["Location"] == reverse("referrals:overview", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.framework.slug == "sefton"
