"""Who looked at a child's record, and when: every look is kept, for the partnership's leads to see."""

from __future__ import annotations

from typing import Any

from .models import Assessment, RecordView


def record_view(*, assessment: Assessment, viewer: Any, what: str) -> RecordView:
    """Keep one look at `assessment` (`what`: overview, summary, pdf, review, disagreement)."""
    return RecordView.objects.create(assessment=assessment, viewer=viewer, what=what)
