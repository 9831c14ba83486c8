"""Bad input of any kind gets a clear error and changes nothing: never a server error (issue 14).

The named cases are the ones an audit found (times near year 1 and 9999 with an offset overflowed,
JSON nested 5,000 deep raised RecursionError, drafts were served by the API); hypothesis then throws
arbitrary JSON and form values at the same endpoints.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thresholds import versioning
from thresholds.models import Framework

from .helpers import first_code

pytestmark = pytest.mark.django_db

SLUG, AREA = "stoke-2018", "stoke-on-trent"
API = f"/api/frameworks/{SLUG}/suggest"
EDGES = ["0001-01-01T00:00+05:00", "0001-01-01T00:00-05:00", "9999-12-31T23:59-05:00", "9999-12-31T23:59+05:00"]
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def post_api(client, body: bytes | str):
    return client.post(API, body, content_type="application/json")


@pytest.mark.parametrize("at", EDGES)
def test_an_extreme_time_is_a_clear_400_from_the_api(client, at):
    response = post_api(client, json.dumps({"indicators": [first_code(SLUG, 2)], "at": at}))
    assert response.status_code == 400
    assert "between the years 1900 and 2199" in response.json()["error"]


@pytest.mark.parametrize("at", EDGES)
@pytest.mark.parametrize("page", ["thresholds:check-result", "thresholds:check-panel", "thresholds:check-print"])
def test_an_extreme_time_is_an_error_message_on_the_pages(client, at, page):
    response = client.post(reverse(page, args=[SLUG, AREA]), {"indicators": [first_code(SLUG, 2)], "at": at})
    assert response.status_code in (200, 400)
    assert b"real date and time" in response.content or response.status_code == 400


def test_json_nested_deeper_than_the_parser_allows_is_a_json_400(client):
    response = post_api(client, "[" * 5000 + "]" * 5000)
    assert response.status_code == 400
    assert response.json() == {"error": "The request body must be JSON."}


def test_a_draft_is_not_served_by_the_api(client):
    draft = versioning.draft_from(Framework.objects.get(slug=SLUG), user=None)
    response = client.post(f"/api/frameworks/{draft.slug}/suggest", "{}", content_type="application/json")
    assert response.status_code == 404
    assert "error" in response.json()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
bodies = st.fixed_dictionaries(
    {},
    optional={
        "indicators": st.lists(st.text(max_size=20) | json_values, max_size=5),
        "area": st.text(max_size=30) | json_values,
        "at": st.text(max_size=45) | st.datetimes().map(lambda d: d.isoformat()) | json_values,
    },
)


@FUZZ
@given(body=bodies | json_values)
def test_the_api_never_answers_500(client, body):
    response = post_api(client, json.dumps(body))
    assert response.status_code in (200, 400), response.content[:200]
    assert isinstance(response.json(), dict)


@FUZZ
@given(raw=st.binary(max_size=300))
def test_the_api_never_answers_500_to_raw_bytes(client, raw):
    assert post_api(client, raw).status_code in (200, 400)


form_text = st.text(max_size=60) | st.datetimes().map(lambda d: d.isoformat()) | st.sampled_from(EDGES)


@FUZZ
@given(at=form_text, q=st.text(max_size=250), codes=st.lists(st.text(max_size=20), max_size=3))
def test_the_quick_check_pages_never_answer_500(client, at, q, codes):
    data = {"indicators": [first_code(SLUG, 3), *codes], "at": at, "q": q}
    for page in ("thresholds:check", "thresholds:check-result", "thresholds:check-panel"):
        assert client.post(reverse(page, args=[SLUG, AREA]), data).status_code in (200, 400)
