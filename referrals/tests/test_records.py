"""Records kept as the law expects: every page naming a child is logged, the log is kept (a tombstone if its
assessment goes), retention erases the child data of old decided assessments, and a lead can export everything
held about one child (subject access)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.tests.factories import AssessmentFactory, decided
from referrals.disagreement.services import escalation_raise
from referrals.models import Assessment, Escalation, EscalationEntry, RecordView, ReferralPdf, Review
from referrals.retention import (
    ERASED_ASSESSMENT,
    assessments_erase_past_retention,
    past_retention,
    years_before,
)

pytestmark = pytest.mark.django_db


def looks(what: str) -> list[tuple[str, str]]:
    return sorted(RecordView.objects.filter(what=what).values_list("reference", "viewer__username"))


def aged(assessment: Assessment, *, years: int, days: int = 1) -> Assessment:
    """Move the decision back `years` years and `days` days."""
    Review.objects.filter(assessment=assessment).update(
        decided_at=years_before(timezone.now(), years) - timedelta(days=days)
    )
    return assessment


# --- The record-view log -----------------------------------------------------------------------------------------


def test_the_queue_logs_every_assessment_it_names(client, lead, practitioner):
    sent = [AssessmentFactory(owner=practitioner, submitted=True) for _ in range(3)]
    AssessmentFactory(owner=practitioner)  # a draft: not in the queue
    client.force_login(lead)
    assert client.get(reverse("referrals:queue")).status_code == 200
    assert looks("queue") == sorted((a.reference, "lee") for a in sent)
    assert set(RecordView.objects.filter(what="queue").values_list("assessment", flat=True)) == {a.pk for a in sent}


def test_an_empty_queue_logs_nothing(client, lead):
    client.force_login(lead)
    assert client.get(reverse("referrals:queue")).status_code == 200
    assert RecordView.objects.count() == 0


def test_the_dashboard_logs_the_overdue_it_names_and_nothing_else(client, lead, practitioner):
    late, waiting = (AssessmentFactory(owner=practitioner, submitted=True) for _ in range(2))
    Review.objects.create(assessment=late, rag="Red", due_by=timezone.now() - timedelta(hours=1))
    Assessment.objects.filter(pk=late.pk).update(due_by=late.review.due_by)  # as review_save leaves it (issue 19)
    client.force_login(lead)
    page = client.get(reverse("referrals:dashboard"))
    assert late.child_name in page.content.decode() and waiting.child_name not in page.content.decode()
    assert looks("dashboard") == [(late.reference, "lee")]


def test_my_assessments_logs_the_named_ones(client, practitioner):
    named = AssessmentFactory(owner=practitioner)
    AssessmentFactory(owner=practitioner, child_name="")
    client.force_login(practitioner)
    client.get(reverse("referrals:mine"))
    assert looks("mine") == [(named.reference, "pat")]


def test_the_child_step_logs_a_look_and_the_other_steps_do_not(client, practitioner):
    draft = AssessmentFactory(owner=practitioner)
    client.force_login(practitioner)
    client.get(reverse("referrals:step", args=[draft.pk, "child"]))
    client.get(reverse("referrals:step", args=[draft.pk, "voice"]))
    assert looks("step") == [(draft.reference, "pat")]


def test_the_log_cannot_be_edited_or_deleted(lead, practitioner):
    assessment = AssessmentFactory(owner=practitioner, submitted=True)
    look = RecordView.objects.create(assessment=assessment, viewer=lead, what="review")
    assert look.reference == assessment.reference
    look.what = "nothing"
    with pytest.raises(PermissionError):
        look.save()
    with pytest.raises(PermissionError):
        look.delete()
    with pytest.raises(PermissionError):
        RecordView.objects.all().delete()
    with pytest.raises(PermissionError):
        RecordView.objects.update(what="nothing")
    assert list(RecordView.objects.values_list("what", flat=True)) == ["review"]


def test_no_admin_page_shows_or_changes_the_log(client, django_user_model):
    assert not admin.site.is_registered(RecordView)
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(superuser)
    assert client.get("/admin/referrals/recordview/").status_code == 404


def test_the_log_survives_its_assessment_as_a_tombstone(lead, practitioner):
    assessment = AssessmentFactory(owner=practitioner, submitted=True)
    RecordView.objects.create(assessment=assessment, viewer=lead, what="review")
    reference = assessment.reference
    assessment.delete()
    assert list(RecordView.objects.values_list("assessment", "reference", "what")) == [(None, reference, "review")]


# --- Retention ----------------------------------------------------------------------------------------------------


def test_past_retention_counts_whole_years_from_the_decision():
    now = timezone.now()
    assert past_retention(decided_at=years_before(now, 6) - timedelta(seconds=1), years=6, now=now)
    assert not past_retention(decided_at=years_before(now, 6) + timedelta(seconds=1), years=6, now=now)
    assert not past_retention(decided_at=None, years=6, now=now)
    assert years_before(datetime(2028, 2, 29, 12, tzinfo=UTC), 1) == datetime(2027, 2, 28, 12, tzinfo=UTC)


@pytest.fixture
def old_and_recent(lead, practitioner, settings):
    settings.RETENTION_YEARS_DEFAULT = 6
    old = aged(decided(lead=lead, owner=practitioner, outcome="Signposting"), years=6)
    escalation_raise(assessment=old, raised_by=practitioner, reason="The level is too low for what we see.")
    Review.objects.filter(assessment=old).update(notes="Spoke to the mother at home.", decision_rationale="Seen.")
    recent = aged(decided(lead=lead, owner=practitioner), years=5)
    waiting = AssessmentFactory(owner=practitioner, submitted=True)
    RecordView.objects.create(assessment=old, viewer=lead, what="review")
    return old, recent, waiting


def test_an_assessment_past_retention_is_erased_with_its_history(old_and_recent):
    old, recent, waiting = old_and_recent
    name = old.child_name
    assert Assessment.history.filter(id=old.pk, child_name=name).exists()

    run = assessments_erase_past_retention(now=timezone.now())

    assert run.references == [old.reference] and run.history_rows > 0
    old.refresh_from_db()
    assert old.erased_at is not None
    assert {f: getattr(old, f) for f in ERASED_ASSESSMENT} == ERASED_ASSESSMENT
    # What the dashboard needs is kept.
    assert old.status == "decided" and old.suggested_level and old.indicators and old.area
    assert old.review.outcome == "Signposting" and old.review.decided_at is not None
    assert (old.review.notes, old.review.decision_rationale) == ("", "")
    assert Escalation.objects.get(assessment=old).reason == ""
    assert set(EscalationEntry.objects.filter(escalation__assessment=old).values_list("text", flat=True)) == {""}
    # And not a trace of the child in the history rows.
    for history in (Assessment.history.filter(id=old.pk), Review.history.filter(assessment_id=old.pk)):
        assert history.exists()
    assert not Assessment.history.filter(id=old.pk).exclude(child_name="").exists()
    assert not Assessment.history.filter(id=old.pk, date_of_birth__isnull=False).exists()
    assert not Assessment.history.filter(id=old.pk).exclude(worries="").exists()
    assert not Review.history.filter(assessment_id=old.pk).exclude(notes="").exists()
    assert not Escalation.history.filter(assessment_id=old.pk).exclude(reason="").exists()
    # The record-view log survives, naming the reference.
    assert list(RecordView.objects.filter(assessment=old).values_list("reference", flat=True)) == [old.reference]
    # Those inside the period, or not decided, are untouched.
    for kept in (recent, waiting):
        row = Assessment.objects.get(pk=kept.pk)
        assert row.child_name == kept.child_name and row.worries == kept.worries and row.erased_at is None
        assert Assessment.history.filter(id=kept.pk, child_name=kept.child_name).exists()


def test_a_dry_run_changes_nothing(old_and_recent):
    old, _, _ = old_and_recent
    before = list(Assessment.objects.values()), list(Assessment.history.values()), list(Review.history.values())
    run = assessments_erase_past_retention(now=timezone.now(), dry_run=True)
    assert run.references == [old.reference] and run.summary.startswith("Would erase the child data of 1 ")
    after = list(Assessment.objects.values()), list(Assessment.history.values()), list(Review.history.values())
    assert after == before


def test_the_partnerships_own_period_wins_over_the_default(old_and_recent):
    old, recent, _ = old_and_recent
    old.partnership.retention_years = 4
    old.partnership.save()
    run = assessments_erase_past_retention(now=timezone.now())
    assert sorted(run.references) == sorted([old.reference, recent.reference])


def test_a_stored_pdf_of_an_erased_assessment_goes_with_it(old_and_recent):
    """The stored referral PDF is a copy of the child data: erasure deletes it (the dry run only counts it)."""
    old, recent, _ = old_and_recent
    for assessment in (old, recent):
        ReferralPdf.objects.create(assessment=assessment, state="ready", content_key="k", revision=1, pdf=b"%PDF-")
    assert assessments_erase_past_retention(now=timezone.now(), dry_run=True).stored_pdfs == 1
    assert ReferralPdf.objects.count() == 2
    run = assessments_erase_past_retention(now=timezone.now())
    assert run.stored_pdfs == 1
    assert list(ReferralPdf.objects.values_list("assessment_id", flat=True)) == [recent.pk]


def test_the_command_prints_references_and_counts_and_is_idempotent(old_and_recent):
    old, _, _ = old_and_recent
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert f"would erase {old.reference}" in out.getvalue()
    assert Assessment.objects.get(pk=old.pk).child_name == old.child_name
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert f"erased {old.reference}" in out.getvalue() and old.child_name not in out.getvalue()
    assert "Erased the child data of 1 decided assessment(s) past retention" in out.getvalue()
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert (
        out.getvalue().strip()
        == "Erased the child data of 0 decided assessment(s) past retention, 0 history row(s) and 0 stored PDF(s)."
    )


def test_erasure_leaves_the_dashboard_figures_unchanged(client, lead, old_and_recent):
    client.force_login(lead)
    before = client.get(reverse("referrals:dashboard")).context["dashboard"]
    assessments_erase_past_retention(now=timezone.now())
    after = client.get(reverse("referrals:dashboard")).context["dashboard"]
    assert after == before and after.sent == 3


def test_an_erased_assessment_says_so_on_the_review_page(client, lead, old_and_recent):
    old, _, _ = old_and_recent
    assessments_erase_past_retention(now=timezone.now())
    client.force_login(lead)
    page = client.get(reverse("referrals:review", args=[old.pk])).content.decode()
    assert "details were erased on" in page and old.child_name not in page


# --- Subject access -----------------------------------------------------------------------------------------------


def test_subject_access_exports_everything_held_about_the_child(client, lead, practitioner, other_lead):
    first = decided(lead=lead, owner=practitioner, child_name="Zephyrine Quillfeather")
    escalation_raise(assessment=first, raised_by=practitioner, reason="The level is too low.")
    second = AssessmentFactory(
        owner=practitioner, submitted=True, child_name="ZEPHYRINE QUILLFEATHER", date_of_birth=first.date_of_birth
    )
    AssessmentFactory(owner=practitioner, child_name="Zephyrine Quillfeather", date_of_birth=first.date_of_birth)
    AssessmentFactory(  # another child of the same name
        owner=practitioner,
        submitted=True,
        child_name="Zephyrine Quillfeather",
        date_of_birth=first.date_of_birth - timedelta(days=1),
    )
    RecordView.objects.create(assessment=first, viewer=other_lead, what="review")  # a look, whoever made it

    client.force_login(lead)
    response = client.get(reverse("referrals:subject-access", args=[second.pk]))

    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == f'attachment; filename="subject-access-{second.reference}.json"'
    export = json.loads(response.content)
    assert export["asked_about"] == second.reference
    assert export["child"] == {"name": "ZEPHYRINE QUILLFEATHER", "date_of_birth": first.date_of_birth.isoformat()}
    by_reference = {a["reference"]: a for a in export["assessments"]}
    assert set(by_reference) == {first.reference, second.reference}  # not the draft, not the other child
    one = by_reference[first.reference]
    assert one["child_name"] == "Zephyrine Quillfeather" and one["worries"] == first.worries
    assert one["address"] == first.address and one["owner"]["username"] == "pat"
    assert one["review"]["outcome"] == "Signposting" and one["review"]["reviewer"]["username"] == "lee"
    assert one["review"]["history"] and one["history"][0]["change"] == "created"
    assert one["history"][0]["values"]["child_name"] == "Zephyrine Quillfeather"
    [disagreement] = one["disagreements"]
    assert disagreement["reason"] == "The level is too low." and disagreement["entries"][0]["action"] == "raised"
    assert [(v["by"]["username"], v["page"]) for v in one["record_views"]][:1] == [("olu", "review")]
    # The export is itself logged, for each assessment it covers.
    assert looks("subject-access") == sorted([(first.reference, "lee"), (second.reference, "lee")])
    assert "subject-access" in [v["page"] for v in by_reference[second.reference]["record_views"]]


def test_subject_access_of_an_erased_record_covers_only_that_record(client, lead, practitioner, settings):
    settings.RETENTION_YEARS_DEFAULT = 6
    old = aged(decided(lead=lead, owner=practitioner), years=7)
    decided(lead=lead, owner=practitioner, child_name="")  # unnamed: must not match the erased one's blank name
    assessments_erase_past_retention(now=timezone.now())
    client.force_login(lead)
    export = json.loads(client.get(reverse("referrals:subject-access", args=[old.pk])).content)
    assert [a["reference"] for a in export["assessments"]] == [old.reference]
    assert export["assessments"][0]["child_name"] == "" and export["assessments"][0]["erased_at"]
