"""Production: fails fast on anything missing rather than running insecurely."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must not be on in production.")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host names the portal serves.")

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database: SQLite is for development only.")

# Password resets must really be sent: no console, memory or dummy mail in production.
NOT_SENT = ("console", "locmem", "dummy")
if "EMAIL_BACKEND" not in os.environ or any(kind in os.environ["EMAIL_BACKEND"] for kind in NOT_SENT):
    raise ImproperlyConfigured(
        "EMAIL_BACKEND must name a backend that delivers mail (for example "
        "django.core.mail.backends.smtp.EmailBackend, with EMAIL_HOST and DEFAULT_FROM_EMAIL)."
    )
if "DEFAULT_FROM_EMAIL" not in os.environ:
    raise ImproperlyConfigured("DEFAULT_FROM_EMAIL must be set to the address password resets come from.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The probes are asked over plain HTTP on the server itself (systemd, the load balancer): never redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
