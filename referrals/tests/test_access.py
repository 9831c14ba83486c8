"""`referrals.access`, the one door, as a table: every question against every kind of person and assessment.

The URL x person matrix in test_permissions.py checks the pages; this checks the rules themselves.
"""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from portal.models import User
from portal.tests.factories import AssessmentFactory, current_framework, decided, make_user, partnership
from referrals import access
from referrals.disagreement.services import escalation_raise, escalation_record
from referrals.models import Assessment
from thresholds.models import Framework

pytestmark = pytest.mark.django_db

OWNER, COLLEAGUE, LEAD, OTHER_LEAD, ADMIN, ANONYMOUS, INACTIVE = ACTORS = (
    "owner",  # the practitioner who made the assessment (Sefton)
    "colleague",  # another Sefton practitioner
    "lead",  # a Sefton safeguarding lead
    "other_lead",  # a Stoke-on-Trent safeguarding lead
    "admin",  # Sefton's partnership admin
    "anonymous",
    "inactive",  # a Sefton lead whose account is switched off
)
DRAFT, SENT, DECIDED = STATES = ("draft", "sent", "decided")


@pytest.fixture
def people() -> dict:
    return {
        OWNER: make_user("a-owner", role=User.Role.PRACTITIONER),
        COLLEAGUE: make_user("a-colleague", role=User.Role.PRACTITIONER),
        LEAD: make_user("a-lead", role=User.Role.LEAD),
        OTHER_LEAD: make_user("a-other-lead", role=User.Role.LEAD, slug="stoke-on-trent"),
        ADMIN: make_user("a-admin", role=User.Role.ADMIN),
        ANONYMOUS: AnonymousUser(),
        INACTIVE: make_user("a-inactive", role=User.Role.LEAD, is_active=False),
    }


@pytest.fixture
def assessments(people) -> dict[str, Assessment]:
    owner, lead = people[OWNER], people[LEAD]
    return {
        DRAFT: AssessmentFactory(owner=owner),
        SENT: AssessmentFactory(owner=owner, submitted=True),
        DECIDED: decided(lead=lead, owner=owner),
    }


def table(**allowed: set[str]) -> list[tuple[str, str, bool]]:
    """(actor, state, expected) for every actor and state: True where `allowed[state]` names the actor."""
    return [(actor, state, actor in allowed.get(state, set())) for state in STATES for actor in ACTORS]


VIEW = table(draft={OWNER}, sent={OWNER, LEAD}, decided={OWNER, LEAD})
EDIT = table(draft={OWNER})
REVIEW = table(sent={LEAD}, decided={LEAD})
RAISE = table(decided={OWNER})


@pytest.mark.parametrize(("actor", "state", "expected"), VIEW)
def test_who_sees_an_assessment(people, assessments, actor, state, expected):
    user, assessment = people[actor], assessments[state]
    assert (assessment in access.assessments_visible_to(user)) is expected
    assert (assessment in Assessment.objects.visible_to(user)) is expected  # the manager asks the same rule
    assert access.can_view(user, assessment) is expected


@pytest.mark.parametrize(("actor", "state", "expected"), EDIT)
def test_who_edits_an_assessment(people, assessments, actor, state, expected):
    assert access.can_edit(people[actor], assessments[state]) is expected


@pytest.mark.parametrize(("actor", "state", "expected"), REVIEW)
def test_who_reviews_an_assessment(people, assessments, actor, state, expected):
    user, assessment = people[actor], assessments[state]
    assert access.can_review(user, assessment) is expected
    assert (assessment in access.assessments_in_queue_of(user)) is expected


@pytest.mark.parametrize(("actor", "state", "expected"), RAISE)
def test_who_raises_a_disagreement(people, assessments, actor, state, expected):
    assert access.can_raise_disagreement(people[actor], assessments[state]) is expected


@pytest.mark.parametrize(("actor", "expected"), [(actor, actor in {OWNER, LEAD}) for actor in ACTORS], ids=list(ACTORS))
def test_who_records_a_step_of_an_open_disagreement(people, assessments, actor, expected):
    escalation = escalation_raise(
        assessment=assessments[DECIDED], raised_by=people[OWNER], reason="The level is too low."
    )
    assert access.can_record_disagreement(people[actor], escalation) is expected
    escalation_record(
        escalation=escalation, author=people[LEAD], action="resolved", text="Agreed.", seen_revision=escalation.revision
    )
    escalation.refresh_from_db()
    assert access.can_record_disagreement(people[actor], escalation) is False  # resolved: nobody


