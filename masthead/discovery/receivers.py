"""Publishing an article queues its related stories; unpublishing takes it
out of the candidates. Both once the change has committed, so the task
reads what was published."""

from functools import partial

from django.db import transaction
from wagtail.signals import page_published, page_unpublished

from masthead.articles.models import ArticlePage

from . import tasks


def on_publish(sender, instance, **kwargs):
    transaction.on_commit(partial(tasks.refresh_related.enqueue, instance.pk))


def on_unpublish(sender, instance, **kwargs):
    transaction.on_commit(partial(tasks.forget_related.enqueue, instance.pk))


page_published.connect(on_publish, sender=ArticlePage, dispatch_uid="discovery-related-publish")
page_unpublished.connect(on_unpublish, sender=ArticlePage, dispatch_uid="discovery-related-unpublish")
