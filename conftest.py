"""Shared test set-up: the framework fixtures are loaded once per test database."""

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from pytest_django import DjangoDbBlocker

from thresholds.interchange.load import load_directory

pytest_plugins = ["portal.tests.second_factor_plugin"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    """Once per test database: one per pytest-xdist worker, each worker having its own database.

    The database was made from the models (settings/test.py: TEST MIGRATE False); every migration on disk is
    recorded as applied, as after `migrate`, so `/readyz` and anything reading the migration table see a migrated
    database."""
    with django_db_blocker.unblock():
        recorder = MigrationRecorder(connection)
        recorder.ensure_schema()
        for app, name in MigrationLoader(connection).graph.nodes:
            recorder.record_applied(app, name)
        load_directory(settings.FRAMEWORK_FIXTURES_DIR)


# --- People, one fixture per role (referrals helper's block: keep separate from the set-up above) ---------------
# Built from portal/tests/factories.py's make_user. Sefton unless the name says otherwise; the password is
# factories.PASSWORD.

from portal.access import Role  # noqa: E402 - this block is appended on its own
from portal.tests.factories import make_user  # noqa: E402


@pytest.fixture
def practitioner(db):
    return make_user("pat", role=Role.PRACTITIONER)


@pytest.fixture
def lead(db):
    return make_user("lee", role=Role.LEAD)


@pytest.fixture
def other_lead(db):
    """A safeguarding lead of another partnership (Stoke-on-Trent)."""
    return make_user("olu", role=Role.LEAD, slug="stoke-on-trent")


@pytest.fixture
def partnership_admin(db):
    return make_user("ada", role=Role.ADMIN)


@pytest.fixture
def signed_in(client, practitioner):
    """The test client, signed in as the practitioner."""
    client.force_login(practitioner)
    return client


# --- Per-process memos of the guidance caches (checklist helper's block) ---------------------------------------
# A rolled-back test database hands out the same framework ids and content versions again, with other content;
# production never does (content versions only go up). Each test starts with empty memos, as a new process would.


@pytest.fixture(autouse=True)
def _fresh_guidance_memos():
    from thresholds.checklist_html import forget_memos as forget_checklists
    from thresholds.snapshot import forget_memos as forget_snapshots

    forget_snapshots()
    forget_checklists()