@pytest.mark.parametrize(
    ("actor", "slug", "expected"),
    [
        (OWNER, "sefton", True),
        (OWNER, "stoke-on-trent", False),  # another partnership's guidance
        (LEAD, "sefton", False),
        (ADMIN, "sefton", False),
        (ANONYMOUS, "sefton", False),
        (INACTIVE, "sefton", False),
    ],
)
def test_who_starts_an_assessment(people, actor, slug, expected):
    assert access.can_start_assessment(people[actor], current_framework(partnership(slug))) is expected


def test_replaced_guidance_starts_nothing(people):
    replaced = Framework.objects.filter(status=Framework.Status.SUPERSEDED).first()
    practitioner = make_user("a-hw", role=User.Role.PRACTITIONER, slug=replaced.partnership.slug)
    assert access.can_start_assessment(practitioner, replaced) is False


# assessment_for: the assessment, 404 ("not yours" and "does not exist" alike) or 403 (yours, but not that).
FOUND, HIDDEN, REFUSED = "found", 404, 403
ASSESSMENT_FOR = [
    ("view", OWNER, DRAFT, FOUND),
    ("view", LEAD, DRAFT, HIDDEN),
    ("view", LEAD, SENT, FOUND),
    ("view", COLLEAGUE, SENT, HIDDEN),
    ("view", OTHER_LEAD, SENT, HIDDEN),
    ("view", ADMIN, SENT, HIDDEN),
    ("view", ANONYMOUS, SENT, HIDDEN),
    ("edit", OWNER, DRAFT, FOUND),
    ("edit", OWNER, SENT, REFUSED),
    ("edit", LEAD, SENT, REFUSED),
    ("edit", COLLEAGUE, DRAFT, HIDDEN),
    ("review", LEAD, SENT, FOUND),
    ("review", LEAD, DRAFT, HIDDEN),
    ("review", OTHER_LEAD, SENT, HIDDEN),
    ("review", OWNER, SENT, HIDDEN),
    ("disagree", OWNER, DECIDED, FOUND),
    ("disagree", LEAD, DECIDED, FOUND),
    ("disagree", OWNER, DRAFT, HIDDEN),
    ("disagree", COLLEAGUE, DECIDED, HIDDEN),
]


@pytest.mark.parametrize(("to", "actor", "state", "outcome"), ASSESSMENT_FOR)
def test_assessment_for(people, assessments, to, actor, state, outcome):
    user, assessment = people[actor], assessments[state]
    if outcome == FOUND:
        assert access.assessment_for(user, assessment.pk, to=to) == assessment
    else:
        with pytest.raises(Http404 if outcome == HIDDEN else PermissionDenied):
            access.assessment_for(user, assessment.pk, to=to)


def test_an_assessment_that_does_not_exist_is_answered_as_one_that_is_not_yours(people, assessments):
    import uuid

    with pytest.raises(Http404) as missing:
        access.assessment_for(people[COLLEAGUE], uuid.uuid4())
    with pytest.raises(Http404) as hidden:
        access.assessment_for(people[COLLEAGUE], assessments[SENT].pk)
    assert str(missing.value) == str(hidden.value)


def test_refusals_are_logged_without_child_data(people, assessments, caplog):
    assessment = assessments[SENT]
    with caplog.at_level(logging.INFO, logger="referrals.access"), pytest.raises(PermissionDenied):
        access.assessment_for(people[OWNER], assessment.pk, to="edit")
    [record] = caplog.records
    message = record.getMessage()
    assert str(people[OWNER].pk) in message and "edit" in message
    assert assessment.child_name not in message and assessment.reference not in message


@pytest.mark.parametrize("actor", ACTORS)
def test_the_guidance_offered_to_start_from_follows_the_same_rule(people, actor):
    user = people[actor]
    offered = set(access.frameworks_startable_by(user))
    assert offered == {f for f in Framework.objects.all() if access.can_start_assessment(user, f)}
    assert bool(offered) is (actor == OWNER or actor == COLLEAGUE)
