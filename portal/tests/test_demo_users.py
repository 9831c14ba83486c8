"""`manage.py demo_users`: three roles in three partnerships, each demo practitioner with one sent assessment."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal.management.commands.demo_users import DEMO_PASSWORD
from portal.models import User
from referrals.assessments.rules import missing_for_submission
from referrals.demo import DEMO_REREFERRED
from referrals.models import Assessment

pytestmark = pytest.mark.django_db


def test_demo_users_makes_three_roles_in_three_partnerships_and_is_idempotent(client):
    call_command("demo_users", "--force", stdout=StringIO())
    users = {u.username: u for u in User.objects.select_related("partnership", "organisation")}
    expected = {
        f"{short}-{role}": (slug, role)
        for short, slug in (("hw", "herefordshire-worcestershire"), ("stoke", "stoke-on-trent"), ("sefton", "sefton"))
        for role in ("practitioner", "lead", "admin")
    }
    assert set(users) == set(expected)
    for username, (slug, role) in expected.items():
        user = users[username]
        assert (user.partnership.slug, user.role) == (slug, role)
        assert user.organisation.partnership == user.partnership
        assert user.is_staff == (role == "admin")
    assert client.login(username="sefton-lead", password=DEMO_PASSWORD)

    users["sefton-lead"].set_password("changed-by-its-user-2026")
    users["sefton-lead"].save()
    snapshot = sorted(User.objects.values_list("username", "role", "partnership_id", "organisation_id"))
    call_command("demo_users", "--force", stdout=StringIO())
    assert sorted(User.objects.values_list("username", "role", "partnership_id", "organisation_id")) == snapshot
    assert User.objects.count() == 9
    assert User.objects.get(username="sefton-lead").check_password("changed-by-its-user-2026")  # not reset


def test_each_demo_practitioner_has_sent_one_assessment_for_their_lead(client):
    call_command("demo_users", "--force", stdout=StringIO())
    call_command("demo_users", "--force", stdout=StringIO())  # again: nothing more is sent
    # Besides these, Sefton's demo practitioner has sent a family (below) and referred one child twice (issue 17:
    # referrals/tests/children).
    sent = (
        Assessment.objects.filter(family__isnull=True)
        .exclude(child_name=DEMO_REREFERRED)
        .select_related("owner", "framework")
    )
    assert sorted(a.owner.username for a in sent) == ["hw-practitioner", "sefton-practitioner", "stoke-practitioner"]
    for assessment in sent:
        assert assessment.status == Assessment.Status.SUBMITTED
        assert "not a real child" in assessment.child_name
        assert assessment.framework.status == "current" and assessment.suggested_level == 3
        assert missing_for_submission(assessment) == []
    client.login(username="sefton-lead", password=DEMO_PASSWORD)
    queue = client.get(reverse("referrals:queue")).content.decode()
    assert sent.get(owner__username="sefton-practitioner").reference in queue
    assert sent.get(owner__username="stoke-practitioner").reference not in queue


def test_the_sefton_demo_lead_has_a_family_of_three_to_review(client):
    """Issue 17: a family of two children and an unborn baby sent in one referral, each with their own level."""
    call_command("demo_users", "--force", stdout=StringIO())
    call_command("demo_users", "--force", stdout=StringIO())  # again: no second family
    family = list(Assessment.objects.filter(family__isnull=False).order_by("created"))
    assert len(family) == 3 and len({a.family_id for a in family}) == 1
    assert {a.owner.username for a in family} == {"sefton-practitioner"}
    assert [a.unborn for a in family] == [False, False, True]
    assert [a.suggested_level for a in family] == [3, 2, 2]
    assert {a.status for a in family} == {Assessment.Status.SUBMITTED}
    assert len({(a.household, a.consent, a.consent_given_by) for a in family}) == 1  # written once
    assert all("not a real child" in a.child_name and missing_for_submission(a) == [] for a in family)
    client.login(username="sefton-lead", password=DEMO_PASSWORD)
    queue = client.get(reverse("referrals:queue")).content.decode()
    assert all(a.reference in queue for a in family) and queue.count("Family of 3") == 3


def test_demo_users_refuses_without_force_when_debug_is_off():
    assert settings.DEBUG is False
    with pytest.raises(CommandError, match="only runs in development"):
        call_command("demo_users")
    assert User.objects.count() == 0
