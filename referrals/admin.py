"""The notification outbox in the admin (issue 15): its state for the admin's partnership, and retrying a failure.

Read-only: nothing is added, changed or deleted here; the one action queues failed messages again. Who sees which
rows is `referrals.access.notifications_outbox_visible_to`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from .access import notifications_outbox_visible_to
from .models import Notification
from .notifications.services import notification_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created", "kind", "reference", "recipient_name", "state", "attempts", "last_error", "sent_at")
    list_filter = ("state", "kind")
    search_fields = ("reference",)
    fields = (
        "created",
        "kind",
        "reference",
        "partnership",
        "recipient",
        "subject",
        "body",
        "link",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
        "claimed_at",
        "read_at",
    )
    readonly_fields = fields
    actions = ("retry",)

    @admin.display(description="Recipient")
    def recipient_name(self, obj: Notification) -> str:
        return obj.recipient.get_username()

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        visible = notifications_outbox_visible_to(request.user)
        return (visible if visible is not None else Notification.objects.none()).select_related("recipient")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return notifications_outbox_visible_to(request.user) is not None

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        visible = notifications_outbox_visible_to(request.user)
        return visible is not None and (obj is None or visible.filter(pk=obj.pk).exists())

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Retry the selected failed messages")
    def retry(self, request: HttpRequest, queryset: QuerySet) -> None:
        retried = sum(notification_retry(notification_id=pk) for pk in queryset.values_list("pk", flat=True))
        messages.success(request, f"{retried} failed message{'s' if retried != 1 else ''} queued again.")
