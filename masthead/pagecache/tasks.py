"""Background work of the page cache: CDN purges, and store purges retried
when the store was unreachable at publish time."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from masthead.pagecache import store

log = logging.getLogger(__name__)


RETRY_EVERY = timedelta(seconds=5)
RETRY_FOR = 720  # tries: an hour of a store that cannot be reached


@task()
def purge_store(tags: list[str], attempt: int = 1) -> None:
    """A purge the publish could not make (the store was unreachable), tried
    until the store takes it: a store that comes back with its entries
    (a network fault, not a restart) must not keep serving what changed."""
    try:
        store.purge(tags)
    except Exception:
        if attempt >= RETRY_FOR or not purge_store.get_backend().supports_defer:
            raise
        log.warning("page cache purge failed again (try %d); next in %s", attempt, RETRY_EVERY)
        purge_store.using(run_after=timezone.now() + RETRY_EVERY).enqueue(tags, attempt + 1)


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
