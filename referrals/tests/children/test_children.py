"""Earlier assessments of the same child (issue 17): links made at sending, the review panel and its decisions,
the re-referral tag and count, the search and the chronology; scoping and constant queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.access import Role
from portal.tests.factories import AssessmentFactory, decided, form_data, make_user, spread_codes
from referrals.assessments.services import assessment_submit
from referrals.children.selectors import child_search
from referrals.children.services import candidates_filter, child_links_find
from referrals.models import Assessment, ChildLink, ChildSearch, RecordView

pytestmark = pytest.mark.django_db

BORN = date(2016, 4, 9)
NAME = "Tamsin Quenby"  # fictional


@pytest.fixture
def people():
    return {
        "practitioner": make_user("p", role=Role.PRACTITIONER),
        "colleague": make_user("c", role=Role.PRACTITIONER),
        "lead": make_user("l", role=Role.LEAD),
        "other_lead": make_user("ol", role=Role.LEAD, slug="stoke-on-trent"),
        "outsider": make_user("o", role=Role.PRACTITIONER, slug="stoke-on-trent"),
    }


def sent(owner, *, days_ago: int = 0, name: str = NAME, born: date = BORN, **fields) -> Assessment:
    """A draft sent through the service (which links it), `days_ago` days ago."""
    draft = AssessmentFactory(owner=owner, child_name=name, date_of_birth=born, **fields)
    assert assessment_submit(assessment=draft, submitted_by=owner)
    if days_ago:
        Assessment.objects.filter(pk=draft.pk).update(submitted_at=timezone.now() - timedelta(days=days_ago))
        ChildLink.objects.filter(later=draft).update(within_year=days_ago <= 365)
    draft.refresh_from_db()
    return draft


def test_sending_links_earlier_assessments_possible_by_name_confirmed_by_identifier(people):
    first = sent(people["practitioner"], nhs_number="9434765919")
    by_name = sent(people["colleague"], name="tamsin  QUENBY")
    assert [(link.earlier, link.status) for link in by_name.earlier_links.all()] == [(first, "possible")]
    by_number = sent(people["colleague"], name="T Quenby-Smith", born=date(2015, 1, 1), nhs_number="9434765919")
    statuses = {link.earlier: link.status for link in by_number.earlier_links.all()}
    assert statuses == {first: "confirmed"}  # the other has no number and another name: not linked
    twin = sent(people["colleague"], name="Tobias Quenby")
    assert not twin.earlier_links.exists()
    elsewhere = sent(people["outsider"])  # the same child's details, in another partnership
    assert not elsewhere.earlier_links.exists()
    assert child_links_find(assessment=by_name) == []  # again: nothing more
    assert ChildLink.objects.filter(later=by_name).count() == 1


def test_different_nhs_numbers_are_never_linked(people):
    sent(people["practitioner"], nhs_number="9434765919")
    second = sent(people["practitioner"], nhs_number="4857773457")
    assert not second.earlier_links.exists()


def test_the_review_panel_confirm_and_reject_are_kept_and_logged(client, people):
    first = decided(sent(people["practitioner"], days_ago=150), lead=people["lead"])
    second = sent(people["practitioner"])
    link = second.earlier_links.get()
    client.force_login(people["lead"])
    page = client.get(reverse("referrals:review", args=[second.pk])).content.decode()
    assert "Earlier assessments about this child" in page and first.reference in page and "Possible" in page
    assert "Signposting" in page
    assert "Re-referral within 12 months" not in page  # only once confirmed

    response = client.post(reverse("referrals:child-link", args=[second.pk, link.pk]), {"decision": "confirm"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.status, link.decided_by) == ("confirmed", people["lead"])
    assert link.history.count() == 2
    logged = set(RecordView.objects.filter(what="link confirmed").values_list("reference", flat=True))
    assert logged == {first.reference, second.reference}
    page = client.get(reverse("referrals:review", args=[second.pk])).content.decode()
    assert "Re-referral within 12 months" in page and "Confirmed" in page
    queue = client.get(reverse("referrals:queue")).content.decode()
    assert queue.count("Re-referral within 12 months") == 1
    dashboard = client.get(reverse("referrals:dashboard")).content.decode()
    assert "Re-referrals within 12 months</dt><dd>1</dd>" in dashboard

    client.post(reverse("referrals:child-link", args=[second.pk, link.pk]), {"decision": "reject"})
    link.refresh_from_db()
    assert link.status == "rejected" and ChildLink.objects.filter(pk=link.pk).exists()  # kept
    page = client.get(reverse("referrals:review", args=[second.pk])).content.decode()
    assert "Re-referral within 12 months" not in page and first.reference not in page


def test_a_bad_decision_or_another_assessments_link_changes_nothing(client, people):
    sent(people["practitioner"])
    second = sent(people["practitioner"])
    unrelated = sent(people["practitioner"], name="Someone Else", born=date(2014, 2, 2))
    link = second.earlier_links.get()
    client.force_login(people["lead"])
    assert client.post(reverse("referrals:child-link", args=[second.pk, link.pk]), {"decision": "x"}).status_code == 302
    assert client.post(reverse("referrals:child-link", args=[unrelated.pk, link.pk]), {"decision": "reject"})
    link.refresh_from_db()
    assert link.status == "possible"


def test_a_referral_more_than_12_months_later_is_not_a_rereferral(client, people):
    sent(people["practitioner"], nhs_number="9434765919", days_ago=400)
    second = sent(people["practitioner"], nhs_number="9434765919")
    assert second.earlier_links.get().status == "confirmed"
    client.force_login(people["lead"])
    assert "Re-referrals within 12 months</dt><dd>0</dd>" in client.get(reverse("referrals:dashboard")).content.decode()


def test_another_partnerships_lead_never_sees_links(client, people):
    sent(people["practitioner"], nhs_number="9434765919")
    second = sent(people["practitioner"], nhs_number="9434765919")
    link = second.earlier_links.get()
    client.force_login(people["other_lead"])
    assert client.get(reverse("referrals:chronology", args=[second.pk])).status_code == 404
    assert (
        client.post(reverse("referrals:child-link", args=[second.pk, link.pk]), {"decision": "reject"}).status_code
        == 404
    )
    found = client.post(reverse("referrals:child-search"), {"nhs_number": "9434765919", "reason": "reviewing"})
    assert "0 assessments found" in found.content.decode() and NAME not in found.content.decode()


def _review_queries(client, assessment) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("referrals:review", args=[assessment.pk])).status_code == 200
    return len(queries)


def test_the_review_page_costs_the_same_with_3_or_50_earlier_assessments(client, people):
    client.force_login(people["lead"])
    counts = []
    for n, number in ((3, "9434765919"), (50, "4857773457")):
        earlier = [decided(sent(people["practitioner"], nhs_number=number), lead=people["lead"]) for _ in range(n)]
        latest = sent(people["practitioner"], nhs_number=number)
        assert latest.earlier_links.count() == n
        page = client.get(reverse("referrals:review", args=[latest.pk])).content.decode()
        assert all(e.reference in page for e in earlier)
        counts.append(_review_queries(client, latest))
    assert counts[0] == counts[1]


def test_search_finds_logs_the_reason_not_the_terms_and_costs_the_same(client, people):
    first = sent(people["practitioner"], nhs_number="9434765919")
    sent(people["practitioner"], name="Tobias Quenby")  # the twin: not found
    client.force_login(people["lead"])
    url = reverse("referrals:child-search")
    assert client.get(url).status_code == 200
    data = {"name": "tamsin quenby", "date_of_birth_0": "9", "date_of_birth_1": "4", "date_of_birth_2": "2016"}
    response = client.post(url, data | {"reason": "new_concern"})
    page = response.content.decode()
    assert "1 assessment found" in page and first.reference in page
    search = ChildSearch.objects.get()
    assert (search.searcher, search.reason, search.results, search.by) == (people["lead"], "new_concern", 1, "name")
    assert "tamsin" not in str(vars(search)).lower()
    assert RecordView.objects.filter(what="search", reference=first.reference).exists()

    with CaptureQueriesContext(connection) as few:
        client.post(url, data | {"reason": "reviewing"})
    for _ in range(20):
        sent(people["practitioner"])
    with CaptureQueriesContext(connection) as many:
        assert "21 assessments found" in client.post(url, data | {"reason": "reviewing"}).content.decode()
    assert len(few) == len(many)


def test_the_search_reads_the_date_of_birth_not_the_surname_and_same_surname_first(people):
    """Issue 19 at 1,000,000: a surname arm brought every child of the surname (none can match without the date of
    birth); and 200 newer children born the same day never push out an older one of the same name."""
    first = sent(people["practitioner"], days_ago=400)
    framework, owner = first.framework, people["practitioner"]
    others = [
        Assessment(
            owner=owner,
            partnership=framework.partnership,
            framework=framework,
            area=first.area,
            reference=f"N{i:07d}",
            status=Assessment.Status.SUBMITTED,
            submitted_at=timezone.now() - timedelta(days=i % 300),
            child_name=f"Child Other{i}",
            child_surname_key=f"other{i}",
            date_of_birth=BORN if i < 201 else date(2017, 1, 1),  # 201 born the same day; 10 share the surname only
            indicators=[],
        )
        for i in range(211)
    ]
    for row in others[201:]:
        row.child_name, row.child_surname_key = f"Tamsin {NAME.split()[1]}", "quenby"
    Assessment.objects.bulk_create(others)
    candidates = Assessment.objects.filter(candidates_filter(date_of_birth=BORN, nhs_number="", upn=""))
    assert candidates.count() == 202  # first and the 201 born the same day; not the 10 of the surname only
    found = child_search(lead=people["lead"], name=NAME, date_of_birth=BORN)
    assert [f.assessment for f in found] == [first]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"reason": "reviewing"}, "Enter the child&#x27;s name and date of birth, or an NHS number or UPN"),
        ({"name": "Tamsin Quenby", "reason": "reviewing"}, "Enter the child&#x27;s name and date of birth"),
        ({"nhs_number": "9434765919"}, "Select why you are searching"),
        ({"nhs_number": "9434765919", "reason": "other"}, "Enter your reason for searching"),
        ({"nhs_number": "1234567890", "reason": "reviewing"}, "Enter a real NHS number"),
        ({"upn": "A801200005001", "reason": "reviewing"}, "Enter a real unique pupil number"),
    ],
)
def test_a_bad_search_gets_the_error_summary_and_is_not_logged(client, people, data, error):
    client.force_login(people["lead"])
    response = client.post(reverse("referrals:child-search"), data)
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page and error in page
    assert not ChildSearch.objects.exists()


def test_identifiers_on_the_about_the_child_step(client, people):
    draft = AssessmentFactory(owner=people["practitioner"])
    client.force_login(people["practitioner"])
    url = reverse("referrals:step", args=[draft.pk, "child"])
    page = client.get(url).content.decode()
    assert "NHS number (optional)" in page and "for example 943 476 5919" in page and "B801200005001" in page
    bad = client.post(url, form_data(draft, "child") | {"nhs_number": "943 476 5910", "upn": "A801200005001"})
    page = bad.content.decode()
    assert "govuk-error-summary" in page and "Enter a real NHS number" in page and "Enter a real unique pupil" in page
    good = client.post(url, form_data(draft, "child") | {"nhs_number": "943 476 5919", "upn": "b801200005001"})
    assert good.status_code == 302
    draft.refresh_from_db()
    assert (draft.nhs_number, draft.upn) == ("9434765919", "B801200005001")
    summary = client.get(reverse("referrals:summary", args=[draft.pk])).content.decode()
    assert "943 476 5919" in summary and "B801200005001" in summary


def test_the_chronology_applies_the_accumulation_rule_across_time(client, people):
    one = AssessmentFactory(owner=people["practitioner"], nhs_number="9434765919")
    level2 = [c for c in spread_codes(one.framework, 60, max_level=2) if c.split("-")[-2] == "2"]
    codes_by_domain: dict[str, str] = {}
    from thresholds.snapshot import cached_snapshot

    snapshot = cached_snapshot(one.framework)
    for code in level2:
        codes_by_domain.setdefault(snapshot.indicators[code].domain, code)
    a, b, c = list(codes_by_domain.values())[:3]
    first = decided(
        sent(people["practitioner"], nhs_number="9434765919", indicators=[a], days_ago=120), lead=people["lead"]
    )
    sent(people["colleague"], nhs_number="9434765919", indicators=[b], days_ago=60)
    third = sent(people["practitioner"], nhs_number="9434765919", indicators=[c])
    client.force_login(people["lead"])
    page = client.get(reverse("referrals:chronology", args=[third.pk])).content.decode()
    assert first.reference in page and third.reference in page
    assert snapshot.indicators[a].text in page
    assert "3 level 2 indicators in 3 domains" in page
    assert snapshot.accumulation.text in page.replace("&#x27;", "'").replace("&quot;", '"')
    assert RecordView.objects.filter(what="chronology", reference=first.reference).exists()


def test_the_chronology_costs_the_same_with_2_or_8_assessments(client, people):
    client.force_login(people["lead"])
    counts = []
    for n, number in ((2, "9434765919"), (8, "4857773457")):
        for _ in range(n - 1):
            decided(sent(people["practitioner"], nhs_number=number), lead=people["lead"])
        latest = sent(people["colleague"], nhs_number=number)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("referrals:chronology", args=[latest.pk])).content.decode()
        assert page.count('<h2 class="govuk-heading-m">') == n
        counts.append(len(queries))
    assert counts[0] == counts[1]
