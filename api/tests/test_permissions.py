"""Who reaches which API URL: every URL against no token, a bad one, a revoked one, a read and a write token
of the partnership, and another partnership's token. A new URL in the API needs a row in ROUTES
(test_the_table_covers_every_api_url fails until it has one)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from api.v1.api import api
from referrals.models import Assessment, RecordView, Review

from .conftest import CHILD, bearer

pytestmark = pytest.mark.django_db

NONE, BAD, REVOKED, READ, WRITE, OTHER = ACTORS = ("none", "bad", "revoked", "read", "write", "other")


@dataclass(frozen=True)
class Route:
    id: str
    path: str  # {id}: the referral named by `on`
    method: str = "get"
    on: str | None = None  # sent, draft, elsewhere
    body: dict | None = None
    expected: dict = field(default_factory=dict)

    @property
    def writes(self) -> bool:
        return self.method == "post" and "decision" in self.path


def public(ok=200) -> dict:
    return dict.fromkeys(ACTORS, ok)


def token_needed(ok=200, *, other=404, read=None) -> dict:
    """401 without a live token; the token's partnership's only (another's: 404, as if it did not exist)."""
    return {NONE: 401, BAD: 401, REVOKED: 401, READ: ok if read is None else read, WRITE: ok, OTHER: other}


def decision_body(assessment: Assessment) -> dict:
    return {"revision": assessment.revision, "rag": "", "notes": "Case system triage note."}


ROUTES = [
    Route("openapi", "/api/v1/openapi.json", expected=public()),
    Route("docs", "/api/v1/docs", expected=public()),
    Route("frameworks", "/api/v1/frameworks", expected=public()),
    Route("framework", "/api/v1/frameworks/sefton", expected=public()),
    Route("framework-unknown", "/api/v1/frameworks/nowhere", expected=public(404)),
    Route("suggest", "/api/v1/frameworks/sefton/suggest", "post", body={"indicators": []}, expected=public()),
    Route("referrals", "/api/v1/referrals", expected=token_needed(other=200)),  # their own list: without ours
    Route("referrals-csv", "/api/v1/referrals?format=csv", expected=token_needed(other=200)),
    Route("referral", "/api/v1/referrals/{id}", on="sent", expected=token_needed()),
    Route("referral-draft", "/api/v1/referrals/{id}", on="draft", expected=token_needed(404)),
    Route("referral-elsewhere", "/api/v1/referrals/{id}", on="elsewhere", expected=token_needed(404, other=200)),
    Route("referral-pdf", "/api/v1/referrals/{id}.pdf", on="sent", expected=token_needed()),
    Route("referral-pdf-draft", "/api/v1/referrals/{id}.pdf", on="draft", expected=token_needed(404)),
    Route(
        "decision",
        "/api/v1/referrals/{id}/decision",
        "post",
        on="sent",
        body=decision_body,
        expected=token_needed(read=403),
    ),
    Route(
        "decision-draft",
        "/api/v1/referrals/{id}/decision",
        "post",
        on="draft",
        body=decision_body,
        expected=token_needed(404, read=403),
    ),
    Route("decision-get", "/api/v1/referrals/{id}/decision", on="sent", expected=public(405)),
]


def _headers(actor: str, tokens: dict) -> dict:
    if actor == NONE:
        return {}
    if actor == BAD:
        return bearer("thr_not-a-token-anyone-made")
    return bearer(tokens[actor])


def _state(assessment: Assessment | None):
    if assessment is None:
        return None
    row = Assessment.objects.get(pk=assessment.pk)
    return (row.revision, row.status, Review.objects.filter(assessment=row).count())


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route", ROUTES, ids=[r.id for r in ROUTES])
def test_api_permission_matrix(client, tokens, sent, draft, elsewhere, route: Route, actor: str):
    assessment = {"sent": sent, "draft": draft, "elsewhere": elsewhere}.get(route.on or "")
    path = route.path.replace("{id}", str(assessment.pk) if assessment else "")
    before, views_before = _state(assessment), RecordView.objects.count()
    body = route.body(assessment) if callable(route.body) else route.body
    if route.method == "post":
        response = client.post(path, body, content_type="application/json", **_headers(actor, tokens))
    else:
        response = client.get(path, **_headers(actor, tokens))

    content = b"".join(response.streaming_content) if response.streaming else response.content
    expected = route.expected[actor]
    assert response.status_code == expected, content[:300]
    if expected >= 400:
        assert response["Content-Type"].startswith("application/json")
        assert set(response.json()) == {"error"}
        assert _state(assessment) == before, "a refused request changed something"
        assert RecordView.objects.count() == views_before, "a refused request was logged as a look at a record"
    if expected == 401:
        assert response["WWW-Authenticate"] == "Bearer"
    may_see_the_child = actor in (READ, WRITE) and route.on == "sent" or (actor == OTHER and route.on == "elsewhere")
    if not may_see_the_child:
        assert CHILD.encode() not in content
    assert "Set-Cookie" not in response, "the API never starts a session"


def test_the_table_covers_every_api_url():
    """Every path in the published schema has rows for every kind of caller."""
    paths = set(api.get_openapi_schema()["paths"])
    covered = {r.path.split("?")[0].replace("{id}", "{id}").replace("sefton", "{slug}") for r in ROUTES}
    assert paths <= covered | {"/api/v1/frameworks/{slug}"}
    assert all(set(r.expected) == set(ACTORS) for r in ROUTES)
