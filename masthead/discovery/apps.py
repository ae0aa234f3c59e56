from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "masthead.discovery"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from masthead.discovery import (  # noqa: F401
            indexing,  # queues search index updates on commit
            receivers,  # queues related stories on publish
        )
