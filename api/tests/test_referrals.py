"""The referral endpoints: what a token lists and reads, decisions through the review page's rules, the CSV."""

from __future__ import annotations

import csv
import io
import logging
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import ApiToken
from portal.access import Role
from portal.tests.factories import AssessmentFactory, decided, make_user
from referrals.children.services import child_links_find
from referrals.exports import RETURNS_COLUMNS
from referrals.models import Assessment, Notification, RecordView, Review

from .conftest import CHILD, bearer

pytestmark = pytest.mark.django_db


def _rag(assessment) -> str:
    return assessment.framework.rag_ratings.order_by("order").first().name


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


# --- Listing ---------------------------------------------------------------------------------------------------


def test_the_list_is_the_tokens_partnerships_sent_referrals_only(client, tokens, sent, draft, elsewhere):
    response = client.get("/api/v1/referrals", **bearer(tokens["read"]))
    assert response.status_code == 200
    body = response.json()
    assert [i["reference"] for i in body["items"]] == [sent.reference]
    assert body["next"] is None
    item = body["items"][0]
    assert item["id"] == str(sent.pk)
    assert item["status"] == "submitted"
    assert item["suggested_level"] == sent.suggested_level
    assert item["put_forward_level"] == sent.level
    assert (item["decided_at"], item["decided_level"], item["outcome"], item["rag"]) == (None, None, None, None)
    assert response["Cache-Control"] == "no-store"
    other = client.get("/api/v1/referrals", **bearer(tokens["other"])).json()
    assert [i["reference"] for i in other["items"]] == [elsewhere.reference]


def test_every_listed_referral_is_logged_naming_the_token(client, tokens, sent):
    client.get("/api/v1/referrals", **bearer(tokens["read"]))
    look = RecordView.objects.get(assessment=sent)
    assert (look.viewer, look.api_token.name, look.what) == (None, "Mosaic (read)", "api-list")


def test_filters(client, tokens, owner):
    lead = make_user("lee", role=Role.LEAD)
    new = AssessmentFactory(owner=owner, submitted=True, max_level=2, ticks=2)
    high = AssessmentFactory(owner=owner, submitted=True, max_level=3, practitioner_level=4, level_rationale="More")
    done = decided(lead=lead, owner=owner)
    Assessment.objects.filter(pk=new.pk).update(submitted_at=timezone.now() - timedelta(days=40))

    def refs(query: str) -> set[str]:
        response = client.get(f"/api/v1/referrals?{query}", **bearer(tokens["read"]))
        assert response.status_code == 200, response.content
        return {i["reference"] for i in response.json()["items"]}

    assert refs("status=decided") == {done.reference}
    assert refs("status=submitted") == {new.reference, high.reference}
    assert refs("level=4") == {high.reference}  # the level put forward: the practitioner's judgement
    assert refs("level=2") == {new.reference}
    assert refs(f"rag={_rag(done)}") == {done.reference}
    since = (timezone.now() - timedelta(days=7)).date().isoformat()
    assert refs(f"sent_since={since}") == {high.reference, done.reference}
    assert refs(f"decided_since={since}") == {done.reference}
    assert refs("decided_since=2199-01-01T00:00Z") == set()


@pytest.mark.parametrize(
    "query",
    [
        "status=draft",
        "level=5",
        "level=x",
        "sent_since=yesterday",
        "decided_since=2026-13-01",
        "cursor=nonsense",
        "limit=0",
        "limit=201",
        "format=xml",
        "sent_since=0001-01-01",
    ],
)
def test_bad_filters_are_400_json(client, tokens, sent, query):
    response = client.get(f"/api/v1/referrals?{query}", **bearer(tokens["read"]))
    assert response.status_code == 400
    assert set(response.json()) == {"error"}
    assert not RecordView.objects.exists()


def test_cursor_pages_cover_every_referral_once_in_a_stable_order(client, tokens, owner):
    made = [AssessmentFactory(owner=owner, submitted=True, ticks=1) for _ in range(7)]
    same_moment = timezone.now() - timedelta(hours=1)
    Assessment.objects.filter(pk__in=[a.pk for a in made[:4]]).update(submitted_at=same_moment)  # ties: by id
    seen, url = [], "/api/v1/referrals?limit=3&status=submitted"
    while url:
        body = client.get(url, **bearer(tokens["read"])).json()
        seen += [i["id"] for i in body["items"]]
        url = body["next"]
        assert url is None or ("status=submitted" in url and "limit=3" in url)
    expected = Assessment.objects.filter(pk__in=[a.pk for a in made]).order_by("submitted_at", "id")
    assert seen == [str(pk) for pk in expected.values_list("pk", flat=True)]


