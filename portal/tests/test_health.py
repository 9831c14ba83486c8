"""`GET /healthz` and `GET /readyz` (issue 19): public probes that answer JSON, 200 or 503 naming the failed
check, set no cookie, read no session, and cost only their checks."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_when_the_database_and_the_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_ok_when_every_migration_is_applied(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_names_the_database_when_it_does_not_answer(client):
    with mock.patch("portal.health.connections") as connections:
        connections.__getitem__.return_value.cursor.side_effect = OSError("could not connect to server at 10.0.0.5")
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["database"]}
    assert b"10.0.0.5" not in response.content  # the reason goes to the log, not to whoever asked


def test_healthz_names_the_cache_when_it_does_not_answer(client):
    with mock.patch.object(cache, "set", side_effect=ConnectionError("redis down")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["cache"]}


def test_healthz_names_the_cache_when_it_loses_what_it_was_given(client):
    with mock.patch.object(cache, "get", return_value=None):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]


def test_healthz_names_both_when_both_fail(client):
    with (
        mock.patch("portal.health.connections") as connections,
        mock.patch.object(cache, "get", side_effect=ConnectionError),
    ):
        connections.__getitem__.return_value.cursor.side_effect = OSError
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache", "database"]


def test_readyz_is_unavailable_while_a_migration_is_not_applied(client):
    with mock.patch("portal.health.MigrationExecutor") as executor:
        executor.return_value.migration_plan.return_value = [("portal", "9999_not_yet")]
        response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["migrations"]}


def test_readyz_is_unavailable_when_the_database_does_not_answer(client):
    with mock.patch("portal.health.MigrationExecutor", side_effect=OSError("connection refused")):
        response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["failed"] == ["migrations"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_probe_sets_no_cookie_and_reads_no_session(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    assert response.cookies == {}
    assert not any("session" in q["sql"].lower() for q in queries.captured_queries)


def test_healthz_costs_one_query(client, django_assert_num_queries):
    client.get("/healthz")  # the first request of a test may set up the connection
    with django_assert_num_queries(1):
        assert client.get("/healthz").status_code == 200


def test_readyz_reads_only_the_migrations_table(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/readyz").status_code == 200
    assert queries.captured_queries
    assert all(
        "django_migrations" in q["sql"] or "sqlite_master" in q["sql"] or "pg_" in q["sql"]
        for q in queries.captured_queries
    ), [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_probe_needs_no_sign_in_and_answers_the_same_signed_in(client, path):
    assert client.get(path).status_code == 200
    client.force_login(make_user("probe-user"))
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_probe_answers_only_get(client, path):
    assert client.post(path).status_code == 405
