"""The portal's own font (issue 18, item 13): GDS Transport may only be used on GOV.UK services, so GOV.UK
Frontend's CSS is built with `$govuk-font-family` set to Arial/Liberation Sans and no @font-face
(scripts/govuk-frontend.scss); the font files are not shipped, and the charts, the admin and the PDF use
the same stack."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse

from portal.access import Role
from portal.tests.factories import make_user

STATIC = Path(settings.BASE_DIR) / "static"
STACK = 'arial, "Liberation Sans", helvetica, sans-serif'
BANNED = re.compile(r"GDS Transport|\.woff2?\b|assets/fonts|@font-face", re.IGNORECASE)


def test_the_gds_transport_files_are_not_shipped():
    assert not (STATIC / "govuk" / "assets" / "fonts").exists()
    assert [p.name for p in STATIC.rglob("*") if p.suffix in (".woff", ".woff2", ".ttf", ".otf")] == []


@pytest.mark.parametrize("name", ["govuk/govuk-frontend.min.css", "css/threshold.css", "css/admin.css"])
def test_no_stylesheet_names_the_font_or_its_files(name):
    css = (STATIC / name).read_text()
    assert BANNED.findall(css) == []


def test_govuk_frontend_is_built_with_the_portals_font():
    css = (STATIC / "govuk" / "govuk-frontend.min.css").read_text()
    families = set(re.findall(r"font-family:([^;}]+)", css))
    assert families == {STACK.replace(", ", ",")}  # screen and print alike
    assert STACK in (STATIC / "css" / "threshold.css").read_text()  # the dashboard's SVG charts
    assert f"--font-family-primary: {STACK}" in (STATIC / "css" / "admin.css").read_text()


def test_the_pdf_uses_the_same_font():
    source = Path(get_template("referrals/summary_pdf.html").origin.name).read_text()
    assert "GDS Transport" not in source
    assert source.count(STACK.removesuffix(", sans-serif")) >= 5  # the body and every page-margin box


@pytest.mark.django_db
def test_no_page_names_the_font(client):
    pages = [reverse("start"), reverse("accessibility"), "/no-such-page/", reverse("login")]
    for url in pages:
        assert BANNED.findall(client.get(url).content.decode()) == [], url
    client.force_login(make_user("admin-font", role=Role.ADMIN))
    assert BANNED.findall(client.get("/admin/").content.decode()) == []