def test_the_list_costs_the_same_queries_for_3_and_30_referrals(client, tokens, owner):
    def count(n: int) -> int:
        Assessment.objects.filter(owner=owner).delete()
        AssessmentFactory.create_batch(n, owner=owner, submitted=True, ticks=1)
        client.get("/api/v1/referrals", **bearer(tokens["read"]))  # the token's last_used is written once a minute
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/referrals?limit=50", **bearer(tokens["read"]))
        assert len(response.json()["items"]) == n
        return len(queries)

    few, many = count(3), count(30)
    assert few == many <= 3  # the token, the page, the record-view INSERT … SELECT


# --- One referral ----------------------------------------------------------------------------------------------


def test_the_detail_holds_what_the_pdf_holds(client, tokens, sent):
    response = client.get(f"/api/v1/referrals/{sent.pk}", **bearer(tokens["read"]))
    body = response.json()
    assert body["child"]["name"] == CHILD
    assert body["child"]["date_of_birth"] == sent.date_of_birth.isoformat()
    assert body["people_around"]["household"] == sent.household
    assert body["guidance"]["slug"] == sent.framework.slug
    assert [i["code"] for i in body["indicators"]] == list(sent.indicators)
    stored_words = {
        i["code"]: i["text"] for r in sent.suggestion["reasons"] for d in r["domains"] for i in d["indicators"]
    }
    assert all(i["text"] == stored_words[i["code"]] for i in body["indicators"])
    assert all(i["level"] in (1, 2, 3, 4) and i["domain"] for i in body["indicators"])
    assert body["voice_of_the_child"] == sent.child_voice
    assert body["consent"]["consent"] == "given"
    assert body["suggestion"]["level"] == sent.suggested_level
    assert body["decision"] is None
    assert body["revision"] == sent.revision
    assert response["Cache-Control"] == "no-store"
    look = RecordView.objects.get(assessment=sent)
    assert (look.api_token.name, look.what) == ("Mosaic (read)", "api-detail")
    assert body["family"] == [] and body["child"]["nhs_number"] == sent.nhs_number


def test_a_family_child_carries_its_brothers_and_sisters(client, tokens, owner):
    """Issue 17: a family sent in one submission; each child's record lists the others, whose views are logged."""
    from referrals.assessments.services import assessment_submit
    from referrals.tests.family.test_family import family_of

    children = family_of(owner, n=3)
    assert assessment_submit(assessment=children[0], submitted_by=owner)
    response = client.get(f"/api/v1/referrals/{children[1].pk}", **bearer(tokens["read"]))
    assert response.status_code == 200
    body = response.json()
    others = [c for c in children if c.pk != children[1].pk]
    assert [s["reference"] for s in body["family"]] == [c.reference for c in others]
    assert [s["name"] for s in body["family"]] == [c.child_name for c in others]
    looked = RecordView.objects.filter(what="family api-detail", api_token__name="Mosaic (read)")
    assert sorted(looked.values_list("reference", flat=True)) == sorted(c.reference for c in others)


