"""Notifications through a transactional outbox: written with the event, delivered later by a worker.

- `notification_queue` writes one `Notification` row per recipient inside the caller's transaction, so a
  rolled-back submission or review leaves no row and sends nothing. The services that cause an event call it:
  `assessment_submit` (every lead of the partnership), `review_save` when it decides or changes a decision (the
  practitioner), `escalation_raise` and `escalation_record` (the other side).
- A message carries no child data: the reference, the partnership, what happened, the RAG due-by time and a
  link to sign in (`message_for`). Never the child's name, date of birth, address or any free text.
- `python manage.py send_notifications [--loop]` delivers what is due through Django's e-mail framework. Each
  message is claimed by one conditional UPDATE (queued -> sending), as `referral_pdf_claim` does, so of two
  workers one wins; a message marked sent is never sent again. A failure backs off exponentially
  (`BACKOFF * 2**attempts`) and gives up after `MAX_ATTEMPTS` (failed, with the reason). A claim left by a
  worker that died is taken again after `STALE_CLAIM`: if that worker died after the mail left and before the
  row was marked sent, the message goes out a second time (at most once more per crash). Each e-mail carries
  a Message-ID made from the row's id, so a mail system that removes duplicates can drop the second copy.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from portal.access import Role
from thresholds.engine import LONDON

from ..locking import claimed
from ..models import Assessment, Notification, NotificationPreference
from .selectors import email_off_for, kinds_for

logger = logging.getLogger("referrals.notifications")

Kind = Notification.Kind
State = Notification.State

MAX_ATTEMPTS = 6
BACKOFF = timedelta(seconds=30)  # 30 s, 1 min, 2 min, 4 min, 8 min, then failed
STALE_CLAIM = timedelta(minutes=5)  # a send takes seconds (EMAIL_TIMEOUT is 10 s): a claim this old is a dead worker's


def portal_url() -> str:
    """The portal's address, for links in e-mails (PORTAL_URL in the environment or settings)."""
    return (getattr(settings, "PORTAL_URL", "") or os.environ.get("PORTAL_URL") or "http://127.0.0.1:8000").rstrip("/")


def leads_of(*, partnership_id: Any) -> QuerySet:
    """Every active safeguarding lead of a partnership."""
    return get_user_model().objects.filter(partnership_id=partnership_id, role=Role.LEAD, is_active=True)


def _due_text(due: datetime | None) -> str:
    if due is None:
        return ""
    return f"The response is due by {due.astimezone(LONDON):%A %-d %B %Y, %H:%M}."


# What happened, per kind: a fixed sentence naming the reference only. Nothing typed by anyone is ever added.
HAPPENED = {
    Kind.SUBMITTED: "Assessment {ref} was sent to {partnership}'s safeguarding leads.",
    Kind.DECIDED: "A safeguarding lead has recorded a decision on your assessment {ref}.",
    Kind.DECISION_CHANGED: "A safeguarding lead has changed the decision on your assessment {ref}.",
    Kind.DISAGREEMENT: "The professional disagreement about assessment {ref} {action}.",
    # A due-by time comes from the assessment's RAG rating, or from its family's most urgent one (issue 17):
    # the words say only what holds for both.
    Kind.REMINDER: "Assessment {ref} has no decision yet: it is nearly due.",
    Kind.OVERDUE: "Assessment {ref} has no decision yet: it is overdue.",
    Kind.ASSIGNED: "A safeguarding lead has assigned assessment {ref} to you to review.",
}
SUBJECTS = {
    Kind.SUBMITTED: "Assessment {ref} sent to you",
    Kind.DECIDED: "Decision made on assessment {ref}",
    Kind.DECISION_CHANGED: "Decision changed on assessment {ref}",
    Kind.DISAGREEMENT: "Disagreement about assessment {ref} {action}",
    Kind.REMINDER: "Assessment {ref} is nearly due",
    Kind.OVERDUE: "Assessment {ref} is overdue",
    Kind.ASSIGNED: "Assessment {ref} assigned to you",
}
DISAGREEMENT_ACTIONS = {"raised": "was raised", "next_step": "moved to the next step", "resolved": "was resolved"}


FAMILY_SENT = (  # a family sent in one submission (issue 17): one message naming every child's reference
    "Family of {n} sent to you: {refs}",
    "A family of {n} children was sent to {partnership}'s safeguarding leads in one referral, one assessment "
    "for each child: {refs}.",
)


