from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "masthead.discovery"
    default_auto_field = "django.db.models.BigAutoField"
