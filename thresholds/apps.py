from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ThresholdsConfig(AppConfig):
    name = "thresholds"
    verbose_name = "Threshold guidance"


class ThresholdAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with `ThresholdAdminSite` as its default site: every `admin.site` is that site.

    Listed in INSTALLED_APPS in place of "django.contrib.admin"; `default = False` keeps
    `ThresholdsConfig` the config of the "thresholds" entry.
    """

    default = False
    default_site = "thresholds.access.ThresholdAdminSite"
