"""Benchmark settings: development settings plus one bare view, so a page is measured against
`HttpResponse("ok")` served by the same gunicorn, settings and middleware in the same run."""

from portal.settings.dev import *  # noqa: F403

ROOT_URLCONF = "scripts.benchsite.urls"
