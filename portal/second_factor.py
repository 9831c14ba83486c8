"""The second factor: an authenticator app (TOTP) with single-use recovery codes (django-otp's devices).

Leads, partnership admins and superusers must pass it after their password before any page with child
data or guidance editing (`portal.access.needs_second_factor`, enforced by SecondFactorMiddleware);
practitioners may turn it on, and a partnership can require it for everyone.
"""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.db import transaction
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SecurityEvent
from .security import security_event_record

APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
RECOVERY_CODES = 10
NEEDED = "threshold_second_factor_needed"  # in the session from sign-in: no query per request


def has_second_factor(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def setup_device(*, user: Any) -> TOTPDevice:
    """The unconfirmed app device being set up (one at a time), made if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=APP_NAME).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def secret_key(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed in: base32 in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").png_data_uri(scale=5, border=2)


@transaction.atomic
def second_factor_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code from it: the new recovery codes (shown once), or None if the code is wrong."""
    if not device.verify_token(code.replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()  # one app at a time
    device.confirmed = True
    device.save()
    codes = recovery_codes_create(user=device.user)
    otp_login(request, device)
    request.session[NEEDED] = True  # once set up, always asked for
    security_event_record(kind=SecurityEvent.Kind.SECOND_FACTOR_ADDED, request=request, user=device.user)
    return codes


def recovery_codes_create(*, user: Any) -> list[str]:
    """Ten new single-use codes; any earlier ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_verify(*, request: HttpRequest, code: str) -> bool:
    """A code from the app, or a recovery code (used up by this), for the signed-in user."""
    device = match_token(request.user, code.replace(" ", "").lower())
    if device is None:
        return False
    otp_login(request, device)
    return True


@transaction.atomic
def second_factor_reset(*, user: Any, by: Any, request: HttpRequest | None = None) -> int:
    """Another admin removes someone's app and recovery codes: they set up a new one at their next sign-in."""
    apps, codes = TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)
    removed = apps.count() + codes.count()  # devices, not the recovery codes they hold
    apps.delete()
    codes.delete()
    security_event_record(
        kind=SecurityEvent.Kind.SECOND_FACTOR_REMOVED,
        request=request,
        user=user,
        detail={"by": by.get_username() if by is not None else ""},
    )
    return removed


def second_factor_passed(request: HttpRequest) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))