def test_the_pdf_is_the_portals_and_is_logged(client, tokens, sent):
    response = client.get(f"/api/v1/referrals/{sent.pk}.pdf", **bearer(tokens["read"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == f'attachment; filename="referral-{sent.reference}.pdf"'
    assert RecordView.objects.get(assessment=sent).what == "api-pdf"


def test_a_large_pdf_not_made_yet_is_202_with_retry_after(client, tokens, owner):
    big = AssessmentFactory(owner=owner, submitted=True, ticks=41)
    response = client.get(f"/api/v1/referrals/{big.pk}.pdf", **bearer(tokens["read"]))
    assert response.status_code == 202
    assert response["Retry-After"] == "10"
    assert response.json()["status"] == "pending"
    assert not RecordView.objects.exists()  # nothing about the child was sent


# --- Decisions -------------------------------------------------------------------------------------------------


def test_a_decision_shows_in_the_queue_and_the_practitioners_list_and_notifies_them(client, tokens, sent, owner):
    body = {"revision": sent.revision, "rag": _rag(sent), "outcome": "Signposting", "notes": "Sent to early help."}
    response = client.post(
        f"/api/v1/referrals/{sent.pk}/decision", body, content_type="application/json", **bearer(tokens["write"])
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "decided"
    review = Review.objects.get(assessment=sent)
    assert review.reviewer is None
    assert review.decided_via_token.name == "Mosaic front door"
    assert (review.decision, review.decided_level, review.outcome) == ("agree", sent.level, "Signposting")
    assert review.due_by is not None or not sent.framework.rag_ratings.exists()
    notice = Notification.objects.get(kind=Notification.Kind.DECIDED)
    assert notice.recipient == owner and notice.reference == sent.reference

    lead = make_user("lee", role=Role.LEAD)
    queue = Client()
    queue.force_login(lead)
    page = queue.get("/review/?status=decided").content.decode()
    assert sent.reference in page
    mine = Client()
    mine.force_login(owner)
    assert "Decided" in mine.get("/assessments/").content.decode()
    review_page = queue.get(f"/review/{sent.pk}/").content.decode()
    assert "Case system: Mosaic (read)" not in review_page  # only the decision's token read nothing


def test_a_stale_revision_is_409_and_changes_nothing(client, tokens, sent):
    body = {"revision": sent.revision - 1 if sent.revision > 1 else sent.revision + 1, "notes": "Too late"}
    response = client.post(
        f"/api/v1/referrals/{sent.pk}/decision", body, content_type="application/json", **bearer(tokens["write"])
    )
    assert response.status_code == 409
    assert "changed since you opened it" in response.json()["error"]
    assert not Review.objects.filter(assessment=sent).exists()
    assert Assessment.objects.get(pk=sent.pk).revision == sent.revision


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"level": 4, "outcome": "Signposting"}, "rationale"),  # another level needs a rationale
        ({"outcome": "Not an outcome of this partnership"}, "outcome"),
        ({"rag": "Purple"}, "rag"),
        ({"level": 9}, "level"),
        ({"decision": "maybe"}, "decision"),
    ],
)
def test_the_review_pages_rules_refuse_with_400(client, tokens, sent, body, words):
    response = client.post(
        f"/api/v1/referrals/{sent.pk}/decision",
        {"revision": sent.revision, "rag": _rag(sent), **body},
        content_type="application/json",
        **bearer(tokens["write"]),
    )
    assert response.status_code == 400, response.content
    assert words in response.json()["error"]
    assert not Review.objects.filter(assessment=sent).exists()


def test_a_decision_needs_no_csrf_token_and_starts_no_session(tokens, sent):
    strict = Client(enforce_csrf_checks=True)
    sessions = Session.objects.count()
    response = strict.post(
        f"/api/v1/referrals/{sent.pk}/decision",
        {"revision": sent.revision, "notes": "Seen"},
        content_type="application/json",
        **bearer(tokens["write"]),
    )
    assert response.status_code == 200
    assert Session.objects.count() == sessions and "Set-Cookie" not in response


# --- Limits and logs -------------------------------------------------------------------------------------------


