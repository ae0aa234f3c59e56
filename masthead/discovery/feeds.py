"""RSS 2.0 and Atom feeds: the whole site, each region, each kind, each
author, and the quick takes.

Each entry's id is a tag URI made from the page's id and first publication
date, so it survives edits, retitling and a change of slug. The hero image
goes out as an enclosure and as Media RSS `media:content` with its credit
and caption; the site setting "full text in feeds" chooses between the
whole article and its teaser."""

import re
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape

from masthead.articles import listings
from masthead.articles.models import ArticleAuthor, ArticlePage, AuthorPage, BriefPage, Kind, Region, Topic
from masthead.core import tags
from masthead.core.addresses import absolute
from masthead.core.models import MagazineSettings
from masthead.photos import sizes

ENTRIES = 30
MEDIA_RSS = "http://search.yahoo.com/mrss/"
ROOT_RELATIVE = re.compile(r'((?:href|src)=")/(?!/)')
SRCSET = re.compile(r'srcset="([^"]*)"')


@dataclass
class Channel:
    title: str
    path: str  # the HTML page this feed follows
    description: str
    items: list
    publication: str = ""
    self_url: str = ""


# What a feed says of a restricted quick take, in place of its text.
RESTRICTED = "For members: read it on the site."


def channel(scope: str, slug: str | None, name: str) -> Channel:
    """What one feed carries, newest first; Http404 for an unknown slug.
    `name` is the publication's."""
    found = _channel(scope, slug, name)
    found.publication = name
    return found


def _channel(scope: str, slug: str | None, name: str) -> Channel:
    articles = listings.teaser_articles()
    if scope == "site":
        tags.listed("latest")
        tags.listed("briefs")
        items = _newest(list(articles[:ENTRIES]) + list(listings.briefs()[:ENTRIES]))
        return Channel(name, "/", f"The latest from {name}.", items)
    if scope == "quick-takes":
        tags.listed("briefs")
        return Channel(
            f"Quick takes – {name}", "/quick-takes/", "Short commentary.", list(listings.briefs()[:ENTRIES])
        )
    if scope == "region":
        region = _get(Region, slug)
        tags.listed(f"region:{region.pk}")
        found = articles.filter(pk__in=_region_ids(region))
        return Channel(
            f"{region.name} – {name}",
            f"/{region.slug}/",
            f"Analysis and news on {region.name}.",
            list(found[:ENTRIES]),
        )
    if scope == "kind":
        kind = _get(Kind, slug)
        tags.listed(f"kind:{kind.pk}")
        return Channel(
            f"{kind.name} – {name}",
            f"/{kind.slug}/",
            f"{kind.name} from {name}.",
            list(articles.filter(kind=kind)[:ENTRIES]),
        )
    if scope == "topic":
        topic = _get(Topic, slug)
        tags.listed(f"topic:{topic.pk}")
        found = articles.filter(topic_items__tag=topic)
        return Channel(
            f"{topic.name} – {name}", f"/topics/{topic.slug}/", f"On {topic.name}.", list(found[:ENTRIES])
        )
    if scope == "author":
        author = AuthorPage.objects.live().filter(slug=slug).first()
        if author is None:
            raise Http404("No such author.")
        tags.listed(f"author:{author.pk}")
        tags.shown(author)
        credited = ArticleAuthor.objects.filter(author=author).values("page_id")
        items = _newest(
            list(articles.filter(pk__in=credited)[:ENTRIES])
            + list(listings.briefs().filter(author=author)[:ENTRIES])
        )
        return Channel(f"{author.title} – {name}", author.url, f"Everything by {author.title}.", items)
    raise Http404("No such feed.")


def _get(model, slug):
    found = model.objects.filter(slug=slug).first()
    if found is None:
        raise Http404(f"No such {model._meta.verbose_name}.")
    return found


def _region_ids(region):
    return ArticlePage.objects.filter(Q(primary_region=region) | Q(further_regions=region)).values("pk")


