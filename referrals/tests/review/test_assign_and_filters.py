"""Issue 18, item 8: the queue's filters are choices (bad values are errors, never a 500, never ignored), and a
lead assigns an assessment to themselves or a colleague of the same partnership (logged, the colleague told)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import User
from portal.tests.factories import make_user
from referrals.errors import NotAllowed
from referrals.models import Assessment, Notification, Review
from referrals.review.selectors import queue_filter_choices
from referrals.review.services import assessment_assign

from .test_review import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "practitioner": make_user("p", role=User.Role.PRACTITIONER, slug="sefton"),
        "lead": make_user("l", role=User.Role.LEAD, slug="sefton", first_name="Lena", last_name="Ashdown"),
        "lead2": make_user("l2", role=User.Role.LEAD, slug="sefton", first_name="Colm", last_name="Varley"),
        "other_lead": make_user("ol", role=User.Role.LEAD, slug="stoke-on-trent"),
    }


def test_the_filters_offer_the_partnerships_own_areas_and_rag_ratings(client, people):
    areas, ratings = queue_filter_choices(lead=people["lead"])
    assert ("sefton", "Sefton") in areas and ratings[:1] == ["Red"]
    client.force_login(people["lead"])
    page = client.get(reverse("referrals:queue")).content.decode()
    assert '<select class="govuk-select" id="f-area" name="area">' in page
    assert 'name="rag" type="checkbox" value="Amber"' in page
    assert 'id="f-mine" name="mine"' in page and "Assigned to" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"area": "atlantis"}, "Select an area from the list"),
        ({"rag": "Purple"}, "Select RAG ratings from the list"),
        ({"level": "9"}, "Select a level from the list"),
        ({"status": "draft"}, "Select a status from the list"),
    ],
)
def test_a_value_that_is_not_a_choice_is_an_error_not_ignored(client, people, query, message):
    rows = submitted(people["practitioner"], n=2)
    client.force_login(people["lead"])
    response = client.get(reverse("referrals:queue"), query)
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and message in page and "<title>Error: Review queue" in page
    assert all(r.reference in page for r in rows)  # the bad filter filters nothing; the error says so


def test_area_rag_and_mine_filter_the_queue(client, people):
    rows = submitted(people["practitioner"], n=4)
    Review.objects.create(assessment=rows[0], rag="Red")
    Review.objects.create(assessment=rows[1], rag="Amber")
    Assessment.objects.filter(pk=rows[2].pk).update(area="elsewhere")
    Assessment.objects.filter(pk=rows[3].pk).update(assigned_to=people["lead"])
    client.force_login(people["lead"])

    def shown(**query) -> list[str]:
        response = client.get(reverse("referrals:queue"), query)
        assert response.status_code == 200
        return sorted(r.reference for r in rows if r.reference in response.content.decode())

    assert shown(rag=["Red", "Amber"]) == sorted([rows[0].reference, rows[1].reference])
    assert shown(rag="Amber") == [rows[1].reference]
    assert rows[2].reference not in shown(area="sefton")
    assert shown(mine="1") == [rows[3].reference]


def test_the_queue_with_assignees_keeps_a_constant_number_of_queries(client, people):
    client.force_login(people["lead"])
    query = {"mine": "1", "area": "sefton", "level": "", "status": ""}
    few_rows = submitted(people["practitioner"], n=3)
    Assessment.objects.filter(pk__in=[r.pk for r in few_rows]).update(assigned_to=people["lead"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("referrals:queue"), query).status_code == 200
    more = submitted(make_user("p2", role=User.Role.PRACTITIONER, slug="sefton"), n=30)
    Assessment.objects.filter(pk__in=[r.pk for r in more[:27]]).update(assigned_to=people["lead"])
    Assessment.objects.filter(pk__in=[r.pk for r in more[27:]]).update(assigned_to=people["lead2"])
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("referrals:queue"), query)
    assert page.status_code == 200 and "most urgent first (30)" in page.content.decode()
    assert len(few) == len(many)


def test_a_lead_assigns_to_themselves_from_the_queue_and_to_a_colleague_from_the_review(client, people):
    (assessment,) = submitted(people["practitioner"])
    client.force_login(people["lead"])
    url = reverse("referrals:assign", args=[assessment.pk])
    response = client.post(url, {"assignee": people["lead"].pk, "back": "queue"})
    assert response.status_code == 302 and response["Location"] == reverse("referrals:queue")
    assessment.refresh_from_db()
    assert assessment.assigned_to == people["lead"]
    assert not Notification.objects.filter(kind=Notification.Kind.ASSIGNED).exists()  # no message to oneself

    response = client.post(url, {"assignee": people["lead2"].pk})
    assert response["Location"] == reverse("referrals:review", args=[assessment.pk])
    assessment.refresh_from_db()
    assert assessment.assigned_to == people["lead2"]
    (told,) = Notification.objects.filter(kind=Notification.Kind.ASSIGNED)
    assert told.recipient == people["lead2"] and assessment.reference in told.subject
    assert "Child 0" not in told.body  # never the child's name
    latest = assessment.history.first()
    assert latest.assigned_to_id == people["lead2"].pk and latest.history_user == people["lead"]
    assert assessment.revision == 1  # a review form open meanwhile still saves
    page = client.get(reverse("referrals:review", args=[assessment.pk])).content.decode()
    assert "Now: Colm Varley" in page


@pytest.mark.parametrize("who", ["other_lead", "practitioner", "nobody"])
def test_only_a_lead_of_the_same_partnership_can_be_assigned(client, people, who):
    (assessment,) = submitted(people["practitioner"])
    client.force_login(people["lead"])
    assignee = people[who].pk if who != "nobody" else 999_999
    response = client.post(reverse("referrals:assign", args=[assessment.pk]), {"assignee": assignee})
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and "Choose a safeguarding lead of this partnership" in page
    assessment.refresh_from_db()
    assert assessment.assigned_to is None and not Notification.objects.exists()


def test_the_service_refuses_what_the_access_rule_refuses(people):
    (assessment,) = submitted(people["practitioner"])
    for by, to in [
        (people["other_lead"], people["other_lead"]),  # not their partnership's
        (people["lead"], people["other_lead"]),  # a lead of another partnership
        (people["practitioner"], people["lead"]),  # not a lead
    ]:
        with pytest.raises(NotAllowed):
            assessment_assign(assessment=assessment, by=by, to=to)
    people["lead2"].is_active = False
    people["lead2"].save()
    with pytest.raises(NotAllowed):
        assessment_assign(assessment=assessment, by=people["lead"], to=people["lead2"])
