"""What a change purges, and purging it once the change has committed."""

import logging
from functools import partial

from django.db import transaction

from masthead.pagecache import store
from masthead.pagecache.models import Membership

log = logging.getLogger(__name__)

# Carried by every stored search page: any publish may change what a
# search finds, so every publish, unpublish and move purges them all.
SEARCH = "search"


def invalidate(tag_set) -> None:
    """Purge `tag_set` when the current transaction commits (at once outside
    one): before the change is visible, a purge would let a render of the old
    state be stored as fresh. The store purge is synchronous, so once a
    publish returns no reader sees the old page; the CDN purge, which calls
    out over the network, is a task."""
    tag_set = frozenset(tag_set)
    if tag_set:
        transaction.on_commit(partial(_apply, tag_set))


def _apply(tag_set) -> None:
    from masthead.pagecache import tasks

    try:
        store.purge(tag_set)
    except Exception:
        log.exception("page cache purge failed; queued for retry")
        tasks.purge_store.enqueue(sorted(tag_set))
    tasks.enqueue_cdn_purge(tag_set)


def memberships(page) -> set[str]:
    """The listings a live page appears in. A page entering a listing must
    purge it; a page leaving one purges through its own `page:` tag, which
    every listing showing it carries."""
    page = page.specific
    kind = type(page).__name__
    if kind == "ArticlePage":
        found = {"list:latest", f"list:kind:{page.kind_id}", f"list:region:{page.primary_region_id}"}
        # .all() reads the in-memory relations of the instance being published.
        found.update(f"list:region:{region.pk}" for region in page.further_regions.all())
        found.update(f"list:author:{credit.author_id}" for credit in page.article_authors.all())
        topics = [f"list:topic:{topic.pk}" for topic in page.topics.all()]
        found.update([*topics, "list:topics"] if topics else [])
        return found
    if kind == "BriefPage":
        return {"list:briefs", f"list:author:{page.author_id}"} if page.author_id else {"list:briefs"}
    if kind in ("SectionPage", "BriefIndexPage", "AuthorIndexPage"):
        return {"list:sections"}
    if kind == "AuthorPage":
        return {"list:authors"}
    if kind == "StandardPage":
        return {"list:standard"} if page.show_in_menus else set()
    return set()


def page_published(page) -> None:
    """Purge the page itself and the listings it newly enters. Wagtail also
    sends `page_published` when a new page is approved for a later go-live:
    it is not live then and enters nothing until the clock publishes it (its
    listings recorded now would not be purged at its go-live)."""
    if not page.live:
        return
    new = memberships(page)
    record = Membership.objects.filter(page_id=page.pk).first()
    old = record.tag_set() if record else set()
    Membership.objects.update_or_create(page_id=page.pk, defaults={"tags": " ".join(sorted(new))})
    invalidate({f"page:{page.pk}", SEARCH} | (new - old))


def pages_published(pages) -> None:
    """`page_published` for pages never published before, written together."""
    if not pages:
        return
    found = {page.pk: memberships(page) for page in pages}
    Membership.objects.bulk_create(
        Membership(page_id=pk, tags=" ".join(sorted(tags))) for pk, tags in found.items()
    )
    invalidate({SEARCH, *(f"page:{pk}" for pk in found), *set().union(*found.values())})


def page_gone(page_id: int) -> None:
    """Unpublished or deleted: every listing that showed it carries its tag."""
    Membership.objects.filter(page_id=page_id).delete()
    invalidate({f"page:{page_id}", SEARCH})


def page_moved(page) -> None:
    """The page's URL and its descendants' URLs changed."""
    ids = [page.pk, *page.get_descendants().values_list("pk", flat=True)]
    invalidate({SEARCH, *(f"page:{pk}" for pk in ids)})
