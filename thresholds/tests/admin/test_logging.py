"""The admin logs publishes and refusals (logger "thresholds.admin") by ids, never names or free text."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import User
from thresholds import models, versioning

pytestmark = pytest.mark.django_db

HW = "hw-2025"


def make_user(username: str, role: str, **extra: Any) -> User:
    partnership = models.Framework.objects.get(slug=HW).partnership
    return User.objects.create_user(
        username, password="a-long-enough-password", role=role, partnership=partnership, **extra
    )


def url(view: str, *args: Any) -> str:
    return reverse(f"admin:thresholds_framework_{view}", args=args)


def admin_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "thresholds.admin"]


def test_a_publish_is_logged_with_slug_version_and_user_id(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    admin_user = make_user("hw-admin", User.Role.ADMIN, is_staff=True, first_name="Alexandra")
    draft = versioning.draft_from(models.Framework.objects.get(slug=HW), user=admin_user)
    client.force_login(admin_user)
    with caplog.at_level(logging.INFO, logger="thresholds.admin"):
        assert client.post(url("publish", draft.pk)).status_code == 302
    [record] = admin_records(caplog)
    assert record.levelno == logging.INFO
    message = record.getMessage()
    assert draft.slug in message and f"version {draft.version}" in message and f"user {admin_user.pk}" in message
    assert "Alexandra" not in message and "hw-admin" not in message


def test_a_publish_refused_by_validation_is_logged(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    admin_user = make_user("hw-admin", User.Role.ADMIN, is_staff=True)
    draft = versioning.draft_from(models.Framework.objects.get(slug=HW), user=admin_user)
    draft.indicators.filter(level__number=4).delete()
    client.force_login(admin_user)
    with caplog.at_level(logging.INFO, logger="thresholds.admin"):
        client.post(url("publish", draft.pk))
    [record] = admin_records(caplog)
    assert record.levelno == logging.INFO and "Publish refused" in record.getMessage()
    assert draft.slug in record.getMessage() and f"user {admin_user.pk}" in record.getMessage()


def test_publishing_a_published_framework_is_a_logged_refusal(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    admin_user = make_user("hw-admin", User.Role.ADMIN, is_staff=True)
    hw = models.Framework.objects.get(slug=HW)
    client.force_login(admin_user)
    with caplog.at_level(logging.INFO, logger="thresholds.admin"):
        assert client.post(url("publish", hw.pk)).status_code == 403
    [record] = admin_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.getMessage() == f"Admin refused: user {admin_user.pk} may not publish framework {hw.pk}"


def test_reverting_a_published_row_is_a_logged_refusal(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    admin_user = make_user("hw-admin", User.Role.ADMIN, is_staff=True)
    indicator = models.Framework.objects.get(slug=HW).indicators.first()
    assert indicator is not None
    record_id = indicator.history.latest().history_id
    client.force_login(admin_user)
    revert = reverse("admin:thresholds_indicator_simple_history", args=[indicator.pk, record_id])
    with caplog.at_level(logging.INFO, logger="thresholds.admin"):
        assert client.post(revert).status_code == 403
    [record] = admin_records(caplog)
    assert record.getMessage() == f"Admin refused: user {admin_user.pk} may not revert indicator {indicator.pk}"


def test_a_signed_in_lead_refused_the_admin_is_logged_once(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    lead = make_user("hw-lead", User.Role.LEAD, is_staff=True, last_name="Smith")
    client.force_login(lead)
    with caplog.at_level(logging.INFO, logger="thresholds.admin"):
        response = client.get(reverse("admin:index") + "?q=Smith", follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
    [record] = admin_records(caplog)  # not again on the sign-in page it is sent to
    assert record.levelno == logging.WARNING
    assert record.getMessage() == f"Admin refused: user {lead.pk} (role lead) may not edit guidance, at /admin/"
    assert "Smith" not in record.getMessage()


def test_signing_out_of_the_admin_or_being_signed_out_logs_nothing(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="thresholds.admin"):
        client.get(reverse("admin:index"), follow=True)
    assert admin_records(caplog) == []
