import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from thresholds.selectors import framework_list

from . import second_factor as second_factor_service
from .access import home_for, security_events_visible_to
from .forms import (
    ChooseGuidanceForm,
    ChoosePasswordForm,
    MailNotSent,
    ResetPasswordForm,
    SecondFactorCodeForm,
    guidance_groups,
)
from .models import SecurityEvent
from .security import client_address, security_event_record
from .session import session_can_be_extended, session_seconds_left
from .session_backends import REFRESHED_AT
from .throttling import TOO_MANY_RESETS, throttle_allows


def start(request: HttpRequest) -> HttpResponse:
    """What the tool is, and which partnership's guidance to check against (a GET form: nothing personal)."""
    frameworks = list(framework_list())
    form = ChooseGuidanceForm(
        request.GET if "guidance" in request.GET or "choose" in request.GET else None, frameworks=frameworks
    )
    if form.is_bound and form.is_valid():
        slug, area = form.cleaned_data["guidance"].split("/")
        return redirect(reverse("thresholds:check", args=[slug, area]))
    current, replaced = guidance_groups(frameworks)
    context = {"form": form, "frameworks": frameworks, "current_choices": current, "replaced_choices": replaced}
    return render(request, "portal/start.html", context)


def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement: public, linked from every page's footer."""
    return render(request, "portal/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice: what is held, why, for how long and who sees it; public, linked from every page."""
    return render(request, "portal/privacy.html", {"session_hours": settings.SESSION_ABSOLUTE_AGE // 3600})


@require_POST
def session_extend(request: HttpRequest) -> JsonResponse:
    """The timeout warning's "Stay signed in" (CSRF-checked POST): this request itself starts the idle time
    again (refreshed now, whatever its last refresh), and nothing is created. The answer is how long it now has;
    `extended` is false once the working day's limit is what ends it. 401 once the session has ended."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    request.session[REFRESHED_AT] = int(time.time())  # refreshed now, even within the minute it is written in
    return JsonResponse(
        {
            "signed_in": True,
            "seconds_left": session_seconds_left(session=request.session),
            "extended": session_can_be_extended(session=request.session),
        }
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where signing in lands: each role's own starting point."""
    return redirect(home_for(request.user))


class ResetPasswordView(auth_views.PasswordResetView):
    """The reset form, throttled per address and per e-mail so it cannot flood inboxes or stall the site."""

    form_class = ResetPasswordForm

    def form_valid(self, form: ResetPasswordForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        if not throttle_allows(f"reset:ip:{client_address(self.request)}") or not throttle_allows(
            f"reset:email:{email.lower()}"
        ):
            security_event_record(kind=SecurityEvent.Kind.RESET_REFUSED, request=self.request)
            form.add_error(None, TOO_MANY_RESETS)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        security_event_record(kind=SecurityEvent.Kind.RESET_REQUESTED, request=self.request)
        try:
            return super().form_valid(form)
        except MailNotSent:
            form.add_error(None, MAIL_NOT_SENT)
            return self.render_to_response(self.get_context_data(form=form), status=503)


class ChoosePasswordView(auth_views.PasswordResetConfirmView):
    form_class = ChoosePasswordForm

    def form_valid(self, form: ChoosePasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        security_event_record(kind=SecurityEvent.Kind.PASSWORD_CHANGED, request=self.request, user=form.user)
        return response


@login_required
def security_log(request: HttpRequest) -> HttpResponse:
    """Sign-ins, failures, lockouts, resets and rights changes: a lead's own partnership's, or all for a superuser."""
    events = security_events_visible_to(request.user)
    if events is None:
        raise PermissionDenied
    page = Paginator(events.select_related("user"), 100).get_page(request.GET.get("page"))
    return render(request, "portal/security_log.html", {"page": page})


MAIL_NOT_SENT = (
    "The e-mail could not be sent just now, so no link is on its way. Try again later, "
    "or ask your partnership admin to reset your password."
)
WRONG_CODE = "The code is not right: enter the code your authenticator app shows now, or an unused recovery code"


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the app (or a recovery code). Someone with no app sets one up first."""
    if not second_factor_service.has_second_factor(request.user):
        return redirect(_with_next(reverse("second_factor_setup"), request))
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor_service.second_factor_verify(request=request, code=form.cleaned_data["code"]):
            return redirect(_safe_next(request) or reverse("home"))
        form.add_error("code", WRONG_CODE)
    return render(request, "registration/second_factor.html", {"form": form, "next": _safe_next(request)})


@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan or type the key, then prove it with a code; recovery codes shown once."""
    if second_factor_service.has_second_factor(request.user) and not second_factor_service.second_factor_passed(
        request
    ):
        return redirect(_with_next(reverse("second_factor"), request))  # replacing an app needs the old one first
    device = second_factor_service.setup_device(user=request.user)
    form = SecondFactorCodeForm(
        request.POST or None, button="Set up", help_text="The 6-digit code your authenticator app shows now."
    )
    if request.method == "POST" and form.is_valid():
        codes = second_factor_service.second_factor_confirm(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            return render(
                request, "registration/second_factor_codes.html", {"codes": codes, "next": _safe_next(request)}
            )
        form.add_error("code", WRONG_CODE)
    context = {
        "form": form,
        "key": second_factor_service.secret_key(device),
        "qr": second_factor_service.qr_code_data_uri(device),
        "next": _safe_next(request),
    }
    return render(request, "registration/second_factor_setup.html", context)


@login_required
@require_POST
def second_factor_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working): only after passing the second factor this session."""
    if not second_factor_service.second_factor_passed(request):
        return redirect(_with_next(reverse("second_factor"), request))
    codes = second_factor_service.recovery_codes_create(user=request.user)
    return render(request, "registration/second_factor_codes.html", {"codes": codes, "next": ""})


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


def _with_next(url: str, request: HttpRequest) -> str:
    target = _safe_next(request)
    return f"{url}?{urlencode({'next': target})}" if target else url
