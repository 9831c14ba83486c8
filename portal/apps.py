from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from . import (
            auth_backends,
            middleware,  # noqa: F401 - a sign-in starts the session's clocks
            security,  # noqa: F401 - connects the security log's receivers
        )

        security.connect_lockout_signal()
        auth_backends.connect()  # saving or deleting a user drops their cached entry
