"""The list's filters and the decision's body, fuzzed: never a server error, every refusal JSON, nothing changed."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referrals.models import Assessment, Review

from .conftest import bearer

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TEXT = st.text(max_size=40) | st.sampled_from(
    ["", "decided", "4", "2026-11-01", "2026-11-01T09:00Z", "-1", "9" * 30, "0001-01-01", "\x00", "eyJ9", "csv"]
)
FILTERS = st.dictionaries(
    st.sampled_from(["status", "level", "rag", "sent_since", "decided_since", "cursor", "limit", "format"]), TEXT
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
DECISION = st.fixed_dictionaries(
    {},
    optional={
        "revision": st.integers(-5, 10**20) | JSON,
        "level": st.integers(-5, 10) | JSON,
        "outcome": st.sampled_from(["Signposting", "No further action", ""]) | JSON,
        "rag": JSON,
        "notes": st.text(max_size=50) | JSON,
        "decision": st.sampled_from(["agree", "different", ""]) | JSON,
        "rationale": st.text(max_size=20),
        "change_reason": st.text(max_size=20),
    },
)


@pytest.fixture
def read(tokens, sent):
    return bearer(tokens["read"])


def test_fuzzed_filters_never_give_a_server_error(client, read, settings_api_limit):
    @FUZZ
    @given(params=FILTERS)
    def check(params):
        cache.clear()
        response = client.get(f"/api/v1/referrals?{urlencode(params)}", **read)
        assert response.status_code in (200, 400), response.content[:200]
        if response.status_code == 400:
            assert set(response.json()) == {"error"}

    check()


def test_fuzzed_decisions_never_give_a_server_error_and_a_refusal_changes_nothing(client, tokens, sent):
    write = bearer(tokens["write"])

    @FUZZ
    @given(body=DECISION | JSON)
    def check(body):
        cache.clear()
        before = Assessment.objects.values_list("revision", "status").get(pk=sent.pk)
        response = client.post(
            f"/api/v1/referrals/{sent.pk}/decision", json.dumps(body), content_type="application/json", **write
        )
        assert response.status_code in (200, 400, 409), response.content[:200]
        if response.status_code != 200:
            assert set(response.json()) == {"error"}
            assert Assessment.objects.values_list("revision", "status").get(pk=sent.pk) == before
        else:
            assert Review.objects.filter(assessment=sent).exists()

    check()


@pytest.fixture
def settings_api_limit(settings):
    settings.API_RATE_LIMIT = 10**6
