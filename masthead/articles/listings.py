"""What each page lists, in a fixed number of queries.

Every function here fetches with select/prefetch so the number of SQL
queries a page needs does not grow with the size of the archive.
"""

from django.apps import apps
from django.db.models import Prefetch

from masthead.articles import countries
from masthead.articles.keyset import keyset_page
from masthead.core import tags

LATEST_COUNT = 6
SECONDARY_COUNT = 4  # at most, under the front page's lead
SECONDARY_DEFAULT = 3  # when editors chose none
QUICK_TAKES_COUNT = 5
RELATED_COUNT = 3
REGION_RAIL_COUNT = 3
SECTION_PAGE_SIZE = 12
BRIEFS_PAGE_SIZE = 20


def _model(name, app="articles"):
    return apps.get_model(app, name)


def _renditions():
    return _model("AuthorPage")._meta.get_field("photo").related_model.get_rendition_model()


def teaser_articles():
    """Live articles, newest first, ready for teaser cards."""
    return _model("ArticlePage").objects.listed().teasers()


def briefs():
    return _model("BriefPage").objects.listed().select_related("author")


def _few(name: str):
    """Live pages of a type that has only a few: ordered by their own key,
    so the database starts from their small table. Wagtail's default order
    (the tree path) makes SQLite walk the whole page tree instead."""
    return _model(name).objects.live().order_by("pk")


def _host(request) -> str:
    return request.get_host() if request is not None else ""


def sections(request) -> dict:
    """{("region" or "kind", id): (title, URL)} of the live sections, for
    kickers and an article's breadcrumbs."""

    def compute():
        found = {}
        for section in _few("SectionPage"):
            tags.shown(section)
            key = ("region", section.region_id) if section.region_id else ("kind", section.kind_id)
            found[key] = (section.title, section.get_url(request) or "")
        return found

    return tags.shared(f"sections:{_host(request)}", compute)


def sections_by_slug(home) -> dict:
    """{slug: section page} of the home page's sections, live or not (a
    draft section's articles answer 404 as Wagtail would, from its route)."""

    def compute():
        found = _model("SectionPage").objects.child_of(home).order_by("pk")
        return {section.slug: section for section in shown(list(found))}

    return tags.shared(f"sections-by-slug:{home.pk}", compute)


def nav_items(request) -> list[dict]:
    """The sections, the quick takes and the authors, in editors' order."""

    def compute():
        sections = sorted(
            _few("SectionPage").select_related("region", "kind"),
            key=lambda s: (s.kind_id is not None, (s.region or s.kind).sort_order, s.title),
        )
        others = [*_few("BriefIndexPage"), *_few("AuthorIndexPage")]
        pages = shown([*sections, *others])
        return [{"title": p.title, "url": p.get_url(request), "pk": p.pk} for p in pages]

    return tags.shared(f"nav:{_host(request)}", compute)


def staff() -> list:
    """The live authors by name, for the authors' index and a masthead page."""
    tags.listed("authors")
    # Ordered in Python: few rows, and sorting by title in SQL would walk the page tree.
    authors = _model("AuthorPage").objects.live().select_related("photo").order_by("pk")
    return shown(sorted(authors, key=lambda a: a.title))


def footer_links(request) -> list[dict]:
    """The standard pages editors link from the footer, in their order."""

    def compute():
        tags.listed("standard")
        # In the page tree's order, sorted here: few rows, from their own table.
        pages = shown(sorted(_few("StandardPage").filter(show_in_menus=True), key=lambda p: p.path))
        return [{"title": p.title, "url": p.get_url(request)} for p in pages]

    return tags.shared(f"footer:{_host(request)}", compute)


def shown(items: list) -> list:
    """Record that the response shows these pages (see masthead.pagecache)."""
    tags.shown(*items)
    return items


def _listed():
    """Live articles, newest first, without the teaser's joins: for ids."""
    return _model("ArticlePage").objects.listed()


def _ids(queryset, limit: int) -> list[int]:
    return list(queryset.values_list("pk", flat=True)[:limit])


def cards(ids) -> dict:
    """Teaser-ready articles by pk: one fetch (three queries) for every card
    a page shows, whichever rails they are in. Cards already fetched since
    the last change are reused: articles of one region share most of their
    related stories."""
    known = tags.shared_dict("cards")
    found = {pk: known[pk] for pk in set(ids) if pk in known}
    missing = set(ids) - found.keys()
    if missing:
        fetched = {a.pk: a for a in teaser_articles().filter(pk__in=missing)}
        known.update(fetched)
        found.update(fetched)
    return found


def pick(found: dict, ids) -> list:
    return shown([found[pk] for pk in ids if pk in found])


