"""Drafting an edition: the week's published articles, grouped by region."""

from datetime import timedelta

from django.utils import timezone
from django.utils.dateformat import format as date_format

from masthead.articles.models import ArticlePage

from .models import Edition, EditionItem, Newsletter

MAX_ITEMS = 24


def period_articles(newsletter: Newsletter, start, end):
    """The live articles published in the period (of the newsletter's
    region, if it has one), grouped by region, newest first in each."""
    articles = ArticlePage.objects.live().filter(listed_at__gte=start, listed_at__lt=end)
    if newsletter.region_id:
        articles = articles.filter(primary_region_id=newsletter.region_id)
    return articles.select_related("primary_region").order_by(
        "primary_region__sort_order", "primary_region__name", "-listed_at", "-pk"
    )


def week_articles(newsletter: Newsletter, start, end):
    return period_articles(newsletter, start, end)[:MAX_ITEMS]


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
