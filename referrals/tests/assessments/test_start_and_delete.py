"""Issue 18 item 2: "Start" sent twice with the same form token makes one draft; a practitioner deletes a
draft (kept for the audit, gone from their list, 404 after); buttons that create something prevent a double
click."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from portal.tests.factories import AssessmentFactory, current_framework
from referrals.assessments.services import assessment_start
from referrals.models import Assessment

pytestmark = pytest.mark.django_db

NEW = reverse("referrals:new", args=["sefton", "sefton"])


def test_the_start_page_carries_a_one_time_token_and_prevents_a_double_click(signed_in):
    page = signed_in.get(NEW).content.decode()
    assert 'data-prevent-double-click="true">Start</button>' in page
    token = page.split('name="start_token" value="')[1].split('"')[0]
    assert uuid.UUID(token)
    assert token not in signed_in.get(NEW).content.decode()  # a new one each time


def test_start_sent_twice_with_the_same_token_makes_one_draft(signed_in, practitioner):
    token = str(uuid.uuid4())
    first = signed_in.post(NEW, {"start_token": token})
    second = signed_in.post(NEW, {"start_token": token})
    assert Assessment.objects.filter(owner=practitioner).count() == 1
    assert first["Location"] == second["Location"]  # the second goes on to the draft the first made
    signed_in.post(NEW, {"start_token": str(uuid.uuid4())})
    signed_in.post(NEW, {"start_token": "not-a-token"})  # as before the token: a new draft
    assert Assessment.objects.filter(owner=practitioner).count() == 3


def test_the_service_gives_back_the_draft_a_token_already_made(practitioner):
    framework = current_framework(practitioner.partnership)
    token = uuid.uuid4()
    made = assessment_start(owner=practitioner, framework=framework, area="sefton", codes=[], start_token=token)
    again = assessment_start(owner=practitioner, framework=framework, area="sefton", codes=[], start_token=token)
    assert again.pk == made.pk and Assessment.objects.count() == 1


def test_a_second_request_that_loses_the_race_gets_the_first_draft(practitioner, monkeypatch):
    """Both requests looked before either saved: the unique constraint turns the second into the first."""
    framework = current_framework(practitioner.partnership)
    token = uuid.uuid4()
    made = assessment_start(owner=practitioner, framework=framework, area="sefton", codes=[], start_token=token)
    from referrals.assessments import services

    real_filter = Assessment.objects.filter

    def nothing_yet(*args, **kwargs):
        if "start_token" in kwargs:
            return Assessment.objects.none()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(services.Assessment.objects, "filter", nothing_yet)
    again = assessment_start(owner=practitioner, framework=framework, area="sefton", codes=[], start_token=token)
    assert again.pk == made.pk
    assert Assessment.objects.count() == 1


def test_deleting_a_draft_asks_first_then_keeps_it_for_the_audit_only(signed_in, practitioner):
    draft = AssessmentFactory(owner=practitioner, child_name="Ada Lovelace")
    url = reverse("referrals:delete", args=[draft.pk])
    overview = signed_in.get(reverse("referrals:overview", args=[draft.pk])).content.decode()
    assert f'href="{url}">Delete this draft</a>' in overview
    page = signed_in.get(url).content.decode()
    assert "Are you sure you want to delete this draft?" in page
    warning = 'class="govuk-button govuk-button--warning" data-module="govuk-button" data-prevent-double-click="true"'
    assert warning in page
    assert Assessment.objects.get().deleted_at is None  # the GET deleted nothing

    response = signed_in.post(url)
    assert response["Location"] == reverse("referrals:mine")
    kept = Assessment.objects.get()
    assert kept.deleted_at is not None and kept.child_name == "Ada Lovelace"
    assert kept.history.first().deleted_at is not None  # in its history
    listed = signed_in.get(reverse("referrals:mine")).content.decode()
    assert f"Draft {draft.reference} has been deleted." in listed
    assert "Ada Lovelace" not in listed and f">{draft.reference}</a>" not in listed
    for name in ("referrals:overview", "referrals:summary", "referrals:delete"):
        assert signed_in.get(reverse(name, args=[draft.pk])).status_code == 404
    assert signed_in.get(reverse("referrals:step", args=[draft.pk, "child"])).status_code == 404


def test_a_sent_assessment_cannot_be_deleted(signed_in, practitioner):
    sent = AssessmentFactory(owner=practitioner, submitted=True)
    assert signed_in.post(reverse("referrals:delete", args=[sent.pk])).status_code == 403
    assert Assessment.objects.get().deleted_at is None
    overview = signed_in.get(reverse("referrals:overview", args=[sent.pk])).content.decode()
    assert "Delete this draft" not in overview


def test_buttons_that_create_something_prevent_a_double_click(signed_in, practitioner):
    draft = AssessmentFactory(owner=practitioner)
    step = signed_in.get(reverse("referrals:step", args=[draft.pk, "voice"])).content.decode()
    assert 'data-prevent-double-click="true"' in step and 'data-module="govuk-button"' in step


def test_changing_a_sent_assessment_says_it_was_sent_and_when(signed_in, practitioner):
    from datetime import datetime

    from django.utils import timezone

    sent = AssessmentFactory(owner=practitioner, submitted=True)
    Assessment.objects.filter(pk=sent.pk).update(submitted_at=timezone.make_aware(datetime(2026, 11, 3, 10)))
    for url in (reverse("referrals:step", args=[sent.pk, "voice"]), reverse("referrals:delete", args=[sent.pk])):
        response = signed_in.get(url)
        page = response.content.decode()
        assert response.status_code == 403
        assert "This assessment was sent on 3 November 2026 and cannot be changed." in page
        assert "Your account does not allow this" not in page
