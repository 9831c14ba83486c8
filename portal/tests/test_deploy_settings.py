"""Issue 19's settings: Redis as the shared cache and session store when REDIS_URL is set, JSON logs when
LOG_FORMAT=json, and the client's address taken from the trusted proxy's X-Forwarded-For."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import runpy
import sys
from importlib import import_module

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.backends import cached_db, db
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from portal.logging import JsonFormatter
from portal.middleware import TrustedProxyMiddleware
from portal.models import SecurityEvent
from portal.tests.factories import make_user


def base_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict:
    """portal/settings/base.py run afresh with `env` (Django's own settings are left alone)."""
    for name in ("REDIS_URL", "LOG_FORMAT", "TRUSTED_PROXY_COUNT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(settings.BASE_DIR / "portal" / "settings" / "base.py"))


# --- Redis -------------------------------------------------------------------------------------------------


def test_redis_url_makes_redis_the_cache_and_sessions_cache_backed(monkeypatch):
    conf = base_settings(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/0")
    cache = conf["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/0"
    # Django's cached_db store, whose expiry is the last refresh plus the idle timeout (portal.session_backends).
    assert issubclass(import_module(conf["SESSION_ENGINE"]).SessionStore, cached_db.SessionStore)
    # Django can build the backend from it (the redis package is installed); no connection is made yet.
    backend = RedisCache(cache["LOCATION"], {k: v for k, v in cache.items() if k not in ("BACKEND", "LOCATION")})
    assert backend.make_key("x").startswith("threshold:")


def test_without_redis_url_each_process_keeps_its_own_cache_and_sessions_stay_in_the_database(monkeypatch):
    conf = base_settings(monkeypatch)
    assert "CACHES" not in conf  # Django's default: local memory
    assert issubclass(import_module(conf["SESSION_ENGINE"]).SessionStore, db.SessionStore)  # in the database
    assert not issubclass(import_module(conf["SESSION_ENGINE"]).SessionStore, cached_db.SessionStore)


# --- JSON logs ---------------------------------------------------------------------------------------------


def _log_through(conf: dict, emit) -> str:
    stream = io.StringIO()
    config = json.loads(json.dumps(conf["LOGGING"]))
    config["handlers"]["console"]["stream"] = stream
    config["root"]["level"] = "INFO"
    previous = logging.root.handlers[:], logging.root.level
    try:
        logging.config.dictConfig(config)
        emit(logging.getLogger("referrals.test"))
    finally:
        for handler in logging.root.handlers[:]:
            logging.root.removeHandler(handler)
        for handler in previous[0]:
            logging.root.addHandler(handler)
        logging.root.setLevel(previous[1])
    return stream.getvalue()


def test_log_format_json_writes_one_json_object_a_line(monkeypatch):
    conf = base_settings(monkeypatch, LOG_FORMAT="json")
    output = _log_through(conf, lambda log: log.info("assessment %s submitted", 42))
    (line,) = output.splitlines()
    entry = json.loads(line)
    assert entry["message"] == "assessment 42 submitted"
    assert entry["level"] == "INFO" and entry["logger"] == "referrals.test"
    assert entry["time"].endswith("+00:00")


def test_the_default_log_format_is_plain_text(monkeypatch):
    conf = base_settings(monkeypatch)
    output = _log_through(conf, lambda log: log.info("assessment %s submitted", 42))
    assert "INFO referrals.test: assessment 42 submitted" in output
    with pytest.raises(json.JSONDecodeError):
        json.loads(output)


def test_an_unknown_log_format_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        base_settings(monkeypatch, LOG_FORMAT="xml")


def test_the_json_formatter_never_writes_the_request_it_was_given():
    """Django's request logger attaches the request: its body (child data) is never written."""
    request = RequestFactory().post("/assessments/1/child/", {"child_name": "Zephyrine Quillfeather"})
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/x",), None)
    record.request = request
    record.status_code = 500
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert entry["status_code"] == 500
    assert "ValueError: boom" in entry["exception"]
    assert set(entry) == {"time", "level", "logger", "message", "process", "status_code", "exception"}
    assert "Zephyrine" not in json.dumps(entry)


# --- The client's address behind the proxy -----------------------------------------------------------------


def _address_seen(count: int, forwarded: str | None, remote: str = "127.0.0.1") -> str:
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request.META["REMOTE_ADDR"])
        return HttpResponse()

    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(TRUSTED_PROXY_COUNT=count):
        TrustedProxyMiddleware(view)(RequestFactory().get("/", **extra))
    return seen[0]


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),  # nginx replaced the header with the address it saw
        (1, "10.9.9.9, 203.0.113.9", "203.0.113.9"),  # the client's own entry on the left is not trusted
        (2, "10.9.9.9, 203.0.113.9, 192.0.2.1", "203.0.113.9"),  # a load balancer, then nginx
        (1, "2001:db8::5", "2001:db8::5"),
        (1, None, "127.0.0.1"),  # no header: unchanged
        (2, "203.0.113.9", "127.0.0.1"),  # fewer entries than proxies: unchanged
        (1, "not-an-address", "127.0.0.1"),  # malformed: unchanged, never a 500
    ],
)
def test_the_trusted_proxy_header_gives_the_clients_address(count, forwarded, expected):
    assert _address_seen(count, forwarded) == expected


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_header_is_ignored(client):
    make_user("lockme")
    client.post(reverse("login"), {"username": "lockme", "password": "wrong"}, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert AccessAttempt.objects.get().ip_address == "127.0.0.1"


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_lockout_and_the_security_log_count_the_client(client):
    make_user("lockme")
    client.post(reverse("login"), {"username": "lockme", "password": "wrong"}, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
    assert set(SecurityEvent.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
