"""A database that drops its connections (a PostgreSQL restart, a failover) costs at most the requests in flight.

`DatabaseFaultMiddleware`, near the outside of the middleware: when a request failed because the database
connection broke (OperationalError or InterfaceError, recorded from Django's got_request_exception), every
connection that is no longer usable is closed, then:

- a GET or HEAD (idempotent: it changes nothing worth repeating) is run once more, from the top, on a new
  connection; if that fails too, the 503 page below;
- anything else is never repeated: each write service runs in one transaction, so a failed one left nothing
  behind, and the person is told so in a 503 page: "Your assessment was not sent. Try again." for a submission,
  "Your changes were not saved. Try again." for any other form.

CONN_HEALTH_CHECKS (portal.settings.base) replaces a stale connection before a request uses it, so most restarts
cost nothing at all. The 503 page is rendered without the request (no session, no user, no query).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

FAULT = "_threshold_database_fault"
IDEMPOTENT = ("GET", "HEAD")
NOT_SENT = "Your assessment was not sent. Try again."
NOT_SAVED = "Your changes were not saved. Try again."
UNAVAILABLE = "Sorry, the service is unavailable. Try again in a few minutes."


@receiver(got_request_exception)
def _remember_database_fault(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    import sys

    error = sys.exc_info()[1]
    if request is not None and isinstance(error, OperationalError | InterfaceError):
        setattr(request, FAULT, error)


def close_broken_connections() -> None:
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:  # a transaction around the request (a test's): not this middleware's to end
            continue
        connection.close_if_unusable_or_obsolete()


class DatabaseFaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, FAULT, None):
            return response
        close_broken_connections()
        if request.method in IDEMPOTENT:
            delattr(request, FAULT)
            logger.warning("database connection lost: %s %s asked once more", request.method, _route(request))
            response = self.get_response(request)
            if not getattr(request, FAULT, None):
                return response
            close_broken_connections()
            return unavailable(UNAVAILABLE, "Try again in a few minutes. Nothing has been changed.")
        logger.warning("database connection lost: %s %s not repeated", request.method, _route(request))
        if _route(request) == "referrals:submit":
            return unavailable(NOT_SENT, "The database did not answer, so nothing was sent or changed.")
        return unavailable(NOT_SAVED, "The database did not answer, so nothing was changed.")


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else "?"


def unavailable(heading: str, detail: str) -> HttpResponse:
    page: str
    try:
        page = render_to_string("503.html", {"heading": heading, "detail": detail})
    except Exception:  # the page's own parts failed: say it plainly
        logger.warning("the 503 page could not be rendered", exc_info=True)
        page = f"<!DOCTYPE html><html lang='en'><title>{heading}</title><h1>{heading}</h1><p>{detail}</p></html>"
    response = HttpResponse(page, status=503)
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response
