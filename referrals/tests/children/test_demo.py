"""The demo data (issue 17): Sefton's demo lead sees a child referred twice, flagged, and its chronology."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import User
from referrals.demo import DEMO_REREFERRED
from referrals.models import Assessment, ChildLink

pytestmark = pytest.mark.django_db


def test_the_demo_lead_sees_a_rereferral_and_its_chronology(client):
    call_command("demo_users", "--force", stdout=StringIO())
    call_command("demo_users", "--force", stdout=StringIO())  # again: nothing more
    first, second = Assessment.objects.filter(child_name=DEMO_REREFERRED).order_by("submitted_at")
    assert first.status == "decided" and second.status == "submitted"
    assert 140 <= (second.submitted_at - first.submitted_at).days <= 160
    assert ChildLink.objects.get().status == "confirmed"
    client.force_login(User.objects.get(username="sefton-lead"))
    assert "Re-referral within 12 months" in client.get(reverse("referrals:queue")).content.decode()
    review = client.get(reverse("referrals:review", args=[second.pk])).content.decode()
    assert "Re-referral within 12 months" in review and first.reference in review
    chronology = client.get(reverse("referrals:chronology", args=[second.pk])).content.decode()
    assert first.reference in chronology and "The guidance says" in chronology  # accumulation across time
