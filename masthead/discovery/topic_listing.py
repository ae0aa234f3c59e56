"""What the topic pages show: a topic's articles by key, and the topics
with live articles; each cached and purged by its `list:topic:` tag."""

from django.db.models import Count

from masthead.articles import listings
from masthead.articles.keyset import keyset_page
from masthead.articles.models import ArticlePage, Topic
from masthead.core import tags


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
