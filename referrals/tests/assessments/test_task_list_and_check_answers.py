"""Issue 18 item 5: no red error list before anything was done; the overview is a GOV.UK task list; the
submit page is "Check your answers" with a "Change" link to each step that comes back to it; the header says
who is signed in and for which partnership."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from portal.tests.factories import AssessmentFactory, form_data
from referrals.assessments.steps import CANNOT_START, COMPLETED, IN_PROGRESS, NOT_STARTED, step_statuses
from referrals.models import Assessment

pytestmark = pytest.mark.django_db


def _statuses(assessment: Assessment) -> dict[str, str]:
    return {task["name"]: task["status"] for task in step_statuses(assessment)}


def test_a_new_draft_opens_with_no_error_list_and_a_task_list(signed_in, practitioner):
    signed_in.post(reverse("referrals:new", args=["sefton", "sefton"]))
    draft = Assessment.objects.get()
    assert _statuses(draft) == {
        "child": NOT_STARTED,
        "indicators": NOT_STARTED,
        "judgement": CANNOT_START,
        "consent": CANNOT_START,
        "voice": NOT_STARTED,
    }
    page = signed_in.get(reverse("referrals:overview", args=[draft.pk])).content.decode()
    assert "govuk-error-summary" not in page
    assert 'class="govuk-task-list"' in page
    assert re.findall(r'<strong class="govuk-tag govuk-tag--blue">([^<]+)</strong>', page) == [NOT_STARTED] * 3
    assert page.count("Cannot start yet") == 2 and "Tick what you have seen first" in page
    assert f'href="{reverse("referrals:step", args=[draft.pk, "judgement"])}"' not in page
    assert "Check your answers" not in page  # not complete yet


def test_statuses_follow_what_was_answered():
    draft = AssessmentFactory(child_name="A name", date_of_birth=None, consent="")
    Assessment.objects.filter(pk=draft.pk).update(child_voice="", worries="", working_well="", needs_to_happen="")
    draft.refresh_from_db()
    statuses = _statuses(draft)
    assert statuses["child"] == IN_PROGRESS and statuses["indicators"] == COMPLETED
    assert statuses["voice"] == NOT_STARTED and statuses["consent"] == IN_PROGRESS  # who and when, no answer


def test_check_your_answers_has_a_change_link_to_each_step_which_comes_back_to_it(signed_in, practitioner):
    draft = AssessmentFactory(owner=practitioner)
    assert set(_statuses(draft).values()) == {COMPLETED}
    overview = signed_in.get(reverse("referrals:overview", args=[draft.pk])).content.decode()
    check = reverse("referrals:submit", args=[draft.pk])
    assert f'href="{check}">Check your answers</a>' in overview
    page = signed_in.get(check).content.decode()
    assert '<h1 class="govuk-heading-xl">Check your answers before sending</h1>' in page
    links = set(re.findall(r'href="([^"]+\?from=check)">Change', page))
    steps = ("child", "indicators", "judgement", "voice", "consent")
    assert links == {reverse("referrals:step", args=[draft.pk, s]) + "?from=check" for s in steps}
    assert ">Send to my safeguarding lead</button>" in page and "govuk-error-summary" not in page

    step = reverse("referrals:step", args=[draft.pk, "voice"]) + "?from=check"
    assert f'action="{step}"' in signed_in.get(step).content.decode()
    response = signed_in.post(step, form_data(draft, "voice") | {"worries": "Changed from check answers."})
    assert response["Location"] == check
    assert "Changed from check answers." in signed_in.get(check).content.decode()


def test_the_error_list_shows_after_send_was_refused_only(signed_in, practitioner):
    draft = AssessmentFactory(owner=practitioner, child_voice="")
    overview = reverse("referrals:overview", args=[draft.pk])
    assert "Before you can send" not in signed_in.get(overview).content.decode()
    assert "Before you can send" in signed_in.get(reverse("referrals:submit", args=[draft.pk])).content.decode()
    signed_in.post(reverse("referrals:submit", args=[draft.pk]))
    assert "Before you can send" in signed_in.get(overview).content.decode()
    assert "Before you can send" not in signed_in.get(overview).content.decode()  # once


def test_the_header_says_who_is_signed_in_and_for_which_partnership(signed_in, practitioner):
    page = signed_in.get(reverse("referrals:mine")).content.decode()
    name = practitioner.get_full_name() or practitioner.username
    assert f"Signed in as {name}, {practitioner.partnership.name}" in page
