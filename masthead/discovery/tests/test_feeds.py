"""Feeds: read by feedparser with no bozo flag, carrying what readers and
aggregators rely on: dates, stable ids, authors, categories, the hero
picture with its credit, full text or summary as the site chooses."""

import feedparser
import pytest
from django.conf import settings

from masthead.articles.models import BriefPage
from masthead.core.models import MagazineSettings
from masthead.testing import make_article, publish

pytestmark = pytest.mark.django_db

FEEDS = [
    "/feeds/{}/",
    "/feeds/quick-takes/{}/",
    "/feeds/region/europe/{}/",
    "/feeds/kind/analysis/{}/",
    "/feeds/author/ada-writer/{}/",
]


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return response, parsed


@pytest.mark.parametrize("form", ["rss", "atom"])
@pytest.mark.parametrize("pattern", FEEDS)
def test_every_feed_parses_cleanly(client, world, form, pattern):
    response, parsed = read(client, pattern.format(form))
    expected = "application/rss+xml" if form == "rss" else "application/atom+xml"
    assert response["Content-Type"].startswith(expected)
    assert parsed.version == ("rss20" if form == "rss" else "atom10")
    assert parsed.entries
    assert parsed.feed.title and parsed.feed.link.startswith(settings.SITE_URL)


@pytest.mark.parametrize("form", ["rss", "atom"])
def test_an_article_entry_carries_what_readers_need(client, world, form):
    _, parsed = read(client, f"/feeds/region/europe/{form}/")
    entry = next(e for e in parsed.entries if e.title == "Ships and cables")
    article = world.article
    assert entry.link == settings.SITE_URL + article.url
    assert entry.id == f"tag:127.0.0.1,{article.first_published_at:%Y-%m-%d}:page-{article.pk}"
    assert entry.published_parsed[:5] == article.first_published_at.utctimetuple()[:5]
    assert entry.author == "Ada Writer"
    assert {t.term for t in entry.tags} == {"Analysis", "Europe"}
    enclosure = next(link for link in entry.links if link.rel == "enclosure")
    assert enclosure.type == "image/jpeg" and int(enclosure.length) > 0
    assert enclosure.href.startswith(settings.SITE_URL + "/media/")
    assert entry.media_content[0]["url"] == enclosure.href
    assert entry.media_credit[0]["content"] == "REUTERS/Jane Doe"
    # The region feed holds only that region's articles, newest first.
    assert [e.title for e in parsed.entries] == ["Ships and cables", "Ports and borders"]


def test_ids_survive_edits_and_a_new_slug(client, world):
    _, before = read(client, "/feeds/rss/")
    article = world.article
    article.title = "Ships, cables and insurers"
    article.slug = "ships-cables-insurers"
    article.save_revision().publish()
    _, after = read(client, "/feeds/rss/")
    old = {e.title: e.id for e in before.entries}["Ships and cables"]
    new = {e.title: e for e in after.entries}["Ships, cables and insurers"]
    assert new.id == old and new.link.endswith("/ships-cables-insurers/")


def test_full_text_or_summary_as_the_site_chooses(client, world):
    make_article(
        world.europe_section,
        title="Long read",
        dek="A standfirst.",
        body=[
            ("paragraph", "<p>First paragraph of the long read.</p>"),
            ("paragraph", '<p>Second paragraph, with <a href="/europe/">a link</a>.</p>'),
        ],
    )
    entry = lambda: next(e for e in read(client, "/feeds/rss/")[1].entries if e.title == "Long read")  # noqa: E731
    assert "First paragraph" in entry().description and "Second paragraph" not in entry().description
    MagazineSettings.objects.update(feed_full_text=True)
    full = entry().description
    assert "Second paragraph" in full and f'href="{settings.SITE_URL}/europe/"' in full


def test_the_site_feed_mixes_articles_and_quick_takes_newest_first(client, world):
    publish(world.brief_index, BriefPage(title="Newest take", slug="newest-take", body="<p>Now.</p>"))
    _, parsed = read(client, "/feeds/rss/")
    assert parsed.entries[0].title == "Newest take"
    assert {"Ships and cables", "A quick thought"} <= {e.title for e in parsed.entries}
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)


def test_unpublished_articles_leave_the_feeds(client, world):
    world.article.unpublish()
    _, parsed = read(client, "/feeds/rss/")
    assert "Ships and cables" not in {e.title for e in parsed.entries}


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/region/atlantis/rss/",
        "/feeds/kind/poetry/atom/",
        "/feeds/author/nobody/rss/",
        "/feeds/site/x/rss/",
        "/feeds/planet/earth/rss/",
    ],
)
def test_unknown_feeds_are_not_found(client, world, url):
    assert client.get(url).status_code == 404


def test_pages_point_to_their_feeds(client, world):
    home = client.get("/").content.decode()
    assert 'type="application/rss+xml" href="/feeds/rss/"' in home
    section = client.get("/europe/").content.decode()
    assert 'href="/feeds/region/europe/rss/"' in section
