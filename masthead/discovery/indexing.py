"""Search index updates for the pages readers search, queued once the
change has committed.

Wagtail's own handler queues the update from inside `save`: an RQ worker
may run it before the transaction commits and index the page as it was,
and a task run at once (the immediate backend) runs before the page's
child rows (further regions, authors: its filter words, see
articles.filter_terms) are saved. These pages opt out of that handler
(`search_auto_update = False`) and are queued here instead, for both
indexes: reader search's own (engine.py) and Wagtail's, the admin's.
Deleting a page deletes its own entry with it (a cascade); Wagtail's is
removed here."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from modelsearch import index

from masthead.articles.models import ArticlePage, AuthorPage, BriefPage

from .tasks import index_page

MODELS = (ArticlePage, BriefPage, AuthorPage)


def on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loading fixtures
        return
    meta = instance._meta
    transaction.on_commit(partial(index_page.enqueue, meta.app_label, meta.model_name, str(instance.pk)))


def on_delete(sender, instance, **kwargs):
    index.remove_object(instance)


for model in MODELS:
    assert model.search_auto_update is False, model  # or each save is indexed twice
    post_save.connect(on_save, sender=model, dispatch_uid=f"discovery-index-{model.__name__}")
    post_delete.connect(on_delete, sender=model, dispatch_uid=f"discovery-unindex-{model.__name__}")
