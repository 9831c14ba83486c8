from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thresholds.selectors import framework_list

from .access import home_for, security_events_visible_to
from .forms import ChooseGuidanceForm, ChoosePasswordForm, ResetPasswordForm
from .models import SecurityEvent
from .security import client_address, security_event_record
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
    return render(request, "portal/start.html", {"form": form, "frameworks": frameworks})


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
        return super().form_valid(form)


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