def latest_cards() -> dict:
    """The newest articles, enough for the rail once a page leaves out what
    it shows elsewhere (itself and its related stories, or the home page's
    lead), ready for teasers: alike on every page, so shared."""

    def compute():
        tags.listed("latest")
        # Enough to fill the rail after leaving out an article's related
        # stories, or the front page's lead and secondary stories.
        return cards(_ids(_listed(), LATEST_COUNT + 1 + max(RELATED_COUNT, SECONDARY_COUNT)))

    return tags.shared("latest", compute)


def latest_ids(exclude=()) -> list[int]:
    """The rail's articles, newest first, leaving out `exclude`: what the
    page shows elsewhere, so no story appears twice on it."""
    newest = sorted(latest_cards().values(), key=lambda a: (a.listed_at, a.pk), reverse=True)
    return [a.pk for a in newest if a.pk not in exclude][:LATEST_COUNT]


def quick_takes() -> dict:
    def compute():
        tags.listed("briefs")
        brief_index = _few("BriefIndexPage").first()
        tags.shown(brief_index)
        return {"quick_takes": shown(list(briefs()[:QUICK_TAKES_COUNT])), "brief_index": brief_index}

    return tags.shared("quick-takes", compute)


def most_read() -> dict:
    """The most-read rail: the rankings the analytics app keeps in
    `core.Ranking`, purged by their own tag when they change."""

    def compute():
        tags.listed("most-read")
        rows = list(_model("Ranking", "core").objects.values_list("name", "page_id"))
        ranked = {name: [pk for n, pk in rows if n == name] for name in ("most-read-24h", "most-read-7d")}
        found = cards({pk for ids in ranked.values() for pk in ids})
        return {
            "most_read_day": pick(found, ranked["most-read-24h"]),
            "most_read_week": pick(found, ranked["most-read-7d"]),
        }

    return tags.shared("most-read", compute)


def rails(found: dict, latest: list[int]) -> dict:
    """The rails every page ends with: the latest pieces, the quick takes
    and the most read."""
    found = {**latest_cards(), **found}
    return {"latest": pick(found, latest), **quick_takes(), **most_read()}


def site_rails(exclude_pk=None) -> dict:
    return rails({}, latest_ids({exclude_pk}))


def related_tag(article_id: int) -> str:
    """The tag of an article's related-stories rail, which only the article's
    own page shows: discovery purges it when it rewrites the rail."""
    return f"list:related:{article_id}"


def related_ids(article, limit=RELATED_COUNT) -> list[int]:
    """The stored rail (the article's `related_stories`, which discovery
    computes when it is published). Until that task has run: the editor's
    pins, then the newest articles of the same region, then the newest of all.
    The rail carries its own tag, so a rewrite purges this page alone, not
    every listing that shows the article's teaser."""
    tags.add(related_tag(article.pk))
    stored = list(article.related_stories.order_by("position").values_list("related_id", flat=True))
    if stored:
        found = cards(stored)
        return [pk for pk in stored if pk in found][:limit]
    pinned = list(article.pinned_related.order_by("sort_order").values_list("related_id", flat=True))
    chosen = []
    if pinned:
        live = set(_listed().filter(pk__in=pinned).values_list("pk", flat=True))
        chosen = [pk for pk in pinned if pk in live][:limit]
    if len(chosen) < limit:
        tags.listed(f"region:{article.primary_region_id}")
        same_region = _listed().filter(primary_region_id=article.primary_region_id)
        chosen += _ids(same_region.exclude(pk__in=[article.pk, *chosen]), limit - len(chosen))
    if len(chosen) < limit:
        tags.listed("latest")
        chosen += _ids(_listed().exclude(pk__in=[article.pk, *chosen]), limit - len(chosen))
    return chosen


def related_articles(article, limit=RELATED_COUNT) -> list:
    ids = related_ids(article, limit)
    return pick(cards(ids), ids)


def article_countries(article) -> list[countries.Country]:
    """The article's countries, for its links (one query)."""
    names = (
        _model("ArticleCountry")
        .objects.filter(content_object_id=article.pk)
        .values_list("tag__name", flat=True)
    )
    return countries.of_names(names)


def article_page(article) -> dict:
    ArticleAuthor = _model("ArticleAuthor")
    credits = (
        ArticleAuthor.objects.filter(page_id=article.pk)
        .select_related("author__photo")
        .prefetch_related(
            Prefetch(
                "author__photo__renditions",
                queryset=_renditions().objects.all(),
                to_attr="prefetched_renditions",
            )
        )
        .order_by("sort_order")
    )
    authors = [credit.author for credit in credits if credit.author.live]
    tags.shown(*authors)
    related = related_ids(article)
    found = cards(related)
    return {
        "authors": authors,
        "related": pick(found, related),
        "countries": article_countries(article),
        **rails(found, latest_ids({article.pk, *related})),
    }


