"""A practitioner's own history of a child (issue 17, item 5): listed on "About the child", never anyone else's;
"Start from your last assessment" copies the ticks, to be confirmed on the indicator step before sending."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.access import Role
from portal.tests.factories import AssessmentFactory, form_data, make_user
from referrals.assessments.rules import missing_for_submission
from referrals.assessments.services import assessment_submit

pytestmark = pytest.mark.django_db

BORN = date(2016, 4, 9)
NAME = "Tamsin Quenby"


@pytest.fixture
def people():
    return {"practitioner": make_user("p"), "colleague": make_user("c"), "lead": make_user("l", role=Role.LEAD)}


def test_own_earlier_assessments_are_listed_and_ticks_copied_to_be_confirmed(client, people):
    me = people["practitioner"]
    earlier = AssessmentFactory(owner=me, child_name=NAME, date_of_birth=BORN, ticks=4)
    assert assessment_submit(assessment=earlier, submitted_by=me)
    earlier.refresh_from_db()
    theirs = AssessmentFactory(owner=people["colleague"], child_name=NAME, date_of_birth=BORN)
    draft = AssessmentFactory(owner=me, child_name="tamsin quenby", date_of_birth=BORN, ticks=1)
    client.force_login(me)
    page = client.get(reverse("referrals:step", args=[draft.pk, "child"])).content.decode()
    assert "Your earlier assessments of this child" in page and earlier.reference in page
    assert theirs.reference not in page  # never anyone else's
    assert "Start from your last assessment" in page
    indicators = client.get(reverse("referrals:step", args=[draft.pk, "indicators"])).content.decode()
    assert "Start from your last assessment" in indicators and theirs.reference not in indicators  # the next step too

    response = client.post(reverse("referrals:start-from", args=[draft.pk]), {"source": str(earlier.pk)})
    assert response["Location"] == reverse("referrals:step", args=[draft.pk, "indicators"])
    draft.refresh_from_db()
    assert draft.indicators == earlier.indicators and draft.suggested_level == earlier.suggested_level
    assert draft.ticks_copied_from == earlier.reference
    assert ("indicators", "Check and confirm the indicators copied from your earlier assessment") in (
        missing_for_submission(draft)
    )
    step = client.get(reverse("referrals:step", args=[draft.pk, "indicators"])).content.decode()
    assert f"These ticks were copied from your assessment {earlier.reference}" in step
    assert "Start from your last assessment" not in step  # offered once: the ticks are copied now
    client.post(reverse("referrals:step", args=[draft.pk, "indicators"]), form_data(draft, "indicators"))
    draft.refresh_from_db()
    assert draft.ticks_copied_from == "" and not [m for s, m in missing_for_submission(draft) if s == "indicators"]


def test_someone_elses_assessment_is_never_copied(client, people):
    theirs = AssessmentFactory(owner=people["colleague"], child_name=NAME, date_of_birth=BORN, ticks=4)
    draft = AssessmentFactory(owner=people["practitioner"], child_name=NAME, date_of_birth=BORN, ticks=1)
    before = list(draft.indicators)
    client.force_login(people["practitioner"])
    for source in (str(theirs.pk), "not-a-uuid", ""):
        response = client.post(reverse("referrals:start-from", args=[draft.pk]), {"source": source})
        assert response["Location"] == reverse("referrals:step", args=[draft.pk, "child"])
    draft.refresh_from_db()
    assert draft.indicators == before and draft.ticks_copied_from == ""


def test_the_child_step_costs_the_same_with_1_or_20_own_earlier_assessments(client, people):
    me = people["practitioner"]
    draft = AssessmentFactory(owner=me, child_name=NAME, date_of_birth=BORN)
    client.force_login(me)
    counts = []
    for n in (1, 19):
        for _ in range(n):
            AssessmentFactory(owner=me, child_name=NAME, date_of_birth=BORN)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("referrals:step", args=[draft.pk, "child"])).content.decode()
        assert page.count('href="/assessments/') >= n
        counts.append(len(queries))
    assert counts[0] == counts[1]
