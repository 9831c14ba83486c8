"""The referral summary as an A4, tagged PDF, made by WeasyPrint from the same template as the print view.

Made once per version of what it shows, and off the request's critical path:
- `pdf_key` names what a PDF shows (the assessment's revision and last save, its status, the guidance's
  status and successor, the practitioner's name); `ReferralPdf` keeps one assessment's current PDF and the
  job that makes it (pending, rendering, ready, failed).
- Sending an assessment and saving a review ask for a new PDF once the transaction commits; the worker
  (`python manage.py render_pdfs [--loop]`) makes it, so the common download streams stored bytes.
- A download with no current PDF makes it in the request only when it is small (`is_small`, measured in
  scripts/bench_pdf.py); a large one goes to the worker and the page says "Your PDF is being made"; its
  script asks `?check` every few seconds (202 while waiting, 204 when ready) and then starts the download.
- A job is claimed by one conditional UPDATE (pending -> rendering): of two workers, one wins; a claim left
  by a worker that died is taken again after `STALE_CLAIM`.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from ..locking import claimed
from ..models import Assessment, ReferralPdf

logger = logging.getLogger("referrals.pdf")  # the name the logging set-up and tests know

PDF_FAILED = "The PDF could not be made just now. Your assessment is unchanged: try again, or use the print view."

# A missing PDF is made in the request only for a referral this small (both limits): the time grows with the
# ticked indicators and the free text. A typical referral (20 ticks, 7,600 characters) takes about 0.5 s;
# the limit itself and the largest (all 373 Sefton indicators, every field full: 5.5-9.7 s) are measured
# by scripts/bench_pdf.py. Anything larger goes to the worker.
INLINE_TICKS = 40
INLINE_TEXT = 12_000
TEXT_FIELDS = (
    "address",
    "household",
    "parents_carers",
    "agencies",
    "level_rationale",
    "child_voice",
    "worries",
    "working_well",
    "needs_to_happen",
    "consent_reason",
)
STALE_CLAIM = timedelta(minutes=5)  # the largest PDF takes under 10 s: a claim this old is a dead worker's
# Bump when summary_pdf.html or _summary_body.html changes what a PDF shows: every stored PDF is then made again.
# 2: the decision, DRAFT on a draft's pages, the marking in each page's header and footer, and the brothers and
# sisters in this referral (issue 18 and issue 17)
TEMPLATE_VERSION = "2"

State = ReferralPdf.State


class PdfError(RuntimeError):
    """The PDF could not be made; the message is for the log and never holds child data."""


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    try:
        import weasyprint  # imported here: it costs most of a second, and only PDF requests need it
    except ImportError as exc:  # pragma: no cover - a broken install, not a code path
        raise PdfError("WeasyPrint is not installed") from exc
    try:
        return weasyprint.HTML(string=html, base_url=base_url).write_pdf(pdf_tags=True, pdf_variant="pdf/ua-1")
    except Exception as exc:  # WeasyPrint raises many kinds; the user gets one clear message
        logger.exception("Referral PDF failed")  # the traceback names templates, not the child
        raise PdfError("WeasyPrint failed") from exc


def referral_pdf(context: dict[str, Any]) -> bytes:
    """The PDF of `summary_context(assessment=...)`. The template links to nothing, so no base URL is needed."""
    return render_pdf(render_to_string("referrals/summary_pdf.html", context))


def pdf_key(assessment: Assessment) -> str:
    """What a PDF of this assessment shows, as a hash: it changes whenever the PDF's content would.

    A decided referral's PDF shows the decision (issue 18, item 7): the review's decision, level, outcome, when
    and by whom are part of the key, so a new or changed decision makes the PDF again."""
    framework, owner = assessment.framework, assessment.owner
    review = getattr(assessment, "review", None)  # one query unless select_related("review__reviewer")
    decision = (
        (
            review.decision,
            review.decided_level,
            review.outcome,
            review.decided_at.isoformat() if review.decided_at else "",
            review.reviewer_id,
            review.reviewer.get_full_name() if review.reviewer else "",
            review.updated.isoformat() if review.updated else "",  # rationale and reason for a change
        )
        if review is not None
        else ()
    )
    parts = (
        TEMPLATE_VERSION,
        assessment.pk,
        assessment.revision,
        assessment.updated.isoformat() if assessment.updated else "",
        assessment.status,
        framework.pk,
        framework.status,
        framework.successor_id,
        owner.pk,
        owner.get_full_name(),
        owner.organisation_id,  # a renamed organisation keeps its old name in a stored PDF until the next change
        decision,
        family_key(assessment),  # the brothers and sisters it lists, as they are now
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def family_key(assessment: Assessment) -> tuple:
    """What the PDF shows of the family: each child's id, revision and status (one query; none for a single child)."""
    if assessment.family_id is None:
        return ()
    children = Assessment.objects.filter(family_id=assessment.family_id).order_by("pk")
    return tuple(children.values_list("pk", "revision", "status"))


