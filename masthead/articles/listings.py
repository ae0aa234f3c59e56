"""What each page lists, in a fixed number of queries.

Every function here fetches with select/prefetch so the number of SQL
queries a page needs does not grow with the size of the archive.
"""

from django.apps import apps
from django.db.models import Prefetch, Q

from masthead.articles.keyset import keyset_page
from masthead.pagecache import tags

LATEST_COUNT = 6
QUICK_TAKES_COUNT = 5
RELATED_COUNT = 3
REGION_RAIL_COUNT = 3
SECTION_PAGE_SIZE = 12
BRIEFS_PAGE_SIZE = 20


def _model(name):
    return apps.get_model("articles", name)


def _renditions():
    return _model("ArticlePage")._meta.get_field("hero_image").related_model.get_rendition_model()


def teaser_articles():
    """Live articles with everything a teaser card shows, newest first.

    `listed_at` is set while an article is live (see `Listed`), so listings
    filter and sort on the article table's own indexes."""
    ArticlePage = _model("ArticlePage")
    ArticleAuthor = _model("ArticleAuthor")
    return (
        ArticlePage.objects.filter(listed_at__isnull=False)
        .defer_streamfields()
        .select_related("kind__section", "primary_region__section", "hero_image")
        .prefetch_related(
            Prefetch(
                "article_authors",
                queryset=ArticleAuthor.objects.select_related("author").order_by("sort_order"),
            ),
            Prefetch(
                "hero_image__renditions",
                queryset=_renditions().objects.all(),
                to_attr="prefetched_renditions",
            ),
        )
        .order_by("-listed_at", "-pk")
    )


def briefs():
    return (
        _model("BriefPage")
        .objects.filter(listed_at__isnull=False)
        .select_related("author")
        .order_by("-listed_at", "-pk")
    )


def shown(items: list) -> list:
    """Record that the response shows these pages (see masthead.pagecache)."""
    tags.shown(*items)
    return items


def site_rails(exclude_pk=None) -> dict:
    """The rails every page ends with: the latest pieces and the quick takes."""
    latest = teaser_articles()
    if exclude_pk:
        latest = latest.exclude(pk=exclude_pk)
    tags.listed("latest")
    tags.listed("briefs")
    brief_index = _model("BriefIndexPage").objects.live().first()
    tags.shown(brief_index)
    return {
        "latest": shown(list(latest[:LATEST_COUNT])),
        "quick_takes": shown(list(briefs()[:QUICK_TAKES_COUNT])),
        "brief_index": brief_index,
    }


def related_articles(article, limit=RELATED_COUNT) -> list:
    """Editor pins first, in their order; then the newest articles of the
    same region; then the newest overall, until `limit` is reached."""
    pinned_ids = list(article.pinned_related.order_by("sort_order").values_list("related_id", flat=True))
    found = {a.pk: a for a in teaser_articles().filter(pk__in=pinned_ids)}
    chosen = [found[pk] for pk in pinned_ids if pk in found][:limit]
    taken = [article.pk] + [a.pk for a in chosen]
    if len(chosen) < limit:
        tags.listed(f"region:{article.primary_region_id}")
        same_region = teaser_articles().filter(primary_region_id=article.primary_region_id)
        chosen += list(same_region.exclude(pk__in=taken)[: limit - len(chosen)])
        taken = [article.pk] + [a.pk for a in chosen]
    if len(chosen) < limit:
        tags.listed("latest")
        chosen += list(teaser_articles().exclude(pk__in=taken)[: limit - len(chosen)])
    return shown(chosen)


def article_page(article) -> dict:
    authors = [
        credit.author
        for credit in article.article_authors.select_related("author__photo").order_by("sort_order")
        if credit.author.live
    ]
    tags.shown(*authors)
    return {
        "authors": authors,
        "related": related_articles(article),
        **site_rails(exclude_pk=article.pk),
    }


def home_page(home) -> dict:
    Region = _model("Region")
    lead = None
    if home.lead_article_id:
        lead = teaser_articles().filter(pk=home.lead_article_id).first()
    if lead is None:
        tags.listed("latest")
        lead = teaser_articles().filter(kind__slug="analysis").first() or teaser_articles().first()
    tags.shown(lead)
    lead_pk = lead.pk if lead else None
    regions = list(Region.objects.filter(section__live=True).select_related("section"))
    tags.shown(*(region.section for region in regions))
    tags.add(*(f"list:region:{region.pk}" for region in regions))
    # One small indexed query per region for ids, then one fetch for all cards.
    rail_ids = {
        region.pk: list(
            teaser_articles()
            .filter(primary_region=region)
            .exclude(pk=lead_pk)
            .values_list("pk", flat=True)[:REGION_RAIL_COUNT]
        )
        for region in regions
    }
    cards = {
        a.pk: a for a in teaser_articles().filter(pk__in=[pk for ids in rail_ids.values() for pk in ids])
    }
    shown(list(cards.values()))
    rails = [
        {"region": region, "articles": [cards[pk] for pk in rail_ids[region.pk] if pk in cards]}
        for region in regions
    ]
    return {
        "lead": lead,
        "region_rails": [rail for rail in rails if rail["articles"]],
        **site_rails(exclude_pk=lead_pk),
    }


def section_page(section, request) -> dict:
    ArticlePage = _model("ArticlePage")
    articles = teaser_articles()
    if section.region_id:
        also = ArticlePage.further_regions.through.objects.filter(region_id=section.region_id)
        articles = articles.filter(
            Q(primary_region_id=section.region_id) | Q(pk__in=also.values("articlepage_id"))
        )
        tags.listed(f"region:{section.region_id}")
    else:
        articles = articles.filter(kind_id=section.kind_id)
        tags.listed(f"kind:{section.kind_id}")
    return {"articles": keyset_page(articles, request, SECTION_PAGE_SIZE), **site_rails()}


def brief_index_page(index, request) -> dict:
    page = keyset_page(briefs().child_of(index).select_related("image"), request, BRIEFS_PAGE_SIZE)
    tags.listed("briefs")
    tags.listed("latest")
    return {"briefs": page, "latest": shown(list(teaser_articles()[:LATEST_COUNT]))}


def author_page(author, request) -> dict:
    articles = teaser_articles().filter(article_authors__author=author)
    tags.listed(f"author:{author.pk}")
    return {
        "articles": keyset_page(articles, request, SECTION_PAGE_SIZE),
        "author_briefs": shown(list(briefs().filter(author=author)[:QUICK_TAKES_COUNT])),
        **site_rails(),
    }
