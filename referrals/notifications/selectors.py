"""What a person's Notifications page and the header read: their own messages, the unread count, their choices."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from portal.access import Role, has_role

from ..models import Notification, NotificationPreference

Kind = Notification.Kind

# Which kinds each role can get, and which a lead cannot turn off (a sent assessment, an overdue one).
KINDS_FOR = {
    Role.PRACTITIONER: (Kind.DECIDED, Kind.DECISION_CHANGED, Kind.DISAGREEMENT),
    Role.LEAD: (Kind.SUBMITTED, Kind.ASSIGNED, Kind.DISAGREEMENT, Kind.REMINDER, Kind.OVERDUE, Kind.DIGEST),
}
ALWAYS_FOR_LEADS = (Kind.SUBMITTED, Kind.OVERDUE)


def notifications_for(*, user: Any) -> QuerySet:
    """This person's messages, newest first. Only ever their own."""
    return Notification.objects.filter(recipient=user).order_by("-created", "-id")


UNREAD_COUNTED = 100  # the header counts this many at most ("99+" beyond 99)


def notifications_unread_count(*, user: Any) -> int:
    """How many of this person's messages they have not marked read, up to UNREAD_COUNTED: one COUNT on the
    (recipient, read_at) index that stops there, whatever the number (a lead who never marks them read has one a
    sent assessment: 10 ms a page at 1,000,000 assessments counting them all, scripts/bench_scale.py)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).order_by()  # unsorted: stops at 100
    return unread[:UNREAD_COUNTED].count()


def kinds_for(*, user: Any) -> tuple[tuple[Kind, ...], tuple[Kind, ...]]:
    """(the kinds this person may choose about, the kinds always e-mailed to them)."""
    for role, kinds in KINDS_FOR.items():
        if has_role(user, role):
            fixed = ALWAYS_FOR_LEADS if role == Role.LEAD else ()
            return tuple(k for k in kinds if k not in fixed), tuple(fixed)
    return (), ()


def email_off_for(*, user: Any) -> list[str]:
    """The kinds this person chose not to get by e-mail (never one that is always on for them)."""
    stored = NotificationPreference.objects.filter(user=user).values_list("email_off", flat=True).first() or []
    choosable, _ = kinds_for(user=user)
    return [k for k in stored if k in choosable]