def message_for(
    *, kind: str, assessment: Assessment, action: str = "", references: Sequence[str] = ()
) -> tuple[str, str, str]:
    """(subject, body, link) for one event. Only the reference, partnership, what happened and the due-by time;
    `references`: a family's, every child's reference (a sent family is one message)."""
    ref, partnership = assessment.reference, assessment.partnership.name
    words = {"ref": ref, "partnership": partnership, "action": DISAGREEMENT_ACTIONS.get(action, "was updated")}
    family = kind == Kind.SUBMITTED and len(references) > 1
    if family:
        words |= {"n": str(len(references)), "refs": ", ".join(references)}
    if kind in (Kind.DECIDED, Kind.DECISION_CHANGED):
        link = reverse("referrals:overview", args=[assessment.pk])
    elif kind == Kind.DISAGREEMENT:
        link = reverse("referrals:disagreement", args=[assessment.pk])
    else:
        link = reverse("referrals:review", args=[assessment.pk])
    happened = FAMILY_SENT[1] if family else HAPPENED[Kind(kind)]
    lines = [happened.format(**words), f"Partnership: {partnership}"]
    lines.append(f"References: {words['refs']}" if family else f"Reference: {ref}")
    due = _due_text(assessment.due_by) if kind not in (Kind.DECIDED, Kind.DECISION_CHANGED) else ""
    if due:
        lines.append(due)
    lines += ["", f"Sign in to see it: {portal_url()}{link}", "", "This message holds no details about the child."]
    subject = FAMILY_SENT[0] if family else SUBJECTS[Kind(kind)]
    return subject.format(**words)[:200], "\n".join(lines), link


def notification_queue(
    *, kind: str, recipients: Iterable[Any], assessment: Assessment, action: str = "", references: Sequence[str] = ()
) -> list[Notification]:
    """Write one outbox row per recipient, in the caller's transaction (call it inside the event's atomic block).
    `references`: a family sent together, one message naming every child's reference (the row keeps the first)."""
    subject, body, link = message_for(kind=kind, assessment=assessment, action=action, references=references)
    now = timezone.now()
    rows = [
        Notification(
            recipient=person,
            kind=kind,
            reference=assessment.reference,
            partnership_id=assessment.partnership_id,
            subject=subject,
            body=body,
            link=link,
            next_attempt_at=now,
        )
        for person in {p.pk: p for p in recipients}.values()
    ]
    return Notification.objects.bulk_create(rows)


# --- Delivery ------------------------------------------------------------------------------------------------


def _claimable(now: datetime) -> Q:
    return Q(state=State.QUEUED, next_attempt_at__lte=now) | Q(state=State.SENDING, claimed_at__lt=now - STALE_CLAIM)


def notification_claim(*, notification_id: int) -> datetime | None:
    """Take a due message for sending: its claim time, or None if another worker has it (one conditional UPDATE)."""
    return claimed(Notification, notification_id, claimable=_claimable(timezone.now()), state=State.SENDING)


def notification_send(*, notification_id: int, claimed_at: datetime, connection: Any = None) -> bool:
    """Send a claimed message by e-mail and record the result; True if it was sent."""
    row = Notification.objects.select_related("recipient").get(pk=notification_id)
    mine = Notification.objects.filter(pk=notification_id, state=State.SENDING, claimed_at=claimed_at)
    address = row.recipient.email
    if not address or not row.recipient.is_active or row.kind in email_off_for(user=row.recipient):
        mine.update(state=State.NOT_EMAILED, sent_at=timezone.now())  # still on their Notifications page
        return False
    message = EmailMessage(
        subject=row.subject,
        body=row.body,
        to=[address],
        headers={"Message-ID": f"<notification-{row.pk}@threshold.invalid>"},
        connection=connection,
    )
    try:
        message.send()
    except Exception as exc:  # any backend's failure: retried later; the reason names no child
        attempts = row.attempts + 1
        reason = f"{type(exc).__name__}: {exc}"[:300]
        logger.warning("Notification %s failed (attempt %s): %s", row.pk, attempts, type(exc).__name__)
        if attempts >= MAX_ATTEMPTS:
            mine.update(state=State.FAILED, attempts=attempts, last_error=reason)
        else:
            mine.update(
                state=State.QUEUED,
                attempts=attempts,
                last_error=reason,
                next_attempt_at=timezone.now() + BACKOFF * 2 ** (attempts - 1),
            )
        return False
    mine.update(state=State.SENT, attempts=row.attempts + 1, sent_at=timezone.now(), last_error="")
    return True


def notifications_send_due(*, limit: int | None = None) -> int:
    """The worker's round: claim and send every due message, oldest first, until none is left. How many were sent."""
    sent = tried = 0
    connection = get_connection()  # opened by each send (so a mail server that is down fails one message at a time)
    while limit is None or tried < limit:
        next_id = (
            Notification.objects.filter(_claimable(timezone.now()))
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if next_id is None:
            break
        claimed_at = notification_claim(notification_id=next_id)
        if claimed_at is None:
            continue  # another worker took it
        tried += 1
        sent += notification_send(notification_id=next_id, claimed_at=claimed_at, connection=connection)
    return sent


def notification_retry(*, notification_id: int) -> bool:
    """An admin's retry of a failed message: queued again now, attempts from zero."""
    return bool(
        Notification.objects.filter(pk=notification_id, state=State.FAILED).update(
            state=State.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
    )


# --- The person's own page ----------------------------------------------------------------------------------


def notifications_mark_read(*, user: Any) -> int:
    """Mark every unread message of this person read: how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_preferences_save(*, user: Any, email_on: Iterable[str]) -> list[str]:
    """Store which kinds this person wants by e-mail; the kinds always on for them are never stored as off."""
    choosable, _ = kinds_for(user=user)
    wanted = set(email_on)
    off: list[str] = [str(k) for k in choosable if k not in wanted]
    NotificationPreference.objects.update_or_create(user=user, defaults={"email_off": off})
    return off
