"""What every write that changes a dashboard figure calls, in its own transaction (issue 19): one UPDATE each, no read.

`dashboard_summary_mark` marks the partnership's `DashboardSummary` rows as changed (the `count_dashboards` worker
counts them again); `sent_count_add` adds to the partnership's `SentCount` (the queue's "Decided" count). A leaf
module (models only), so that every service can import it.

The writes that change a figure, and call `dashboard_summary_mark` (each has a test in
referrals/tests/dashboard/test_summaries.py):

- sending: `referrals.assessments.services.assessment_submit` and `referrals.family.services.family_submit` (both
  also `sent_count_add`; sending is the only way into the partnership's sent assessments);
- a lead's triage or decision: `referrals.review.services.review_save` (the review page and the integration API's
  decision both go through it), and within it the family due-by alignment
  `referrals.family.services.family_align_due_by`;
- a child link confirmed or rejected (the re-referral count): `referrals.children.services.child_link_decide`
  (links made at sending are covered by the sending's mark);
- retention's erasure: `referrals.retention.assessments_erase_past_retention` (no figure reads what it erases
  today, but an erased record is a change to the partnership's records);
- demo data: `referrals.demo.send_demo_rereferral` moves its dates back with raw updates after sending.

Nothing un-sends: a sent assessment is never deleted (only drafts are, and only marked `deleted_at`), its status
never goes back to draft, and its partnership never changes (moving guidance is for drafts only).
"""

from __future__ import annotations

from django.db.models import F

from ..models import DashboardSummary, SentCount


def dashboard_summary_mark(*, partnership_id: int) -> None:
    """Mark the partnership's dashboard figures as changed since they were counted: one UPDATE."""
    DashboardSummary.objects.filter(partnership_id=partnership_id, changed=False).update(changed=True)


def sent_count_add(*, partnership_id: int, n: int = 1) -> None:
    """Add `n` sent assessments to the partnership's count, in the sending's transaction (F("n") + n)."""
    if not SentCount.objects.filter(partnership_id=partnership_id).update(n=F("n") + n):
        SentCount.objects.get_or_create(partnership_id=partnership_id)  # its first ever: made once, then added to
        SentCount.objects.filter(partnership_id=partnership_id).update(n=F("n") + n)
