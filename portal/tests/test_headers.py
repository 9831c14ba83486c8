"""Strict headers on every page (issue 14): CSP without inline script, Permissions-Policy, no-store when signed in."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from portal.middleware import SIGNED_IN_AT

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/", "/check/stoke-2018/stoke-on-trent/", "/account/sign-in/", "/no-such-page/"])
def test_every_page_has_a_strict_content_security_policy(client, url):
    policy = csp(client.get(url))
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)


def test_every_page_has_a_permissions_policy(client):
    assert "camera=()" in client.get("/")["Permissions-Policy"]


def test_anonymous_pages_may_be_cached_but_signed_in_pages_are_not(client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    user = UserFactory()
    client.force_login(user)
    for url in ("/", reverse("home"), "/check/stoke-2018/stoke-on-trent/"):
        response = client.get(url)
        assert response["Cache-Control"] == "no-store", url


def test_a_session_ends_after_a_working_day_however_active(client, settings):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 302  # signed in: sent to their own page
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_AGE - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_server_error_gets_the_portal_s_own_page_with_no_details(client):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert 'id="main-content"' in page
    assert "Traceback" not in page
