"""What listings ask of the article and brief tables, as QuerySet methods:
`ArticlePage.objects.listed().of_region(region)`, `.teasers()` for cards.

`listed_at` is set only while a page is live (`models.Listed`), so a
listing filters and orders on the page type's own table and indexes,
never joining the page tree for `live` and the publication date."""

from django.db.models import Prefetch, Q
from wagtail.query import PageQuerySet


class ListedQuerySet(PageQuerySet):
    def listed(self):
        """Live, newest first."""
        return self.filter(listed_at__isnull=False).order_by("-listed_at", "-pk")


class ArticleQuerySet(ListedQuerySet):
    def of_region(self, region):
        """Filed under the region, first or among its further regions."""
        further = self.model.further_regions.through.objects.filter(region=region)
        return self.filter(Q(primary_region=region) | Q(pk__in=further.values("articlepage_id")))

    def bylines(self) -> Prefetch:
        """The credits of these articles, as each article's `credits` list,
        with what a byline shows of each author, the name and whether the
        page is live: the rest of an author's page (the bio, the links) costs
        more to load than the card itself."""
        credits = self.model._meta.get_field("article_authors").related_model
        return Prefetch(
            "article_authors",
            queryset=credits.objects.select_related("author")
            .only("page", "sort_order", "author__title", "author__live")
            .order_by("sort_order"),
            to_attr="credits",
        )

    def with_hero_renditions(self):
        """With the lead picture and every rendition made of it, as the
        `prefetched_renditions` Wagtail's `get_rendition` reads first: one
        query for all the sizes a page shows, none to the cache."""
        renditions = self.model._meta.get_field("hero_image").related_model.get_rendition_model()
        sizes = Prefetch(
            "hero_image__renditions", queryset=renditions.objects.all(), to_attr="prefetched_renditions"
        )
        return self.select_related("hero_image").prefetch_related(sizes)

    def teasers(self):
        """With everything a teaser card shows: kind, region, picture and
        its renditions, the credited authors; not the body."""
        return (
            self.defer_streamfields()
            .select_related("kind", "primary_region")
            .with_hero_renditions()
            .prefetch_related(self.bylines())
        )


class BriefQuerySet(ListedQuerySet):
    pass
