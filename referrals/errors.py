"""What a referrals service refuses with, and the one "changed since you opened it" message."""

from __future__ import annotations


class ChangedMeanwhile(Exception):
    """Someone else saved this record after the page was opened: nothing was overwritten."""


class NotAllowed(Exception):
    """The request makes no sense for this assessment or person (e.g. disagreeing before any decision)."""


CHANGED_MEANWHILE = (
    "This {what} changed since you opened it. Nothing was saved: check the latest version, then save again."
)


def changed_meanwhile(what: str) -> str:
    """The one message for an update refused because of ChangedMeanwhile: `what` is "assessment", "disagreement"."""
    return CHANGED_MEANWHILE.format(what=what)
