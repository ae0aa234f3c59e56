"""Background work of the page cache: CDN purges, and store purges retried
when the store was unreachable at publish time."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from masthead.pagecache import cdn, store

log = logging.getLogger(__name__)


RETRY_EVERY = timedelta(seconds=5)
RETRY_FOR = 720  # tries: an hour of a store that cannot be reached
CDN_RETRY_EVERY = timedelta(seconds=30)
CDN_RETRY_FOR = 120  # tries: an hour of a CDN API that refuses or is down


def _again(task, tags, attempt, limit, wait) -> bool:
    """Queue `task` to try `tags` again after `wait`; False when it may not
    (out of tries, or a backend that cannot delay a task)."""
    if attempt >= limit or not task.get_backend().supports_defer:
        return False
    log.warning("%s failed (try %d); next in %s", task.name, attempt, wait)
    task.using(run_after=timezone.now() + wait).enqueue(tags, attempt + 1)
    return True


@task()
def purge_store(tags: list[str], attempt: int = 1) -> None:
    """A purge the publish could not make (the store was unreachable), tried
    until the store takes it: a store that comes back with its entries
    (a network fault, not a restart) must not keep serving what changed."""
    try:
        store.purge(tags)
    except Exception:
        if not _again(purge_store, tags, attempt, RETRY_FOR, RETRY_EVERY):
            raise


def enqueue_cdn_purge(tag_set) -> None:
    if cdn.configured():
        purge_cdn_tags.enqueue(sorted(tag_set))
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        purge_cdn_urls.enqueue(sorted(tag_set))


@task()
def purge_cdn_tags(tags: list[str], attempt: int = 1) -> int:
    """Purge Cloudflare or Fastly by tag (cdn.py): one or two API calls,
    whatever the change. Tried again while the API refuses or is down."""
    try:
        return cdn.purge_tags(tags)
    except cdn.PurgeRefused as refused:
        log.warning("%s", refused)
        wait = max(timedelta(seconds=refused.retry_after or 0), CDN_RETRY_EVERY)  # its hint, if longer
        if not _again(purge_cdn_tags, tags, attempt, CDN_RETRY_FOR, wait):
            raise


@task()
def purge_cdn_urls(tags: list[str]) -> list[str]:
    """Purge a cache that knows no tags (Varnish-style HTTP `PURGE`) through
    Wagtail's frontend-cache backends, by URL: the pages named by the tags
    and the listing pages that show them."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = urls_for_tags(tags)
    if urls:
        purge_urls_from_cache(urls)
    return urls


def urls_for_tags(tags) -> list[str]:
    """The URLs showing what `tags` name: the pages themselves, and the
    listing pages that show them (which a page tag alone does not say, so
    its listings come from its Membership)."""
    from wagtail.models import Page

    from masthead.articles.models import AuthorIndexPage, AuthorPage, BriefIndexPage, HomePage, SectionPage
    from masthead.pagecache.models import Membership

    page_ids = {int(tag[5:]) for tag in tags if tag.startswith("page:") and tag[5:].isdigit()}
    tags = set(tags)
    for record in Membership.objects.filter(page_id__in=page_ids):
        tags |= record.tag_set()
    listing = sorted(tag[5:] for tag in tags if tag.startswith("list:"))
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
        elif what == "related" and ident.isdigit():
            pages += Page.objects.live().filter(pk=int(ident))
    return sorted({url for page in pages if (url := page.full_url)})
