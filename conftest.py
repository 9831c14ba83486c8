"""Shared test set-up: the framework fixtures are loaded once per test database."""

import pytest
from django.conf import settings

from thresholds.interchange.load import load_directory

pytest_plugins = ["portal.tests.second_factor_plugin"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_directory(settings.FRAMEWORK_FIXTURES_DIR)
