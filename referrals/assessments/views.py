"""Assessment pages: one access call, one service or selector call, render. Rules live in ../access.py and
rules.py, writes in services.py, reads in selectors.py."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import Role, role_required
from thresholds.forms import QuickCheckForm
from thresholds.pages import checklist_component, checklist_page, guidance_and_snapshot, panel_context
from thresholds.selectors import guidance_for_level
from thresholds.snapshot import cached_snapshot

from ..access import assessment_for, can_edit, can_raise_disagreement, can_start_assessment
from ..audit import record_list_view, record_view
from ..children.selectors import own_earlier_assessments
from ..disagreement.selectors import open_escalation
from ..errors import ChangedMeanwhile, NotAllowed, changed_meanwhile
from ..family.selectors import consent_level, family_children, family_tasks, revisions_from, revisions_token
from ..family.services import SHARED_STEPS, family_missing, family_save_shared, record_family_view
from ..models import Assessment
from .guidance_move import NOT_REPLACED, assessment_move_guidance, guidance_move_for
from .kept import RESTORED, keep_typed_when_signed_out, typed_take
from .pdf import PDF_FAILED, referral_pdf_for_download, referral_pdf_waiting
from .rules import missing_for_submission
from .selectors import MINE_STATUSES, assessments_page_of, frameworks_to_start_from, summary_context
from .services import (
    assessment_delete,
    assessment_record_indicators,
    assessment_save_step,
    assessment_start,
    assessment_submit,
)
from .steps import STEPS, after_save_url, form_kwargs, step_statuses

SEND_REFUSED = "threshold_send_refused"  # the overview lists what is missing once, after "Send" was refused

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
        start_token=_token(request.POST.get("start_token", "")),
    )
    return redirect("referrals:step", assessment.pk, "child")


def _token(value: str) -> UUID | None:
    """The Start form's one-time token; a missing or malformed one makes a draft as before."""
    try:
        return UUID(value)
    except ValueError:
        return None


@practitioner_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Delete a draft: a confirmation page, then gone from "My assessments" (kept for the audit)."""
    assessment = assessment_for(request.user, pk, to="edit")
    if assessment.family_id:  # the family's other children share its parts: take this child out first
        messages.error(request, "This draft is one of a family: take the child out of the family, then delete it.")
        return redirect("referrals:overview", assessment.pk)
    if request.method == "GET":
        return render(request, "referrals/delete.html", {"assessment": assessment})
    if assessment_delete(assessment=assessment):
        messages.success(request, f"Draft {assessment.reference} has been deleted.")
    else:
        messages.error(request, f"Assessment {assessment.reference} was sent meanwhile, so it was not deleted.")
    return redirect("referrals:mine")


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
    context = summary_context(assessment=assessment)
    family = context["family"]
    record_family_view(assessment=assessment, family=family, viewer=request.user, what="overview")
    refused = request.session.pop(SEND_REFUSED, None) == str(assessment.pk)  # listed only after "Send" was refused
    still_to_do: list[Any] = []  # a family's: (child, step, message); one child's: messages
    if editable:
        still_to_do = family_missing(family) if family else missing_for_submission(assessment)
    return render(
        request,
        "referrals/overview.html",
        {
            "assessment": assessment,
            "missing": still_to_do if refused else [],
            "family_tasks": family_tasks(family, still_to_do) if family and editable else None,
            "tasks": step_statuses(assessment) if editable and not family else [],
            "complete": editable and not still_to_do,
            "steps": STEPS,
            "is_owner": assessment.owner_id == request.user.pk,
            "can_edit": editable,
            "can_raise_disagreement": can_raise_disagreement(request.user, assessment),
            "escalation": open_escalation(assessment=assessment),
            **context,
        },
    )


@keep_typed_when_signed_out  # outermost: a post made after the session ended is kept (kept.py)
@practitioner_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: UUID, name: str) -> HttpResponse:
    if name not in STEPS:
        raise Http404("No such step")
    assessment = assessment_for(request.user, pk, to="edit")
    restored = typed_take(request) if request.method == "GET" else None  # once, for its owner's draft only
    if name == "indicators":
        return _indicators_step(request, assessment, restored)
    title, form_class = STEPS[name]
    assert form_class is not None  # every step but "indicators" has its own form
    snapshot = cached_snapshot(assessment.framework)
    kwargs = form_kwargs(name, assessment=assessment, snapshot=snapshot)
    family = family_children(assessment=assessment) if name in SHARED_STEPS else []  # shared parts: every child
    if family and name == "consent":
        kwargs["level"] = consent_level(family)
    form = form_class(request.POST or restored, instance=assessment, **kwargs)
    if request.method == "POST" and form.is_valid():
        form.save(commit=False)
        try:
            if family:
                seen = revisions_from(request.POST.get("family_revisions", ""))
                family_save_shared(assessment=assessment, seen_revisions=seen)
            else:
                assessment_save_step(assessment=assessment)
        except ChangedMeanwhile:
            form.add_error(None, changed_meanwhile("family's assessment"))
        else:
            return redirect(after_save_url(assessment, name, from_check=request.GET.get("from") == "check"))
    if request.method == "GET" and name == "child":  # the one step that shows the child's name
        record_view(assessment=assessment, viewer=request.user, what="step")
    context = {
        "assessment": assessment,
        "form": form,
        "title": title,
        "name": name,
        "family": family,
        "restored": restored and RESTORED,
    }
    if family:
        context["family_revisions"] = revisions_token(family)
    if name == "child":  # the practitioner's own earlier assessments of this child (issue 17), never anyone else's
        context["own_earlier"] = own_earlier_assessments(practitioner=request.user, assessment=assessment)
    if name == "consent":
        level = assessment.level
        context["level_guidance"] = snapshot.levels[level].information_sharing if level else ""
        context["guidance"] = guidance_for_level(assessment.framework, level)
    return render(request, "referrals/step.html", context)


def _indicators_step(request: HttpRequest, assessment: Assessment, restored: QueryDict | None) -> HttpResponse:
    """The checklist component, as the quick check shows it; the Filter button (without JavaScript) saves nothing."""
    snapshot = cached_snapshot(assessment.framework)
    filtering = request.method == "POST" and "filter" in request.POST
    if restored is not None:  # the ticks posted after the session ended: shown, not saved
        form = QuickCheckForm(snapshot, restored, require_ticks=True)
        form.is_valid()
    elif request.method == "POST":
        form = QuickCheckForm(snapshot, request.POST, require_ticks=not filtering)
        if form.is_valid() and not filtering:
            assessment.ticks_copied_from = ""  # saving this step confirms ticks copied from an earlier assessment
            assessment_record_indicators(
                assessment=assessment, codes=form.cleaned_data["indicators"], at=form.cleaned_data["at"]
            )
            return redirect(after_save_url(assessment, "indicators", from_check=request.GET.get("from") == "check"))
    else:
        form = QuickCheckForm(snapshot, {"indicators": assessment.indicators})
        form.is_valid()
    if (request.method == "GET" and restored is None) or filtering:
        form.errors.clear()  # nothing was sent to be saved
    form_errors = form.errors
    return render(
        request,
        "referrals/indicators.html",
        {
            "assessment": assessment,
            "framework": assessment.framework,
            "snapshot": snapshot,
            **checklist_component(
                framework=assessment.framework,
                snapshot=snapshot,
                area=assessment.area,
                form=form,
                query=form.data.get("q", "")[:200] if filtering else "",
                indicator_errors=form_errors.get("indicators", []),
            ),
            "errors": form.error_list(),
            "form_errors": form_errors,
            "restored": restored and RESTORED,
            # Before any tick is copied: the offer to start from the practitioner's own last assessment (issue 17).
            "own_earlier": []
            if assessment.ticks_copied_from
            else own_earlier_assessments(practitioner=request.user, assessment=assessment),
        },
    )


@practitioner_required
@require_POST
def indicators_panel(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The "What you have seen" step's live panel (htmx): the quick check's panel, for the assessment's guidance."""
    assessment = assessment_for(request.user, pk, to="edit")
    snapshot = cached_snapshot(assessment.framework)
    form = QuickCheckForm(snapshot, request.POST)
    context = {"for_assessment": True, **panel_context(snapshot=snapshot, area=assessment.area, form=form)}
    return render(request, "thresholds/_panel_response.html", context)


