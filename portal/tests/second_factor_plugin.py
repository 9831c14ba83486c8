"""Test set-up: `client.force_login` and `client.login` sign in with both factors, as a lead or admin does.

Tests of other journeys want a lead who has passed the second factor. This makes force_login do that
(a confirmed authenticator device, marked passed in the session), so no test needs to repeat it. Tests
of the second factor itself sign in through the pages, or are marked `second_factor_by_hand` to get
Django's plain force_login.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.second_factor import APP_NAME, NEEDED


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(request, monkeypatch):
    if request.node.get_closest_marker("second_factor_by_hand"):
        return
    plain_force_login, plain_login = Client.force_login, Client.login

    def pass_second_factor(client: Client, user) -> None:
        session = client.session
        if session.get(NEEDED):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
                user=user, name=APP_NAME, confirmed=True
            )
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    def force_login(self, user, backend=None):
        plain_force_login(self, user, backend)
        pass_second_factor(self, user)

    def login(self, **credentials):
        # The lockout backend (django-axes) needs the request, which Django's test client does not pass.
        credentials.setdefault("request", RequestFactory().post("/account/sign-in/"))
        signed_in = plain_login(self, **credentials)
        if signed_in:
            pass_second_factor(self, get_user_model().objects.get(username=credentials["username"]))
        return signed_in

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "login", login)
