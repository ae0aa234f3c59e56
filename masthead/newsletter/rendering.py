"""Turning an edition into mail: HTML with inlined CSS and a plain-text part, rendered once per
edition with placeholders that each recipient's links replace."""

from __future__ import annotations

from typing import TYPE_CHECKING

import css_inline
from django.conf import settings
from django.template.loader import render_to_string

from masthead.articles.models import ArticlePage
from masthead.articles.teasers import lead_only
from masthead.core.models import MagazineSettings
from masthead.photos import sizes

if TYPE_CHECKING:  # the model's preview renders through here
    from .models import Edition

# Per-recipient parts of a rendered edition (ASCII, and safe in HTML as is).
UNSUBSCRIBE = "%%masthead:unsubscribe%%"
PREFERENCES = "%%masthead:preferences%%"
EMAIL = "%%masthead:email%%"
TRACK = "%%masthead:track%%"  # with engagement on (engagement.py)


def _picture(article) -> dict | None:
    if not article.hero_image:
        return None
    rendition = article.hero_image.get_rendition(sizes.MAIL)
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


def personalise(
    template: str, email: str, unsubscribe_url: str, preferences_url: str, html: bool, track: str = ""
) -> str:
    if html:
        email = email.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    filled = (
        template.replace(UNSUBSCRIBE, unsubscribe_url)
        .replace(PREFERENCES, preferences_url)
        .replace(EMAIL, email)
    )
    return filled.replace(TRACK, track) if track else filled


def preview_context(edition: Edition) -> dict:
    """Wagtail's preview panel: the mail as a reader would get it, before
    saving (items come from the unsaved form)."""
    context = _context(edition, content_of(edition))
    context.update(unsubscribe_url="#", preferences_url="#", email="reader@example.org", preview=True)
    return context
