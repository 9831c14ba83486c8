"""The lead's queue and review: scoping, due-by from RAG timescales, decisions, no lost updates, queries."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import User
from portal.tests.factories import make_user
from referrals.dashboard.marks import sent_count_add
from referrals.models import Assessment, RecordView, Review
from referrals.review.selectors import queue_for
from thresholds.engine import LONDON
from thresholds.models import Framework

pytestmark = pytest.mark.django_db


def submitted(owner: User, slug: str = "sefton", area: str = "sefton", n: int = 1) -> list[Assessment]:
    framework = Framework.objects.get(slug=slug)
    when = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
    rows = [
        Assessment(
            owner=owner,
            partnership=framework.partnership,
            framework=framework,
            area=area,
            reference=f"R{i:07d}{owner.pk}",
            child_name=f"Child {i}",
            status=Assessment.Status.SUBMITTED,
            submitted_at=when + timedelta(minutes=i),
            suggested_level=1 + i % 4,
            indicators=[],
        )
        for i in range(n)
    ]
    made = Assessment.objects.bulk_create(rows)
    sent_count_add(partnership_id=framework.partnership_id, n=n)  # as sending counts them (issue 19)
    return made


@pytest.fixture
def people():
    return {
        "practitioner": make_user("p", role=User.Role.PRACTITIONER, slug="sefton"),
        "lead": make_user("l", role=User.Role.LEAD, slug="sefton"),
        "lead2": make_user("l2", role=User.Role.LEAD, slug="sefton"),
        "other_lead": make_user("ol", role=User.Role.LEAD, slug="stoke-on-trent"),
    }


def review_data(assessment: Assessment, **extra) -> dict:
    return {"revision": assessment.revision, "rag": "Red", "decision": "agree", "outcome": "Signposting"} | extra


def test_due_by_follows_the_partnership_rag_timescale(client, people):
    (assessment,) = submitted(people["practitioner"])
    client.force_login(people["lead"])
    response = client.post(reverse("referrals:review", args=[assessment.pk]), review_data(assessment))
    assert response.status_code == 302
    review = Review.objects.get(assessment=assessment)
    # Sefton: Red "will require a response in up to two hours" of the submission at 10:00 on Monday.
    assert review.due_by.astimezone(LONDON) == datetime(2026, 11, 23, 12, 0, tzinfo=LONDON)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DECIDED
    assert review.reviewer == people["lead"]


def test_practitioner_sees_the_outcome_in_their_list(client, people):
    (assessment,) = submitted(people["practitioner"])
    client.force_login(people["lead"])
    client.post(reverse("referrals:review", args=[assessment.pk]), review_data(assessment))
    client.force_login(people["practitioner"])
    page = client.get(reverse("referrals:mine")).content.decode()
    assert "Decided" in page and "Signposting" in page


def test_second_lead_gets_changed_meanwhile_and_nothing_is_overwritten(client, people):
    (assessment,) = submitted(people["practitioner"])
    opened = assessment.revision  # both leads opened the page at this revision
    client.force_login(people["lead"])
    first = client.post(
        reverse("referrals:review", args=[assessment.pk]), review_data(assessment, outcome="Signposting")
    )
    assert first.status_code == 302
    client.force_login(people["lead2"])
    second = client.post(
        reverse("referrals:review", args=[assessment.pk]),
        review_data(assessment, revision=opened, outcome="No further action"),
    )
    assert second.status_code == 200
    assert "This assessment changed since you opened it" in second.content.decode()
    review = Review.objects.get(assessment=assessment)
    assert review.outcome == "Signposting" and review.reviewer == people["lead"]


def test_setting_another_level_needs_a_level_and_a_rationale(client, people):
    (assessment,) = submitted(people["practitioner"])
    client.force_login(people["lead"])
    page = client.post(
        reverse("referrals:review", args=[assessment.pk]), review_data(assessment, decision="different")
    ).content.decode()
    assert "Choose the level you set" in page and "Give the rationale for setting another level" in page
    assert not Review.objects.filter(assessment=assessment).exists()


@pytest.mark.parametrize(("who", "status"), [("other_lead", 404), ("practitioner", 403)])
def test_only_leads_of_the_partnership_reach_the_review(client, people, who, status):
    (assessment,) = submitted(people["practitioner"])
    client.force_login(people[who])
    assert client.get(reverse("referrals:review", args=[assessment.pk])).status_code == status
    assert client.get(reverse("referrals:queue")).status_code == (200 if who == "other_lead" else 403)
    if who == "other_lead":
        assert assessment.reference not in client.get(reverse("referrals:queue")).content.decode()


def test_views_of_the_record_are_logged_and_shown(client, people):
    (assessment,) = submitted(people["practitioner"])
    client.force_login(people["lead"])
    client.get(reverse("referrals:summary", args=[assessment.pk]))
    page = client.get(reverse("referrals:review", args=[assessment.pk])).content.decode()
    assert list(RecordView.objects.filter(assessment=assessment).values_list("what", flat=True)) == [
        "review",
        "summary",
    ]
    assert "Who has looked at this record" in page


def test_review_page_reads_its_guidance_once_a_version_and_names_who_looked(client, people):
    """Issue 19: a published guidance's RAG ratings and outcomes are read once per version, not per request; the
    leads to assign to in one query (no COUNT); the assigned lead with the assessment. The record-view rows
    (rendered in Python) say when, who and which page, escaped."""
    (assessment,) = submitted(people["practitioner"])
    people["lead2"].first_name = "<b>Lou</b>"
    people["lead2"].save()
    Assessment.objects.filter(pk=assessment.pk).update(assigned_to=people["lead2"])
    client.force_login(people["lead2"])
    url = reverse("referrals:review", args=[assessment.pk])
    client.get(url)
    client.force_login(people["lead"])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sql if "thresholds_ragrating" in q or "thresholds_outcome" in q]
    assert not [q for q in sql if "COUNT(" in q and '"portal_user"' in q]
    assert len(sql) <= 14
    assert len([q for q in sql if "referrals_recordview" in q]) == 2  # the look logged, the looks listed
    assert "Now: &lt;b&gt;Lou&lt;/b&gt;" in page and "<b>Lou</b>" not in page
    rows = re.findall(
        r'<tr class="govuk-table__row"><td class="govuk-table__cell">(\d{1,2} \w{3} \d{4}, \d\d:\d\d:\d\d)</td>'
        r'<td class="govuk-table__cell">([^<]*)</td><td class="govuk-table__cell">(\w+)</td></tr>',
        page,
    )
    lead, lou = (people[k].get_full_name().replace("<", "&lt;").replace(">", "&gt;") for k in ("lead", "lead2"))
    assert [(who, what) for _, who, what in rows] == [(lead, "review"), (lead, "review"), (lou, "review")]


def test_queue_filters_and_orders_the_most_urgent_first(client, people):
    rows = submitted(people["practitioner"], n=6)
    client.force_login(people["lead"])
    client.post(reverse("referrals:review", args=[rows[5].pk]), review_data(rows[5], outcome="", decision=""))
    page = client.get(reverse("referrals:queue")).content.decode()
    assert page.index(rows[5].reference) < page.index(rows[0].reference)  # rated with a due time comes first
    level2 = client.get(reverse("referrals:queue"), {"level": "2"}).content.decode()
    assert rows[1].reference in level2 and rows[0].reference not in level2


def test_queue_order_and_overdue_follow_the_due_times_kept_on_the_assessment(client, people, monkeypatch):
    """Rated ones by due time, then waiting ones by the level put forward and then age, decided last; overdue
    counted and filtered. (Issue 13: waiting ones were oldest first, which put an unrated level 4 below an
    older level 1; rows 0, 2 and 3 put forward levels 1, 3 and 4.)"""
    rows = submitted(people["practitioner"], n=6)  # sent 10:00, 10:01, ... 10:05 on Monday 23 November
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 23, 14, 0, tzinfo=LONDON))
    client.force_login(people["lead"])
    client.post(reverse("referrals:review", args=[rows[1].pk]), review_data(rows[1]))  # decided
    client.post(reverse("referrals:review", args=[rows[4].pk]), review_data(rows[4], rag="Amber", outcome=""))
    client.post(reverse("referrals:review", args=[rows[5].pk]), review_data(rows[5], rag="Red", outcome=""))
    due = dict(Assessment.objects.values_list("reference", "due_by"))
    assert due[rows[5].reference] == datetime(2026, 11, 23, 12, 5, tzinfo=LONDON)  # copied from the review
    assert due[rows[4].reference] == datetime(2026, 11, 23, 16, 4, tzinfo=LONDON)

    page = client.get(reverse("referrals:queue")).content.decode()
    order = [5, 4, 3, 2, 0, 1]
    positions = [page.index(rows[i].reference) for i in order]
    assert positions == sorted(positions)
    assert re.search(r"<dt>Overdue</dt><dd>1</dd>", page)  # at 14:00 the Red one is late, the Amber one is not
    overdue = client.get(reverse("referrals:queue"), {"overdue": "1"}).content.decode()
    assert [r.reference for r in rows if r.reference in overdue] == [rows[5].reference]


def test_queue_uses_a_constant_number_of_queries(client, people):
    client.force_login(people["lead"])
    submitted(people["practitioner"], n=3)
    client.get(reverse("referrals:queue"))  # each measured look follows a look within a minute: no session refresh
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("referrals:queue")).status_code == 200
    submitted(make_user("p2", role=User.Role.PRACTITIONER, slug="sefton"), n=10_000)  # the size
    client.get(reverse("referrals:queue"))  # (making 10,000 can take over a minute on a busy machine)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("referrals:queue"))
    assert page.status_code == 200 and "most urgent first (10003)" in page.content.decode()
    # Was <= 8: one more, the record-view log's single INSERT … SELECT of the listed references (referrals.audit).
    # One more (<= 10): the header's unread-notification COUNT (referrals.notifications, issue 15).
    # One more (<= 11): the header's "Signed in as …, <partnership>" reads the partnership (issue 18 item 5).
    # One more (<= 12): the filters' choices, the partnership's areas and RAG ratings in one UNION (issue 18).
    assert len(few) == len(many) <= 12


def test_the_queue_tags_only_the_rows_of_its_page(client, people):
    """Issue 19 at 1,000,000: the disagreement, family and re-referral tags are read for the page's 50 rows only
    (`id IN (the page's ids)`), so that PostgreSQL never reads every child link to tag the whole queue."""
    submitted(people["practitioner"], n=3)
    found = queue_for(lead=people["lead"], filters={}, page="1", now=timezone.now())
    sql = str(found.page.object_list.query)
    page_ids = re.search(r'WHERE "referrals_assessment"\."id" IN \((SELECT .* LIMIT 3)\)', sql)  # 3 rows: LIMIT 3
    assert page_ids and '"referrals_childlink"' in sql and '"referrals_escalation"' in sql
    assert '"referrals_childlink"' not in page_ids.group(1) and '"referrals_escalation"' not in page_ids.group(1)
    assert [a.reference for a in found.page] == [a.reference for a in found.page.object_list]
    assert all(hasattr(a, "rereferral") and hasattr(a, "family_size") for a in found.page)
