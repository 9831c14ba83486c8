"""Issue 18, item 12: a signed-in person without admin rights opening /admin/ gets the portal's 403 page (anyone
signed out the portal's sign-in); the invalid reset-link page's title matches its heading; no form is nested."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from portal.models import User
from portal.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [User.Role.LEAD, User.Role.PRACTITIONER])
def test_a_signed_in_person_without_admin_rights_gets_the_portals_403(client, role):
    client.force_login(make_user("someone", role=role, is_staff=True))
    response = client.get("/admin/", follow=True)
    page = response.content.decode()
    assert response.status_code == 403
    assert "<title>You cannot do that" in page and "Go to your start page" in page
    assert 'name="username"' not in page  # not Django's admin sign-in


def test_someone_signed_out_is_sent_to_the_portals_sign_in(client):
    response = client.get("/admin/thresholds/framework/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("login") + "?next=/admin/thresholds/framework/"
    assert "<title>Sign in" in response.content.decode()


def test_the_invalid_reset_link_page_title_matches_its_heading(client):
    page = client.get(reverse("password_reset_confirm", args=["MQ", "not-a-token"]), follow=True).content.decode()
    assert re.search(r"<title>This link does not work", page)
    assert '<h1 class="govuk-heading-xl">This link does not work</h1>' in page


@pytest.mark.parametrize("name", ["login", "password_reset"])
def test_no_form_is_nested_in_another(client, name):
    page = client.get(reverse(name)).content.decode()
    depth = 0
    for tag in re.findall(r"<(/?)form\b", page):
        depth += -1 if tag else 1
        assert depth <= 1, f"a form inside a form on {name}"
    assert page.count("<form") >= 1
