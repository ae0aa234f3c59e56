"""What the country and topic pages show: tagged articles by key, and the
countries and topics with live articles."""

from django.db.models import Count

from masthead.articles import countries, listings
from masthead.articles.keyset import keyset_page
from masthead.articles.models import ArticleCountry, ArticlePage, Topic
from masthead.core import tags


def country_page(country: countries.Country, request) -> dict:
    tagged = ArticlePage.objects.filter(listed_at__isnull=False, country_items__tag__name=country.name)
    articles = keyset_page(listings.teaser_articles(), request, listings.SECTION_PAGE_SIZE, [(tagged, "pk")])
    return {"articles": articles, **listings.quick_takes()}


def topic_page(topic, request) -> dict:
    tags.listed(f"topic:{topic.pk}")
    tagged = ArticlePage.objects.filter(listed_at__isnull=False, topic_items__tag=topic)
    articles = keyset_page(listings.teaser_articles(), request, listings.SECTION_PAGE_SIZE, [(tagged, "pk")])
    return {"articles": articles, **listings.quick_takes()}


def topic_index() -> dict:
    """Topics with live articles, by name, with how many."""
    tags.listed("topics")
    rows = (
        Topic.objects.filter(tagged_items__content_object__listed_at__isnull=False)
        .annotate(articles=Count("tagged_items", distinct=True))
        .order_by("name")
    )
    return {"topics": list(rows)}


def country_index() -> dict:
    rows = (
        ArticleCountry.objects.filter(content_object__listed_at__isnull=False)
        .values("tag__name")
        .annotate(articles=Count("content_object", distinct=True))
        .order_by("tag__name")
    )
    found = []
    for row in rows:
        country = countries.find(row["tag__name"])
        if country is not None:
            found.append({"country": country, "articles": row["articles"]})
    return {"countries": found, **listings.site_rails()}
