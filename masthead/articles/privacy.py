"""Wagtail's privacy (a password, a login, groups) on a page takes it and
every page below it out of the listings: their `listed_at` is empty while
a restriction applies (`models.Listed`) and set again when it goes. The
page cache purges everything when a restriction changes
(pagecache/receivers.py)."""

from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction


def relist(path: str) -> None:
    """Recompute `listed_at` for the listed pages at or below `path`, and
    for their credits' copies of it."""
    from masthead.articles.models import ArticleAuthor, ArticlePage, BriefPage, restricted_paths

    restricted = restricted_paths()
    for model in (ArticlePage, BriefPage):
        pages = list(model.objects.filter(path__startswith=path).defer_streamfields())
        for page in pages:
            page.set_listed_at(restricted)
        model.objects.bulk_update(pages, ["listed_at"])
    own = ArticlePage.objects.filter(pk=OuterRef("page_id")).values("listed_at")
    ArticleAuthor.objects.filter(page__path__startswith=path).update(listed_at=Subquery(own))


def on_restriction_change(sender, instance, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:  # gone with its page: nothing left to list
        relist(page.path)


def connect() -> None:
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(on_restriction_change, sender=PageViewRestriction, dispatch_uid=f"relist-{name}")
