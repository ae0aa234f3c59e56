"""An uncached render costs the same number of queries whatever the size of
the archive: 20 articles or 2,000 (made in bulk by the corpus generator)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.articles.models import ArticlePage
from masthead.demo.corpus import make_corpus

MAX_QUERIES = 40


def count_queries(client, page) -> int:
    client.get(page.url)  # the first render makes the picture sizes once
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_render_queries_do_not_grow_from_20_to_2000_articles(client, world):
    pages = (world.article, world.home, world.europe_section, world.analysis_section, world.author)
    make_corpus(18, log=lambda _: None)
    small = {p: count_queries(client, p) for p in pages}
    make_corpus(2000 - 20, seed=2, log=lambda _: None)
    large = {p: count_queries(client, p) for p in pages}
    assert ArticlePage.objects.count() == 2000
    assert small == large
    assert max(large.values()) <= MAX_QUERIES, large


# The article and its lead picture's sizes, its credits (and portraits, if any),
# its related stories, countries, corrections and topics. The related
# stories' cards come from the other page's render here; bench/run's cold
# renders of a 100,000-article archive fetch them too (three more).
ARTICLE_COLD_QUERIES = 7


def test_a_never_requested_article_renders_in_few_queries(world, django_capture_on_commit_callbacks):
    # As a reader meets it on a busy site (bench/run's cold renders): its
    # pictures' sizes and related stories made when it was published, the
    # site-wide parts shared with another page rendered at the same
    # generation, through the page cache's front.
    from masthead.testing import wsgi_request

    with django_capture_on_commit_callbacks(execute=True):
        world.article.save_revision().publish()
        world.other_article.save_revision().publish()
    assert wsgi_request(world.other_article.url)[1]["x-cache"] == "miss"
    with CaptureQueriesContext(connection) as ctx:
        status, headers, _ = wsgi_request(world.article.url)
    assert status == 200 and headers["x-cache"] == "miss"
    assert len(ctx.captured_queries) <= ARTICLE_COLD_QUERIES, [q["sql"][:120] for q in ctx.captured_queries]