def is_small(assessment: Assessment) -> bool:
    """Quick enough to make in a request (`INLINE_TICKS`, `INLINE_TEXT`)."""
    text = sum(len(getattr(assessment, field) or "") for field in TEXT_FIELDS)
    return len(assessment.indicators or ()) <= INLINE_TICKS and text <= INLINE_TEXT


@dataclass(frozen=True)
class PdfDownload:
    """What a download request gets: the bytes, "pending" (the worker is making it) or "failed"."""

    state: Literal["ready", "pending", "failed"]
    pdf: bytes = b""


def _claimable(now: datetime) -> Q:
    return Q(state=State.PENDING) | Q(state=State.RENDERING, claimed_at__lt=now - STALE_CLAIM)


def referral_pdf_request(*, assessment: Assessment) -> ReferralPdf:
    """Ask for this assessment's current PDF: its job, made pending unless current, pending or being made.

    The stored bytes are not loaded (`pdf` is deferred)."""
    now = timezone.now()
    key = pdf_key(assessment)
    job, _ = ReferralPdf.objects.defer("pdf").get_or_create(assessment=assessment, defaults={"requested_at": now})
    if job.state in (State.PENDING, State.RENDERING):
        return job
    if job.state in (State.READY, State.FAILED) and job.content_key == key:
        return job
    if ReferralPdf.objects.filter(pk=job.pk, state=job.state).update(state=State.PENDING, requested_at=now):
        job.state, job.requested_at = State.PENDING, now
    else:  # another request or a worker moved it meanwhile: take what it is now
        job.refresh_from_db(fields=["state", "content_key", "requested_at", "claimed_at"])
    return job


def referral_pdf_enqueue(*, assessment_id: Any) -> None:
    """Ask the worker for a new PDF (after sending an assessment or saving a review: use on `on_commit`)."""
    related = Assessment.objects.select_related("framework", "owner", "review__reviewer")
    assessment = related.filter(pk=assessment_id).first()
    if assessment is not None:
        referral_pdf_request(assessment=assessment)


def referral_pdf_claim(*, job_id: int) -> datetime | None:
    """Take a pending job (or one a dead worker left) for rendering: its claim time, or None if another has it."""
    return claimed(ReferralPdf, job_id, claimable=_claimable(timezone.now()), state=State.RENDERING)


def referral_pdf_make(*, job_id: int, claimed_at: datetime) -> bool:
    """Render a claimed job and store the bytes (or mark it failed). Holds no transaction while rendering."""
    from .selectors import summary_context  # selectors import the models; this module is imported early

    related = Assessment.objects.select_related("framework__partnership", "owner", "review__reviewer")
    assessment = related.filter(referral_pdf__pk=job_id).first()
    if assessment is None:  # erased meanwhile: its job went with it
        return False
    key = pdf_key(assessment)  # read before rendering: names exactly what the bytes show
    mine = ReferralPdf.objects.filter(pk=job_id, state=State.RENDERING, claimed_at=claimed_at)
    try:
        data = referral_pdf(summary_context(assessment=assessment))
    except PdfError:
        mine.update(state=State.FAILED, content_key=key, pdf=b"", made_at=None)
        return False
    mine.update(state=State.READY, content_key=key, revision=assessment.revision, pdf=data, made_at=timezone.now())
    return True


def referral_pdfs_render_pending(*, limit: int | None = None) -> int:
    """The worker's round: claim and make pending PDFs, oldest request first, until none is left. How many."""
    made = 0
    while limit is None or made < limit:
        job_id = (
            ReferralPdf.objects.filter(_claimable(timezone.now()))
            .order_by("requested_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if job_id is None:
            break
        claimed_at = referral_pdf_claim(job_id=job_id)
        if claimed_at is None:
            continue  # another worker took it: it is no longer claimable, so the next query moves on
        referral_pdf_make(job_id=job_id, claimed_at=claimed_at)
        made += 1
    return made


def referral_pdf_waiting(*, assessment: Assessment) -> bool:
    """True while the worker has still to make this assessment's current PDF (what the waiting page asks)."""
    return referral_pdf_request(assessment=assessment).state in (State.PENDING, State.RENDERING)


def referral_pdf_for_download(*, assessment: Assessment) -> PdfDownload:
    """The current PDF for a download: stored bytes if made; made here if small; else "pending" for the worker.

    A failure is reported once and then forgotten, so the next try makes the PDF again."""
    job = referral_pdf_request(assessment=assessment)
    if job.state == State.PENDING and is_small(assessment):
        claimed_at = referral_pdf_claim(job_id=job.pk)
        if claimed_at is not None:
            referral_pdf_make(job_id=job.pk, claimed_at=claimed_at)
            job.refresh_from_db(fields=["state", "content_key"])
    key = pdf_key(assessment)
    if job.content_key == key and job.state == State.READY:
        return PdfDownload("ready", bytes(ReferralPdf.objects.values_list("pdf", flat=True).get(pk=job.pk)))
    if job.content_key == key and job.state == State.FAILED:
        ReferralPdf.objects.filter(pk=job.pk, state=State.FAILED).delete()
        return PdfDownload("failed")
    return PdfDownload("pending")
