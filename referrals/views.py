"""Assessment pages. Every view reaches an assessment only through `referrals.access`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import Role, role_required
from thresholds.forms import QuickCheckForm
from thresholds.models import Framework
from thresholds.selectors import guidance_for_level
from thresholds.snapshot import cached_snapshot
from thresholds.views import checklist_context, checklist_page, guidance_and_snapshot

from . import escalating, services
from .access import assessment_for, can_edit, can_raise_disagreement, can_start_assessment
from .audit import record_view
from .forms import ChildForm, ConsentForm, JudgementForm, VoiceForm
from .models import Assessment
from .pdf import PdfError, referral_pdf

STEPS = {
    "child": ("About the child", ChildForm),
    "indicators": ("What you have seen", None),
    "judgement": ("Your judgement of the level", JudgementForm),
    "voice": ("The child's voice and the assessment", VoiceForm),
    "consent": ("Consent and information sharing", ConsentForm),
}
ORDER = list(STEPS)
PDF_FAILED = "The PDF could not be made just now. Your assessment is unchanged: try again, or use the print view."


# Only practitioners write assessments; leads and admins reach them through their own pages.
practitioner_required = role_required(Role.PRACTITIONER)


@practitioner_required
def mine(request: HttpRequest) -> HttpResponse:
    assessments = (
        Assessment.objects.filter(owner=request.user)
        .select_related("framework", "review")
        .annotate(disagreement_open=escalating.disagreement_open())
        .order_by("-updated")
    )
    return render(request, "referrals/mine.html", {"assessments": assessments})


@practitioner_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, slug: str, area: str) -> HttpResponse:
    """Start an assessment: from scratch (GET shows the button) or from a quick check's ticks (POST)."""
    framework, snapshot = guidance_and_snapshot(slug, area)
    if not can_start_assessment(request.user, framework):
        raise Http404("No such guidance for your partnership")
    if request.method == "GET":
        return render(
            request, "referrals/new.html", {"framework": framework, "area": area, "area_name": snapshot.areas[area]}
        )
    form = QuickCheckForm(snapshot, request.POST)
    if not form.is_valid():  # the quick check again, with its error summary and the good ticks kept
        return checklist_page(request, framework, snapshot, area, form)
    assessment = services.start(request.user, framework, area, form.cleaned_data["indicators"], form.cleaned_data["at"])
    return redirect("referrals:step", assessment.pk, "child")


@practitioner_required
def choose(request: HttpRequest) -> HttpResponse:
    """Start from scratch: the current guidance of the practitioner's own partnership."""
    frameworks = Framework.objects.filter(
        partnership_id=request.user.partnership_id, status=Framework.Status.CURRENT
    ).prefetch_related("areas")
    return render(request, "referrals/choose.html", {"frameworks": frameworks})


@login_required
def overview(request: HttpRequest, pk) -> HttpResponse:
    assessment = assessment_for(request.user, pk, to="view")
    record_view(assessment=assessment, viewer=request.user, what="overview")
    return render(
        request,
        "referrals/overview.html",
        {
            "assessment": assessment,
            "missing": services.missing_for_submission(assessment) if can_edit(request.user, assessment) else [],
            "steps": STEPS,
            "is_owner": assessment.owner_id == request.user.pk,
            "can_edit": can_edit(request.user, assessment),
            "can_raise_disagreement": can_raise_disagreement(request.user, assessment),
            "escalation": escalating.open_escalation(assessment),
            **_summary_context(assessment),
        },
    )


def _summary_context(assessment: Assessment) -> dict:
    snapshot = cached_snapshot(assessment.framework)
    return {
        "assessment": assessment,
        "framework": assessment.framework,
        "area_name": snapshot.areas.get(assessment.area, assessment.area),
        "suggestion": assessment.suggestion,
        "levels": snapshot.levels,
    }


@practitioner_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk, name: str) -> HttpResponse:
    if name not in STEPS:
        raise Http404("No such step")
    assessment = assessment_for(request.user, pk, to="edit")
    if name == "indicators":
        return _indicators_step(request, assessment)
    title, form_class = STEPS[name]
    snapshot = cached_snapshot(assessment.framework)
    kwargs: dict = {}
    if form_class is JudgementForm:
        kwargs = {
            "levels": [(n, lv.name) for n, lv in snapshot.levels.items()],
            "suggested": assessment.suggested_level,
        }
    if form_class is ConsentForm:
        kwargs = {"level": assessment.level}
    form = form_class(request.POST or None, instance=assessment, **kwargs)
    if request.method == "POST" and form.is_valid():
        form.save(commit=False)
        services.save_step(assessment)
        return redirect(_next(assessment, name))
    context = {"assessment": assessment, "form": form, "title": title, "name": name}
    if name == "consent":
        level = assessment.level
        context["level_guidance"] = snapshot.levels[level].information_sharing if level else ""
        context["guidance"] = guidance_for_level(assessment.framework, level)
    return render(request, "referrals/step.html", context)


def _next(assessment: Assessment, name: str) -> str:
    following = ORDER.index(name) + 1
    if following < len(ORDER):
        return reverse("referrals:step", args=[assessment.pk, ORDER[following]])
    return reverse("referrals:overview", args=[assessment.pk])


def _indicators_step(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    snapshot = cached_snapshot(assessment.framework)
    if request.method == "POST":
        form = QuickCheckForm(snapshot, request.POST, require_ticks=True)
        if form.is_valid():
            services.record_indicators(assessment, form.cleaned_data["indicators"], at=form.cleaned_data["at"])
            return redirect(_next(assessment, "indicators"))
    else:
        form = QuickCheckForm(snapshot, {"indicators": assessment.indicators})
        form.is_valid()
        form.errors.clear()
    return render(
        request,
        "referrals/indicators.html",
        {
            "assessment": assessment,
            "framework": assessment.framework,
            "snapshot": snapshot,
            **checklist_context(snapshot, set(form.ticked())),
            "errors": form.error_list() if request.method == "POST" else [],
            "indicator_errors": form.errors.get("indicators", []) if request.method == "POST" else [],
        },
    )


@practitioner_required
@require_POST
def submit(request: HttpRequest, pk) -> HttpResponse:
    assessment = assessment_for(request.user, pk, to="edit")
    if not services.submit(assessment):
        messages.error(request, "This assessment is not complete yet: see what is missing below.")
        return redirect("referrals:overview", assessment.pk)
    messages.success(request, f"Assessment {assessment.reference} has been sent to your safeguarding lead.")
    return redirect("referrals:overview", assessment.pk)


@login_required
def summary(request: HttpRequest, pk) -> HttpResponse:
    """The printable referral summary as a web page: the same content as the PDF."""
    assessment = assessment_for(request.user, pk, to="view")
    record_view(assessment=assessment, viewer=request.user, what="summary")
    return render(request, "referrals/summary.html", _summary_context(assessment))


@login_required
def summary_pdf(request: HttpRequest, pk) -> HttpResponse:
    assessment = assessment_for(request.user, pk, to="view")
    record_view(assessment=assessment, viewer=request.user, what="pdf")
    try:
        pdf = referral_pdf(request, _summary_context(assessment))
    except PdfError:
        messages.error(request, PDF_FAILED)
        return redirect("referrals:overview", assessment.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="referral-{assessment.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
