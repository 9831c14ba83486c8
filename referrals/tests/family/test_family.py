"""A family in one submission (issue 17, item 1): brothers, sisters and an unborn baby in one referral.

Services (a child added with the shared parts copied, a shared step saved for every child under the lock, the
family sent all or nothing, one notification, one due-by time), the pages (overview, review panel, queue tag,
summary and PDF section) and their query counts with 2 and 6 children."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import User
from portal.tests.factories import AssessmentFactory, form_data, make_user
from referrals.assessments.services import assessment_record_indicators, assessment_submit
from referrals.errors import ChangedMeanwhile, NotAllowed
from referrals.family.selectors import age_text, revisions_token
from referrals.family.services import (
    SHARED_FIELDS,
    family_add_child,
    family_remove_child,
    family_save_shared,
)
from referrals.models import Assessment, Family, Notification, RecordView, Review
from thresholds.engine import LONDON

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)  # a Monday morning


@pytest.fixture
def people():
    return {
        "practitioner": make_user("fp", role=User.Role.PRACTITIONER),
        "colleague": make_user("fc", role=User.Role.PRACTITIONER),
        "lead": make_user("fl", role=User.Role.LEAD),
        "lead2": make_user("fl2", role=User.Role.LEAD),
        "other_lead": make_user("fo", role=User.Role.LEAD, slug="stoke-on-trent"),
    }


def complete(child: Assessment, name: str, *, born: date | None = None, codes: list[str] | None = None) -> Assessment:
    """Fill in a child's own parts as the practitioner would (the shared parts came from the first child)."""
    child.child_name = name
    if born is None:
        child.unborn = True
        child.expected_due_date = timezone.localdate() + timedelta(days=90)
    else:
        child.date_of_birth = born
    assessment_record_indicators(assessment=child, codes=codes or ["learning-2-01"], save=False)
    child.practitioner_level = child.suggested_level
    child.child_voice = "Says home is noisy at night."
    child.save()
    return child


def family_of(owner: User, n: int = 3) -> list[Assessment]:
    """A complete draft family of `n`: the first from the factory, the rest added through the service."""
    first = AssessmentFactory(owner=owner, child_name="Ada First")
    children = [first]
    for i in range(1, n):
        child = family_add_child(assessment=first)
        assert child is not None
        born = None if i == n - 1 else date(2015 + i, 3, 1)
        children.append(
            complete(child, f"Child {i} Second", born=born, codes=[["learning-2-01"], ["learning-3-01"]][i % 2])
        )
    first.refresh_from_db()
    return children


def test_adding_a_child_makes_the_family_and_copies_the_shared_parts(people):
    first = AssessmentFactory(owner=people["practitioner"])
    child = family_add_child(assessment=first)
    first.refresh_from_db()
    assert first.family_id is not None and child.family_id == first.family_id
    assert Family.objects.get().partnership_id == first.partnership_id
    assert (child.owner_id, child.framework_id, child.area) == (first.owner_id, first.framework_id, first.area)
    assert all(getattr(child, f) == getattr(first, f) for f in SHARED_FIELDS)
    assert child.reference != first.reference and child.status == Assessment.Status.DRAFT
    assert (child.child_name, child.indicators, child.suggested_level, child.child_voice) == ("", [], None, "")
    # Pressed twice (the page said one child): one more child only.
    assert family_add_child(assessment=first, seen_children=1) is None
    assert family_add_child(assessment=first, seen_children=2) is not None
    assert Assessment.objects.filter(family=first.family).count() == 3


