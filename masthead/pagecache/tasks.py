"""Background work of the page cache: CDN purges, and store purges retried
when the store was unreachable at publish time."""

import logging

from django.conf import settings
from django_tasks import task

from masthead.pagecache import store

log = logging.getLogger(__name__)


@task()
def purge_store(tags: list[str]) -> None:
    store.purge(tags)


def enqueue_cdn_purge(tag_set) -> None:
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        purge_cdn.enqueue(sorted(tag_set))


@task()
def purge_cdn(tags: list[str]) -> list[str]:
    """Purge the CDN through Wagtail's frontend-cache backends, which purge
    by URL: the pages named by the tags and the listing pages that show
    them. (A CDN that purges by tag can use the Cache-Tag and
    Surrogate-Key headers every cached page carries.)"""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = urls_for_tags(tags)
    if urls:
        purge_urls_from_cache(urls)
    return urls


def urls_for_tags(tags) -> list[str]:
    from wagtail.models import Page

    from masthead.articles.models import AuthorIndexPage, AuthorPage, BriefIndexPage, HomePage, SectionPage

    page_ids, listing = set(), []
    for tag in tags:
        kind, _, value = tag.partition(":")
        if kind == "page" and value.isdigit():
            page_ids.add(int(value))
        elif kind == "list":
            listing.append(value)
    pages = list(Page.objects.live().filter(pk__in=page_ids))
    for name in listing:
        what, _, ident = name.partition(":")
        if what in ("latest", "sections", "region", "kind"):
            pages += HomePage.objects.live()
        if what == "region" and ident.isdigit():
            pages += SectionPage.objects.live().filter(region_id=int(ident))
        elif what == "kind" and ident.isdigit():
            pages += SectionPage.objects.live().filter(kind_id=int(ident))
        elif what == "author" and ident.isdigit():
            pages += AuthorPage.objects.live().filter(pk=int(ident))
        elif what == "briefs":
            pages += BriefIndexPage.objects.live()
        elif what == "authors":
            pages += AuthorIndexPage.objects.live()
    return sorted({url for page in pages if (url := page.full_url)})
