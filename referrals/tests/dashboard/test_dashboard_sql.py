"""Issue 19: the dashboard counted by the database gives the same figures as counting every row in Python."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.models import User
from portal.tests.factories import current_framework, make_user
from referrals.dashboard.selectors import dashboard_aggregates_for, dashboard_rows_for
from referrals.dashboard.summary import aggregate_rows, summarise, summarise_aggregates
from referrals.models import Assessment, Review

pytestmark = pytest.mark.django_db

levels = st.one_of(st.none(), st.integers(min_value=1, max_value=4))
assessments = st.fixed_dictionaries(
    {
        "status": st.sampled_from(["draft", "submitted", "in_review", "decided", "decided", "decided", "decided"]),
        "suggested_level": levels,
        "practitioner_level": levels,
        "sent_days_ago": st.one_of(st.none(), st.integers(min_value=0, max_value=60)),
        "review": st.sampled_from([True, True, True, False]),
        "rag": st.sampled_from(["", "Red", "Amber"]),
        "decided_level": levels,
        "outcome": st.sampled_from(["", "Signposting", "Early help"]),
        "due_hours": st.one_of(st.none(), st.integers(min_value=-2, max_value=4)),  # small: often equal to took_hours
        "took_hours": st.one_of(st.none(), st.integers(min_value=0, max_value=4)),
        "elsewhere": st.booleans(),
    }
)


@pytest.fixture
def people(db):
    return {
        "practitioner": make_user("sql-p", role=User.Role.PRACTITIONER),
        "lead": make_user("sql-l", role=User.Role.LEAD),
        "other": make_user("sql-sp", role=User.Role.PRACTITIONER, slug="stoke-on-trent"),
    }


def make(people, specs, now) -> None:
    made, reviews = [], []
    for i, spec in enumerate(specs):
        owner = people["other" if spec["elsewhere"] else "practitioner"]
        sent = None if spec["sent_days_ago"] is None else now - timedelta(days=spec["sent_days_ago"], seconds=i)
        assessment = Assessment(
            owner=owner,
            partnership=owner.partnership,
            framework=current_framework(owner.partnership),
            area="somewhere",
            reference=f"H{i:06d}",
            child_name=f"Child {i}",
            status=spec["status"],
            suggested_level=spec["suggested_level"],
            practitioner_level=spec["practitioner_level"],
            submitted_at=sent,
            indicators=[],
        )
        made.append(assessment)
        if spec["review"]:
            base = sent or now
            reviews.append(
                Review(
                    assessment=assessment,
                    rag=spec["rag"],
                    decided_level=spec["decided_level"],
                    outcome=spec["outcome"],
                    due_by=None if spec["due_hours"] is None else base + timedelta(hours=spec["due_hours"], seconds=i),
                    decided_at=None
                    if spec["took_hours"] is None
                    else base + timedelta(hours=spec["took_hours"], seconds=i),  # on the due-by time if hours match
                )
            )
    Assessment.objects.bulk_create(made)
    Review.objects.bulk_create(reviews)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(assessments, max_size=14), period=st.sampled_from([None, 30]))
def test_the_database_counts_what_python_counted_from_every_row(people, specs, period):
    now = timezone.now()
    since = None if period is None else now - timedelta(days=period)
    with transaction.atomic():
        make(people, specs, now)
        rows = dashboard_rows_for(lead=people["lead"], now=now, since=since)
        counted = aggregate_rows(rows, now, since=since)
        sql = dashboard_aggregates_for(lead=people["lead"], now=now, since=since, overdue_limit=1000)
        limited = dashboard_aggregates_for(lead=people["lead"], now=now, since=since, overdue_limit=2)
        transaction.set_rollback(True)

    def by_key(groups):
        totals: Counter = Counter()
        for g in groups:
            totals[(g.decided, g.level, g.suggested_level, g.decided_level, g.rag, g.outcome, g.timing)] += g.count
        return totals

    assert by_key(sql.groups) == by_key(counted.groups)
    assert sql.median_hours == pytest.approx(counted.median_hours, rel=1e-12)
    assert [r.pk for r in sql.overdue] == [r.pk for r in counted.overdue]
    assert sql.overdue_total == counted.overdue_total == len(counted.overdue)
    assert [r.pk for r in limited.overdue] == [r.pk for r in counted.overdue][:2]
    assert limited.overdue_total == counted.overdue_total
    assert summarise_aggregates(sql, now) == summarise(rows, now, since=since)


def test_the_median_hours_per_rating_and_overall_from_the_middle_one_or_two(people):
    now = timezone.now()
    base = {"status": "decided", "suggested_level": 2, "practitioner_level": None, "sent_days_ago": 5}
    base |= {"review": True, "decided_level": 2, "outcome": "", "due_hours": None, "elsewhere": False}
    took = [("Red", 1), ("Red", 2), ("Red", 3), ("Red", 10), ("Amber", 1), ("Amber", 5), ("Amber", 9)]
    make(people, [base | {"rag": rag, "took_hours": hours} for rag, hours in took], now)
    sql = dashboard_aggregates_for(lead=people["lead"], now=now, since=None, overdue_limit=10)
    medians = {rag: round(hours, 1) for rag, hours in sql.median_hours.items()}  # (seconds apart, see `make`)
    assert medians == {"Red": 2.5, "Amber": 5.0, "All ratings": 3.0}
