"""People and the agencies they work for. Every signed-in person belongs to one partnership."""

from __future__ import annotations

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
