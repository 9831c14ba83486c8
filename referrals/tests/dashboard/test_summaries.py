"""Issue 19: the dashboard's figures kept as summaries, marked by every write that changes one, counted again by the
`count_dashboards` worker; the queue's counts bounded by the open work with an exact sent counter."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.models import User
from portal.tests.factories import AssessmentFactory, decided, make_user
from referrals.assessments.services import assessment_submit
from referrals.children.services import child_link_decide
from referrals.dashboard.marks import dashboard_summary_mark
from referrals.dashboard.selectors import PERIODS, dashboard_period_counts
from referrals.dashboard.services import (
    RECOUNT_AFTER,
    dashboard_summaries_due,
    dashboard_summaries_recount,
    dashboard_summary_for,
    sent_counts_recount,
)
from referrals.dashboard.summary import Aggregates, Group, figures_as_json, figures_from_json
from referrals.demo import send_demo_rereferral
from referrals.family.services import family_align_due_by, family_submit
from referrals.models import Assessment, ChildLink, DashboardSummary, SentCount
from referrals.retention import assessments_erase_past_retention, years_before
from referrals.review.selectors import queue_counts
from referrals.review.services import ReviewInput, review_save
from referrals.tests.family.test_family import family_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return {
        "practitioner": make_user("sum-p", role=User.Role.PRACTITIONER),
        "lead": make_user("sum-l", role=User.Role.LEAD),
        "stoke_lead": make_user("sum-sl", role=User.Role.LEAD, slug="stoke-on-trent"),
    }


def counted(people) -> DashboardSummary:
    """The lead's partnership's all-time summary, counted now (its first look) and once more by the worker."""
    dashboard_summary_for(partnership_id=people["lead"].partnership_id, period="all")
    dashboard_summaries_recount()
    return DashboardSummary.objects.get(partnership_id=people["lead"].partnership_id, period="all")


def marked(people) -> bool:
    return DashboardSummary.objects.get(partnership_id=people["lead"].partnership_id, period="all").changed


def sent_count(people) -> int:
    return SentCount.objects.filter(partnership_id=people["lead"].partnership_id).values_list("n", flat=True).first()


def a_decision(assessment: Assessment, outcome: str = "Signposting") -> ReviewInput:
    rating = assessment.framework.rag_ratings.order_by("order").first()
    return ReviewInput(
        rag=rating.name if rating else "",
        decision="agree",
        decided_level=None,
        decision_rationale="",
        outcome=outcome,
        notes="",
    )


# The figures as JSON -------------------------------------------------------------------------------------------


def test_the_figures_round_trip_through_json_and_the_database_exactly(people):
    aggregates = Aggregates(
        groups=(
            Group(count=3, decided=False, level=None),
            Group(7, True, 2, 1, 3, "Red", "Signposting", "on_time"),
            Group(1, True, 4, None, None, "", "", ""),
            Group(2, True, 1, 1, 1, "Amber – “quoted”", "Early help", "late"),
        ),
        median_hours={"Red": 1 / 3, "No RAG rating": 2.5e-7, "All ratings": 123456.789012345},
        overdue=(),
        overdue_total=0,
    )
    figures = figures_as_json(aggregates, rereferrals=4)
    assert figures_from_json(json.loads(json.dumps(figures))) == (aggregates, 4)
    stored = DashboardSummary.objects.create(
        partnership_id=people["lead"].partnership_id, period="all", figures=figures, counted_at=timezone.now()
    )
    stored.refresh_from_db()
    assert figures_from_json(stored.figures) == (aggregates, 4)
    assert figures_from_json({}) is None and figures_from_json({"format": 0}) is None  # counted again


def test_the_summary_holds_no_child_data(people):
    AssessmentFactory(owner=people["practitioner"], submitted=True, child_name="Zebedee Quint")
    summary = counted(people)
    assert "Zebedee" not in json.dumps(summary.figures) and summary.figures["groups"]


# Every write that changes a figure marks it (referrals/dashboard/marks.py) -------------------------------------


def test_sending_marks_the_figures_and_counts_one_more_sent(people):
    draft = AssessmentFactory(owner=people["practitioner"])
    summary = counted(people)
    before = sent_count(people) or 0
    assert not summary.changed
    assert assessment_submit(assessment=draft, submitted_by=people["practitioner"])
    assert marked(people) and sent_count(people) == before + 1


def test_sending_a_family_marks_the_figures_and_counts_every_child(people):
    children = family_of(people["practitioner"], n=3)
    counted(people)
    before = sent_count(people) or 0
    assert family_submit(assessment=children[0], submitted_by=people["practitioner"])
    assert marked(people) and sent_count(people) == before + 3


def test_a_review_saved_marks_the_figures(people):
    assessment = AssessmentFactory(owner=people["practitioner"], submitted=True)
    counted(people)
    review_save(assessment=assessment, lead=people["lead"], data=a_decision(assessment), seen_revision=1)
    assert marked(people)


def test_the_family_due_by_alignment_marks_the_figures(people):
    children = family_of(people["practitioner"], n=2)
    family_submit(assessment=children[0], submitted_by=people["practitioner"])
    counted(people)
    family_align_due_by(family_id=children[0].family_id)
    assert marked(people)


def test_a_child_link_decided_marks_the_figures(people):
    earlier = AssessmentFactory(owner=people["practitioner"], submitted=True)
    later = AssessmentFactory(owner=people["practitioner"], submitted=True)
    link = ChildLink.objects.create(
        earlier=earlier, later=later, partnership_id=later.partnership_id, reason="The same name", within_year=True
    )
    counted(people)
    child_link_decide(link_id=link.pk, assessment=later, lead=people["lead"], decision="confirm")
    assert marked(people)


def test_retentions_erasure_marks_the_figures(people):
    old = decided(lead=people["lead"], owner=people["practitioner"])
    old.review.decided_at = years_before(timezone.now(), 10)
    old.review.save()
    counted(people)
    assert assessments_erase_past_retention(now=timezone.now()).references == [old.reference]
    assert marked(people)


def test_the_demo_data_marks_the_figures(people):
    sefton_lead = make_user("sum-demo-l", role=User.Role.LEAD)
    counted(people)
    assert send_demo_rereferral(people["practitioner"], sefton_lead) is not None
    assert marked(people)


def test_a_mark_is_one_update_and_touches_only_that_partnership(people):
    counted(people)
    dashboard_summary_for(partnership_id=people["stoke_lead"].partnership_id, period="all")
    dashboard_summaries_recount()
    with CaptureQueriesContext(connection) as queries:
        dashboard_summary_mark(partnership_id=people["lead"].partnership_id)
    assert len(queries) == 1 and queries[0]["sql"].startswith("UPDATE")
    theirs = DashboardSummary.objects.get(partnership_id=people["stoke_lead"].partnership_id)
    assert marked(people) and not theirs.changed


# Counted again by the worker ------------------------------------------------------------------------------------


def page(client, lead, period="all"):
    client.force_login(lead)
    response = client.get(reverse("referrals:dashboard"), {"period": period})
    assert response.status_code == 200
    return response.context["dashboard"], response.content.decode()


def test_a_decision_changes_the_figures_after_one_worker_round_and_not_before(client, people):
    assessment = AssessmentFactory(owner=people["practitioner"], submitted=True)
    first, text = page(client, people["lead"])
    assert (first.sent, first.decided) == (1, 0)
    assert "Figures counted at " in text and "Decisions since then" not in text

    review_save(assessment=assessment, lead=people["lead"], data=a_decision(assessment), seen_revision=1)
    before, text = page(client, people["lead"])
    assert before.decided == 0  # the summary, not a count of the partnership
    assert "Decisions since then are counted within a minute." in text

    out = StringIO()
    call_command("count_dashboards", stdout=out)  # one round, as the worker's loop does
    assert out.getvalue().strip() == "Counted 1 dashboard figure set."
    after, text = page(client, people["lead"])
    assert (after.sent, after.decided) == (1, 1)
    assert "Decisions since then" not in text
    counted_at = timezone.localtime(DashboardSummary.objects.get(period="all").counted_at)
    assert f"Figures counted at {counted_at:%H:%M} on {counted_at.day} {counted_at:%B %Y}." in text
    assert dashboard_summaries_recount() == 0  # nothing more to count


def test_a_first_looks_count_is_counted_once_more_by_the_worker(people):
    """A decision made while the first look was counting found no summary to mark: the worker counts it again."""
    partnership_id = people["lead"].partnership_id
    shown = dashboard_summary_for(partnership_id=partnership_id, period="all")
    assert not shown.changed  # the page shows what it has just counted
    assert DashboardSummary.objects.get(partnership_id=partnership_id).changed
    assert dashboard_summaries_recount() == 1 and dashboard_summaries_recount() == 0


def test_the_page_counts_only_at_the_first_look_and_then_reads_one_summary(client, people):
    AssessmentFactory(owner=people["practitioner"], submitted=True)
    client.force_login(people["lead"])
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("referrals:dashboard"), {"period": "90"})
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("referrals:dashboard"), {"period": "90"})
    assessments = [q["sql"] for q in again if 'FROM "referrals_assessment"' in q["sql"] and "GROUP BY" in q["sql"]]
    assert len(first) > len(again) and not assessments  # no GROUP BY over the partnership's assessments
    assert DashboardSummary.objects.filter(period="90").count() == 1


def test_the_dashboards_queries_are_the_same_for_3_and_30_assessments(client, people):
    def look() -> int:
        dashboard_summaries_recount()
        with CaptureQueriesContext(connection) as queries:
            page(client, people["lead"])
        return len(queries)

    for _ in range(3):
        decided(lead=people["lead"], owner=people["practitioner"])
    page(client, people["lead"])  # the first look counts
    few = look()
    for _ in range(27):
        AssessmentFactory(owner=people["practitioner"], submitted=True)
    dashboard_summary_mark(partnership_id=people["lead"].partnership_id)
    many = look()
    assert page(client, people["lead"])[0].sent == 30
    assert few == many


def test_a_rolling_period_is_counted_again_once_its_window_moves_past_a_sent_assessment(people):
    assessment = AssessmentFactory(owner=people["practitioner"], submitted=True)
    now = timezone.now()
    for period in PERIODS:
        dashboard_summary_for(partnership_id=people["lead"].partnership_id, period=period, now=now)
    assert dashboard_summaries_recount(now=now) == 4  # a first look's count is counted once more (see below)
    assert dashboard_summaries_due(now=now + RECOUNT_AFTER * 2) == []  # nothing left any window
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=now - timedelta(days=30) + timedelta(minutes=5))
    later = now + timedelta(minutes=9)
    assert dashboard_summaries_due(now=later) == []  # counted less than 10 minutes ago
    later = now + timedelta(minutes=11)  # the 30-day window's start has passed it: it left the period
    assert [s.period for s in dashboard_summaries_due(now=later)] == ["30"]
    assert dashboard_summaries_recount(now=later) == 1
    summary = dashboard_summary_for(partnership_id=people["lead"].partnership_id, period="30", now=later)
    assert sum(g.count for g in summary.aggregates.groups) == 0 and summary.counted_at == later


def test_a_worker_never_counts_a_summary_another_has_claimed(people):
    AssessmentFactory(owner=people["practitioner"], submitted=True)
    summary = counted(people)
    dashboard_summary_mark(partnership_id=people["lead"].partnership_id)
    due = dashboard_summaries_due(now=timezone.now())
    assert dashboard_summaries_recount() == 1
    # A second worker that read the same list before the first claimed it: its conditional UPDATE finds nothing.
    assert not DashboardSummary.objects.filter(pk=summary.pk, changed=True, counted_at=due[0].counted_at).update(
        changed=False
    )


# The queue's counts ----------------------------------------------------------------------------------------------


def full_count(lead: User, now) -> dict[str, int]:
    sent = Assessment.objects.filter(partnership_id=lead.partnership_id).exclude(status=Assessment.Status.DRAFT)
    return {
        "new": sent.filter(status=Assessment.Status.SUBMITTED).count(),
        "in_review": sent.filter(status=Assessment.Status.IN_REVIEW).count(),
        "decided": sent.filter(status=Assessment.Status.DECIDED).count(),
        "overdue": sent.filter(due_by__lt=now).exclude(status=Assessment.Status.DECIDED).count(),
        "sent": sent.count(),
    }


actions = st.lists(st.sampled_from(["send", "send", "triage", "decide", "late"]), min_size=1, max_size=6)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=actions)
def test_the_queue_counts_equal_a_full_count_after_sends_and_decisions(people, steps):
    with transaction.atomic():
        drafts = [AssessmentFactory(owner=people["practitioner"]) for _ in steps if _ == "send"]
        for step in steps:
            sent = list(Assessment.objects.filter(partnership_id=people["lead"].partnership_id, status="submitted"))
            if step == "send" and drafts:
                assert assessment_submit(assessment=drafts.pop(), submitted_by=people["practitioner"])
            elif step in ("triage", "decide") and sent:
                outcome = "Signposting" if step == "decide" else ""
                data = a_decision(sent[0], outcome=outcome)
                review_save(assessment=sent[0], lead=people["lead"], data=data, seen_revision=sent[0].revision)
            elif step == "late" and sent:
                Assessment.objects.filter(pk=sent[0].pk).update(due_by=timezone.now() - timedelta(hours=1))
        now = timezone.now()
        lead = people["lead"]
        queue = Assessment.objects.filter(partnership_id=lead.partnership_id).exclude(status="draft")
        assert queue_counts(lead=lead, sent=queue, now=now) == full_count(lead, now)
        transaction.set_rollback(True)


def test_the_sent_counts_are_filled_from_the_rows(people):
    AssessmentFactory(owner=people["practitioner"], submitted=True)
    AssessmentFactory(owner=people["practitioner"])  # a draft is not counted
    SentCount.objects.all().delete()
    assert sent_counts_recount() == 1 and sent_count(people) == 1


def test_the_period_counts_of_a_summary_are_todays_counting(people):
    decided(lead=people["lead"], owner=people["practitioner"])
    AssessmentFactory(owner=people["practitioner"], submitted=True)
    summary = dashboard_summary_for(partnership_id=people["lead"].partnership_id, period="all")
    assert summary.aggregates == dashboard_period_counts(partnership_id=people["lead"].partnership_id, since=None)
