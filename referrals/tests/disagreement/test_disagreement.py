"""Professional disagreement: the practitioner escalates a decision through the partnership's own steps."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import User
from portal.tests.factories import AssessmentFactory, UserFactory, decided, partnership
from referrals.disagreement.selectors import actions_for, plan
from referrals.disagreement.services import escalation_raise, escalation_record
from referrals.errors import NotAllowed
from referrals.models import Assessment, Escalation, EscalationEntry
from thresholds.engine import LONDON
from thresholds.models import EscalationStep

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)  # no bank holidays for the next three weeks


def at(day: int, month: int = 11, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=LONDON)


def step(number: int, working_days: int | None, timescale: str = "") -> SimpleNamespace:
    return SimpleNamespace(number=number, text=f"Step {number} text", timescale=timescale, working_days=working_days)


SEFTON_LIKE = [step(1, 2), step(2, 2), step(3, 2), step(4, 5)]


class TestPlan:
    def test_sefton_steps_chain_on_from_each_other_to_11_working_days(self):
        planned = plan(steps=SEFTON_LIKE, current=1, started=MONDAY, is_open=True)
        assert [p.due for p in planned] == [at(25), at(27), at(1, 12), at(8, 12)]
        assert [p.state for p in planned] == ["current", "to come", "to come", "to come"]

    def test_a_later_step_counts_from_when_it_started(self):
        planned = plan(steps=SEFTON_LIKE, current=3, started=at(4, 12), is_open=True)  # a Friday
        assert [p.state for p in planned] == ["done", "done", "current", "to come"]
        assert [p.due for p in planned] == [None, None, at(8, 12), at(15, 12)]

    def test_steps_without_timescales_have_no_due_times_nor_do_the_steps_after_them(self):
        planned = plan(steps=[step(1, 2), step(2, None), step(3, 1)], current=1, started=MONDAY, is_open=True)
        assert [p.due for p in planned] == [at(25), None, None]
        assert [p.due for p in plan(steps=[step(1, None)], current=1, started=MONDAY, is_open=True)] == [None]

    def test_a_resolved_disagreement_shows_the_steps_without_states_or_times(self):
        planned = plan(steps=SEFTON_LIKE, current=2, started=MONDAY, is_open=False)
        assert {(p.state, p.due) for p in planned} == {("", None)}

    def test_next_step_is_offered_only_while_there_is_a_later_step(self):
        escalation = Escalation(step=3, status=Escalation.Status.OPEN)
        assert EscalationEntry.Action.NEXT_STEP in actions_for(escalation=escalation, steps=SEFTON_LIKE)
        escalation.step = 4
        assert actions_for(escalation=escalation, steps=SEFTON_LIKE) == ["note", "resolved"]
        escalation.status = Escalation.Status.RESOLVED
        assert actions_for(escalation=escalation, steps=SEFTON_LIKE) == []


@pytest.fixture
def people():
    return {
        "owner": UserFactory(username="owner", partnership=partnership("sefton")),
        "lead": UserFactory(username="lead", role=User.Role.LEAD, partnership=partnership("sefton")),
    }


def url(assessment: Assessment) -> str:
    return reverse("referrals:disagreement", args=[assessment.pk])


@pytest.fixture
def monday(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MONDAY)


@pytest.mark.django_db
def test_the_practitioner_raises_a_disagreement_and_the_lead_sees_it(client, people, monday):
    assessment = decided(owner=people["owner"], lead=people["lead"])
    client.force_login(people["owner"])
    overview = client.get(reverse("referrals:overview", args=[assessment.pk])).content.decode()
    assert "Disagree with this decision" in overview
    page = client.get(url(assessment)).content.decode()
    for number in range(1, 5):  # Sefton's four steps in the document's words
        assert EscalationStep.objects.get(framework__slug="sefton", number=number).text in page

    response = client.post(url(assessment), {"reason": "The school has seen bruising twice this term."})

    assert response.status_code == 302 and response["Location"] == url(assessment)
    escalation = Escalation.objects.get(assessment=assessment)
    assert (escalation.step, escalation.status, escalation.raised_by) == (1, "open", people["owner"])
    assert escalation.due_by == at(25)  # 2 working days
    entry = escalation.entries.get()
    assert (entry.action, entry.text, entry.step) == ("raised", "The school has seen bruising twice this term.", 1)
    assert escalation.history.count() == 1

    client.force_login(people["lead"])
    review = client.get(reverse("referrals:review", args=[assessment.pk])).content.decode()
    assert "The practitioner disagrees with the decision: step 1, due by Wednesday 25 November 2026, 10:00" in review
    queue = client.get(reverse("referrals:queue")).content.decode()
    assert "Disagreement</strong>" in queue
    page = client.get(url(assessment)).content.decode()
    assert "The school has seen bruising twice this term." in page
    assert "Raise the disagreement" not in page and "Record it" in page


@pytest.mark.django_db
def test_each_side_records_steps_until_it_is_resolved(client, people, monday, monkeypatch):
    assessment = decided(owner=people["owner"], lead=people["lead"])
    escalation = escalation_raise(assessment=assessment, raised_by=people["owner"], reason="Level 3, not level 2.")

    monkeypatch.setattr(timezone, "now", lambda: at(24))  # Tuesday: step 1 failed, step 2 starts now
    client.force_login(people["lead"])
    response = client.post(
        url(assessment), {"revision": escalation.revision, "action": "next_step", "text": "We could not agree."}
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert (escalation.step, escalation.step_started, escalation.due_by) == (2, at(24), at(26))

    client.force_login(people["owner"])
    client.post(url(assessment), {"revision": escalation.revision, "action": "resolved", "text": "Managers agreed."})
    escalation.refresh_from_db()
    assert (escalation.status, escalation.resolved_at, escalation.due_by) == ("resolved", at(24), None)
    assert list(escalation.entries.values_list("author__username", "step", "action")) == [
        ("owner", 1, "raised"),
        ("lead", 1, "next_step"),
        ("owner", 2, "resolved"),
    ]
    page = client.get(url(assessment)).content.decode()
    assert "Earlier disagreements" in page and "Managers agreed." in page
    assert "Raise the disagreement" in page  # a new disagreement may be raised once this one is resolved


@pytest.mark.django_db
def test_an_update_made_meanwhile_is_not_overwritten(client, people):
    assessment = decided(owner=people["owner"], lead=people["lead"])
    escalation = escalation_raise(assessment=assessment, raised_by=people["owner"], reason="Reason")
    seen = escalation.revision
    escalation_record(
        escalation=escalation, author=people["lead"], action="note", text="Called the school.", seen_revision=seen
    )

    client.force_login(people["owner"])
    response = client.post(url(assessment), {"revision": seen, "action": "resolved", "text": "Agreed."})

    assert response.status_code == 200
    assert "since you opened it. Nothing was saved" in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.status == "open" and escalation.entries.count() == 2
    assert "Agreed." in response.content.decode()  # what they typed is still in the form


@pytest.mark.django_db
def test_the_last_step_cannot_be_escalated_further(client, people):
    assessment = decided(owner=people["owner"], lead=people["lead"])
    escalation = escalation_raise(assessment=assessment, raised_by=people["owner"], reason="Reason")
    for _ in range(3):
        escalation = Escalation.objects.get(pk=escalation.pk)
        escalation_record(
            escalation=escalation,
            author=people["lead"],
            action="next_step",
            text="No.",
            seen_revision=escalation.revision,
        )
    escalation.refresh_from_db()
    assert escalation.step == 4
    client.force_login(people["lead"])
    page = client.get(url(assessment)).content.decode()
    assert "move to the next step" not in page
    response = client.post(url(assessment), {"revision": escalation.revision, "action": "next_step", "text": "x"})
    assert response.status_code == 200 and "Choose what you want to record" in response.content.decode()
    with pytest.raises(NotAllowed):
        escalation_record(
            escalation=escalation,
            author=people["lead"],
            action="next_step",
            text="x",
            seen_revision=escalation.revision,
        )
    assert Escalation.objects.get(pk=escalation.pk).step == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "  "}, "Say why you disagree with the decision"),
        ({"reason": "x" * 5001}, "“Why you disagree with the decision” must be 5000 characters or fewer"),
    ],
)
def test_bad_input_gets_an_error_summary_and_keeps_what_was_typed(client, people, data, message):
    assessment = decided(owner=people["owner"], lead=people["lead"])
    client.force_login(people["owner"])
    response = client.post(url(assessment), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page.replace("&#x27;", "'")
    assert data["reason"].strip()[:50] in page
    assert not Escalation.objects.exists()


@pytest.mark.django_db
def test_no_disagreement_before_a_decision_and_only_the_owner_raises_one(client, people):
    sent = AssessmentFactory(owner=people["owner"], submitted=True)
    client.force_login(people["owner"])
    page = client.get(url(sent)).content.decode()
    assert "has not decided yet" in page and "Raise the disagreement" not in page
    assert client.post(url(sent), {"reason": "Too early"}).status_code == 403
    with pytest.raises(NotAllowed):
        escalation_raise(assessment=sent, raised_by=people["owner"], reason="Too early")

    done = decided(owner=people["owner"], lead=people["lead"])
    client.force_login(people["lead"])
    assert client.post(url(done), {"reason": "I disagree with myself"}).status_code == 403
    assert not Escalation.objects.exists()


@pytest.mark.django_db
def test_partnerships_without_timed_steps_show_their_own_words(client):
    """Stoke prints four steps with no timescales; Herefordshire and Worcestershire print a passage only."""
    for slug, expected in (
        ("stoke-on-trent", "Both parties should inform their line manager"),
        ("herefordshire-worcestershire", "Managing professional disagreements"),
    ):
        owner = UserFactory(partnership=partnership(slug))
        lead = UserFactory(role=User.Role.LEAD, partnership=partnership(slug))
        assessment = decided(owner=owner, lead=lead)
        escalation = escalation_raise(assessment=assessment, raised_by=owner, reason="Reason")
        assert escalation.due_by is None
        client.force_login(owner)
        page = client.get(url(assessment)).content.decode()
        assert expected in page.replace("&#x27;", "'")
        assert "gives no timescale for this step" in page or "Step 1" not in page
