"""deploy/gunicorn.conf.py: every name is a gunicorn setting that gunicorn accepts, with sane values."""

from __future__ import annotations

import runpy
import types

import pytest
from django.conf import settings
from gunicorn.config import Config

CONF = settings.BASE_DIR / "deploy" / "gunicorn.conf.py"
ENV = ("WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "GUNICORN_MAX_REQUESTS", "GUNICORN_MAX_REQUESTS_JITTER", "GUNICORN_BIND")


def load(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    namespace = runpy.run_path(str(CONF))
    return {
        name: value
        for name, value in namespace.items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType) and name != "annotations"
    }


def test_every_name_is_a_gunicorn_setting_gunicorn_accepts(monkeypatch):
    config = Config()
    values = load(monkeypatch)
    unknown = set(values) - set(config.settings)
    assert unknown == set()
    for name, value in values.items():
        config.set(name, value)  # gunicorn's own validation
    assert config.worker_class_str == "sync"


def test_sane_defaults(monkeypatch):
    values = load(monkeypatch)
    assert values["bind"] == "127.0.0.1:8000"  # loopback: only nginx reaches gunicorn
    assert values["workers"] >= 3
    assert 10 <= values["timeout"] <= 60
    assert values["max_requests"] > 0 and 0 < values["max_requests_jitter"] < values["max_requests"]
    assert values["forwarded_allow_ips"] == "127.0.0.1"
    assert "%(q)s" not in values["access_log_format"]  # no query strings in the access log


def test_the_environment_overrides(monkeypatch):
    values = load(monkeypatch, WEB_CONCURRENCY="5", GUNICORN_TIMEOUT="45", GUNICORN_MAX_REQUESTS="500")
    assert (values["workers"], values["timeout"], values["max_requests"]) == (5, 45, 500)
