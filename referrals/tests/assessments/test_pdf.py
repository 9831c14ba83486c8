"""The referral summary as a PDF: what it says (read back with poppler's pdftotext), that it is a tagged A4
document, that nothing typed is ever run as markup, and that a failure leaves the assessment as it was."""

from __future__ import annotations

import logging
import re
import subprocess

import pytest
from django.urls import reverse

from portal.access import Role
from portal.tests.factories import AssessmentFactory, decided, make_user
from referrals.assessments.pdf import PDF_FAILED, pdf_key
from referrals.models import Assessment, Review
from referrals.review.services import ReviewInput, review_save

pytestmark = pytest.mark.django_db

CHILD = "Amelia-Rose Whitfield"
SCRIPT = "<script>alert(1)</script>"


def pdf_text(path) -> str:
    command = ["/usr/bin/pdftotext", "-enc", "UTF-8", str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pdf_info(path) -> dict[str, str]:
    out = subprocess.run(["/usr/bin/pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def squash(text: str) -> str:
    """Text with line breaks and hyphens at line ends taken out, as words run on across the page."""
    return re.sub(r"[\s\-]+", "", text)


@pytest.fixture
def assessment() -> Assessment:
    """A complete referral: 20 ticked indicators up to level 3; the practitioner judges level 4, and says why."""
    return AssessmentFactory(
        ticks=20,
        max_level=3,
        child_name=CHILD,
        practitioner_level=4,
        level_rationale="A new disclosure this morning: she is frightened to go home.",
        child_voice=f"She typed {SCRIPT} into the tablet and said “I want my nan”.",
    )


@pytest.fixture
def downloaded(client, assessment, tmp_path):
    client.force_login(assessment.owner)
    response = client.get(reverse("referrals:summary-pdf", args=[assessment.pk]))
    path = tmp_path / "referral.pdf"
    path.write_bytes(response.content)
    return response, path


def test_the_pdf_is_a_download_named_by_reference_only(downloaded, assessment):
    response, _ = downloaded
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="referral-{assessment.reference}.pdf"'
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF-")
    for word in CHILD.replace("-", " ").split():
        assert word not in response["Content-Disposition"]


def test_the_pdf_says_what_the_referral_says(downloaded, assessment):
    _, path = downloaded
    text = pdf_text(path)
    assert len(assessment.indicators) == 20
    words = [i["text"] for r in assessment.suggestion["reasons"] for d in r["domains"] for i in d["indicators"]]
    assert len(words) == 20
    for indicator in words:
        assert squash(indicator) in squash(text), f"indicator missing from the PDF: {indicator}"
    assert CHILD in text
    assert assessment.suggested_level == 3
    level_4 = assessment.framework.levels.get(number=4).name
    assert f"Practitioner's judgement\n\nLevel 4: {level_4}" in text  # the decision put forward
    assert "A new disclosure this morning: she is frightened to go home." in text
    # Issue 18, item 7 changed this: the marking is in the header and the footer of every page, not in the body;
    # this referral is a draft, so the header also says so.
    assert text.split("\n\n")[:2] == ["DRAFT: not sent", "OFFICIAL-SENSITIVE"]
    assert text.count("OFFICIAL-SENSITIVE") == 2 * int(pdf_info(path)["Pages"])
    assert re.search(r"Page 1 of \d+", text)
    assert assessment.framework.title in text
    assert f"Referral summary {assessment.reference}" in text


def test_the_pdf_is_a_tagged_a4_document(downloaded, assessment):
    _, path = downloaded
    info = pdf_info(path)
    assert info["Tagged"] == "yes"
    assert info["Page size"] == "595.276 x 841.89 pts (A4)"
    assert info["Title"] == f"Referral summary {assessment.reference}"
    assert int(info["Pages"]) >= 2
    assert f"Page {info['Pages']} of {info['Pages']}" in pdf_text(path)


def test_typed_markup_is_shown_as_text_in_the_page_and_the_pdf(client, downloaded, assessment):
    _, path = downloaded
    assert f"She typed {SCRIPT} into the tablet" in pdf_text(path)
    for name in ("referrals:summary", "referrals:overview"):
        page = client.get(reverse(name, args=[assessment.pk])).content.decode()
        assert "She typed &lt;script&gt;alert(1)&lt;/script&gt; into the tablet" in page
        assert SCRIPT not in page


class Broken(Exception):
    pass


def _raise_on_init(*args, **kwargs):
    raise Broken("font configuration exploded")


class _HtmlThatCannotWrite:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def write_pdf(self, *args, **kwargs):
        raise OSError("disk full")


@pytest.mark.parametrize("replacement", [_raise_on_init, _HtmlThatCannotWrite], ids=["parse", "write"])
def test_a_pdf_failure_says_so_and_leaves_the_assessment_untouched(
    client, assessment, monkeypatch, caplog, replacement
):
    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", replacement)
    client.force_login(assessment.owner)
    before = Assessment.objects.filter(pk=assessment.pk).values().get()

    with caplog.at_level(logging.ERROR, logger="referrals.pdf"):
        response = client.get(reverse("referrals:summary-pdf", args=[assessment.pk]))

    overview = reverse("referrals:overview", args=[assessment.pk])
    assert response.status_code == 302
    assert response["Location"] == overview
    page = client.get(overview).content.decode()
    assert PDF_FAILED in page
    after = Assessment.objects.filter(pk=assessment.pk).values().get()
    assert (after["revision"], after["updated"]) == (before["revision"], before["updated"])
    assert after == before
    assert [r.getMessage() for r in caplog.records if r.name == "referrals.pdf"] == ["Referral PDF failed"]
    assert CHILD not in caplog.text


def test_the_pdf_gives_the_doors_of_the_level_put_forward_and_of_the_suggestion(downloaded, assessment):
    """Issue 13: a practitioner who put forward level 4 (the indicators suggest 3) gets level 4's doors
    (Sefton's MASH), said to be the level put forward, and level 3's after them."""
    text = squash(pdf_text(downloaded[1]))
    assert squash("The practitioner put forward level 4") in text
    assert squash("At level 4, the level put forward") in text
    assert squash("At level 3, the suggested level") in text
    assert squash("0151 934 4013/ 4481") in text  # the MASH: a level 4 door only
    assert text.index(squash("At level 4, the level put forward")) < text.index(squash("0151 934 4013/ 4481"))
    assert text.index(squash("0151 934 4013/ 4481")) < text.index(squash("At level 3, the suggested level"))


def _pages(path) -> list[str]:
    """The text of each page (pdftotext ends every page with a form feed)."""
    pages = pdf_text(path).split("\f")[:-1]
    assert len(pages) == int(pdf_info(path)["Pages"])
    return pages


def _download(client, assessment, tmp_path, user=None):
    client.force_login(user or assessment.owner)
    response = client.get(reverse("referrals:summary-pdf", args=[assessment.pk]))
    assert response.status_code == 200
    path = tmp_path / f"referral-{assessment.pk}-{assessment.revision}.pdf"
    path.write_bytes(response.content)
    return path


def test_every_page_is_marked_once_in_its_header_and_once_in_its_footer(client, tmp_path):
    """Issue 18, item 7: OFFICIAL-SENSITIVE heads and foots every page, once each, and is not also in the body."""
    sent = AssessmentFactory(submitted=True, ticks=20, max_level=3, child_name=CHILD)
    pages = _pages(_download(client, sent, tmp_path))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        blocks = [b for b in page.split("\n\n") if b.strip()]
        assert page.count("OFFICIAL-SENSITIVE") == 2, f"page {number}"
        assert blocks[0] == "OFFICIAL-SENSITIVE", f"page {number}"  # the header
        assert blocks[-2:] == ["OFFICIAL-SENSITIVE", f"Page {number} of {len(pages)}"], f"page {number}"  # footer
        assert blocks[-3].startswith(f"Referral {sent.reference}, made "), f"page {number}"
    assert "DRAFT" not in "".join(pages)


def test_a_drafts_pdf_says_draft_on_every_page(downloaded):
    pages = _pages(downloaded[1])
    assert len(pages) >= 2
    for page in pages:
        assert page.startswith("DRAFT: not sent\n")
    assert "DRAFT: this assessment has not been sent to the safeguarding lead." in pages[0]


def test_a_decided_referrals_pdf_carries_the_decision_and_a_changed_one_is_made_again(client, tmp_path):
    lead = make_user("lena", role=Role.LEAD, first_name="Lena", last_name="Okafor")
    assessment = decided(lead=lead, outcome="Signposting", ticks=5, max_level=3, child_name=CHILD)
    level_3 = assessment.framework.levels.get(number=3).name
    review = assessment.review
    text = pdf_text(_download(client, assessment, tmp_path))
    decision = text[text.index("The safeguarding lead's decision") :]
    assert "Decision\n\nAgree with the level" in decision
    assert f"Level decided\n\nLevel 3: {level_3}" in decision
    assert "Outcome\n\nSignposting" in decision
    assert f"Decided\n\n{review.decided_at:%-d %B %Y, %H:%M} by Lena Okafor" in decision

    # The lead changes the outcome: the stored PDF is out of date and the next download is the new one.
    key = pdf_key(assessment)
    data = ReviewInput(
        rag=review.rag,
        decision="agree",
        decided_level=None,
        decision_rationale="",
        outcome="Early help assessment",
        notes="",
        change_reason="The school has since offered early help.",
    )
    review_save(assessment=assessment, lead=lead, data=data, seen_revision=assessment.revision)
    assessment.refresh_from_db()
    assert pdf_key(Assessment.objects.get(pk=assessment.pk)) != key
    text = squash(pdf_text(_download(client, assessment, tmp_path)))
    assert squash("Outcome Early help assessment") in text
    assert squash("Why the decision was changed The school has since offered early help.") in text
    assert "Signposting" not in text


def test_the_pdf_key_follows_the_decision_itself(client):
    """Even a decision changed without the assessment's revision moving (an admin's edit) makes the PDF again."""
    assessment = decided(lead=make_user("lena", role=Role.LEAD), outcome="Signposting", ticks=3)
    before = pdf_key(Assessment.objects.get(pk=assessment.pk))
    Review.objects.filter(assessment=assessment).update(outcome="No further action")
    assert pdf_key(Assessment.objects.get(pk=assessment.pk)) != before
