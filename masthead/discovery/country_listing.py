"""What the country pages show: tagged articles by key, and the countries
with live articles."""

from django.db.models import Count

from masthead.articles import countries, listings
from masthead.articles.keyset import keyset_page
from masthead.articles.models import ArticleCountry, ArticlePage


def country_page(country: countries.Country, request) -> dict:
    tagged = ArticlePage.objects.filter(listed_at__isnull=False, country_items__tag__name=country.name)
    articles = keyset_page(listings.teaser_articles(), request, listings.SECTION_PAGE_SIZE, [(tagged, "pk")])
    return {"articles": articles, **listings.quick_takes()}


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
