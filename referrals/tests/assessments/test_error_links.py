"""Issue 18 item 11: every error-summary link points at an id on the page (radios: the first option; a
date: the part missing), and the forms post to an explicit action (never back to "…#main-content")."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from portal.tests.factories import AssessmentFactory, decided, form_data
from referrals.disagreement.services import escalation_raise

pytestmark = pytest.mark.django_db


def _links_and_ids(page: str) -> tuple[list[str], set[str]]:
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert summary, "no error summary"
    return re.findall(r'<li><a href="#([^"]+)">', summary.group(0)), set(re.findall(r'\bid="([^"]+)"', page))


def test_the_start_page_links_its_radio_error_to_the_first_radio(client):
    page = client.get(reverse("start"), {"choose": ""}).content.decode()
    links, ids = _links_and_ids(page)
    assert links == ["id_guidance_1"] and "id_guidance_1" in ids
    assert f'action="{reverse("start")}"' in page


def test_the_judgement_step_links_its_radio_error_to_the_first_level(signed_in, practitioner):
    draft = AssessmentFactory(owner=practitioner)
    url = reverse("referrals:step", args=[draft.pk, "judgement"])
    page = signed_in.post(url, form_data(draft, "judgement") | {"practitioner_level": ""}).content.decode()
    links, ids = _links_and_ids(page)
    assert links == ["id_practitioner_level_1"] and set(links) <= ids
    assert f'action="{url}"' in page


def test_every_link_of_the_child_and_consent_steps_exists(signed_in, practitioner):
    draft = AssessmentFactory(owner=practitioner)
    child = reverse("referrals:step", args=[draft.pk, "child"])
    page = signed_in.post(child, form_data(draft, "child") | {"date_of_birth_2": ""}).content.decode()
    links, ids = _links_and_ids(page)
    assert links == ["id_date_of_birth_2"] and set(links) <= ids  # a missing year: the year box
    consent = reverse("referrals:step", args=[draft.pk, "consent"])
    page = signed_in.post(consent, form_data(draft, "consent") | {"consent_ground": "harm"}).content.decode()
    links, ids = _links_and_ids(page)
    assert links == ["id_consent_ground_1"] and set(links) <= ids


def test_the_disagreement_form_links_its_action_error_to_the_first_action(client, practitioner, lead):
    assessment = decided(owner=practitioner, lead=lead)
    escalation = escalation_raise(assessment=assessment, raised_by=practitioner, reason="Level 3, not level 2.")
    client.force_login(practitioner)
    url = reverse("referrals:disagreement", args=[assessment.pk])
    page = client.post(url, {"revision": escalation.revision, "action": "", "text": "x"}).content.decode()
    links, ids = _links_and_ids(page)
    assert links[0] == "id_action_1" and set(links) <= ids
    assert f'action="{url}"' in page
