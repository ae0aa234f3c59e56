"""What the cache answers, to whom, and with which headers."""

import pytest

from masthead.testing import make_article, wsgi_request


def test_a_second_read_is_a_hit_without_database_queries(world, django_assert_num_queries):
    status, headers, body = wsgi_request(world.article.url)
    assert status == 200 and headers["x-cache"] == "miss"
    with django_assert_num_queries(0):
        status, hit_headers, hit_body = wsgi_request(world.article.url)
    assert hit_headers["x-cache"] == "hit" and hit_body == body
    assert hit_headers["etag"] == headers["etag"]


def test_every_reader_page_is_cached(world):
    for page in (
        world.home,
        world.europe_section,
        world.analysis_section,
        world.article,
        world.author,
        world.brief_index,
        world.brief,
        world.author.get_parent(),
    ):
        wsgi_request(page.url)
        assert wsgi_request(page.url)[1]["x-cache"] == "hit", page


def test_headers_carry_cache_control_etag_and_tags(world):
    _, headers, _ = wsgi_request(world.article.url)
    assert headers["cache-control"].startswith("public, max-age=0, s-maxage=")
    assert "stale-while-revalidate=" in headers["cache-control"]
    tags = headers["cache-tag"].split(",")
    assert f"page:{world.article.pk}" in tags and f"page:{world.other_article.pk}" in tags
    assert f"page:{world.author.pk}" in tags and "settings" in tags and "list:latest" in tags
    assert f"image:{world.photo.pk}" in tags
    assert headers["surrogate-key"].split(" ") == tags


def test_conditional_get_answers_304_without_a_body(world):
    _, headers, _ = wsgi_request(world.article.url)
    status, again, body = wsgi_request(world.article.url, if_none_match=headers["etag"])
    assert status == 304 and body == b"" and again["etag"] == headers["etag"]
    status, _, body = wsgi_request(world.article.url, if_none_match='"other"')
    assert status == 200 and body


def test_head_gets_the_headers_only(world):
    wsgi_request(world.article.url)
    status, headers, body = wsgi_request(world.article.url, method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 1000


def test_campaign_parameters_share_the_entry_but_listing_positions_do_not(world):
    wsgi_request(world.europe_section.url)
    assert wsgi_request(world.europe_section.url, query="utm_source=mail")[1]["x-cache"] == "hit"
    _, headers, _ = wsgi_request(world.europe_section.url, query="before=1-1")
    assert headers.get("x-cache") != "hit"


def test_a_session_never_sees_or_fills_the_cache(world, client):
    from masthead.testing import sign_in

    sign_in(client, world.users["editor"])
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    status, headers, _ = wsgi_request(world.article.url, cookie=cookie)
    assert status == 200 and "x-cache" not in headers
    assert headers["cache-control"] == "private, no-cache"
    assert wsgi_request(world.article.url)[1]["x-cache"] == "miss"
    wsgi_request(world.article.url)
    assert "x-cache" not in wsgi_request(world.article.url, cookie=cookie)[1]


def test_errors_admin_and_forms_are_not_cached(world):
    for path in ("/no-such-page/", "/no-such-page/"):
        status, headers, _ = wsgi_request(path)
        assert status == 404 and "x-cache" not in headers
    assert "x-cache" not in wsgi_request("/admin/login/")[1]
    assert "x-cache" not in wsgi_request("/newsletter/sign-up/", method="POST")[1]


def test_a_restricted_page_is_never_cached(world):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=world.brief, restriction_type="password", password="s3cret")
    for _ in range(2):
        status, headers, body = wsgi_request(world.brief.url)
        assert status == 200 and "x-cache" not in headers and b"password" in body.lower()


@pytest.mark.parametrize("bad", ["abc", "1-", "2-2-2"])
def test_bad_listing_positions_are_404_and_not_cached(world, bad):
    for _ in range(2):
        status, headers, _ = wsgi_request(world.europe_section.url, query=f"before={bad}")
        assert status == 404 and "x-cache" not in headers


def test_publishing_purges_what_shows_the_page_and_nothing_else(world, django_capture_on_commit_callbacks):
    authors_index = world.author.get_parent()
    for page in (world.article, world.other_article, authors_index, world.home):
        wsgi_request(page.url)
    with django_capture_on_commit_callbacks(execute=True):
        world.other_article.title = "Ports, borders and queues"
        world.other_article.save_revision().publish()
    assert b"Ports, borders and queues" in wsgi_request(world.article.url)[2]  # in its rails
    assert b"Ports, borders and queues" in wsgi_request(world.home.url)[2]
    # The authors' index shows no article: it stays cached.
    assert wsgi_request(authors_index.url)[1]["x-cache"] == "hit"


def test_a_new_article_enters_the_listings_it_belongs_to(world, django_capture_on_commit_callbacks):
    for page in (world.europe_section, world.analysis_section, world.author, world.home):
        wsgi_request(page.url)
    with django_capture_on_commit_callbacks(execute=True):
        make_article(world.asia_section, title="Straits and shoals", kind=world.news, days_ago=0)
    assert b"Straits and shoals" in wsgi_request(world.home.url)[2]  # latest rail
    # Only its own region's section lists it; the other stays as cached.
    assert b"Straits and shoals" in wsgi_request(world.asia_section.url)[2]
    status, headers, body = wsgi_request(world.europe_section.url)
    assert b"Straits and shoals" not in body and headers["x-cache"] == "hit"


def test_settings_change_purges_every_page(world, django_capture_on_commit_callbacks):
    from masthead.core.models import MagazineSettings

    wsgi_request(world.article.url)
    with django_capture_on_commit_callbacks(execute=True):
        magazine = MagazineSettings.load()
        magazine.footer = "Printed on recycled electrons."
        magazine.save()
    assert b"Printed on recycled electrons." in wsgi_request(world.article.url)[2]


def test_feeds_are_cached_and_a_publish_purges_the_feeds_it_enters(world, django_capture_on_commit_callbacks):
    feeds = ["/feeds/rss/", "/feeds/atom/", "/feeds/quick-takes/rss/", "/feeds/region/asia-pacific/rss/"]
    for url in feeds:
        wsgi_request(url)
        status, headers, _ = wsgi_request(url)
        assert status == 200 and headers["x-cache"] == "hit", url
        assert headers["content-type"].startswith(("application/rss+xml", "application/atom+xml")), url
    with django_capture_on_commit_callbacks(execute=True):
        make_article(world.asia_section, title="Straits and shoals", kind=world.news, days_ago=0)
    for url in ("/feeds/rss/", "/feeds/atom/", "/feeds/region/asia-pacific/rss/"):
        assert b"Straits and shoals" in wsgi_request(url)[2], url
    assert wsgi_request("/feeds/quick-takes/rss/")[1]["x-cache"] == "hit"  # it lists no articles
    with django_capture_on_commit_callbacks(execute=True):
        world.article.title = "Ships, cables and the sea floor"
        world.article.save_revision().publish()
    assert b"Ships, cables and the sea floor" in wsgi_request("/feeds/rss/")[2]  # an edit of an item


def test_making_a_cached_page_private_takes_it_out_of_the_cache(world, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    assert wsgi_request(world.brief.url)[1]["x-cache"] == "miss"
    assert wsgi_request(world.brief.url)[1]["x-cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=world.brief, restriction_type="password", password="s3cret"
        )
    status, headers, body = wsgi_request(world.brief.url)
    assert "x-cache" not in headers and world.brief.title.encode() not in body
    # Public again: served, and cached, as before.
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert world.brief.title.encode() in wsgi_request(world.brief.url)[2]
