"""The timeout warning's time left (portal/session.py): counted from the session's last refresh, which is written
at most once a minute (portal.middleware.SessionRefreshMiddleware), and never past the working day's limit."""

from __future__ import annotations

from portal.middleware import REFRESH_EVERY, SIGNED_IN_AT
from portal.session import session_can_be_extended, session_seconds_left
from portal.session_backends import REFRESHED_AT

NOW = 1_800_000_000


def test_the_time_left_counts_from_the_last_refresh(settings):
    idle = settings.SESSION_COOKIE_AGE
    recently = {SIGNED_IN_AT: NOW - 3600, REFRESHED_AT: NOW - 30}
    assert session_seconds_left(session=recently, now=NOW) == idle - 30  # this request writes nothing
    due = {SIGNED_IN_AT: NOW - 3600, REFRESHED_AT: NOW - REFRESH_EVERY}
    assert session_seconds_left(session=due, now=NOW) == idle  # this request refreshes it
    assert session_can_be_extended(session=recently, now=NOW) and session_can_be_extended(session=due, now=NOW)


def test_the_working_days_limit_ends_it_first(settings):
    late = {SIGNED_IN_AT: NOW - settings.SESSION_ABSOLUTE_AGE + 100, REFRESHED_AT: NOW - 5}
    assert session_seconds_left(session=late, now=NOW) == 100
    assert not session_can_be_extended(session=late, now=NOW)


def test_stay_signed_in_refreshes_the_session_within_the_minute(client, practitioner, settings):
    """A session is written at most once a minute, but "Stay signed in" always starts the idle time again."""
    import time

    from django.urls import reverse

    client.force_login(practitioner)
    session = client.session
    session[REFRESHED_AT] = int(time.time()) - 30  # refreshed half a minute ago: no write due yet
    session.save()
    answer = client.post(reverse("session_extend")).json()
    assert answer["extended"] is True
    assert answer["seconds_left"] == settings.SESSION_COOKIE_AGE
    assert client.session[REFRESHED_AT] >= int(time.time()) - 1
