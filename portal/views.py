from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thresholds.selectors import framework_list

from .access import home_for
from .forms import ChooseGuidanceForm


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
