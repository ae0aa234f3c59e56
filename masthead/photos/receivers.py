"""Queue a picture's renditions once its change has committed: when it is
saved (a new file, or a new focal point, which drops the old ones) and when
a page that shows it is published (in case they were dropped since)."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.signals import page_published

from .models import Photo
from .tasks import make_renditions


def queue(photo_ids) -> None:
    for photo_id in dict.fromkeys(photo_ids):
        transaction.on_commit(partial(make_renditions.enqueue, photo_id))


def on_photo_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # loading fixtures: the files come with their renditions
        queue([instance.pk])


def pictures_of(page) -> list[int]:
    """The pictures a page shows: what its publishing rules check
    (`picture_uses`, the lead picture and the body's), and a portrait."""
    uses = getattr(page, "picture_uses", None)
    found = [use.photo.pk for use in uses()] if uses else []
    portrait = getattr(page, "photo_id", None)
    return [*found, portrait] if portrait else found


def on_page_published(sender, instance, **kwargs):
    queue(pictures_of(instance.specific))


post_save.connect(on_photo_saved, sender=Photo, dispatch_uid="photos-renditions-on-save")
page_published.connect(on_page_published, dispatch_uid="photos-renditions-on-publish")
