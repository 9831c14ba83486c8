"""Production settings fail fast and pass Django's deployment checks."""

import subprocess
import sys

from django.conf import settings

GOOD_KEY = "k" * 20 + "-production-secret-key-for-the-settings-test-0123456789"


def run(env_extra, *args):
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings.production", **env_extra}
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run({"ALLOWED_HOSTS": "threshold.example.org"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_debug():
    result = run({"ALLOWED_HOSTS": "threshold.example.org", "SECRET_KEY": GOOD_KEY, "DEBUG": "true"}, "check")
    assert result.returncode != 0
    assert "DEBUG must not be on in production" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run({"SECRET_KEY": GOOD_KEY}, "check")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name" in result.stderr


def test_production_passes_check_deploy():
    result = run(
        {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "threshold.example.org"},
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_settings_default_to_sqlite():
    assert settings.DATABASES["default"]["ENGINE"] in (
        "django.db.backends.sqlite3",
        "django.db.backends.postgresql",  # when the suite runs against DATABASE_URL
    )
