"""Health and readiness probes for the load balancer, systemd and monitoring: no sign-in, no session.

`GET /healthz`: is this app server able to serve? The database answers `SELECT 1` and the cache stores and
returns a key. `GET /readyz`: may traffic be sent here? Every migration on disk has been applied to the
database (after a deployment, before `migrate` has run, the new code is not ready). Both answer JSON,
200 when all is well and 503 naming the check that failed; never a reason's detail (an exception's text may
carry connection strings), never any child data. Neither reads the session, so a probe costs its checks only.
"""

from __future__ import annotations

import logging
import secrets

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

HEALTH_KEY = "threshold:healthz"


def database_reachable() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not reachable"; the kind goes to the log, not the response
        logger.warning("health check: the database did not answer", exc_info=True)
        return False


def cache_reachable() -> bool:
    token = secrets.token_hex(8)
    try:
        cache.set(HEALTH_KEY, token, timeout=30)
        return cache.get(HEALTH_KEY) == token
    except Exception:
        logger.warning("health check: the cache did not answer", exc_info=True)
        return False


def migrations_applied() -> bool:
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        return not executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        logger.warning("readiness check: the migrations could not be read", exc_info=True)
        return False


def _answer(checks: dict[str, bool]) -> JsonResponse:
    failed = sorted(name for name, ok in checks.items() if not ok)
    if failed:
        return JsonResponse({"status": "unavailable", "failed": failed}, status=503)
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 `{"status": "ok"}` when the database and the cache answer; 503 naming the one(s) that did not."""
    return _answer({"database": database_reachable(), "cache": cache_reachable()})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when every migration is applied; 503 `{"failed": ["migrations"]}` while some are not."""
    return _answer({"migrations": migrations_applied()})