@practitioner_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, pk: UUID) -> HttpResponse:
    """GET: "Check your answers" with a "Change" link to each step; POST: send it."""
    assessment = assessment_for(request.user, pk, to="edit")
    if request.method == "GET":
        record_view(assessment=assessment, viewer=request.user, what="check-answers")
        context = {**summary_context(assessment=assessment), "missing": missing_for_submission(assessment)}
        return render(request, "referrals/check_answers.html", context)
    if not assessment_submit(assessment=assessment, submitted_by=request.user):
        messages.error(request, "This assessment is not complete yet: see what is missing below.")
        request.session[SEND_REFUSED] = str(assessment.pk)
        return redirect("referrals:overview", assessment.pk)
    if assessment.family_id:  # the whole family went together
        references = ", ".join(child.reference for child in family_children(assessment=assessment))
        messages.success(request, f"Assessments {references} have been sent to your safeguarding lead together.")
    else:
        messages.success(request, f"Assessment {assessment.reference} has been sent to your safeguarding lead.")
    return redirect("referrals:overview", assessment.pk)


@login_required
def summary(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The printable referral summary as a web page: the same content as the PDF."""
    assessment = assessment_for(request.user, pk, to="view")
    record_view(assessment=assessment, viewer=request.user, what="summary")
    context = summary_context(assessment=assessment)
    record_family_view(assessment=assessment, family=context["family"], viewer=request.user, what="summary")
    return render(request, "referrals/summary.html", context)


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
    if assessment.family_id:  # the PDF names the brothers and sisters too
        family = family_children(assessment=assessment)
        record_family_view(assessment=assessment, family=family, viewer=request.user, what="pdf")
    response = HttpResponse(download.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="referral-{assessment.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@practitioner_required
@require_http_methods(["GET", "POST"])
def move_guidance(request: HttpRequest, pk: UUID) -> HttpResponse:
    """A draft on replaced guidance: what would change in its ticks, and "Move to the new guidance" (POST)."""
    assessment = assessment_for(request.user, pk, to="edit")
    move = guidance_move_for(assessment=assessment)
    if move is None:
        messages.info(request, NOT_REPLACED)
        return redirect("referrals:overview", assessment.pk)
    error = ""
    if request.method == "POST":
        try:
            dropped = assessment_move_guidance(
                assessment=assessment, moved_by=request.user, seen_revision=_revision(request)
            )
        except NotAllowed as refused:
            error = str(refused)
        except ChangedMeanwhile:
            error = changed_meanwhile("assessment")
        else:
            done = f"Moved to {move.to.title}, {move.to.edition}."
            if dropped:
                done += f" {len(dropped)} ticked indicator(s) are not in the new guidance and were dropped."
            messages.success(request, done)
            return redirect("referrals:overview", assessment.pk)
    context = {"assessment": assessment, "move": move, "error": error, **summary_context(assessment=assessment)}
    return render(request, "referrals/move_guidance.html", context, status=400 if error else 200)


def _revision(request: HttpRequest) -> int:
    value = request.POST.get("revision", "")
    return int(value) if value.isdigit() else -1
