"""Connects content changes to purges."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.articles.signals import articles_written
from masthead.pagecache import purge


@receiver(page_published)
def on_publish(sender, instance, **kwargs):
    purge.page_published(instance)


@receiver(articles_written)
def on_bulk_write(sender, pages, **kwargs):
    purge.pages_published([page for page in pages if page.live])


@receiver(page_unpublished)
def on_unpublish(sender, instance, **kwargs):
    purge.page_gone(instance.pk)


@receiver(post_page_move)
def on_move(sender, instance, **kwargs):
    purge.page_moved(instance)


@receiver(post_save)
def on_save(sender, instance, **kwargs):
    label = sender._meta.label
    if label == "core.MagazineSettings" or sender in (Site, PageViewRestriction):
        # A page made private (or public) takes its whole subtree with it,
        # shown wherever it is listed: rare enough to purge everything.
        purge.invalidate({"settings"})
    elif label in ("articles.Region", "articles.Kind"):
        # Their names show in every kicker and the navigation.
        purge.invalidate({"list:sections"})
    elif label == "photos.Photo":
        purge.invalidate({f"image:{instance.pk}"})


@receiver(post_delete)
def on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge.page_gone(instance.pk)
    elif sender._meta.label == "photos.Photo":
        purge.invalidate({f"image:{instance.pk}"})
    elif sender._meta.label in ("articles.Region", "articles.Kind"):
        purge.invalidate({"list:sections"})
    elif sender in (Site, PageViewRestriction):
        purge.invalidate({"settings"})
