"""sitemap.xml (an index over articles and the other pages, with
last-modified dates), the Google News sitemap of the last two days, and
robots.txt. URLs are built from SITE_URL, the address readers use."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Page, Site

from masthead.articles.models import ArticlePage
from masthead.core.models import MagazineSettings

NEWS_DAYS = 2
NEWS_LIMIT = 1000  # Google's limit per news sitemap


def public_path(url_path: str, root_path: str) -> str:
    """A page's path from its tree path, without the site root's part."""
    return "/" + url_path[len(root_path) :]


def public_url(url_path: str, root_path: str) -> str:
    return settings.SITE_URL + public_path(url_path, root_path)


def _root_path() -> str:
    return Site.objects.select_related("root_page").get(is_default_site=True).root_page.url_path


class PageSitemap(Sitemap):
    limit = 10_000

    def __init__(self, articles: bool):
        self.articles = articles
        self.root = None

    def items(self):
        self.root = _root_path()
        pages = Page.objects.live().public().filter(depth__gt=1)
        article_type = Page.objects.filter(pk__in=ArticlePage.objects.values("pk")).values("pk")
        pages = pages.filter(pk__in=article_type) if self.articles else pages.exclude(pk__in=article_type)
        return pages.order_by("path").only("url_path", "last_published_at", "latest_revision_created_at")

    def location(self, page):
        return public_path(page.url_path, self.root)

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def lastmod(self, page):
        return page.last_published_at or page.latest_revision_created_at

    def get_latest_lastmod(self):
        """One aggregate, where Django's default would load every page."""
        return self.items().aggregate(newest=Max("last_published_at"))["newest"]


SITEMAPS = {"articles": PageSitemap(articles=True), "pages": PageSitemap(articles=False)}


def sitemap_index(request):
    """The index: every page of every section, each with its newest date."""
    entries = []
    for section, sitemap in SITEMAPS.items():
        for number in sitemap.paginator.page_range:
            suffix = f"?p={number}" if number > 1 else ""
            entries.append(
                (f"{settings.SITE_URL}/sitemap-{section}.xml{suffix}", sitemap.get_latest_lastmod())
            )
    return TemplateResponse(
        request, "discovery/sitemap_index.xml", {"entries": entries}, content_type="application/xml"
    )


def news_sitemap(request):
    since = timezone.now() - timedelta(days=NEWS_DAYS)
    articles = (
        ArticlePage.objects.live()
        .public()
        .filter(first_published_at__gte=since)
        .order_by("-first_published_at")
        .only("title", "url_path", "first_published_at")[:NEWS_LIMIT]
    )
    root = _root_path()
    entries = [(public_url(a.url_path, root), a) for a in articles]
    context = {"entries": entries, "publication": MagazineSettings.load().publication_name}
    return TemplateResponse(request, "discovery/news_sitemap.xml", context, content_type="application/xml")


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Search is crawlable: a result page says itself whether it may be
        # indexed (discovery.views.indexable_url), which a crawler kept out
        # by robots.txt would never read.
        "Disallow: /newsletter/confirm/",
        "Disallow: /newsletter/preferences/",
        "Disallow: /newsletter/unsubscribe/",
        "",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
        f"Sitemap: {settings.SITE_URL}/sitemap-news.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
