"""Nothing typed is lost when the session ends (docs/decisions/0014-nothing-typed-is-lost.md).

A step's form posted after the session has ended reaches the step signed out: what it carries is kept in the
new (signed-out) session, the sign-in page is shown, and the first time its owner opens that step after signing
in (and any second factor) it is put back into the form, once, to check and save. It is kept server-side only:
never in a URL, a log line or the browser's storage. At sign-in it is dropped unless the person signing in owns
that assessment and it is still a draft, and then they are told so plainly.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, QueryDict

from ..models import Assessment

KEPT = "threshold_typed_before_sign_in"
KEPT_FOR = 60 * 60  # an hour: long enough to find the password, short enough not to linger
KEPT_LIMIT = 200_000  # characters: far above the steps' text limits; a larger post is not kept

SIGNED_OUT = (
    "You were signed out, so what you typed has not been saved yet. Sign in again and it will be put back "
    "into the form for you to check and save."
)
NOT_KEPT = "You were signed out, and what you typed could not be kept. Sign in again and enter it again."
NOT_RESTORED = (
    "What you typed before you were signed out could not be put back: that assessment is no longer "
    "a draft of yours. Nothing was saved."
)
RESTORED = (
    "You were signed out before this page was saved. What you typed has been put back: check it, "
    "then select “Save and continue”. It has not been saved yet."
)


def keep_typed_when_signed_out(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Around a step's view: a POST from someone signed out is kept for after they sign in again."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, pk: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST" or request.user.is_authenticated:
            return view(request, *args, pk=pk, **kwargs)
        data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
        if sum(len(v) for values in data.values() for v in values) <= KEPT_LIMIT:
            request.session[KEPT] = {"path": request.path, "assessment": str(pk), "at": int(time.time()), "data": data}
            messages.info(request, SIGNED_OUT)
        else:
            messages.warning(request, NOT_KEPT)
        return redirect_to_login(request.path)

    return wrapper


def typed_take(request: HttpRequest) -> QueryDict | None:
    """What was typed on this very step before the session ended, once; None if nothing was kept for it."""
    kept = request.session.get(KEPT)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[KEPT]
    if int(time.time()) - int(kept.get("at", 0)) > KEPT_FOR:
        return None
    data = QueryDict(mutable=True)
    for key, values in kept["data"].items():
        data.setlist(key, values)
    return data


@receiver(user_logged_in, dispatch_uid="referrals.kept.keep_only_for_the_owner")
def keep_only_for_the_owner(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """At sign-in, keep what was typed only for the owner of a draft still there to change."""
    if request is None or not hasattr(request, "session"):
        return
    kept = request.session.get(KEPT)
    if not kept:
        return
    owned = Assessment.objects.filter(
        pk=kept.get("assessment"), owner=user, status=Assessment.Status.DRAFT, deleted_at__isnull=True
    )
    if not owned.exists():
        del request.session[KEPT]
        messages.warning(request, NOT_RESTORED)
