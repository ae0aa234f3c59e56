"""The read-only content API: articles, quick takes, sections and authors
as JSON, with an OpenAPI schema at /api/v1/openapi.json.

Only live pages are served, so an embargoed or unpublished piece is never
visible here. Long listings page by key (`cursor`, from the previous
page's `next`), so a deep page costs what the first does; `fields` keeps
only the named fields of each item. Bad parameters get a 400 or 422 whose
`detail` says which and why."""

from datetime import UTC, datetime
from typing import Annotated

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError
from pydantic import AfterValidator
from wagtail.rich_text import expand_db_html

from masthead.articles import countries
from masthead.articles.keyset import KeysetPage, keyset_window
from masthead.articles.models import (
    ArticleAuthor,
    ArticlePage,
    AuthorPage,
    BriefPage,
    Kind,
    Region,
    SectionPage,
)
from masthead.articles.teasers import rich_text_to_plain
from masthead.core.addresses import absolute
from masthead.photos import sizes

api = NinjaAPI(
    title="Content API",
    version="1",
    description=__doc__,
    urls_namespace="content-api",
    docs_url=None,  # the schema is the documentation; no third-party script on our pages
)


class Error(Schema):
    detail: str


class Named(Schema):
    slug: str
    name: str


class Country(Schema):
    slug: str
    name: str
    code: str = Field(description="ISO 3166-1 alpha-2")


class Person(Schema):
    id: int
    name: str
    url: str


class Picture(Schema):
    url: str
    width: int
    height: int
    caption: str
    credit: str


class Article(Schema):
    """Every field may be left out by `fields`."""

    id: int | None = None
    title: str | None = None
    url: str | None = None
    dek: str | None = None
    summary: str | None = None
    kind: Named | None = None
    region: Named | None = None
    further_regions: list[Named] | None = None
    countries: list[Country] | None = None
    authors: list[Person] | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    image: Picture | None = None
    access: str | None = None
    body_html: str | None = None


class Brief(Schema):
    id: int | None = None
    title: str | None = None
    url: str | None = None
    author: Person | None = None
    published_at: datetime | None = None
    access: str | None = None
    text: str | None = None
    body_html: str | None = None


class Section(Schema):
    id: int
    title: str
    url: str
    region: Named | None = None
    kind: Named | None = None
    intro: str


class Author(Schema):
    id: int
    name: str
    slug: str
    url: str
    role: str
    bio_html: str
    photo: Picture | None = None


class ArticleList(Schema):
    items: list[Article]
    next: str | None = Field(None, description="The `cursor` of the next page; empty on the last.")


class BriefList(Schema):
    items: list[Brief]
    next: str | None = None


def _utc(value: datetime | None) -> datetime | None:
    """A date-time in UTC; one that cannot be (a day-long offset on the
    first of January of year 1) is a parameter error, not a database one."""
    if value is None:
        return None
    try:
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    except (OverflowError, ValueError) as error:
        raise ValueError("is out of range") from error


Moment = Annotated[datetime | None, AfterValidator(_utc)]


class Paging(Schema):
    limit: int = Field(20, ge=1, le=100)
    cursor: str | None = Field(None, max_length=40, description="`next` of the previous page")


class ArticleFilters(Paging):
    region: str | None = Field(None, max_length=60, description="a region's slug")
    kind: str | None = Field(None, max_length=60, description="a kind's slug")
    author: str | None = Field(None, max_length=255, description="an author's slug")
    country: str | None = Field(None, max_length=100, description="a country's slug, e.g. united-kingdom")
    since: Moment = Field(None, description="published at or after")
    until: Moment = Field(None, description="published at or before")
    fields: str | None = Field(None, max_length=300, description="comma-separated fields to keep")


class BriefFilters(Paging):
    author: str | None = Field(None, max_length=255, description="an author's slug")
    since: Moment = None
    until: Moment = None
    fields: str | None = Field(None, max_length=300)


class Fields(Schema):
    fields: str | None = Field(None, max_length=300, description="comma-separated fields to keep")


class Invalid(Schema):
    """A parameter of the wrong type or out of range: one entry per problem."""

    detail: list[dict]


# Page ids are 32-bit on PostgreSQL: a larger one is a 422, not a database error.
PageId = Annotated[int, Path(ge=1, le=2_147_483_647)]

