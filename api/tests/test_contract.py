"""Every endpoint's answers, good and bad, validate against the published OpenAPI schema (openapi.json)."""

from __future__ import annotations

import json

import pytest

from portal.tests.factories import AssessmentFactory

from .conftest import bearer
from .schema import assert_matches_schema, published

pytestmark = pytest.mark.django_db


def _no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), f"duplicated keys in the schema: {keys}"
    return dict(pairs)


def test_the_published_schema_is_the_one_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    json.loads(response.content, object_pairs_hook=_no_duplicate_keys)  # Swagger UI refuses a schema with any
    assert response.json()["paths"].keys() == published()["paths"].keys()
    assert response.json()["openapi"].startswith("3.1")


def test_public_endpoints_match_the_schema(client):
    cases = [
        ("get", "/api/v1/frameworks", "/api/v1/frameworks", None),
        ("get", "/api/v1/frameworks/hw-2025", "/api/v1/frameworks/{slug}", None),
        ("get", "/api/v1/frameworks/nowhere", "/api/v1/frameworks/{slug}", None),
        (
            "post",
            "/api/v1/frameworks/hw-2025/suggest",
            "/api/v1/frameworks/{slug}/suggest",
            {"indicators": ["health-4-01"]},
        ),
        ("post", "/api/v1/frameworks/hw-2025/suggest", "/api/v1/frameworks/{slug}/suggest", {"indicators": ["nope"]}),
        ("post", "/api/v1/frameworks/nowhere/suggest", "/api/v1/frameworks/{slug}/suggest", {}),
    ]
    statuses = []
    for method, url, path, body in cases:
        if method == "post":
            response = client.post(url, body, content_type="application/json")
        else:
            response = client.get(url)
        assert_matches_schema(response, path, method)
        statuses.append(response.status_code)
    assert statuses == [200, 200, 404, 200, 400, 404]


def test_referral_endpoints_match_the_schema(client, tokens, sent, elsewhere):
    read, write = bearer(tokens["read"]), bearer(tokens["write"])
    big = AssessmentFactory(owner=sent.owner, submitted=True, ticks=41)  # too large to make in a request: 202
    detail, pdf, decision = "/api/v1/referrals/{id}", "/api/v1/referrals/{id}.pdf", "/api/v1/referrals/{id}/decision"
    answers = [
        (client.get("/api/v1/referrals", **read), "/api/v1/referrals", "get"),
        (client.get("/api/v1/referrals?format=csv", **read), "/api/v1/referrals", "get"),
        (client.get("/api/v1/referrals?level=9", **read), "/api/v1/referrals", "get"),
        (client.get("/api/v1/referrals"), "/api/v1/referrals", "get"),
        (client.get(f"/api/v1/referrals/{sent.pk}", **read), detail, "get"),
        (client.get(f"/api/v1/referrals/{elsewhere.pk}", **read), detail, "get"),
        (client.get(f"/api/v1/referrals/{sent.pk}.pdf", **read), pdf, "get"),
        (client.get(f"/api/v1/referrals/{big.pk}.pdf", **read), pdf, "get"),
        (
            client.post(f"/api/v1/referrals/{sent.pk}/decision", {}, content_type="application/json", **write),
            decision,
            "post",
        ),
        (
            client.post(
                f"/api/v1/referrals/{sent.pk}/decision", {"revision": 1}, content_type="application/json", **read
            ),
            decision,
            "post",
        ),
        (
            client.post(
                f"/api/v1/referrals/{sent.pk}/decision",
                {"revision": sent.revision + 5, "notes": "x"},
                content_type="application/json",
                **write,
            ),
            decision,
            "post",
        ),
        (
            client.post(
                f"/api/v1/referrals/{sent.pk}/decision",
                {"revision": sent.revision, "outcome": "Signposting", "rag": _first_rag(sent)},
                content_type="application/json",
                **write,
            ),
            decision,
            "post",
        ),
    ]
    for response, path, method in answers:
        assert_matches_schema(response, path, method)
    assert [r.status_code for r, _, _ in answers] == [200, 200, 400, 401, 200, 404, 200, 202, 400, 403, 409, 200]
    detail_json = answers[4][0].json()
    assert detail_json["child"]["name"] == sent.child_name
    assert answers[-1][0].json()["decision"]["decided_by"] == {"kind": "api_token", "name": "Mosaic front door"}


def _first_rag(assessment) -> str:
    rating = assessment.framework.rag_ratings.order_by("order").first()
    return rating.name if rating else ""


def test_errors_outside_any_operation_are_json_errors(client):
    """An unknown URL under /api/v1/ and a method an endpoint does not take: {"error": ...} like the rest."""
    unknown = client.get("/api/v1/no-such-thing")
    wrong_method = client.delete("/api/v1/frameworks")
    assert (unknown.status_code, wrong_method.status_code) == (404, 405)
    assert unknown.json() == {"error": "Not found."}
    assert wrong_method.json() == {"error": "This method is not allowed here."}
    assert "GET" in wrong_method["Allow"]
