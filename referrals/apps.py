from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Assessments and referrals"

    def ready(self) -> None:
        from .assessments import kept  # noqa: F401 - connects the sign-in receiver that keeps typed work