def home_page(home) -> dict:
    """The front page as editors compose it: the lead, secondary stories and
    editors' picks they chose (or, when they chose none, the newest analysis),
    then Latest, Quick takes and a rail per region, with no story twice. Ids
    first, each an indexed query, then one fetch for every card."""
    secondary_chosen = home.secondary_stories.order_by("sort_order").values_list("article_id", flat=True)
    secondary_chosen = list(dict.fromkeys(secondary_chosen))
    picks_chosen = list(home.picks.order_by("sort_order").values_list("article_id", "note"))
    chosen = {home.lead_article_id, *secondary_chosen, *(pk for pk, _ in picks_chosen)} - {None}
    live = set(_listed().filter(pk__in=chosen).values_list("pk", flat=True)) if chosen else set()
    lead_pk = home.lead_article_id if home.lead_article_id in live else None
    lead_chosen = lead_pk is not None
    if lead_pk is None:
        tags.listed("latest")
        lead_pk = next(iter(_ids(_listed().filter(kind__slug="analysis"), 1) or _ids(_listed(), 1)), None)
    secondary = [pk for pk in secondary_chosen if pk in live and pk != lead_pk][:SECONDARY_COUNT]
    if not secondary:
        tags.listed("latest")
        newest = _listed().filter(kind__slug__in=["analysis", "reporting"]).exclude(pk=lead_pk)
        secondary = _ids(newest, SECONDARY_DEFAULT)
    above = {pk for pk in (lead_pk, *secondary) if pk}
    picks = [(pk, note) for pk, note in picks_chosen if pk in live and pk not in above]
    above |= {pk for pk, _ in picks}
    sections = [s for s in _few("SectionPage").select_related("region") if s.region_id]
    tags.shown(*sections)
    regions = sorted((s.region for s in sections), key=lambda r: (r.sort_order, r.name))
    section_of = {s.region_id: s for s in sections}
    tags.add(*(f"list:region:{region.pk}" for region in regions))
    # No story twice: Latest leaves out what is above it, the rails all of it.
    latest = latest_ids(above)
    elsewhere = [*above, *latest]
    rail_ids = {
        region.pk: _ids(_listed().filter(primary_region=region).exclude(pk__in=elsewhere), REGION_RAIL_COUNT)
        for region in regions
    }
    found = cards([*above, *(pk for ids in rail_ids.values() for pk in ids)])
    region_rails = [
        {"region": region, "section": section_of[region.pk], "articles": pick(found, rail_ids[region.pk])}
        for region in regions
    ]
    lead = pick(found, [lead_pk])
    shown([found[pk] for pk, _ in picks if pk in found])
    return {
        "lead": lead[0] if lead else None,
        "lead_chosen": lead_chosen,
        "secondary": pick(found, secondary),
        "picks": [{"article": found[pk], "note": note} for pk, note in picks if pk in found],
        "region_rails": [rail for rail in region_rails if rail["articles"]],
        **rails(found, latest),
    }


def section_page(section, request) -> dict:
    if section.region_id:
        tags.listed(f"region:{section.region_id}")
        # Two indexed sources merged by key, not one OR that orders the union.
        sources = [
            (_listed().filter(primary_region_id=section.region_id), "pk"),
            (_listed().filter(further_regions=section.region_id), "pk"),
        ]
    else:
        tags.listed(f"kind:{section.kind_id}")
        sources = [(_listed().filter(kind_id=section.kind_id), "pk")]
    # The page's own list is its latest: no site-wide Latest beside it.
    return {"articles": keyset_page(teaser_articles(), request, SECTION_PAGE_SIZE, sources), **quick_takes()}


def brief_index_page(index, request) -> dict:
    # Briefs live only under the one quick-takes index (max_count = 1).
    page = keyset_page(briefs().select_related("image"), request, BRIEFS_PAGE_SIZE)
    tags.listed("briefs")
    return {"briefs": page, "latest": pick(latest_cards(), latest_ids())}


def author_page(author, request) -> dict:
    credits = _model("ArticleAuthor").objects.filter(author=author, listed_at__isnull=False)
    tags.listed(f"author:{author.pk}")
    return {
        "articles": keyset_page(teaser_articles(), request, SECTION_PAGE_SIZE, [(credits, "page_id")]),
        "author_briefs": shown(list(briefs().filter(author=author)[:QUICK_TAKES_COUNT])),
        **site_rails(),
    }
