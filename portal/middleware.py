"""Headers and session rules every response gets: nothing with child data kept by a shared browser."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import MiddlewareNotUsed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from .session_backends import REFRESHED_AT

# No camera, microphone, location, payment or other powerful feature is used by any page.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)
SIGNED_IN_AT = "threshold_signed_in_at"
REFRESH_EVERY = 60  # seconds: a session's idle expiry is pushed back at most this often (one write a minute)


class TrustedProxyMiddleware:
    """Behind TRUSTED_PROXY_COUNT proxies, REMOTE_ADDR becomes the client's address as the outermost trusted proxy
    recorded it: the TRUSTED_PROXY_COUNT-th X-Forwarded-For entry from the right (entries to its left were sent
    by the client and are not trusted). The lockout, the reset throttle and the security log then count the
    client, not the proxy. A missing, short or malformed header leaves REMOTE_ADDR as it is. Not used at 0."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.count: int = settings.TRUSTED_PROXY_COUNT
        if self.count <= 0:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        entries = [entry.strip() for entry in header.split(",") if entry.strip()]
        if len(entries) >= self.count:
            try:
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(entries[-self.count]))
            except ValueError:
                pass
        return self.get_response(request)


class SessionRefreshMiddleware:
    """The idle timeout without a write on every request: a session in use is saved (its expiry pushed back to
    now + SESSION_COOKIE_AGE, the cookie with it) when its last refresh is more than REFRESH_EVERY seconds old,
    or when it is being saved anyway; otherwise it is only read. A session therefore ends between
    SESSION_COOKIE_AGE - REFRESH_EVERY and SESSION_COOKIE_AGE seconds after the last request, and
    `request.session.get_expiry_date()` is the date it ends (portal.session_backends). Next to SessionMiddleware:
    it acts on the response, after the view has signed someone in or out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():  # no cookie: nothing read, nothing written
            return response
        refreshed = session.get(REFRESHED_AT)
        if session.is_empty():  # an expired or unknown session key: nothing to refresh
            return response
        now = int(time.time())
        if session.modified or refreshed is None or now - int(refreshed) >= REFRESH_EVERY:
            session[REFRESHED_AT] = now
        return response


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; `Cache-Control: no-store` on every response to someone signed in.

    Every page that shows a child's data needs a signed-in person, so a browser never keeps one of them
    (queue, review, dashboard, assessments, summaries, PDFs) for the next user of a shared computer.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
        return response


class AbsoluteSessionLifetimeMiddleware:
    """A session ends after SESSION_ABSOLUTE_AGE seconds (a working day) even if it is never idle."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            now = int(time.time())
            if started is None:
                request.session[SIGNED_IN_AT] = now
            elif now - int(started) > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
        return self.get_response(request)


@receiver(user_logged_in)
def _session_clocks_start(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Signing in saves the session: its working day starts (AbsoluteSessionLifetimeMiddleware) and this is its
    first refresh (SessionRefreshMiddleware), so the requests of the next minute write nothing."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[REFRESHED_AT] = now


class SecondFactorMiddleware:
    """Someone who needs a second factor and has not passed it this session reaches only the public pages
    and the second-factor pages; anything else sends them to pass it (or set it up), then back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        from .access import reachable_before_second_factor
        from .second_factor import NEEDED, second_factor_passed

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not request.session.get(NEEDED):
            return None
        if second_factor_passed(request):
            return None
        match = request.resolver_match
        if match is None or reachable_before_second_factor(match.url_name, match.namespace):
            return None
        return redirect_to_login(request.get_full_path(), reverse("second_factor"))
