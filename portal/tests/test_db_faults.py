"""Issue 19: a dropped database connection: a read is asked once more, a write is never half-done and says so."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse

from portal.db_faults import NOT_SAVED, NOT_SENT, UNAVAILABLE
from portal.tests.factories import AssessmentFactory
from referrals.models import Assessment, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def drop(monkeypatch):
    """drop(fragment, times): the next `times` queries whose SQL contains `fragment` fail as a dropped
    connection does (OperationalError), before reaching the database."""
    real = CursorWrapper.execute
    state = {"fragment": None, "left": 0, "failed": 0}

    def execute(self, sql, params=None):
        if state["left"] and state["fragment"] in sql:
            state["left"] -= 1
            state["failed"] += 1
            raise OperationalError("server closed the connection unexpectedly")
        return real(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", execute)

    def arm(fragment: str, times: int = 1) -> dict:
        state.update(fragment=fragment, left=times, failed=0)
        return state

    return arm


@pytest.fixture
def browser(practitioner):
    client = Client(raise_request_exception=False)  # as a real server: the error becomes a response
    client.force_login(practitioner)
    return client


def test_config_checks_connections_before_reuse(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_a_read_that_loses_its_connection_is_asked_once_more(browser, practitioner, drop):
    AssessmentFactory(owner=practitioner, child_name="Retry Example")
    state = drop('FROM "referrals_assessment"', times=1)
    response = browser.get(reverse("referrals:mine"))
    assert state["failed"] == 1
    assert response.status_code == 200 and "Retry Example" in response.content.decode()


def test_a_read_that_fails_twice_gets_the_503_page_not_a_500(browser, practitioner, drop):
    AssessmentFactory(owner=practitioner)
    state = drop('FROM "referrals_assessment"', times=5)
    response = browser.get(reverse("referrals:mine"))
    assert state["failed"] == 2  # asked once more, never a third time
    assert response.status_code == 503
    page = response.content.decode()
    assert UNAVAILABLE in page and "Traceback" not in page and "server closed" not in page


def test_a_submission_that_loses_its_connection_is_not_half_done_and_says_so(browser, practitioner, lead, drop):
    assessment = AssessmentFactory(owner=practitioner)
    state = drop('INSERT INTO "referrals_notification"', times=1)  # after the assessment's own UPDATE
    response = browser.post(reverse("referrals:submit", args=[assessment.pk]))
    assert state["failed"] == 1  # never repeated
    assert response.status_code == 503
    assert NOT_SENT in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT and assessment.submitted_at is None
    assert not Notification.objects.exists()
    assert assessment.history.count() == 1  # the factory's; nothing of the failed submission

    response = browser.post(reverse("referrals:submit", args=[assessment.pk]))  # "Try again." works
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_any_other_form_that_loses_its_connection_says_nothing_was_saved(browser, practitioner, drop):
    assessment = AssessmentFactory(owner=practitioner)
    drop('UPDATE "referrals_assessment"', times=1)
    response = browser.post(
        reverse("referrals:step", args=[assessment.pk, "voice"]), {"child_voice": "x", "revision": assessment.revision}
    )
    assert response.status_code == 503 and NOT_SAVED in response.content.decode()
