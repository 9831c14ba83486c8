"""A case system's key to the integration API: one partnership, read or write, only its hash stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from thresholds.models import Partnership


class ApiToken(models.Model):
    """One case system's token. The token itself is shown once, when made; only its SHA-256 is kept.

    `prefix` (the token's first characters) names it in lists and in `api_token revoke`. A revoked token is
    kept (the record-view log and decisions name it), never deleted.
    """

    class Scope(models.TextChoices):
        READ = "read", "Read: list and read referrals"
        WRITE = "write", "Read and write: also record decisions"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="Which case system uses it, e.g. “Mosaic, front door”.")
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(max_length=16, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["partnership", "name", "pk"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.WRITE
