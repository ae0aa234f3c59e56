from django.apps import AppConfig
from django.db.models.signals import post_migrate


def fill_search_index(sender, using, **kwargs):
    """An install upgraded to reader search's own index (migration 0006)
    has pages and no entries yet: write them once, as `reindex_search`
    would. Nothing to do on a new or an indexed install, nor for another
    database than the default, the only one the engine writes to."""
    from django.db import DEFAULT_DB_ALIAS

    from masthead.discovery import engine
    from masthead.discovery.indexing import MODELS
    from masthead.discovery.models import SearchEntry

    if using != DEFAULT_DB_ALIAS:
        return
    if not SearchEntry.objects.using(using).exists() and any(m.objects.using(using).exists() for m in MODELS):
        engine.rebuild(MODELS)


class DiscoveryConfig(AppConfig):
    name = "masthead.discovery"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from masthead.discovery import (  # noqa: F401
            indexing,  # queues search index updates on commit
            receivers,  # queues related stories on publish
        )

        post_migrate.connect(fill_search_index, sender=self, dispatch_uid="discovery-fill-search-index")
