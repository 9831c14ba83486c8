"""Signing in, sessions and password reset: the portal's own account pages."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.middleware import REFRESH_EVERY
from portal.session_backends import REFRESHED_AT
from portal.tests.factories import PASSWORD
from portal.tests.pages import error_summary

pytestmark = pytest.mark.django_db


def test_sessions_last_thirty_minutes_from_the_last_request():
    assert settings.SESSION_COOKIE_AGE == 1800
    # Issue 19 changes this: not saved on every request, but refreshed at most once a minute
    # (portal.middleware.SessionRefreshMiddleware; the tests below).
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert "portal.middleware.SessionRefreshMiddleware" in settings.MIDDLEWARE


def _session(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_a_session_is_renewed_by_each_request_and_ends_when_it_expires(client, practitioner):
    response = client.post(reverse("login"), {"username": "pat", "password": PASSWORD})
    assert response["Location"] == reverse("home")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 1800

    session = client.session  # issue 19: refreshed at most once a minute, so the last refresh is made older too
    session[REFRESHED_AT] = int(time.time()) - REFRESH_EVERY
    session.save()
    Session.objects.filter(pk=_session(client).pk).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get(reverse("referrals:mine")).status_code == 200
    assert _session(client).expire_date > timezone.now() + timedelta(minutes=29)  # renewed

    Session.objects.filter(pk=_session(client).pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("referrals:mine"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=" + reverse("referrals:mine")


def test_password_reset_sends_an_email_whose_link_works(client, practitioner):
    response = client.post(reverse("password_reset"), {"email": practitioner.email})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [practitioner.email]
    assert email.subject == "Reset your Threshold password"
    assert "(pat)" in email.body
    link = re.search(r"https?://[^/\s]+(/account/password-reset/[^/\s]+/[^/\s]+/)", email.body).group(1)

    response = client.get(link)  # Django swaps the token for a session key, then shows the form
    assert response.status_code == 302
    form_page = client.get(response["Location"])
    assert "Choose a new password" in form_page.content.decode()
    new_password = "a-brand-new-passphrase-2026"
    response = client.post(response["Location"], {"new_password1": new_password, "new_password2": new_password})
    assert response["Location"] == reverse("password_reset_complete")

    assert client.login(username="pat", password=new_password)
    assert not client.login(username="pat", password=PASSWORD)
    client.logout()
    assert "This link does not work" in client.get(link, follow=True).content.decode()  # used once only


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client, practitioner):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_reset_without_an_email_gets_the_error_summary(client):
    page = client.post(reverse("password_reset"), {"email": ""}).content.decode()
    assert error_summary(page) == ["Enter your email address"]


def test_sign_in_with_bad_credentials_gets_the_error_summary(client, practitioner):
    response = client.post(reverse("login"), {"username": "pat", "password": "not-the-password"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in page
    assert error_summary(page) == ["Enter a correct username and password. Both may be case-sensitive."]
    assert 'value="pat"' in page  # the username is kept
    assert "_auth_user_id" not in client.session


def test_sign_in_with_nothing_entered_names_both_fields(client):
    page = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert error_summary(page) == ["Enter your username", "Enter your password"]


def test_signing_in_lands_a_practitioner_on_their_assessments(client, practitioner):
    response = client.post(reverse("login"), {"username": "pat", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1] == (reverse("referrals:mine"), 302)
    assert "My assessments" in response.content.decode()


# --- Issue 19: the session refreshed at most once a minute ----------------------------------------------------


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]


def test_a_signed_in_request_within_a_minute_of_the_last_refresh_writes_nothing(client, practitioner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.post(reverse("login"), {"username": "pat", "password": PASSWORD})
    client.get(reverse("accessibility"))  # the first page after signing in
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert _writes(queries.captured_queries) == []
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # nor is the cookie sent again
    session_queries = [q for q in queries.captured_queries if "django_session" in q["sql"]]
    assert len(session_queries) == 1  # read once, never written


def test_a_session_is_refreshed_once_its_last_refresh_is_a_minute_old_and_knows_when_it_ends(client, practitioner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.post(reverse("login"), {"username": "pat", "password": PASSWORD})
    session = client.session
    session[REFRESHED_AT] = int(time.time()) - REFRESH_EVERY - 1
    session.save()
    old_expiry = _session(client).expire_date
    assert client.session.get_expiry_date() == old_expiry  # the date the row ends, not "now + 30 minutes"

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("accessibility"))
    assert len([sql for sql in _writes(queries.captured_queries) if "django_session" in sql]) == 1
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 1800
    new_expiry = _session(client).expire_date
    assert new_expiry > old_expiry + timedelta(seconds=REFRESH_EVERY)
    assert abs((client.session.get_expiry_date() - new_expiry).total_seconds()) < 1
    assert timezone.now() + timedelta(minutes=29) < new_expiry <= timezone.now() + timedelta(minutes=30)


def test_an_anonymous_request_without_a_session_reads_and_writes_no_session(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("accessibility"))
    assert [q for q in queries.captured_queries if "django_session" in q["sql"]] == []
    assert settings.SESSION_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("cached", [0, 300])
def test_the_header_names_the_partnership_without_a_query_of_its_own(client, practitioner, settings, cached):
    """Issue 19: the user is read with their partnership (and cached with it); saving the partnership counts at once."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.auth_backends import user_cache_key

    settings.USER_CACHE_SECONDS = cached
    cache.delete(user_cache_key(practitioner.pk))
    client.post(reverse("login"), {"username": "pat", "password": PASSWORD})
    client.get(reverse("accessibility"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("accessibility"))
    assert f", {practitioner.partnership.name}</li>" in response.content.decode()
    assert not [q for q in queries.captured_queries if 'FROM "thresholds_partnership"' in q["sql"]]

    practitioner.partnership.name = "Renamed Safeguarding Partnership"
    practitioner.partnership.save()
    assert ", Renamed Safeguarding Partnership</li>" in client.get(reverse("accessibility")).content.decode()


def test_the_signed_in_user_comes_from_the_cache_until_saved(client, practitioner, settings):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.auth_backends import user_cache_key

    settings.USER_CACHE_SECONDS = 300
    cache.delete(user_cache_key(practitioner.pk))
    client.post(reverse("login"), {"username": "pat", "password": PASSWORD})
    client.get(reverse("accessibility"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("accessibility")).status_code == 200
    assert not [q for q in queries.captured_queries if '"portal_user"' in q["sql"]]  # no lookup of the user

    practitioner.is_active = False  # saving drops the cached entry: deactivation counts at once
    practitioner.save()
    assert client.get(reverse("referrals:mine"))["Location"].startswith(reverse("login"))
    cache.delete(user_cache_key(practitioner.pk))
