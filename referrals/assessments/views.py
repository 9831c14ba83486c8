"""Assessment pages: one access call, one service or selector call, render. Rules live in ../access.py and
rules.py, writes in services.py, reads in selectors.py."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import Role, role_required
from thresholds.forms import QuickCheckForm
from thresholds.pages import checklist_context, checklist_page, guidance_and_snapshot
from thresholds.selectors import guidance_for_level
from thresholds.snapshot import cached_snapshot

from ..access import assessment_for, can_edit, can_raise_disagreement, can_start_assessment
from ..audit import record_list_view, record_view
from ..disagreement.selectors import open_escalation
from ..models import Assessment
from .pdf import PDF_FAILED, referral_pdf_for_download, referral_pdf_waiting
from .rules import missing_for_submission
from .selectors import MINE_STATUSES, assessments_page_of, frameworks_to_start_from, summary_context
from .services import assessment_record_indicators, assessment_save_step, assessment_start, assessment_submit
from .steps import STEPS, form_kwargs, next_url

# Only practitioners write assessments; leads and admins reach them through their own pages.
practitioner_required = role_required(Role.PRACTITIONER)


@practitioner_required
def mine(request: HttpRequest) -> HttpResponse:
    filters = {"status": request.GET.get("status", ""), "reference": request.GET.get("reference", "")[:100]}
    if filters["status"] not in MINE_STATUSES:
        filters["status"] = ""
    page = assessments_page_of(owner=request.user, page=request.GET.get("page"), **filters)
    assessments = list(page)
    named = [a.pk for a in assessments if a.child_name]
    record_list_view(assessment_ids=named, viewer=request.user, what="mine")
    statuses = [(value, label) for value, (label, _) in MINE_STATUSES.items()]
    return render(
        request,
        "referrals/mine.html",
        {"assessments": assessments, "page": page, "filters": filters, "statuses": statuses},
    )


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
    assessment = assessment_start(
        owner=request.user,
        framework=framework,
        area=area,
        codes=form.cleaned_data["indicators"],
        at=form.cleaned_data["at"],
    )
    return redirect("referrals:step", assessment.pk, "child")


@practitioner_required
def choose(request: HttpRequest) -> HttpResponse:
    """Start from scratch: the current guidance of the practitioner's own partnership."""
    frameworks = frameworks_to_start_from(practitioner=request.user)
    return render(request, "referrals/choose.html", {"frameworks": frameworks})


@login_required
def overview(request: HttpRequest, pk: UUID) -> HttpResponse:
    assessment = assessment_for(request.user, pk, to="view")
    record_view(assessment=assessment, viewer=request.user, what="overview")
    editable = can_edit(request.user, assessment)
    return render(
        request,
        "referrals/overview.html",
        {
            "assessment": assessment,
            "missing": missing_for_submission(assessment) if editable else [],
            "steps": STEPS,
            "is_owner": assessment.owner_id == request.user.pk,
            "can_edit": editable,
            "can_raise_disagreement": can_raise_disagreement(request.user, assessment),
            "escalation": open_escalation(assessment=assessment),
            **summary_context(assessment=assessment),
        },
    )


@practitioner_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: UUID, name: str) -> HttpResponse:
    if name not in STEPS:
        raise Http404("No such step")
    assessment = assessment_for(request.user, pk, to="edit")
    if name == "indicators":
        return _indicators_step(request, assessment)
    title, form_class = STEPS[name]
    assert form_class is not None  # every step but "indicators" has its own form
    snapshot = cached_snapshot(assessment.framework)
    kwargs = form_kwargs(name, assessment=assessment, snapshot=snapshot)
    form = form_class(request.POST or None, instance=assessment, **kwargs)
    if request.method == "POST" and form.is_valid():
        form.save(commit=False)
        assessment_save_step(assessment=assessment)
        return redirect(next_url(assessment, name))
    if request.method == "GET" and name == "child":  # the one step that shows the child's name
        record_view(assessment=assessment, viewer=request.user, what="step")
    context = {"assessment": assessment, "form": form, "title": title, "name": name}
    if name == "consent":
        level = assessment.level
        context["level_guidance"] = snapshot.levels[level].information_sharing if level else ""
        context["guidance"] = guidance_for_level(assessment.framework, level)
    return render(request, "referrals/step.html", context)


def _indicators_step(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    snapshot = cached_snapshot(assessment.framework)
    if request.method == "POST":
        form = QuickCheckForm(snapshot, request.POST, require_ticks=True)
        if form.is_valid():
            assessment_record_indicators(
                assessment=assessment, codes=form.cleaned_data["indicators"], at=form.cleaned_data["at"]
            )
            return redirect(next_url(assessment, "indicators"))
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
def submit(request: HttpRequest, pk: UUID) -> HttpResponse:
    assessment = assessment_for(request.user, pk, to="edit")
    if not assessment_submit(assessment=assessment, submitted_by=request.user):
        messages.error(request, "This assessment is not complete yet: see what is missing below.")
        return redirect("referrals:overview", assessment.pk)
    messages.success(request, f"Assessment {assessment.reference} has been sent to your safeguarding lead.")
    return redirect("referrals:overview", assessment.pk)


@login_required
def summary(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The printable referral summary as a web page: the same content as the PDF."""
    assessment = assessment_for(request.user, pk, to="view")
    record_view(assessment=assessment, viewer=request.user, what="summary")
    return render(request, "referrals/summary.html", summary_context(assessment=assessment))


@login_required
def summary_pdf(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The referral PDF: stored bytes when made, else made now if small, else "Your PDF is being made".

    `?check` is that page's question "is it ready yet?": 202 while the worker is making it, else 204."""
    assessment = assessment_for(request.user, pk, to="view")
    if "check" in request.GET:
        return HttpResponse(status=202 if referral_pdf_waiting(assessment=assessment) else 204)
    download = referral_pdf_for_download(assessment=assessment)
    if download.state == "failed":
        messages.error(request, PDF_FAILED)
        return redirect("referrals:overview", assessment.pk)
    if download.state == "pending":
        return render(request, "referrals/pdf_pending.html", {"assessment": assessment})
    record_view(assessment=assessment, viewer=request.user, what="pdf")  # once, when the child's data is sent
    response = HttpResponse(download.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="referral-{assessment.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