ERRORS = {400: Error, 404: Error, 422: Invalid}


# --- Helpers ----------------------------------------------------------------


def _chosen(raw: str | None, schema, default: set[str]) -> set[str]:
    if not raw:
        return default
    wanted = {f.strip() for f in raw.split(",") if f.strip()}
    unknown = wanted - set(schema.model_fields)
    if unknown:
        raise HttpError(
            400, f"Unknown field(s): {', '.join(sorted(unknown))}. Known: {', '.join(schema.model_fields)}."
        )
    return wanted


def _slugged(model, slug: str | None, label: str):
    if slug is None:
        return None
    # No slug holds a NUL, and PostgreSQL refuses one in a query.
    found = None if "\x00" in slug else model.objects.filter(slug=slug).first()
    if found is None:
        raise HttpError(400, f"There is no {label} “{slug}”.")
    return found


def _window(items, sources, limit, cursor) -> KeysetPage:
    """A page by key, as on the site's listings; a bad cursor is a 400."""
    try:
        return keyset_window(items, limit, sources, before=cursor)
    except Http404:
        raise HttpError(
            400, "cursor: not a position in this listing; use `next` from the previous page."
        ) from None


def _dated(queryset, since, until, field="listed_at"):
    if since and until and since > until:
        raise HttpError(400, "since is after until.")
    if since:
        queryset = queryset.filter(**{f"{field}__gte": since})
    if until:
        queryset = queryset.filter(**{f"{field}__lte": until})
    return queryset


