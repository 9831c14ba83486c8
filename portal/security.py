"""The security log: who signed in, failed, was locked out, reset a password, or had their rights changed.

Every entry names an account and an address, never a child or anything typed about one. Written by
signal receivers (connected in PortalConfig.ready) and by the sign-in pages; read by `security_log`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from .models import SecurityEvent, User

logger = logging.getLogger("portal.security")
Kind = SecurityEvent.Kind
WATCHED = ("role", "partnership_id", "is_staff", "is_superuser", "is_active")


def client_address(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def security_event_record(
    *,
    kind: str,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    detail: dict | None = None,
) -> SecurityEvent:
    account = user if user is not None and getattr(user, "pk", None) else None
    event = SecurityEvent.objects.create(
        kind=kind,
        user=account,
        username=(account.get_username() if account else username)[:150],
        partnership_id=getattr(account, "partnership_id", None),
        ip_address=client_address(request),
        detail=detail or {},
    )
    logger.info("security event %s user=%s ip=%s", kind, event.user_id, event.ip_address)
    return event


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs) -> None:
    from .access import needs_second_factor
    from .second_factor import NEEDED

    if request is not None and hasattr(request, "session"):
        request.session[NEEDED] = needs_second_factor(user)
    security_event_record(kind=Kind.SIGNED_IN, request=request, user=user)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        security_event_record(kind=Kind.SIGNED_OUT, request=request, user=user)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))
    account = User.objects.filter(username=username).first()
    security_event_record(kind=Kind.SIGN_IN_FAILED, request=request, user=account, username=username)


def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    account = User.objects.filter(username=username).first() if username else None
    security_event_record(kind=Kind.LOCKED_OUT, request=request, user=account, username=username or "")


@receiver(pre_save, sender=User)
def _account_changed(sender, instance: User, raw: bool = False, **kwargs) -> None:
    """Role, partnership and rights changes, with before and after (not on creation, not when loading data)."""
    if raw or instance.pk is None:
        return
    before = User.objects.filter(pk=instance.pk).values(*WATCHED).first()
    if before is None:
        return
    changed = {
        field: (before[field], getattr(instance, field))
        for field in WATCHED
        if before[field] != getattr(instance, field)
    }
    if changed:
        security_event_record(
            kind=Kind.ACCOUNT_CHANGED,
            user=instance,
            detail={
                "before": {field: old for field, (old, _) in changed.items()},
                "after": {field: new for field, (_, new) in changed.items()},
            },
        )


def connect_lockout_signal() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="portal.security.locked_out")
