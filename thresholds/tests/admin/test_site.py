"""The admin site is ThresholdAdminSite, Django's default site; nothing patches its permission check."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import admin

from portal.models import Organisation, User
from thresholds import models
from thresholds.access import ThresholdAdminSite

ROOT = Path(settings.BASE_DIR)


def test_the_default_admin_site_is_the_threshold_site() -> None:
    assert isinstance(admin.site, ThresholdAdminSite)
    assert getattr(apps.get_app_config("admin"), "default_site", None) == "thresholds.access.ThresholdAdminSite"
    assert "django.contrib.admin" not in settings.INSTALLED_APPS
    # The class's own method, bound: an assignment on the instance would be a plain function.
    assert getattr(admin.site.has_permission, "__func__", None) is ThresholdAdminSite.has_permission
    assert admin.site.site_header == "Threshold administration"


def test_every_admin_registers_on_the_threshold_site() -> None:
    for model in (models.Framework, models.Indicator, models.Partnership, User, Organisation):
        assert admin.site.is_registered(model), model


def test_no_code_assigns_the_sites_has_permission() -> None:
    assignment = re.compile(r"\bsite\s*\.\s*has_permission\s*=")
    sources = [p for p in ROOT.rglob("*.py") if ".venv" not in p.parts and "node_modules" not in p.parts]
    assert len(sources) > 50
    offenders = [str(p.relative_to(ROOT)) for p in sources if assignment.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
