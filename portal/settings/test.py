"""Tests: like development, with fast hashing and no debug pages."""

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
USER_CACHE_SECONDS = 0  # every test sees its users as saved (SQLite reuses a rolled-back test's ids)