def test_a_shared_step_saved_on_any_child_is_saved_for_every_child(client, people):
    children = family_of(people["practitioner"])
    client.force_login(people["practitioner"])
    second = children[1]
    before = {c.pk: c.revision for c in children}
    data = form_data(second, "consent") | {
        "consent": "refused",
        "consent_given_by": "",  # a refusal has no giver or date: contradictory answers are refused (issue 18)
        "consent_given_on_0": "",
        "consent_given_on_1": "",
        "consent_given_on_2": "",
        "consent_reason": "Mother refused on the phone.",
        "family_revisions": revisions_token(children),
    }
    response = client.post(reverse("referrals:step", args=[second.pk, "consent"]), data)
    assert response.status_code == 302
    for child in Assessment.objects.filter(pk__in=before):
        assert (child.consent, child.consent_reason, child.consent_given_by) == (
            "refused",
            "Mother refused on the phone.",
            "",
        )
        assert child.revision == before[child.pk] + 1
    # The household, on "About the child": shared; the child's own name stays their own.
    page = client.get(reverse("referrals:step", args=[children[2].pk, "child"])).content.decode()
    assert "the same for all 3 children" in page
    fresh = list(Assessment.objects.filter(pk__in=before).order_by("created"))
    data = form_data(fresh[2], "child") | {"household": "Mother, her partner, three children.", "child_name": "Zed"}
    data["family_revisions"] = revisions_token(fresh)
    assert client.post(reverse("referrals:step", args=[fresh[2].pk, "child"]), data).status_code == 302
    saved = {c.pk: c for c in Assessment.objects.filter(pk__in=before)}
    assert {c.household for c in saved.values()} == {"Mother, her partner, three children."}
    assert saved[fresh[2].pk].child_name == "Zed" and saved[fresh[0].pk].child_name == "Ada First"


def test_a_shared_save_is_refused_for_all_when_any_child_changed_meanwhile(client, people):
    children = family_of(people["practitioner"])
    seen = {c.pk: c.revision for c in children}
    token = revisions_token(children)
    complete(children[2], "Changed In Another Tab", born=date(2019, 1, 1))  # the page's copy of child 3 is stale
    Assessment.objects.filter(pk=children[2].pk).update(revision=children[2].revision + 1)
    children[0].consent_reason = "Should not be saved"
    with pytest.raises(ChangedMeanwhile):
        family_save_shared(assessment=children[0], seen_revisions=seen)
    assert not Assessment.objects.filter(consent_reason="Should not be saved").exists()
    # Through the page: the one "changed since you opened it" message, nothing saved.
    client.force_login(people["practitioner"])
    data = form_data(children[0], "consent") | {"consent_given_by": "Someone else", "family_revisions": token}
    page = client.post(reverse("referrals:step", args=[children[0].pk, "consent"]), data).content.decode()
    assert "changed since you opened it" in page
    assert not Assessment.objects.filter(consent_given_by="Someone else").exists()


def test_consent_not_sought_needs_every_child_at_level_4(client, people):
    children = family_of(people["practitioner"], n=2)  # levels 3 (factory) and 2
    Assessment.objects.filter(pk=children[0].pk).update(practitioner_level=4, level_rationale="Worse than ticked.")
    children[0].refresh_from_db()  # this child at level 4 alone: "not sought" is still refused for the family
    client.force_login(people["practitioner"])
    data = form_data(children[0], "consent") | {
        "consent": "not_sought",
        "consent_ground": "harm",
        "consent_reason": "Asking would put the children at risk.",
        "family_revisions": revisions_token(children),
    }
    page = client.post(reverse("referrals:step", args=[children[0].pk, "consent"]), data).content.decode()
    assert "seek consent first" in page
    assert not Assessment.objects.filter(consent="not_sought").exists()


