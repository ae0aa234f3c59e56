"""Drafting an edition from the week's articles, and turning an edition
into mail: HTML with inlined CSS and a plain-text part, rendered once per
edition with placeholders that each recipient's links replace."""

from datetime import timedelta

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format

from masthead.articles.models import ArticlePage
from masthead.articles.teasers import lead_only
from masthead.core.models import MagazineSettings

from .models import Edition, EditionItem, Newsletter

# Per-recipient parts of a rendered edition (ASCII, and safe in HTML as is).
UNSUBSCRIBE = "%%masthead:unsubscribe%%"
PREFERENCES = "%%masthead:preferences%%"
EMAIL = "%%masthead:email%%"

MAX_ITEMS = 24


def week_articles(newsletter: Newsletter, start, end):
    articles = ArticlePage.objects.live().filter(listed_at__gte=start, listed_at__lt=end)
    if newsletter.region_id:
        articles = articles.filter(primary_region_id=newsletter.region_id)
    return articles.select_related("primary_region").order_by(
        "primary_region__sort_order", "primary_region__name", "-listed_at", "-pk"
    )[:MAX_ITEMS]


def draft_edition(newsletter: Newsletter, end=None) -> Edition:
    """A draft of the week to `end` (default now): every article published
    in it, grouped by region, newest first within each region."""
    end = end or timezone.now()
    start = end - timedelta(days=7)
    edition = Edition(
        newsletter=newsletter,
        subject=f"{newsletter.name}: {date_format(timezone.localtime(end), 'j F Y')}",
        period_start=start,
        period_end=end,
    )
    edition.items = [
        EditionItem(article=article, sort_order=i)
        for i, article in enumerate(week_articles(newsletter, start, end))
    ]
    edition.save()
    return edition


def _picture(article) -> dict | None:
    if not article.hero_image:
        return None
    rendition = article.hero_image.get_rendition("fill-1200x675|format-jpeg|jpegquality-75")
    return {
        "url": settings.SITE_URL + rendition.url,
        "alt": rendition.alt,
        "width": 600,
        "height": 338,
        "credit": article.credit,
    }


def content_of(edition: Edition) -> dict:
    """What the edition shows, as plain data: frozen at send time,
    computed from the current items before."""
    if edition.content:
        return edition.content
    ids = [item.article_id for item in edition.items.all()]
    articles = ArticlePage.objects.live().filter(pk__in=ids)
    articles = {a.pk: a for a in articles.select_related("kind", "primary_region", "hero_image")}
    groups: dict[str, list] = {}
    for pk in ids:
        article = articles.get(pk)
        if article is None:  # unpublished since it was added
            continue
        groups.setdefault(article.primary_region.name, []).append(
            {
                "kicker": f"{article.kind.name} | {article.primary_region.name}",
                "title": article.title,
                "url": settings.SITE_URL + article.url,
                "teaser": lead_only(article.summary),
                "picture": _picture(article),
            }
        )
    return {
        "intro": [p.strip() for p in edition.intro.split("\n\n") if p.strip()],
        "groups": [{"region": region, "stories": stories} for region, stories in groups.items()],
    }


def _context(edition: Edition, content: dict) -> dict:
    from django.urls import reverse

    return {
        "edition": edition,
        "content": content,
        "publication": MagazineSettings.load().publication_name,
        "site_url": settings.SITE_URL,
        "archive_url": settings.SITE_URL + reverse("newsletter:edition", args=[edition.pk]),
        "unsubscribe_url": UNSUBSCRIBE,
        "preferences_url": PREFERENCES,
        "email": EMAIL,
    }


def render_edition(edition: Edition, content: dict | None = None) -> tuple[str, str]:
    """(html, text) with recipient placeholders; the HTML's CSS inlined."""
    context = _context(edition, content or content_of(edition))
    html = render_to_string("newsletter/mail/edition.html", context)
    text = render_to_string("newsletter/mail/edition.txt", context)
    return css_inline.inline(html), text


def personalise(template: str, email: str, unsubscribe_url: str, preferences_url: str, html: bool) -> str:
    if html:
        email = email.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        template.replace(UNSUBSCRIBE, unsubscribe_url)
        .replace(PREFERENCES, preferences_url)
        .replace(EMAIL, email)
    )


def preview_context(edition: Edition) -> dict:
    """Wagtail's preview panel: the mail as a reader would get it, before
    saving (items come from the unsaved form)."""
    context = _context(edition, content_of(edition))
    context.update(unsubscribe_url="#", preferences_url="#", email="reader@example.org", preview=True)
    return context
