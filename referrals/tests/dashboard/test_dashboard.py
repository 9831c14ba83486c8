"""The lead's dashboard: the figures worked out by hand from hand-built rows, then the page on real data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import User
from portal.tests.factories import current_framework, make_user
from referrals.dashboard.marks import dashboard_summary_mark
from referrals.dashboard.selectors import OVERDUE_SHOWN
from referrals.dashboard.services import dashboard_summaries_recount
from referrals.dashboard.summary import BAR_AREA, NO_RATING, Count, Row, overdue_for, summarise
from referrals.models import Assessment, Review

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SENT = NOW - timedelta(days=3)
SECOND = timedelta(seconds=1)


def row(n: int = 0, **fields) -> Row:
    values = {
        "pk": n,
        "reference": f"REF{n:05d}",
        "status": "submitted",
        "suggested_level": 2,
        "practitioner_level": None,
        "submitted_at": SENT,
    } | fields
    return Row(**values)


def decided(n: int = 0, *, level: int | None, after: timedelta = timedelta(hours=1), **fields) -> Row:
    values = {"status": "decided", "decided_level": level, "decided_at": SENT + after, "outcome": "Signposting"}
    return row(n, **(values | fields))


# The pure figures ------------------------------------------------------------------------------------------


def test_nothing_at_all_gives_zeros_and_no_figures_to_divide():
    d = summarise([], NOW)
    assert (d.sent, d.decided, d.overdue) == (0, 0, ())
    assert [c.count for c in d.by_level] == [0, 0, 0, 0]
    assert [c.count for c in d.by_decided_level] == [0, 0, 0, 0]
    assert d.by_outcome == ()
    assert d.from_suggested.compared == 0 and d.from_suggested.percent is None
    assert d.timeliness == ()
    assert d.overall.decided == 0 and d.overall.median_hours is None and d.overall.on_time_percent is None
    assert d.outcome_chart.bars == () and d.outcome_chart.height == 0
    assert [b.text for b in d.difference_chart.bars] == ["–", "–"]


def test_counts_by_level_put_forward_decided_level_and_outcome():
    rows = [
        row(1, suggested_level=1),
        row(2, suggested_level=1, practitioner_level=3),  # the practitioner's judgement counts, not the suggestion
        row(3, suggested_level=3),
        row(4, suggested_level=None, practitioner_level=None),
        decided(5, level=4, suggested_level=3, outcome="Accepted as a referral"),
        decided(6, level=3, suggested_level=3),
        decided(7, level=3, suggested_level=2, outcome="Accepted as a referral"),
        row(8, status="in_review", suggested_level=2, decided_level=1, outcome="Signposting"),  # not decided yet
    ]
    d = summarise(rows, NOW)
    assert (d.sent, d.decided) == (8, 3)
    assert d.by_level == (
        Count("Level 1", 1),
        Count("Level 2", 2),  # rows 7 and 8
        Count("Level 3", 4),  # rows 2, 3, 5 and 6
        Count("Level 4", 0),
        Count("No level", 1),
    )
    assert d.by_decided_level == (Count("Level 1", 0), Count("Level 2", 0), Count("Level 3", 2), Count("Level 4", 1))
    assert d.by_outcome == (Count("Accepted as a referral", 2), Count("Signposting", 1))  # most first


def test_how_often_the_decided_level_differs():
    rows = [
        decided(1, level=2, suggested_level=2),
        decided(2, level=3, suggested_level=2),  # higher than suggested
        decided(3, level=2, suggested_level=2, practitioner_level=1),  # same as suggested, higher than put forward
        decided(4, level=1, suggested_level=None, practitioner_level=2),  # no suggestion: compared once only
        decided(5, level=None, suggested_level=2),  # no decided level: not compared
        row(6, suggested_level=1),  # not decided
    ]
    d = summarise(rows, NOW)
    s, p = d.from_suggested, d.from_put_forward
    assert (s.compared, s.same, s.higher, s.lower, s.differs, s.percent) == (3, 2, 1, 0, 1, 33)
    # Put forward: 2, 2, 1, 2 against decided 2, 3, 2, 1.
    assert (p.compared, p.same, p.higher, p.lower, p.differs, p.percent) == (4, 1, 2, 1, 3, 75)
    assert [b.text for b in d.difference_chart.bars] == ["33%", "75%"]
    assert [b.width for b in d.difference_chart.bars] == [round(BAR_AREA * 0.33, 1), round(BAR_AREA * 0.75, 1)]


def test_decided_exactly_at_the_due_by_time_is_on_time_a_second_later_is_late():
    due = SENT + timedelta(hours=2)
    rows = [
        decided(1, level=3, rag="Red", due_by=due, after=timedelta(hours=2)),  # exactly at the due-by time
        decided(2, level=3, rag="Red", due_by=due, after=timedelta(hours=2) + SECOND),
        decided(3, level=3, rag="Red", due_by=due, after=timedelta(minutes=30)),
        decided(4, level=2, rag="Green", due_by=SENT + timedelta(hours=24), after=timedelta(hours=30)),
        decided(5, level=2, rag="Strange wording", due_by=None, after=timedelta(hours=5)),  # no time computed
    ]
    d = summarise(rows, NOW, rag_order=["Red", "Amber", "Green"])
    figures = {t.rag: (t.decided, t.on_time, t.late, t.no_due_by, t.on_time_percent) for t in d.timeliness_rows}
    assert figures == {
        "Red": (3, 2, 1, 0, 67),
        "Green": (1, 0, 1, 0, 0),
        "Strange wording": (1, 0, 0, 1, None),
        "All ratings": (5, 2, 2, 1, 50),
    }
    assert [t.rag for t in d.timeliness] == ["Red", "Green", "Strange wording"]  # the guidance's order, then others


def test_median_hours_from_sent_to_decided():
    odd = [decided(i, level=2, rag="Amber", after=timedelta(hours=h)) for i, h in enumerate([1, 10, 3])]
    even = [decided(i, level=2, rag="Red", after=timedelta(hours=h)) for i, h in enumerate([1, 2, 4, 7], start=5)]
    d = summarise([*odd, *even], NOW)
    medians = {t.rag: t.median_hours for t in d.timeliness_rows}
    assert medians == {"Amber": 3.0, "Red": 3.0, "All ratings": 3.0}  # all seven: 1 1 2 3 4 7 10
    assert summarise(even, NOW).overall.median_hours == 3.0  # (2 + 4) / 2
    assert summarise(odd[:2], NOW).overall.median_hours == 5.5  # (1 + 10) / 2


def test_unrated_decisions_come_last():
    rows = [decided(1, level=1, rag=""), decided(2, level=1, rag="Amber"), decided(3, level=1, rag="Blue")]
    assert [t.rag for t in summarise(rows, NOW, rag_order=["Red", "Amber"]).timeliness] == ["Amber", "Blue", NO_RATING]


def test_overdue_is_undecided_past_its_due_by_time_oldest_first():
    rows = [
        row(1, due_by=NOW - timedelta(hours=3), rag="Amber", child_name="Ada"),
        row(2, due_by=NOW - timedelta(days=2, hours=1, minutes=5), rag="Red", child_name="Bo"),
        row(3, due_by=NOW, rag="Red"),  # due this very moment: not overdue yet
        row(4, due_by=NOW + timedelta(hours=1), rag="Red"),
        row(5, due_by=None),
        decided(6, level=2, due_by=NOW - timedelta(days=1)),  # decided late, but decided
        row(7, status="in_review", due_by=NOW - timedelta(minutes=40), practitioner_level=4),
    ]
    overdue = summarise(rows, NOW).overdue
    assert [o.pk for o in overdue] == [2, 1, 7]
    assert [o.overdue_for for o in overdue] == ["2 days 1 hour", "3 hours", "40 minutes"]
    assert [o.child_name for o in overdue] == ["Bo", "Ada", ""]
    assert overdue[2].level == 4


def test_the_period_limits_the_figures_but_never_the_overdue_list():
    since = NOW - timedelta(days=30)
    old = NOW - timedelta(days=40)
    rows = [
        row(1, submitted_at=since),  # sent at the very start of the period: in
        row(2, submitted_at=since - SECOND),
        decided(3, level=2, submitted_at=old, decided_at=old + timedelta(hours=1)),
        row(4, submitted_at=old, due_by=old + timedelta(hours=2)),  # old, and still overdue
        row(5, submitted_at=None),
    ]
    d = summarise(rows, NOW, since=since)
    assert (d.sent, d.decided) == (1, 0)
    assert [o.pk for o in d.overdue] == [4]
    assert summarise(rows, NOW).sent == 5


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(seconds=59), "less than a minute"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(hours=1, minutes=2), "1 hour 2 minutes"),
        (timedelta(days=1, minutes=2), "1 day 2 minutes"),
        (timedelta(days=3, hours=2, minutes=59), "3 days 2 hours"),
    ],
)
def test_overdue_for_in_words(delta, words):
    assert overdue_for(delta) == words


def test_bars_are_scaled_to_the_largest_and_labels_fit():
    d = summarise([row(i, suggested_level=lvl) for i, lvl in enumerate([1, 1, 1, 1, 2, 2, 3])], NOW)
    bars = d.level_chart.bars
    assert [b.width for b in bars] == [BAR_AREA, BAR_AREA / 2, round(BAR_AREA / 4, 1), 0.0]
    assert [b.text for b in bars] == ["4", "2", "1", "0"]
    assert len({b.y for b in bars}) == 4 and d.level_chart.height > bars[-1].bar_y + bars[-1].height
    long = "If threshold is met for either an Early Help or a Child and Family Assessment, you will be referred"
    chart = summarise([decided(1, level=2, outcome=long)], NOW).outcome_chart
    assert chart.bars[0].label == long and len(chart.bars[0].short_label) <= 40 and chart.bars[0].short_label[-1] == "…"


def test_a_row_never_prints_the_childs_name():
    assert "Zephyrine" not in repr(row(1, child_name="Zephyrine"))


# The page ----------------------------------------------------------------------------------------------------


def sent(owner: User, n: int, *, days_ago: float = 1, levels=(1, 2, 3, 4), start: int = 0, **fields) -> list:
    framework = current_framework(owner.partnership)
    when = timezone.now() - timedelta(days=days_ago)
    rows = [
        Assessment(
            **{
                "owner": owner,
                "partnership": owner.partnership,
                "framework": framework,
                "area": "somewhere",  # the dashboard does not count by area
                "reference": f"D{owner.pk:03d}{start + i:05d}",
                "child_name": f"Child {owner.pk}-{start + i}",
                "status": Assessment.Status.SUBMITTED,
                "submitted_at": when,
                "suggested_level": levels[i % len(levels)],
                "indicators": [],
            }
            | fields
        )
        for i in range(n)
    ]
    return Assessment.objects.bulk_create(rows)


def decide(assessments, *, level: int, after: timedelta, rag: str = "Red", due: timedelta | None = None) -> None:
    """Record a decision as review_save leaves it (without going through the review page)."""
    Review.objects.bulk_create(
        Review(
            assessment=a,
            rag=rag,
            due_by=a.submitted_at + due if due is not None else None,
            decision=Review.Decision.DIFFERENT,
            decided_level=level,
            outcome="Signposting",
            decided_at=a.submitted_at + after,
        )
        for a in assessments
    )
    Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(status=Assessment.Status.DECIDED)


@pytest.fixture
def people(db):
    return {
        "practitioner": make_user("dash-p", role=User.Role.PRACTITIONER),
        "lead": make_user("dash-l", role=User.Role.LEAD),
        "admin": make_user("dash-a", role=User.Role.ADMIN),
        "stoke_practitioner": make_user("dash-sp", role=User.Role.PRACTITIONER, slug="stoke-on-trent"),
        "stoke_lead": make_user("dash-sl", role=User.Role.LEAD, slug="stoke-on-trent"),
    }


def dashboard(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("referrals:dashboard"), params)
    assert response.status_code == 200
    return response.context["dashboard"], response.content.decode()


def test_the_lead_sees_their_partnerships_figures_only_and_never_drafts(client, people):
    mine = sent(people["practitioner"], 4)  # levels 1, 2, 3, 4
    decide(mine[:2], level=3, after=timedelta(hours=1), due=timedelta(hours=2))  # 1 -> 3 and 2 -> 3, on time
    decide(mine[2:3], level=3, after=timedelta(hours=5), due=timedelta(hours=2))  # 3 -> 3, late
    sent(people["practitioner"], 2, start=10, status=Assessment.Status.DRAFT, levels=(4,))
    theirs = sent(people["stoke_practitioner"], 3, levels=(4,))
    decide(theirs, level=1, after=timedelta(hours=9))

    d, page = dashboard(client, people["lead"])
    assert (d.sent, d.decided) == (4, 3)
    assert [c.count for c in d.by_level] == [1, 1, 1, 1]
    assert [c.count for c in d.by_decided_level] == [0, 0, 3, 0]
    assert (d.from_suggested.compared, d.from_suggested.differs, d.from_suggested.percent) == (3, 2, 67)
    assert (d.overall.on_time, d.overall.late, d.overall.median_hours) == (2, 1, 1.0)
    assert "Child " not in page  # nothing overdue, so no child is named
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2 (67%)</td>' in page
    assert "Sefton" in page

    other, _ = dashboard(client, people["stoke_lead"])
    assert (other.sent, other.decided, [c.count for c in other.by_level]) == (3, 3, [0, 0, 0, 3])


def test_the_period_chooses_by_when_assessments_were_sent(client, people):
    sent(people["practitioner"], 1, days_ago=10)
    sent(people["practitioner"], 2, days_ago=60, start=10)
    sent(people["practitioner"], 4, days_ago=200, start=20)
    sent(people["practitioner"], 8, days_ago=400, start=30)
    totals = {period: dashboard(client, people["lead"], period=period)[0].sent for period in ("30", "90", "365", "all")}
    assert totals == {"30": 1, "90": 3, "365": 7, "all": 15}
    assert dashboard(client, people["lead"])[0].sent == 15  # all by default
    d, page = dashboard(client, people["lead"], period="7; drop table")
    assert d.sent == 15 and '<option value="all" selected>' in page
    assert '<option value="90" selected>' in dashboard(client, people["lead"], period="90")[1]


def test_the_overdue_list_names_the_child_and_links_to_the_review(client, people):
    (late,) = sent(people["practitioner"], 1, days_ago=100)
    Review.objects.create(assessment=late, rag="Amber", due_by=late.submitted_at + timedelta(hours=6))
    # As review_save leaves them: the review's due-by time copied to the assessment (the queue's index reads it).
    Assessment.objects.filter(pk=late.pk).update(status=Assessment.Status.IN_REVIEW, due_by=late.review.due_by)
    (on_time,) = sent(people["practitioner"], 1, start=5)
    Review.objects.create(assessment=on_time, rag="Green", due_by=timezone.now() + timedelta(hours=6))
    Assessment.objects.filter(pk=on_time.pk).update(status=Assessment.Status.IN_REVIEW, due_by=on_time.review.due_by)

    d, page = dashboard(client, people["lead"], period="30")
    assert d.sent == 1  # the late one was sent before the period, but it is listed: it is still overdue
    assert [o.pk for o in d.overdue] == [late.pk]
    assert late.child_name in page and on_time.child_name not in page
    assert reverse("referrals:review", args=[late.pk]) in page
    due = timezone.localtime(late.submitted_at + timedelta(hours=6))
    assert due.strftime("%d %b %Y, %H:%M").lstrip("0") in page
    assert "99 days" in page  # sent 100 days ago, due 6 hours later


def test_a_long_overdue_list_shows_the_longest_overdue_and_sends_on_to_the_queue(client, people):
    rows = [sent(people["practitioner"], 1, days_ago=10 + i, start=i)[0] for i in range(OVERDUE_SHOWN + 3)]
    Review.objects.bulk_create(Review(assessment=a, rag="Red", due_by=a.submitted_at) for a in rows)
    Assessment.objects.filter(pk__in=[a.pk for a in rows]).update(due_by=F("submitted_at"))  # as review_save does

    d, page = dashboard(client, people["lead"])

    assert len(d.overdue) == OVERDUE_SHOWN + 3
    listed = [a for a in rows if reverse("referrals:review", args=[a.pk]) in page]
    assert listed == rows[3:]  # the three most recently due are left to the queue
    assert f"the first {OVERDUE_SHOWN} of {OVERDUE_SHOWN + 3}" in page
    assert f'href="{reverse("referrals:queue")}?overdue=1"' in page


def test_empty_states_are_said_in_words(client, people):
    _, page = dashboard(client, people["lead"])
    assert "No assessments were sent in this period." in page
    assert "No decisions yet." in page
    assert "Nothing is overdue." in page
    assert "<svg" not in page


@pytest.mark.parametrize(("who", "status"), [("practitioner", 403), ("admin", 403)])
def test_only_leads_reach_the_dashboard(client, people, who, status):
    sent(people["practitioner"], 1)
    client.force_login(people[who])
    response = client.get(reverse("referrals:dashboard"))
    assert response.status_code == status
    assert b"Child " not in response.content


def test_anyone_signed_out_is_sent_to_sign_in(client, db):
    response = client.get(reverse("referrals:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_the_navigation_offers_the_dashboard_to_leads_only(client, people):
    url = reverse("referrals:dashboard")
    client.force_login(people["lead"])
    assert f'href="{url}"' in client.get(reverse("referrals:queue")).content.decode()
    client.force_login(people["practitioner"])
    assert f'href="{url}"' not in client.get(reverse("referrals:mine")).content.decode()


def test_a_constant_number_of_queries_whatever_the_number_of_assessments(client, people):
    client.force_login(people["lead"])
    few = sent(people["practitioner"], 3)
    decide(few[:1], level=2, after=timedelta(hours=1), due=timedelta(hours=2))
    assert client.get(reverse("referrals:dashboard")).status_code == 200  # the first look counts (issue 19)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("referrals:dashboard")).status_code == 200
    many = sent(people["practitioner"], 57, start=100)
    decide(many[:30], level=3, after=timedelta(hours=3), due=timedelta(hours=2))
    late = timezone.now() - timedelta(hours=1)
    Review.objects.bulk_create(Review(assessment=a, rag="Red", due_by=late) for a in many[30:])
    Assessment.objects.filter(pk__in=[a.pk for a in many[30:]]).update(due_by=late)  # as review_save leaves it
    # Issue 19: the figures are a summary counted by the worker; these rows were written without the services
    # (which mark it), so the test marks it and runs the worker's round, as a deployment's worker would.
    dashboard_summary_mark(partnership_id=people["lead"].partnership_id)
    dashboard_summaries_recount()
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("referrals:dashboard"))
    assert response.context["dashboard"].sent == 60 and len(response.context["dashboard"].overdue) == 27
    # The session and the user, the rows, the RAG order, the partnership's name; the session's save (3); the
    # record-view log's single INSERT … SELECT of the overdue list's references (referrals.audit): was <= 8.
    # One more (<= 10): the header's unread-notification COUNT (referrals.notifications, issue 15).
    # One more (<= 11): the re-referrals COUNT (referrals.children.selectors.rereferrals_count, issue 17).
    # Issue 19: the period's counts, the medians and the re-referrals are one read of the summary (<= 9), and the
    # overdue list two reads of the queue's index, the first 50 and how many (<= 10).
    assert len(small) == len(large) <= 10
