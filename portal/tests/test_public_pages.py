"""The pages people expect (issue 14): the accessibility statement and the privacy notice, public, in the
GOV.UK layout, and linked from the footer of every page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.access import Role
from portal.tests.factories import make_user

pytestmark = pytest.mark.django_db

ACCESSIBILITY = [
    "Accessibility statement for Threshold",
    "Web Content Accessibility Guidelines version 2.2",
    "AA standard",
    "partially compliant",
    "axe-core",
    "keyboard alone",
    "guidance editor",
    "not fully accessible",
    "Feedback and contact information",
    "Equality Advisory and Support Service",
]
PRIVACY = [
    "data controller",
    "Article 6(1)(e)",
    "Article 9(2)(g)",
    "Schedule 1, Part 2, paragraph 18",
    "must confirm",
    "child's name, date of birth",
    "security log",
    "apply_retention",
    "retention period",
    "safeguarding leads of the practitioner's partnership",
    "Every time someone opens an assessment it is recorded",
    "subject access request",
    "Information Commissioner",
    "A signed-in session ends after 10 hours",
]


@pytest.mark.parametrize(("name", "expected"), [("accessibility", ACCESSIBILITY), ("privacy", PRIVACY)])
def test_the_page_is_public_and_says_what_it_must(client, name, expected):
    response = client.get(reverse(name))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-footer"' in page and "govuk-service-navigation" in page
    missing = [text for text in expected if text not in page]
    assert missing == []


@pytest.mark.parametrize("role", [None, Role.PRACTITIONER, Role.LEAD, Role.ADMIN])
def test_every_page_links_to_both_from_its_footer(client, role):
    if role:
        client.force_login(make_user("someone", role=role))
    pages = [reverse("start"), reverse("accessibility"), reverse("privacy"), "/no-such-page/"]
    if role is None:
        pages.append(reverse("login"))
    if role == Role.PRACTITIONER:
        pages.append(reverse("referrals:mine"))
    if role == Role.LEAD:
        pages.append(reverse("referrals:queue"))
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        footer = response.content.decode().split('<footer class="govuk-footer">')[1]
        assert f'href="{reverse("accessibility")}">Accessibility statement</a>' in footer, url
        assert f'href="{reverse("privacy")}">Privacy notice</a>' in footer, url
