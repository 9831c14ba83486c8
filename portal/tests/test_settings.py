"""Production settings fail fast and pass Django's deployment checks."""

import subprocess
import sys

from django.conf import settings

GOOD_KEY = "k" * 20 + "-production-secret-key-for-the-settings-test-0123456789"
READY = {
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "threshold.example.org",
    "DATABASE_URL": "postgres://threshold@db.example.org/threshold",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.example.org",
    "DEFAULT_FROM_EMAIL": "Threshold <threshold@example.org>",
}


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
        READY,
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


def test_production_refuses_sqlite():
    result = run({**READY, "DATABASE_URL": "sqlite:////tmp/threshold.sqlite3"}, "check")
    assert result.returncode != 0
    assert "SQLite is for development only" in result.stderr


def test_production_refuses_mail_that_is_never_sent():
    for backend in (
        "",
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
    ):
        env = (
            {**READY, "EMAIL_BACKEND": backend} if backend else {k: v for k, v in READY.items() if k != "EMAIL_BACKEND"}
        )
        result = run(env, "check")
        assert result.returncode != 0, backend
        assert "EMAIL_BACKEND must name a backend that delivers mail" in result.stderr


def test_production_refuses_no_sender_address():
    result = run({k: v for k, v in READY.items() if k != "DEFAULT_FROM_EMAIL"}, "check")
    assert result.returncode != 0
    assert "DEFAULT_FROM_EMAIL must be set" in result.stderr


def test_mail_settings_come_from_the_environment():
    result = run(
        {**READY, "EMAIL_PORT": "2525", "EMAIL_USE_TLS": "true", "EMAIL_HOST_USER": "portal"},
        "shell",
        "--verbosity",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_HOST_USER)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["smtp.example.org", "2525", "True", "portal"]