def test_the_family_is_sent_all_at_once_or_not_at_all(client, people):
    children = family_of(people["practitioner"])
    Assessment.objects.filter(pk=children[2].pk).update(child_voice="")  # the unborn baby's step is not done
    client.force_login(people["practitioner"])
    response = client.post(reverse("referrals:submit", args=[children[0].pk]), follow=True)
    page = response.content.decode()
    assert f"{children[2].child_name} ({children[2].reference}): Record the child&#x27;s voice" in page
    assert reverse("referrals:step", args=[children[2].pk, "voice"]) in page
    assert not Assessment.objects.exclude(status=Assessment.Status.DRAFT).exists()
    assert not Notification.objects.exists()

    Assessment.objects.filter(pk=children[2].pk).update(child_voice="Not yet born: the mother's voice.")
    client.post(reverse("referrals:submit", args=[children[1].pk]))
    sent = list(Assessment.objects.filter(family=children[0].family).order_by("created"))
    assert {a.status for a in sent} == {Assessment.Status.SUBMITTED}
    assert len({a.submitted_at for a in sent}) == 1 and len({a.reference for a in sent}) == 3
    assert [a.suggested_level for a in sent] == [3, 3, 2]  # each child their own level
    # One notification per lead for the whole family, naming every reference and no child.
    notes = list(Notification.objects.filter(kind=Notification.Kind.SUBMITTED))
    assert sorted(n.recipient.username for n in notes) == ["fl", "fl2"]
    for note in notes:
        assert all(a.reference in note.body for a in sent) and note.subject.startswith("Family of 3 sent to you")
        assert not any(name in note.body for name in ("Ada", "Second"))


def test_a_single_child_is_sent_as_before(people):
    single = AssessmentFactory(owner=people["practitioner"])
    assert assessment_submit(assessment=single, submitted_by=people["practitioner"])
    note = Notification.objects.filter(kind=Notification.Kind.SUBMITTED).first()
    assert note.subject == f"Assessment {single.reference} sent to you"


def test_the_familys_due_by_is_the_most_urgent_childs_on_every_child(client, people):
    children = family_of(people["practitioner"])
    assessment_submit(assessment=children[0], submitted_by=people["practitioner"])
    Assessment.objects.filter(family=children[0].family).update(submitted_at=SENT)
    client.force_login(people["lead"])

    def rate(child: Assessment, rag: str) -> None:
        child.refresh_from_db()
        data = {"revision": child.revision, "rag": rag, "notes": ""}
        assert client.post(reverse("referrals:review", args=[child.pk]), data).status_code == 302

    rate(children[1], "Amber")
    amber = Review.objects.get(assessment=children[1]).due_by
    assert set(Assessment.objects.values_list("due_by", flat=True)) == {amber}  # the unrated ones too
    rate(children[2], "Red")
    red = Review.objects.get(assessment=children[2]).due_by
    assert red == SENT + timedelta(hours=2) and red < amber
    assert set(Assessment.objects.values_list("due_by", flat=True)) == {red}
    assert Review.objects.get(assessment=children[1]).due_by == amber  # each child's own review keeps its own
    # The queue shows them together, each tagged.
    other = AssessmentFactory(owner=people["colleague"], submitted=True, submitted_at=SENT)
    page = client.get(reverse("referrals:queue")).content.decode()
    positions = sorted(page.index(c.reference) for c in children)
    assert positions[-1] < page.index(other.reference) or positions[0] > page.index(other.reference)
    assert page.count("Family of 3") == 3


def test_a_child_taken_out_stays_a_draft_and_the_last_two_end_the_family(client, people):
    children = family_of(people["practitioner"])
    client.force_login(people["practitioner"])
    response = client.post(reverse("referrals:family-remove", args=[children[2].pk]))
    assert response.status_code == 302
    children[2].refresh_from_db()
    assert children[2].family_id is None and children[2].status == Assessment.Status.DRAFT
    assert Assessment.objects.filter(family=children[0].family).count() == 2
    family_remove_child(assessment=children[1])
    assert Assessment.objects.filter(family__isnull=False).count() == 0 and not Family.objects.exists()
    with pytest.raises(NotAllowed):  # a single child is in no family to leave
        family_remove_child(assessment=children[0])


def test_only_the_owner_adds_or_takes_out_and_only_a_draft(client, people):
    children = family_of(people["practitioner"], n=2)
    count = Assessment.objects.count()
    client.force_login(people["colleague"])
    assert client.post(reverse("referrals:family-add", args=[children[0].pk])).status_code == 404
    assert client.post(reverse("referrals:family-remove", args=[children[1].pk])).status_code == 404
    client.force_login(people["lead"])
    assert client.post(reverse("referrals:family-add", args=[children[0].pk])).status_code == 403
    assert Assessment.objects.count() == count and Assessment.objects.filter(family__isnull=False).count() == 2
    client.force_login(people["practitioner"])
    assessment_submit(assessment=children[0], submitted_by=people["practitioner"])
    assert client.post(reverse("referrals:family-add", args=[children[0].pk])).status_code == 403
    assert client.post(reverse("referrals:family-remove", args=[children[1].pk])).status_code == 403
    assert Assessment.objects.count() == count


