"""Tests: like development, with fast hashing and no debug pages."""

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
USER_CACHE_SECONDS = 0  # every test sees its users as saved (SQLite reuses a rolled-back test's ids)
# Each test database (one per pytest-xdist worker and suite) is made from the models, not by running the
# migrations: 0.5 CPU-seconds instead of 10 on SQLite. conftest.py then records every migration as applied, as
# `migrate` would. The migrations themselves still run every time on both databases: scripts/test.sh migrates
# PostgreSQL before its suite, thresholds/tests/test_interfaces.py migrates a new SQLite file in a real process,
# and `makemigrations --check` proves the models and the migrations agree.
DATABASES["default"].setdefault("TEST", {})["MIGRATE"] = False  # noqa: F405
