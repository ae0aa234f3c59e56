"""The admin's dashboard, by role: what each person needs to act on first.
Wagtail's own panels stay (awaiting my review, my pages in review, my
recent edits, locked pages); these add the rest, each shown to those whose
work it is (wagtail_hooks.py)."""

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, Revision

from masthead.articles.models import ArticlePage
from masthead.photos.models import Photo


def my_drafts(user, limit: int = 8) -> list:
    """Pages the user started that are not live, or have changes not yet
    published: newest first."""
    pages = Page.objects.filter(owner=user).filter(Q(live=False) | Q(has_unpublished_changes=True))
    return list(pages.order_by("-latest_revision_created_at")[:limit])


def scheduled(limit: int = 10) -> list[tuple[Page, object]]:
    """Pages waiting to go live, with when: soonest first."""
    revisions = list(
        Revision.objects.page_revisions()
        .filter(approved_go_live_at__gt=timezone.now())
        .order_by("approved_go_live_at")[:limit]
    )
    pages = Page.objects.in_bulk([int(r.object_id) for r in revisions])
    return [(pages[int(r.object_id)], r.approved_go_live_at) for r in revisions if int(r.object_id) in pages]


def recently_published(limit: int = 8) -> list:
    return list(ArticlePage.objects.live().order_by("-last_published_at")[:limit])


def uncredited_pictures(limit: int = 8) -> tuple[int, list]:
    """Pictures without a credit (they cannot be published): how many, and the newest."""
    photos = Photo.objects.filter(credit="")
    return photos.count(), list(photos.order_by("-created_at")[:limit])
