"""Sitemaps, robots.txt, canonical and social tags, JSON-LD with the
fields search engines require, and old URLs redirecting after a new slug."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def test_sitemap_index_and_sections_list_every_live_page(client, world):
    index = xml(client, "/sitemap.xml")
    sections = [e.findtext(f"{SM}loc") for e in index.findall(f"{SM}sitemap")]
    assert sections == [f"{settings.SITE_URL}/sitemap-articles.xml", f"{settings.SITE_URL}/sitemap-pages.xml"]
    assert all(e.findtext(f"{SM}lastmod") for e in index.findall(f"{SM}sitemap"))
    articles = xml(client, "/sitemap-articles.xml")
    locs = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in articles.findall(f"{SM}url")}
    assert set(locs) == {settings.SITE_URL + a.url for a in (world.article, world.other_article)}
    assert all(locs.values())
    pages = {u.findtext(f"{SM}loc") for u in xml(client, "/sitemap-pages.xml").findall(f"{SM}url")}
    assert settings.SITE_URL + "/" in pages and settings.SITE_URL + world.brief.url in pages
    world.other_article.unpublish()
    articles = xml(client, "/sitemap-articles.xml")
    assert len(articles.findall(f"{SM}url")) == 1


def test_news_sitemap_holds_the_last_two_days(client, world):
    urls = xml(client, "/sitemap-news.xml").findall(f"{SM}url")
    # The world's articles are one and two days old: only the first is inside the window.
    assert [u.findtext(f"{SM}loc") for u in urls] == [settings.SITE_URL + world.article.url]
    news = urls[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}title") == "Ships and cables"
    assert news.find(f"{NEWS}publication").findtext(f"{NEWS}name") == "The Meridian Review"
    assert news.findtext(f"{NEWS}publication_date").startswith(f"{world.article.first_published_at:%Y-%m-%d}")


def test_robots_txt_names_the_sitemaps(client, world):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text and f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text
    assert "Disallow: /search/" not in text  # result pages say noindex themselves where they must


def head_of(client, url):
    html = client.get(url).content.decode()
    return html[: html.index("</head>")]


def test_article_head_has_canonical_and_social_tags(client, world):
    head = head_of(client, world.article.url)
    url = settings.SITE_URL + world.article.url
    assert f'<link rel="canonical" href="{url}">' in head
    for tag in (
        'property="og:type" content="article"',
        f'property="og:url" content="{url}"',
        'property="og:title" content="Ships and cables"',
        'name="twitter:card" content="summary_large_image"',
    ):
        assert tag in head
    image = re.search(r'property="og:image" content="([^"]+)"', head).group(1)
    assert image.startswith(settings.SITE_URL + "/media/") and "1200x675" in image


def json_ld(client, url):
    head = head_of(client, url)
    return [
        json.loads(s) for s in re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    ]


def test_news_article_json_ld_has_what_search_engines_require(client, world):
    article, crumbs = json_ld(client, world.article.url)
    assert article["@context"] == "https://schema.org" and article["@type"] == "NewsArticle"
    # Google's article structured data: headline (≤110), image, dates with time zones, authors as Person.
    assert article["headline"] == "Ships and cables"
    assert article["datePublished"].endswith("+00:00") and article["dateModified"] >= article["datePublished"]
    assert article["author"] == [
        {"@type": "Person", "name": "Ada Writer", "url": settings.SITE_URL + world.author.url}
    ]
    image = article["image"][0]
    assert image["url"].startswith("http") and image["creditText"] == "REUTERS/Jane Doe"
    assert (
        image["width"] * 9 == image["height"] * 16
    )  # cropped 16:9 (the test photo is too small for 1200 px)
    assert article["publisher"] == {
        "@type": "Organization",
        "name": "The Meridian Review",
        "url": settings.SITE_URL + "/",
    }
    assert article["articleSection"] == ["Analysis", "Europe"]
    assert article["mainEntityOfPage"]["@id"] == settings.SITE_URL + world.article.url
    assert crumbs["@type"] == "BreadcrumbList"
    assert [(i["position"], i["name"]) for i in crumbs["itemListElement"]] == [
        (1, "Home"),
        (2, "Europe"),
        (3, "Ships and cables"),
    ]
    assert all(i["item"].startswith(settings.SITE_URL) for i in crumbs["itemListElement"])


def test_json_ld_cannot_close_its_script_element(client, world):
    world.article.dek = "A dek with </script><script>alert(1)</script> inside."
    world.article.save_revision().publish()
    head = head_of(client, world.article.url)
    assert "</script><script>alert(1)" not in head
    assert json_ld(client, world.article.url)[0]["description"] == world.article.dek


def test_a_new_slug_keeps_the_old_url_as_a_permanent_redirect(
    client, world, django_capture_on_commit_callbacks
):
    old = world.article.url
    world.article.slug = "ships-cables-and-anchors"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail makes redirects in a task
        world.article.save_revision().publish()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"].endswith("/europe/ships-cables-and-anchors/")
    assert client.get(response["Location"]).status_code == 200


def test_search_results_are_indexable_only_on_the_first_page_of_a_plain_search(client, world):
    """A search that finds something may be indexed, at its one address;
    empty, filtered and later pages are not, so engines get no near-copies."""
    call_command("reindex_search", verbosity=0)
    found = client.get("/search/", {"q": "ships"}).content.decode()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', found)
    assert canonical and "noindex" not in found
    assert canonical.group(1).startswith(settings.SITE_URL + "/search/?q=")
    for params in ({}, {"q": "zzzqqq"}, {"q": "ships", "kind": "analysis"}):
        page = client.get("/search/", params).content.decode()
        assert '<meta name="robots" content="noindex">' in page and 'rel="canonical"' not in page, params
