"""Shared settings. Everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "thresholds.apps.ThresholdAdminConfig",  # django.contrib.admin with the Threshold admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "django_htmx",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "thresholds",
    "referrals",
    "portal",
    "ninja",  # the integration API's library: its docs page's Swagger UI is served from its own static files
    "api",
]

MIDDLEWARE = [
    "portal.middleware.TrustedProxyMiddleware",  # first: everything after sees the client's own address
    "django.middleware.security.SecurityMiddleware",
    "api.middleware.ApiV1Middleware",  # under /api/v1/ only: JSON 404 and 405, no-store
    "csp.middleware.CSPMiddleware",
    "portal.db_faults.DatabaseFaultMiddleware",  # a dropped database connection: GET asked again, POST told (503)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.SessionRefreshMiddleware",  # the idle expiry pushed back at most once a minute
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.AbsoluteSessionLifetimeMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "portal.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out sign-in with the lockout page
]

# Repeated failed sign-ins lock the account and the address out (django-axes), on the site's and the
# admin's sign-in alike. A locked attempt is refused before any password is hashed.
# ModelBackend whose per-request user lookup is cached (portal.auth_backends): a signed-in request costs no query
# for it. USER_CACHE_SECONDS bounds how long a change made without saving the user (QuerySet.update) takes to count.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "portal.auth_backends.CachedUserBackend"]
USER_CACHE_SECONDS = int(os.environ.get("USER_CACHE_SECONDS", "300"))
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
# Behind a reverse proxy every request comes from the proxy's address: the lockout, the reset throttle and the
# security log would count one address for everyone. With TRUSTED_PROXY_COUNT=n (nginx on the same machine: 1),
# REMOTE_ADDR is taken from the n-th X-Forwarded-For entry from the right (portal.middleware.TrustedProxyMiddleware).
# 0 (the default) trusts no header: the right value when clients reach the portal directly.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # either one locks: a spread attack still locks the account
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Threshold")
# Password reset requests per address and per e-mail address in an hour.
RESET_THROTTLE_LIMIT = int(os.environ.get("RESET_THROTTLE_LIMIT", "5"))
RESET_THROTTLE_WINDOW = 60 * 60

ROOT_URLCONF = "portal.urls"

AUTH_USER_MODEL = "portal.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "start"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,  # a connection left stale by a database restart is replaced, not used
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Where `load_frameworks` finds the framework fixtures.
FRAMEWORK_FIXTURES_DIR = BASE_DIR / "fixtures"

# How many years a decided assessment's child data is kept before `manage.py apply_retention` erases it, where
# a partnership sets no period of its own (Partnership.retention_years). None of the source documents states one:
# set it to the partnership's records-retention schedule (docs/decisions/0010-records-log-and-retention.md).
RETENTION_YEARS_DEFAULT = int(os.environ.get("RETENTION_YEARS_DEFAULT", "6"))

# Redis (REDIS_URL, e.g. redis://127.0.0.1:6379/0) is the cache every app server shares: the guidance snapshot,
# the throttle counters, the health check's key; sessions are kept there with the database behind (cached_db:
# a Redis restart signs nobody out). Without it, each process keeps its own memory cache (one server only).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "threshold",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    SESSION_ENGINE = "portal.session_backends.cached_db"
else:
    SESSION_ENGINE = "portal.session_backends.db"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
# Not written on every request (that cost a signed-in request 3 queries): portal.middleware.SessionRefreshMiddleware
# pushes the idle expiry back at most once a minute, so a session ends 29 to 30 idle minutes after the last request.
SESSION_SAVE_EVERY_REQUEST = False
# However active, a session ends after a working day (portal.middleware.AbsoluteSessionLifetimeMiddleware).
SESSION_ABSOLUTE_AGE = int(os.environ.get("SESSION_ABSOLUTE_AGE", str(10 * 60 * 60)))
# The timeout warning (templates/includes/timeout_warning.html) opens this many seconds before the session ends.
SESSION_TIMEOUT_WARNING = int(os.environ.get("SESSION_TIMEOUT_WARNING", str(5 * 60)))
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Only this site's own files run or style a page: no inline script, no eval, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# The integration API (/api/v1/): requests a minute per token, counted in the shared cache.
API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "120"))

# Mail (password resets): every setting from the environment; development prints to the console.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Threshold <threshold@localhost>")
# GOV.UK Notify (EMAIL_BACKEND=portal.notify_backend.NotifyEmailBackend): the API key and one e-mail template.
GOVUK_NOTIFY_API_KEY = os.environ.get("GOVUK_NOTIFY_API_KEY", "")
GOVUK_NOTIFY_TEMPLATE_ID = os.environ.get("GOVUK_NOTIFY_TEMPLATE_ID", "")

# LOG_FORMAT=json: one JSON object a line (portal.logging.JsonFormatter: the record's own fields, never a request's
# body or headers); text (the default): plain lines.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "portal.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
