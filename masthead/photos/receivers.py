"""When a page is published, queue the renditions of its pictures once the
change has committed: each page type says which sizes each of its pictures
is shown at (`picture_sizes()`, from photos/sizes.py). A picture's sizes are
made again at its next publish if they were dropped (a new focal point)."""

from functools import partial

from django.db import transaction
from wagtail.signals import page_published

from .tasks import make_renditions


def queue(sizes: dict) -> None:
    """`sizes`: {photo id: [spec, ...]}."""
    for photo_id, specs in sizes.items():
        transaction.on_commit(partial(make_renditions.enqueue, photo_id, list(dict.fromkeys(specs))))


def on_page_published(sender, instance, **kwargs):
    picture_sizes = getattr(instance.specific, "picture_sizes", None)
    if picture_sizes is not None:
        queue(picture_sizes())


page_published.connect(on_page_published, dispatch_uid="photos-renditions-on-publish")