def test_the_lead_sees_the_family_panel_and_a_lead_elsewhere_sees_nothing(client, people):
    children = family_of(people["practitioner"])
    assessment_submit(assessment=children[0], submitted_by=people["practitioner"])
    client.force_login(people["lead"])
    page = client.get(reverse("referrals:review", args=[children[1].pk])).content.decode()
    assert "Brothers and sisters in this referral" in page
    for other in (children[0], children[2]):
        assert reverse("referrals:review", args=[other.pk]) in page and other.child_name in page
    assert "Unborn" in page and "Level 3" in page
    looked = set(RecordView.objects.filter(viewer=people["lead"]).values_list("reference", "what"))
    assert {(children[0].reference, "family review"), (children[2].reference, "family review")} <= looked
    client.force_login(people["other_lead"])
    for child in children:
        assert client.get(reverse("referrals:review", args=[child.pk])).status_code == 404
    assert "Family of" not in client.get(reverse("referrals:queue")).content.decode()


def test_the_summary_and_the_pdf_list_the_brothers_and_sisters(client, people, tmp_path):
    children = family_of(people["practitioner"])
    client.force_login(people["practitioner"])
    summary = client.get(reverse("referrals:summary", args=[children[0].pk])).content.decode()
    assert "Brothers and sisters in this referral" in summary
    assert children[1].reference in summary and "Child 1 Second" in summary and "Unborn, due" in summary
    pdf = client.get(reverse("referrals:summary-pdf", args=[children[0].pk]))
    assert pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["/usr/bin/pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True)
    assert "Brothers and sisters in this referral" in text.stdout
    assert children[2].reference in text.stdout and "Child 2 Second" in text.stdout
    single = AssessmentFactory(owner=people["practitioner"])
    assert "Brothers and sisters" not in client.get(reverse("referrals:summary", args=[single.pk])).content.decode()


def test_age_text():
    today = date(2026, 11, 29)
    assert age_text(Assessment(date_of_birth=date(2019, 11, 30)), today=today) == "6 years"
    assert age_text(Assessment(date_of_birth=date(2019, 11, 29)), today=today) == "7 years"
    assert age_text(Assessment(date_of_birth=date(2026, 10, 1)), today=today) == "1 month"
    assert age_text(Assessment(unborn=True), today=today) == "Unborn"
    assert age_text(Assessment(), today=today) == ""


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_overview_and_the_review_page_use_the_same_queries_for_2_and_6_children(client, people):
    small = family_of(people["practitioner"], n=2)
    large = family_of(people["practitioner"], n=6)
    client.force_login(people["practitioner"])
    overview = [_queries(client, reverse("referrals:overview", args=[f[0].pk])) for f in (small, large)]
    assert overview[0] == overview[1], overview
    page = client.get(reverse("referrals:overview", args=[large[0].pk])).content.decode()
    assert page.count('<li class="govuk-task-list__item') == 6 * 4 + 1  # each child's own four steps, consent once
    assert "Send all 6 to my safeguarding lead" in page
    for family in (small, large):
        assessment_submit(assessment=family[0], submitted_by=people["practitioner"])
    client.force_login(people["lead"])
    client.get(reverse("referrals:review", args=[small[0].pk]))  # the guidance's RAG ratings and outcomes read once
    review = [_queries(client, reverse("referrals:review", args=[f[1].pk])) for f in (small, large)]
    assert review[0] == review[1], review
    queue = _queries(client, reverse("referrals:queue"))
    assert queue <= 12  # the header names the partnership, the filters read their choices (issue 18)
