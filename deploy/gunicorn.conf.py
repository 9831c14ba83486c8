"""Gunicorn configuration for Threshold (issue 19): `gunicorn -c deploy/gunicorn.conf.py portal.wsgi`.

Every value can be overridden from the environment file (/etc/threshold/threshold.env) without editing this
file. Sync workers: nginx buffers slow clients, long PDFs are made by the separate `render_pdfs --loop`
worker, so no request holds a worker for long.
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# Where nginx sends requests: loopback only, never the public interface.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Workers: (2 x cores) + 1 is gunicorn's own rule of thumb; WEB_CONCURRENCY overrides it.
worker_class = "sync"
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)

# A request that takes longer than this is killed and logged (the PDF is made elsewhere).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5

# Each worker is replaced after about this many requests (memory grows slowly with PDFs and templates); the
# jitter spreads the restarts so the workers are never all replaced at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# Trust X-Forwarded-Proto (https) only from the proxy on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs to stdout/stderr: systemd's journal keeps them. The access log names the path without the query string
# (which holds ticked indicator codes, never child data, but there is no need to keep it) and the time taken.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%({x-forwarded-for}i)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

# Each worker opens its own database connections after the fork.
preload_app = False
