"""Issue 18 item 1: the timeout warning's figures and "Stay signed in", and a step posted after the session
ended is kept, then put back once after signing in again (docs/decisions/0014-nothing-typed-is-lost.md)."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.urls import reverse

from portal.middleware import SIGNED_IN_AT
from portal.tests.factories import PASSWORD, AssessmentFactory, UserFactory, form_data, partnership
from referrals.assessments.kept import KEPT, NOT_RESTORED, RESTORED, SIGNED_OUT
from referrals.models import Assessment

pytestmark = pytest.mark.django_db

TYPED = "Typed before the session ended"


@pytest.fixture
def draft():
    owner = UserFactory(username="pat", partnership=partnership("sefton"))
    return AssessmentFactory(owner=owner, child_name="")


def _sign_in(client, username: str, next_url: str):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD, "next": next_url})


def test_stay_signed_in_answers_the_time_left_and_creates_nothing(client, draft):
    url = reverse("session_extend")
    assert client.post(url).status_code == 401  # signed out: nothing to extend
    client.force_login(draft.owner)
    assert client.get(url).status_code == 405
    before = (Assessment.objects.count(), Assessment.objects.get().revision)
    answer = client.post(url).json()
    assert answer == {"signed_in": True, "seconds_left": settings.SESSION_COOKIE_AGE, "extended": True}
    assert (Assessment.objects.count(), Assessment.objects.get().revision) == before
    session = client.session  # near the end of the working day: the day's limit, which cannot be extended
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_AGE + 90
    session.save()
    answer = client.post(url).json()
    assert answer["extended"] is False and 85 <= answer["seconds_left"] <= 90


def test_stay_signed_in_needs_the_csrf_token(draft):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(draft.owner)
    assert client.post(reverse("session_extend")).status_code == 403


def test_every_signed_in_page_carries_the_warning_with_the_real_time_left(client, draft, settings):
    settings.SESSION_TIMEOUT_WARNING = 120
    assert "data-timeout-warning" not in client.get(reverse("start")).content.decode()
    client.force_login(draft.owner)
    page = client.get(reverse("referrals:mine")).content.decode()
    left = int(re.search(r'data-seconds-left="(\d+)"', page).group(1))
    # Counted from the session's last refresh (at signing in: it is written at most once a minute).
    assert settings.SESSION_COOKIE_AGE - 60 < left <= settings.SESSION_COOKIE_AGE
    assert 'data-warn-before="120"' in page and "Stay signed in" in page


def test_a_step_posted_after_the_session_ended_is_put_back_once_after_signing_in(client, draft):
    url = reverse("referrals:step", args=[draft.pk, "child"])
    data = {**form_data(draft, "child"), "child_name": TYPED, "household": "Mother and a brother"}
    response = client.post(url, data)  # the session has ended: no one is signed in
    assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={url}"
    assert TYPED not in response["Location"]
    sign_in_page = client.get(response["Location"]).content.decode()
    assert SIGNED_OUT in sign_in_page
    draft.refresh_from_db()
    assert draft.child_name == "" and draft.revision == 1  # nothing saved while signed out

    assert _sign_in(client, "pat", url)["Location"] == url
    page = client.get(url).content.decode()
    assert RESTORED[:40] in page
    assert f'value="{TYPED}"' in page and "Mother and a brother" in page
    draft.refresh_from_db()
    assert draft.child_name == ""  # shown to check, not saved
    assert TYPED not in client.get(url).content.decode()  # once


def test_the_indicator_step_keeps_its_ticks_too(client, draft):
    url = reverse("referrals:step", args=[draft.pk, "indicators"])
    client.post(url, {"indicators": ["learning-3-01"], "q": "", "at": ""})
    _sign_in(client, "pat", url)
    page = client.get(url).content.decode()
    assert RESTORED[:40] in page
    assert 'value="learning-3-01" aria-describedby="indicator-learning-3-01-hint" checked' in page
    assert Assessment.objects.get().indicators != ["learning-3-01"]  # shown to check, not saved


def test_someone_else_signing_in_gets_nothing_of_it(client, draft):
    UserFactory(username="sam", partnership=partnership("sefton"))
    url = reverse("referrals:step", args=[draft.pk, "child"])
    client.post(url, {**form_data(draft, "child"), "child_name": TYPED})
    assert KEPT in client.session
    response = _sign_in(client, "sam", url)
    assert response.status_code == 302
    assert KEPT not in client.session
    assert NOT_RESTORED in client.get(reverse("referrals:mine")).content.decode()


def test_a_sent_assessment_is_not_restored_into(client, draft):
    url = reverse("referrals:step", args=[draft.pk, "child"])
    client.post(url, {**form_data(draft, "child"), "child_name": TYPED})
    Assessment.objects.filter(pk=draft.pk).update(status=Assessment.Status.SUBMITTED)
    _sign_in(client, "pat", url)
    assert KEPT not in client.session
