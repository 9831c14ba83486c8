"""Shared test set-up: the framework fixtures are loaded once per test database."""

import pytest
from django.conf import settings
from pytest_django import DjangoDbBlocker

from thresholds.loading import load_directory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    """Once per test database: one per pytest-xdist worker, each worker having its own database."""
    with django_db_blocker.unblock():
        load_directory(settings.FRAMEWORK_FIXTURES_DIR)
