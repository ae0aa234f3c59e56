"""Turning an edition into mail: HTML with inlined CSS and a plain-text part, rendered once per
edition with placeholders that each recipient's links replace."""

from __future__ import annotations

from typing import TYPE_CHECKING

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape
from wagtail.rich_text import expand_db_html

from masthead.articles.models import ArticlePage
from masthead.articles.teasers import lead_only
from masthead.core import access
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


def _full(article) -> tuple[str, str]:
    """A restricted piece's whole text for the mail of readers who may read
    it: (html, plain text). Text, headings and quotes come over; what a mail
    cannot carry well (pictures, charts, embeds) stays on the web."""
    parts, left_out = [], False
    for block in article.body:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            parts.append(expand_db_html(value.source).replace('href="/', f'href="{settings.SITE_URL}/'))
        elif kind == "heading":
            parts.append(f"<h4>{escape(value['text'])}</h4>")
        elif kind == "block_quote":
            by = f"<br>— {escape(value['attribution'])}" if value["attribution"] else ""
            parts.append(f"<blockquote><p>{escape(value['quote'])}{by}</p></blockquote>")
        elif kind not in ("members_break", "support_box", "separator", "pull_quote"):
            left_out = True
    if left_out:
        parts.append('<p class="small">Pictures and other parts of this piece are in the web version.</p>')
    return "".join(parts), article.body_text()


def content_of(edition: Edition) -> dict:
    """What the edition shows, as plain data: frozen at send time,
    computed from the current items before. A members-only piece carries its
    access, and, when the edition gives such pieces in full, their text: only
    the mail of a reader whose level allows it shows that (`content_for`)."""
    if edition.content:
        return edition.content
    ids = [item.article_id for item in edition.items.all()]
    articles = ArticlePage.objects.live().filter(pk__in=ids).prefetch_related("access_tiers")
    articles = {a.pk: a for a in articles.select_related("kind", "primary_region", "hero_image")}
    groups: dict[str, list] = {}
    for pk in ids:
        article = articles.get(pk)
        if article is None:  # unpublished since it was added
            continue
        story = {
            "kicker": f"{article.kind.name} | {article.primary_region.name}",
            "title": article.title,
            "url": settings.SITE_URL + article.url,
            "teaser": lead_only(article.summary),
            "picture": _picture(article),
        }
        if article.is_restricted:
            story["access"] = article.access
            story["tiers"] = sorted(t.slug for t in article.access_tiers.all())
            if edition.members_in_full:
                story["full_html"], story["full_text"] = _full(article)
        groups.setdefault(article.primary_region.name, []).append(story)
    return {
        "intro": [p.strip() for p in edition.intro.split("\n\n") if p.strip()],
        "groups": [{"region": region, "stories": stories} for region, stories in groups.items()],
    }


def levelled(content: dict) -> bool:
    """Does the mail differ by the reader's level (pieces in full)?"""
    return any("full_html" in s for g in content.get("groups", []) for s in g["stories"])


def content_for(edition: Edition, level: str = access.ANONYMOUS, content: dict | None = None) -> dict:
    """What a reader at `level` gets: each story marked `full` when its
    whole text may go to them; the text itself is dropped for everyone else
    (the web archive is everyone else)."""
    content = content or content_of(edition)
    groups = []
    for group in content.get("groups", []):
        stories = []
        for story in group["stories"]:
            shown = {k: v for k, v in story.items() if k not in ("full_html", "full_text")}
            if "full_html" in story and access.allows(level, story["access"], story["tiers"]):
                shown.update(full=True, full_html=story["full_html"], full_text=story["full_text"])
            stories.append(shown)
        groups.append({**group, "stories": stories})
    return {**content, "groups": groups}


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


def render_edition(
    edition: Edition, content: dict | None = None, level: str = access.ANONYMOUS
) -> tuple[str, str]:
    """(html, text) for readers at `level`, with recipient placeholders;
    the HTML's CSS inlined."""
    context = _context(edition, content_for(edition, level, content))
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
    context = _context(edition, content_for(edition))
    context.update(unsubscribe_url="#", preferences_url="#", email="reader@example.org", preview=True)
    return context
