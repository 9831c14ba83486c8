"""The one optimistic lock and the audit of looks: conflicts and looks are kept without child data."""

from __future__ import annotations

import logging

import pytest
from django.db import transaction

from portal.tests.factories import AssessmentFactory
from referrals.audit import record_view
from referrals.errors import ChangedMeanwhile, changed_meanwhile
from referrals.locking import locked_for_update
from referrals.models import Assessment, RecordView

pytestmark = pytest.mark.django_db


def test_the_revision_seen_is_still_current_so_the_row_comes_back_locked():
    assessment = AssessmentFactory(submitted=True)
    with transaction.atomic():
        assert locked_for_update(Assessment, assessment.pk, seen_revision=assessment.revision) == assessment


def test_a_change_made_meanwhile_is_refused_and_logged_by_reference_only(caplog):
    assessment = AssessmentFactory(submitted=True)
    with caplog.at_level(logging.INFO, logger="referrals"), pytest.raises(ChangedMeanwhile):
        with transaction.atomic():
            locked_for_update(Assessment, assessment.pk, seen_revision=assessment.revision - 1)
    [message] = [r.getMessage() for r in caplog.records if r.name == "referrals"]
    assert assessment.reference in message
    assert assessment.child_name not in message


def test_one_message_for_every_page():
    assert changed_meanwhile("assessment").startswith("This assessment changed since you opened it. Nothing was saved")
    assert "since you opened it. Nothing was saved" in changed_meanwhile("disagreement")


def test_every_look_is_kept():
    assessment = AssessmentFactory(submitted=True)
    record_view(assessment=assessment, viewer=assessment.owner, what="summary")
    assert list(RecordView.objects.values_list("what", "viewer")) == [("summary", assessment.owner.pk)]