def _picture(photo, caption="", credit="") -> dict | None:
    if photo is None:
        return None
    rendition = photo.get_rendition(sizes.API)
    return {
        "url": absolute(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "caption": caption or photo.caption,
        "credit": credit or photo.credit,
    }


def _person(author) -> dict:
    return {"id": author.pk, "name": author.title, "url": absolute(author.url)}


def _article(a, keep: set[str]) -> dict:
    makers = {
        "id": lambda: a.pk,
        "title": lambda: a.title,
        "url": lambda: absolute(a.url),
        "dek": lambda: a.dek,
        "summary": lambda: a.summary,
        "kind": lambda: {"slug": a.kind.slug, "name": a.kind.name},
        "region": lambda: {"slug": a.primary_region.slug, "name": a.primary_region.name},
        "further_regions": lambda: [{"slug": r.slug, "name": r.name} for r in a.further_regions.all()],
        "countries": lambda: [
            {"slug": c.slug, "name": c.name, "code": c.code}
            for c in countries.of_names(i.tag.name for i in a.country_items.all())
        ],
        "authors": lambda: [
            _person(credit.author) for credit in a.article_authors.all() if credit.author.live
        ],
        "published_at": lambda: a.first_published_at,
        "updated_at": lambda: a.updated_at,
        "image": lambda: _picture(a.hero_image, a.hero_caption, a.hero_credit),
        "access": lambda: a.access,
        # A restricted piece's open part only: the API is open to everyone.
        "body_html": lambda: "".join(str(block.render()) for block in a.open_blocks()),
    }
    return {name: make() for name, make in makers.items() if name in keep}


def _articles():
    return (
        ArticlePage.objects.filter(listed_at__isnull=False)
        .select_related("kind", "primary_region", "hero_image")
        .prefetch_related(
            "further_regions",
            "country_items__tag",
            Prefetch(
                "article_authors",
                queryset=ArticleAuthor.objects.select_related("author").order_by("sort_order"),
            ),
            Prefetch("hero_image__renditions", to_attr="prefetched_renditions"),
        )
    )


LIST_FIELDS = set(Article.model_fields) - {"body_html"}


# --- Endpoints ----------------------------------------------------------------


@api.get("/articles", response={200: ArticleList, **ERRORS}, exclude_unset=True, tags=["articles"])
def article_list(request, filters: Query[ArticleFilters]):
    """Live articles, newest first. Without `fields`, everything but the
    body (ask for `body_html` by name)."""
    keep = _chosen(filters.fields, Article, LIST_FIELDS)
    source = _dated(ArticlePage.objects.filter(listed_at__isnull=False), filters.since, filters.until)
    region = _slugged(Region, filters.region, "region")
    kind = _slugged(Kind, filters.kind, "kind")
    author = _slugged(AuthorPage, filters.author, "author")
    if filters.country is not None:
        country = countries.by_slug(filters.country)
        if country is None:
            raise HttpError(400, f"There is no country “{filters.country}”.")
        source = source.filter(country_items__tag__name=country.name)
    if region:
        source = source.filter(Q(primary_region=region) | Q(further_regions=region)).distinct()
    if kind:
        source = source.filter(kind=kind)
    if author:
        source = source.filter(article_authors__author=author)
    page = _window(_articles(), [(source, "pk")], filters.limit, filters.cursor)
    return {"items": [_article(a, keep) for a in page], "next": page.older or None}


@api.get("/articles/{article_id}", response={200: Article, **ERRORS}, exclude_unset=True, tags=["articles"])
def article_detail(request, article_id: PageId, fields: Query[Fields]):
    keep = _chosen(fields.fields, Article, set(Article.model_fields))
    return _article(get_object_or_404(_articles(), pk=article_id), keep)


def _brief(b, keep: set[str]) -> dict:
    makers = {
        "id": lambda: b.pk,
        "title": lambda: b.title,
        "url": lambda: absolute(b.url),
        "author": lambda: _person(b.author) if b.author and b.author.live else None,
        "published_at": lambda: b.first_published_at,
        "access": lambda: b.access,
        "text": lambda: "" if b.is_restricted else rich_text_to_plain(b.body),
        "body_html": lambda: "" if b.is_restricted else expand_db_html(b.body),
    }
    return {name: make() for name, make in makers.items() if name in keep}


def _briefs():
    return BriefPage.objects.filter(listed_at__isnull=False).select_related("author")


@api.get("/briefs", response={200: BriefList, **ERRORS}, exclude_unset=True, tags=["quick takes"])
def brief_list(request, filters: Query[BriefFilters]):
    """Live quick takes, newest first."""
    keep = _chosen(filters.fields, Brief, set(Brief.model_fields))
    source = _dated(_briefs(), filters.since, filters.until)
    author = _slugged(AuthorPage, filters.author, "author")
    if author:
        source = source.filter(author=author)
    page = _window(_briefs(), [(source, "pk")], filters.limit, filters.cursor)
    return {"items": [_brief(b, keep) for b in page], "next": page.older or None}


@api.get("/briefs/{brief_id}", response={200: Brief, **ERRORS}, exclude_unset=True, tags=["quick takes"])
def brief_detail(request, brief_id: PageId, fields: Query[Fields]):
    keep = _chosen(fields.fields, Brief, set(Brief.model_fields))
    return _brief(get_object_or_404(_briefs(), pk=brief_id), keep)


def _section(s) -> dict:
    return {
        "id": s.pk,
        "title": s.title,
        "url": absolute(s.url),
        "region": {"slug": s.region.slug, "name": s.region.name} if s.region else None,
        "kind": {"slug": s.kind.slug, "name": s.kind.name} if s.kind else None,
        "intro": s.intro,
    }


@api.get("/sections", response={200: list[Section], 422: Invalid}, tags=["sections"])
def section_list(request):
    """Every live section (a region's or a kind's listing), in menu order."""
    return [_section(s) for s in SectionPage.objects.live().select_related("region", "kind").order_by("path")]


@api.get("/sections/{section_id}", response={200: Section, **ERRORS}, tags=["sections"])
def section_detail(request, section_id: PageId):
    return _section(
        get_object_or_404(SectionPage.objects.live().select_related("region", "kind"), pk=section_id)
    )


def _author(a) -> dict:
    return {
        "id": a.pk,
        "name": a.title,
        "slug": a.slug,
        "url": absolute(a.url),
        "role": a.role,
        "bio_html": expand_db_html(a.bio),
        "photo": _picture(a.photo),
    }


def _authors():
    return AuthorPage.objects.live().select_related("photo").order_by("title", "pk")


@api.get("/authors", response={200: list[Author], 422: Invalid}, tags=["authors"])
def author_list(request, limit: int = Query(100, ge=1, le=500), offset: int = Query(0, ge=0, le=100_000)):
    """Live authors by name."""
    return [_author(a) for a in _authors()[offset : offset + limit]]


@api.get("/authors/{author_id}", response={200: Author, **ERRORS}, tags=["authors"])
def author_detail(request, author_id: PageId):
    return _author(get_object_or_404(_authors(), pk=author_id))
