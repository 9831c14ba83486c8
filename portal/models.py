"""People and the agencies they work for. Every signed-in person belongs to one partnership."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from thresholds.models import Partnership

from .access import Role, has_role


class Organisation(models.Model):
    """An agency (school, health trust, police force, ...) working within a partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["partnership__name", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="organisation_unique_name")]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    Role = Role  # the roles are defined once, in portal.access

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )

    def clean(self) -> None:
        super().clean()
        organisation = self.organisation if self.organisation_id else None
        if organisation is not None and self.partnership_id and organisation.partnership_id != self.partnership_id:
            raise ValidationError({"organisation": "This organisation belongs to another partnership."})
        if not self.is_superuser and self.partnership_id is None:
            raise ValidationError({"partnership": "Choose the partnership this person works in."})

    # For templates, which cannot call functions with arguments: each asks portal.access.
    @property
    def is_practitioner(self) -> bool:
        return has_role(self, Role.PRACTITIONER)

    @property
    def is_lead(self) -> bool:
        return has_role(self, Role.LEAD)

    @property
    def is_partnership_admin(self) -> bool:
        return has_role(self, Role.ADMIN)

    @property
    def can_edit_guidance(self) -> bool:
        from thresholds.access import can_edit_guidance  # thresholds.access imports this module's app

        return can_edit_guidance(self)


class SecurityEvent(models.Model):
    """Sign-ins, failures, lockouts, password resets and changes to who someone is: never child data.

    Kept for the partnership's leads and superusers to read; nothing in the portal edits or deletes a row.
    """

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Locked out after repeated failures"
        SIGNED_OUT = "signed_out", "Signed out"
        RESET_REQUESTED = "reset_requested", "Password reset requested"
        RESET_REFUSED = "reset_refused", "Password reset refused: too many requests"
        PASSWORD_CHANGED = "password_changed", "Password changed with a reset link"
        ACCOUNT_CHANGED = "account_changed", "Role, partnership or rights changed"
        SECOND_FACTOR_ADDED = "second_factor_added", "Second factor set up"
        SECOND_FACTOR_REMOVED = "second_factor_removed", "Second factor removed"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)  # as typed, for failures of unknown names
    partnership = models.ForeignKey(Partnership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)  # e.g. {"before": {...}, "after": {...}, "by": "admin"}

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["partnership", "-at"], name="security_event_partnership")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.username})"
