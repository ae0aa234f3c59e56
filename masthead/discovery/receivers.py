"""Publishing an article queues its related stories (and, for articles
published in bulk, their search index); unpublishing takes it out of the
candidates. Both once the change has committed, so the task
reads what was published."""

from functools import partial

from django.db import transaction
from wagtail.signals import page_published, page_unpublished

from masthead.articles.models import ArticlePage
from masthead.articles.signals import articles_written

from . import tasks


def on_publish(sender, instance, **kwargs):
    transaction.on_commit(partial(tasks.refresh_related.enqueue, instance.pk))


def on_unpublish(sender, instance, **kwargs):
    transaction.on_commit(partial(tasks.forget_related.enqueue, instance.pk))


def on_bulk_write(sender, pages, **kwargs):
    """Articles an import wrote together, once committed: all indexed (the
    admin searches drafts too), the live ones given related stories."""
    ids = [page.pk for page in pages]
    transaction.on_commit(partial(tasks.index_pages.enqueue, "articles", "articlepage", ids))
    live = [page.pk for page in pages if page.live]
    if live:
        transaction.on_commit(partial(tasks.refresh_related_of.enqueue, live))


page_published.connect(on_publish, sender=ArticlePage, dispatch_uid="discovery-related-publish")
articles_written.connect(on_bulk_write, sender=ArticlePage, dispatch_uid="discovery-bulk-write")
page_unpublished.connect(on_unpublish, sender=ArticlePage, dispatch_uid="discovery-related-unpublish")