def _newest(items):
    return list(islice(sorted(items, key=lambda p: (p.listed_at, p.pk), reverse=True), ENTRIES))


def absolutise(html: str) -> str:
    """Root-relative links and images in rendered HTML made absolute: a
    feed reader resolves them against nothing."""
    html = ROOT_RELATIVE.sub(lambda m: m.group(1) + settings.SITE_URL + "/", html)
    return SRCSET.sub(
        lambda m: 'srcset="' + ", ".join(absolute(part.strip()) for part in m.group(1).split(",")) + '"', html
    )


def entry_id(page) -> str:
    """A tag URI (RFC 4151): the same for the page's whole life."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{page.first_published_at:%Y-%m-%d}:page-{page.pk}"


def hero(page):
    """(rendition, credit, caption) of the picture that leads the entry, or None."""
    if isinstance(page, BriefPage):
        image, credit, caption = page.image, "", ""
        if image is not None:
            credit, caption = image.credit, image.caption
    else:
        image, credit, caption = page.hero_image, page.credit, page.caption
    if image is None:
        return None
    return image.get_rendition(sizes.ENCLOSURE), credit, caption


class MediaRss(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        _media(handler, item)


class MediaAtom(Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        _media(handler, item)


def _media(handler, item):
    media = item.get("media")
    if not media:
        return
    handler.startElement(
        "media:content",
        {
            "url": media["url"],
            "type": "image/jpeg",
            "medium": "image",
            "width": media["width"],
            "height": media["height"],
        },
    )
    if media["credit"]:
        handler.addQuickElement("media:credit", media["credit"])
    if media["caption"]:
        handler.addQuickElement("media:description", media["caption"])
    handler.endElement("media:content")


class RssFeed(Feed):
    feed_type = MediaRss

    def get_object(self, request, scope="site", slug=None):
        if (slug is None) != (scope in ("site", "quick-takes")):
            raise Http404("No such feed.")
        magazine = MagazineSettings.load()
        found = channel(scope, slug, magazine.publication_name)
        found.self_url = absolute(request.path)
        # Cached like a page (feed readers poll), under what it lists and shows.
        request.pagecache_page = found
        tags.shown(*found.items)
        # Item methods see only the item: it carries the site's choice.
        for item in found.items:
            item.feed_full_text = magazine.feed_full_text
        return found

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return absolute(obj.path)

    def feed_url(self, obj):
        return obj.self_url

    def description(self, obj):
        return obj.description

    subtitle = description

    def author_name(self, obj):
        return obj.publication

    def items(self, obj):
        return obj.items

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute(item.url)

    def item_guid(self, item):
        return entry_id(item)

    item_guid_is_permalink = False

    def item_description(self, item):
        if isinstance(item, BriefPage):
            return f"<p>{escape(RESTRICTED)}</p>" if item.is_restricted else absolutise(str(item.body))
        if item.feed_full_text and not item.is_restricted:
            return f"<p><em>{escape(item.dek)}</em></p>" + absolutise(str(item.body))
        return f"<p>{escape(item.summary or item.dek)}</p>"

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return getattr(item, "updated_at", None) or item.last_published_at or item.first_published_at

    def item_author_name(self, item):
        if isinstance(item, BriefPage):
            return item.author.title if item.author else None
        return ", ".join(author.title for author in item.credited_authors()) or None

    def item_categories(self, item):
        if isinstance(item, BriefPage):
            return ["Quick take"]
        return [item.kind.name, item.primary_region.name]

    def item_enclosures(self, item):
        picture = hero(item)
        if picture is None:
            return []
        rendition = picture[0]
        return [Enclosure(absolute(rendition.url), str(rendition.file.size), "image/jpeg")]

    def item_extra_kwargs(self, item):
        picture = hero(item)
        if picture is None:
            return {}
        rendition, credit, caption = picture
        return {
            "media": {
                "url": absolute(rendition.url),
                "width": str(rendition.width),
                "height": str(rendition.height),
                "credit": credit,
                "caption": caption,
            }
        }


class AtomFeed(RssFeed):
    feed_type = MediaAtom
