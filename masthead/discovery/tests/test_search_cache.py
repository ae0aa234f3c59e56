"""Search pages are cached by their query and filters, as reader pages are,
and every publish, unpublish or move purges them: a search never shows a
page that is gone, nor misses one just published."""

import re
from urllib.parse import urlencode

import pytest
from django.core.management import call_command

from masthead.testing import make_article, wsgi_request

pytestmark = pytest.mark.django_db


def search(**params):
    """(status, X-Cache, the page's text without its markup)."""
    status, headers, body = wsgi_request("/search/", query=urlencode(params))
    return status, headers.get("x-cache"), re.sub(r"<[^>]+>", "", body.decode())


@pytest.fixture
def indexed(world):
    call_command("reindex_search", verbosity=0)
    return world


def test_a_repeated_search_is_a_hit_and_spacing_does_not_split_it(indexed, django_assert_num_queries):
    status, cache, body = search(q="ships cables")
    assert status == 200 and cache == "miss" and "Ships and cables" in body
    with django_assert_num_queries(0):
        assert search(q="ships cables")[1] == "hit"
    assert search(q="  ships   cables ")[1] == "hit"
    assert search(q="ships cables", utm_source="mail")[1] == "hit"


def test_each_query_filter_and_page_has_its_own_entry(indexed):
    search(q="ships")
    assert search(q="ports")[1] == "miss"
    assert search(q="ships", region="asia-pacific")[1] == "miss"
    assert search(q="ships", order="newest")[1] == "miss"
    assert search(q="ships", type="briefs")[1] == "miss"


def test_a_publish_or_an_unpublish_purges_every_search(indexed, django_capture_on_commit_callbacks):
    assert "Tidal barrage" not in search(q="barrage")[2]
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(indexed.europe_section, title="Tidal barrage approved", days_ago=0)
    status, cache, body = search(q="barrage")
    assert cache == "miss" and "Tidal barrage approved" in body
    assert search(q="barrage")[1] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    status, cache, body = search(q="barrage")
    assert cache == "miss" and "Tidal barrage approved" not in body


def test_refusals_are_not_stored(indexed, settings):
    settings.SEARCHES_PER_IP_MINUTE = 1
    assert search(q="ships")[0] == 200
    status, cache, _ = search(q="ports")
    assert status == 429 and cache is None
    assert search(q="ports")[0] == 429  # still refused, not a stored answer


def test_a_page_beyond_the_results_is_not_stored(indexed):
    assert search(q="ships", page="99")[0] == 404
    assert search(q="ships", page="99")[:2] == (404, None)


def test_a_search_stored_before_the_index_had_a_page_is_purged_when_it_does(
    indexed, django_capture_on_commit_callbacks
):
    """Indexing runs after the publish commits (a task): a search between
    the two is stored without the page, and the indexing purges it."""
    from django.test import override_settings

    immediate = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=immediate), django_capture_on_commit_callbacks(execute=True):
        make_article(indexed.europe_section, title="Quillwort harvests on the Baltic shore", days_ago=0)
    assert "Quillwort" not in search(q="quillwort")[2]  # not indexed yet: stored without it
    assert search(q="quillwort")[1] == "hit"
    from masthead.articles.models import ArticlePage
    from masthead.discovery.tasks import index_page

    article = ArticlePage.objects.get(title__startswith="Quillwort")
    with django_capture_on_commit_callbacks(execute=True):
        index_page.call("articles", "articlepage", str(article.pk))
    status, cache, body = search(q="quillwort")
    assert cache == "miss" and "Quillwort harvests" in body