def test_the_rate_limit_is_per_token_429_with_retry_after(client, tokens, settings):
    settings.API_RATE_LIMIT = 3
    answers = [client.get("/api/v1/referrals", **bearer(tokens["read"])).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/api/v1/referrals", **bearer(tokens["read"]))
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many requests" in refused.json()["error"]
    assert client.get("/api/v1/referrals", **bearer(tokens["write"])).status_code == 200  # another token: its own


def test_no_child_data_or_token_in_the_logs(client, tokens, sent, caplog):
    caplog.set_level(logging.DEBUG)
    read = bearer(tokens["read"])
    client.get("/api/v1/referrals", **read)
    client.get(f"/api/v1/referrals/{sent.pk}", **read)
    client.get("/api/v1/referrals?sent_since=nonsense", **read)
    client.post(f"/api/v1/referrals/{sent.pk}/decision", {"revision": 0}, content_type="application/json", **read)
    client.get("/api/v1/referrals", HTTP_AUTHORIZATION=f"Bearer {tokens['revoked']}")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert CHILD not in logged and sent.address.splitlines()[0] not in logged
    assert not any(secret in logged for secret in tokens.values())


def test_only_the_hash_is_stored(tokens):
    stored = " ".join(str(v) for row in ApiToken.objects.values() for v in row.values())
    assert not any(secret in stored for secret in tokens.values())


# --- Returns CSV -----------------------------------------------------------------------------------------------


def test_the_returns_csv(client, tokens, owner):
    lead = make_user("lee", role=Role.LEAD)
    dob = timezone.localdate() - timedelta(days=3000)
    first = decided(lead=lead, owner=owner, child_name=CHILD, date_of_birth=dob, nhs_number="9990000018")
    again = AssessmentFactory(
        owner=owner, child_name=CHILD.upper(), date_of_birth=dob, nhs_number="9990000018", submitted=True
    )
    other_child = AssessmentFactory(owner=owner, child_name="Someone Else", date_of_birth=dob, submitted=True)
    named_only = AssessmentFactory(owner=owner, child_name=CHILD, date_of_birth=dob, submitted=True)
    Assessment.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - timedelta(days=100))
    for assessment in (again, other_child, named_only):  # as sending does: the same NHS number is confirmed at once
        assessment.refresh_from_db()
        child_links_find(assessment=assessment)

    response = client.get("/api/v1/referrals?format=csv", **bearer(tokens["read"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv(response)
    assert tuple(rows[0]) == RETURNS_COLUMNS
    by_reference = {r[0]: dict(zip(RETURNS_COLUMNS, r, strict=True)) for r in rows[1:]}
    assert set(by_reference) == {first.reference, again.reference, other_child.reference, named_only.reference}
    assert by_reference[again.reference]["re_referral"] == "yes"
    assert by_reference[first.reference]["re_referral"] == "no"
    assert by_reference[other_child.reference]["re_referral"] == "no"
    assert by_reference[named_only.reference]["re_referral"] == "no"  # a possible link until a lead confirms it
    done = by_reference[first.reference]
    assert done["outcome"] == "Signposting" and done["decision"] == "agree" and done["decided_level"]
    assert done["met_timescale"] in ("yes", "no", "")
    assert by_reference[again.reference]["met_timescale"] == ""  # not decided yet
    content = "\n".join(",".join(r) for r in rows)
    assert CHILD.split()[0].lower() not in content.lower()
    assert set(RecordView.objects.values_list("what", flat=True)) == {"api-csv"}

    portal = Client()
    portal.force_login(lead)
    download = portal.get("/review/dashboard/referrals.csv")
    assert download.status_code == 200
    assert _csv(download) == rows  # the same function
    assert portal.get("/review/dashboard/").content.decode().count("/review/dashboard/referrals.csv") == 1


def test_met_timescale_compares_the_decision_with_its_due_by_time(client, tokens, owner):
    lead = make_user("lee", role=Role.LEAD)
    on_time, late = decided(lead=lead, owner=owner), decided(lead=lead, owner=owner)
    now = timezone.now()
    Assessment.objects.filter(pk=on_time.pk).update(due_by=now + timedelta(days=1))
    Assessment.objects.filter(pk=late.pk).update(due_by=now - timedelta(days=1))
    rows = {r[0]: r[-1] for r in _csv(client.get("/api/v1/referrals?format=csv", **bearer(tokens["read"])))[1:]}
    assert (rows[on_time.reference], rows[late.reference]) == ("yes", "no")


def test_the_csv_costs_the_same_queries_for_3_and_30_referrals(client, tokens, owner):
    def count(n: int) -> int:
        Assessment.objects.filter(owner=owner).delete()
        AssessmentFactory.create_batch(n, owner=owner, submitted=True, ticks=1)
        client.get("/api/v1/referrals", **bearer(tokens["read"]))
        with CaptureQueriesContext(connection) as queries:
            rows = _csv(client.get("/api/v1/referrals?format=csv", **bearer(tokens["read"])))
        assert len(rows) == n + 1
        return len(queries)

    assert count(3) == count(30)


@pytest.mark.parametrize(
    "raw", [b"{", b"[1]", b"\xff\xfe", b"[" * 5000 + b"]" * 5000, b"", b"null", b'{"revision": "1e999"}']
)
def test_a_body_that_is_not_a_decision_is_400_json(client, tokens, sent, raw):
    response = client.post(
        f"/api/v1/referrals/{sent.pk}/decision", raw, content_type="application/json", **bearer(tokens["write"])
    )
    assert response.status_code == 400, response.content[:200]
    assert set(response.json()) == {"error"}
    assert not Review.objects.filter(assessment=sent).exists()
