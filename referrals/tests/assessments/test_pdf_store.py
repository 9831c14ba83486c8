"""The referral PDF is made once per version of what it shows, and large ones off the request's critical path:
stored bytes are streamed, a change makes it again, the worker claims each job once, and a long one waits on
"Your PDF is being made" instead of holding a request worker. WeasyPrint is replaced by a counting fake."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import User
from portal.tests.factories import AssessmentFactory, UserFactory
from referrals.assessments import pdf as pdf_module
from referrals.assessments.pdf import (
    PDF_FAILED,
    STALE_CLAIM,
    referral_pdf_claim,
    referral_pdf_request,
    referral_pdfs_render_pending,
)
from referrals.assessments.services import assessment_save_step, assessment_submit
from referrals.models import Assessment, RecordView, ReferralPdf
from referrals.review.services import ReviewInput, review_save

pytestmark = pytest.mark.django_db

CHILD = "Amelia-Rose Whitfield"


class FakeWeasyPrint:
    """Counts renders; each PDF names its render number, so a stale one would be seen."""

    def __init__(self) -> None:
        self.renders = 0
        self.fail = False

    def html(self, *args, **kwargs) -> FakeWeasyPrint:
        return self

    def write_pdf(self, *args, **kwargs) -> bytes:
        if self.fail:
            raise OSError("disk full")
        self.renders += 1
        return f"%PDF-1.7 render {self.renders}".encode()


@pytest.fixture
def weasy(monkeypatch) -> FakeWeasyPrint:
    import weasyprint

    fake = FakeWeasyPrint()
    monkeypatch.setattr(weasyprint, "HTML", fake.html)
    return fake


@pytest.fixture
def small() -> Assessment:
    return AssessmentFactory(ticks=5, submitted=True, child_name=CHILD)


@pytest.fixture
def large(monkeypatch) -> Assessment:
    """Over the inline threshold (lowered here, so the test needs no 373-indicator framework)."""
    monkeypatch.setattr(pdf_module, "INLINE_TICKS", 10)
    return AssessmentFactory(ticks=20, submitted=True, child_name=CHILD)


def download(client, assessment: Assessment):
    client.force_login(assessment.owner)
    return client.get(reverse("referrals:summary-pdf", args=[assessment.pk]))


def test_the_second_download_of_the_same_version_streams_the_stored_pdf(client, weasy, small):
    first = download(client, small)
    second = download(client, small)
    assert first.content == second.content == b"%PDF-1.7 render 1"
    assert second["Content-Type"] == "application/pdf"
    assert weasy.renders == 1
    assert RecordView.objects.filter(assessment=small, what="pdf").count() == 2  # every download is logged


def test_a_new_revision_makes_the_pdf_again(client, weasy, small):
    assert download(client, small).content == b"%PDF-1.7 render 1"
    small.child_voice = "She said she wants to stay with her nan."
    assessment_save_step(assessment=small)
    assert download(client, small).content == b"%PDF-1.7 render 2"
    assert download(client, small).content == b"%PDF-1.7 render 2"
    assert weasy.renders == 2
    assert ReferralPdf.objects.filter(assessment=small).count() == 1  # the old copy is replaced, not kept


def test_the_guidance_being_replaced_makes_the_pdf_again(client, weasy, small):
    """The PDF says "since replaced by": a change to the guidance, not to the assessment, still counts."""
    download(client, small)
    small.framework.status = "superseded"
    small.framework.save()
    small.refresh_from_db()
    assert download(client, small).content == b"%PDF-1.7 render 2"


def test_sending_an_assessment_has_the_worker_make_its_pdf(client, weasy, django_capture_on_commit_callbacks):
    draft = AssessmentFactory(ticks=5, child_name=CHILD)
    with django_capture_on_commit_callbacks(execute=True):
        assert assessment_submit(assessment=draft, submitted_by=draft.owner)
    assert ReferralPdf.objects.get(assessment=draft).state == ReferralPdf.State.PENDING
    assert weasy.renders == 0  # not in the request that sent it
    call_command("render_pdfs", verbosity=0)
    assert ReferralPdf.objects.get(assessment=draft).state == ReferralPdf.State.READY
    assert download(client, draft).content == b"%PDF-1.7 render 1"
    assert weasy.renders == 1


def test_a_decision_makes_the_pdf_again(client, weasy, small, django_capture_on_commit_callbacks):
    assert download(client, small).content == b"%PDF-1.7 render 1"
    lead = UserFactory(role=User.Role.LEAD, partnership=small.partnership)
    rag = small.framework.rag_ratings.order_by("order").first().name  # a complete decision (issue 13)
    data = ReviewInput(
        rag=rag, decision="agree", decided_level=None, decision_rationale="", outcome="Signposting", notes=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        review_save(assessment=small, lead=lead, data=data, seen_revision=small.revision)
    job = ReferralPdf.objects.get(assessment=small)
    assert job.state == ReferralPdf.State.PENDING  # the stored one says "Submitted": it is out of date
    assert referral_pdfs_render_pending() == 1
    small.refresh_from_db()
    assert small.status == Assessment.Status.DECIDED
    assert download(client, small).content == b"%PDF-1.7 render 2"
    assert weasy.renders == 2


def test_two_workers_claiming_the_same_job_one_wins(weasy, large):
    job = referral_pdf_request(assessment=large)
    assert job.state == ReferralPdf.State.PENDING
    first, second = referral_pdf_claim(job_id=job.pk), referral_pdf_claim(job_id=job.pk)
    assert first is not None and second is None
    assert referral_pdfs_render_pending() == 0  # claimed: the other worker leaves it alone
    assert weasy.renders == 0


def test_a_claim_left_by_a_dead_worker_is_taken_again(weasy, large):
    job = referral_pdf_request(assessment=large)
    claimed_at = referral_pdf_claim(job_id=job.pk)
    ReferralPdf.objects.filter(pk=job.pk).update(claimed_at=claimed_at - STALE_CLAIM * 2)
    assert referral_pdfs_render_pending() == 1
    assert referral_pdfs_render_pending() == 0  # made once, not again
    assert ReferralPdf.objects.get(pk=job.pk).state == ReferralPdf.State.READY
    assert weasy.renders == 1


def test_a_large_pdf_is_made_by_the_worker_while_the_page_says_so(client, weasy, large):
    pending = download(client, large)
    assert pending.status_code == 200
    page = pending.content.decode()
    assert "Your PDF is being made" in page
    assert "js/pdf_pending.mjs" in page and "http-equiv" not in page  # a script asks; no page reloads
    assert CHILD not in page
    assert pending["Cache-Control"] == "no-store"
    assert weasy.renders == 0  # nothing rendered in the request
    assert not RecordView.objects.filter(assessment=large, what="pdf").exists()  # nothing of the child sent yet

    assert "Your PDF is being made" in download(client, large).content.decode()  # a reload does not enqueue twice
    check = reverse("referrals:summary-pdf", args=[large.pk]) + "?check"
    assert (client.get(check).status_code, client.get(check).content) == (202, b"")
    call_command("render_pdfs", verbosity=0)
    assert (client.get(check).status_code, client.get(check).content) == (204, b"")
    ready = download(client, large)
    assert ready["Content-Type"] == "application/pdf"
    assert ready["Content-Disposition"] == f'attachment; filename="referral-{large.reference}.pdf"'
    assert ready.content == b"%PDF-1.7 render 1"
    assert weasy.renders == 1
    assert RecordView.objects.filter(assessment=large, what="pdf").count() == 1


def test_a_worker_failure_says_so_once_and_the_next_try_makes_it_again(client, weasy, large):
    download(client, large)
    weasy.fail = True
    call_command("render_pdfs", verbosity=0)
    assert ReferralPdf.objects.get(assessment=large).state == ReferralPdf.State.FAILED
    check = reverse("referrals:summary-pdf", args=[large.pk]) + "?check"
    assert client.get(check).status_code == 204  # the waiting page then asks for the PDF, and hears it failed
    failed = download(client, large)
    overview = reverse("referrals:overview", args=[large.pk])
    assert (failed.status_code, failed["Location"]) == (302, overview)
    assert PDF_FAILED in client.get(overview).content.decode()

    weasy.fail = False
    assert "Your PDF is being made" in download(client, large).content.decode()
    call_command("render_pdfs", verbosity=0)
    assert download(client, large).content == b"%PDF-1.7 render 1"


def test_the_worker_loop_and_one_round_share_the_same_claims(weasy):
    """`render_pdfs` without --loop makes what is waiting, then exits; with nothing waiting it does nothing."""
    assessments = AssessmentFactory.create_batch(3, ticks=5, submitted=True)
    for assessment in assessments:
        referral_pdf_request(assessment=assessment)
    call_command("render_pdfs", verbosity=0)
    call_command("render_pdfs", verbosity=0)
    assert weasy.renders == 3
    assert set(ReferralPdf.objects.values_list("state", flat=True)) == {ReferralPdf.State.READY}


def test_an_assessment_erased_while_its_pdf_waits_takes_the_pdf_with_it(weasy, large):
    from referrals.assessments.pdf import referral_pdf_make

    job = referral_pdf_request(assessment=large)
    claimed_at = referral_pdf_claim(job_id=job.pk)
    large.delete()
    assert not ReferralPdf.objects.filter(pk=job.pk).exists()  # the stored PDF goes with its assessment
    assert referral_pdf_make(job_id=job.pk, claimed_at=claimed_at) is False
    assert weasy.renders == 0


def test_a_few_ticks_with_long_free_text_go_to_the_worker_too(client, weasy):
    """The time grows with the text as well as the ticks: both limits decide what a request may make."""
    long_text = AssessmentFactory(
        ticks=5, submitted=True, worries="x" * 5000, child_voice="y" * 5000, agencies="z" * 3000
    )
    assert "Your PDF is being made" in download(client, long_text).content.decode()
    assert weasy.renders == 0
