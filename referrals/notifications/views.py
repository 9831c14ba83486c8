"""The Notifications page: a person's own messages (mark them read) and which kinds they want by e-mail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .forms import PreferencesForm
from .selectors import email_off_for, kinds_for, notifications_for
from .services import notification_preferences_save, notifications_mark_read


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """Anyone signed in: only their own messages and choices (the query is by the signed-in person)."""
    choosable, always = kinds_for(user=request.user)
    off = email_off_for(user=request.user)
    initial = {"email_on": [k for k in choosable if k not in off]}
    form = PreferencesForm(choosable=choosable, always=always, initial=initial)
    if request.method == "POST" and "read" in request.POST:
        notifications_mark_read(user=request.user)
        messages.success(request, "All your notifications are marked as read.")
        return redirect("referrals:notifications")
    if request.method == "POST":
        form = PreferencesForm(request.POST, choosable=choosable, always=always)
        if form.is_valid():
            notification_preferences_save(user=request.user, email_on=form.cleaned_data["email_on"])
            messages.success(request, "Your choices are saved.")
            return redirect("referrals:notifications")
    page = Paginator(notifications_for(user=request.user), 50).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "choosable": choosable, "always": always}
    return render(request, "referrals/notifications.html", context)
