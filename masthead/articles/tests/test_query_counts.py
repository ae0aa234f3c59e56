"""The uncached article page costs the same number of queries whatever the
size of the archive."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.testing import make_article

MAX_QUERIES = 40


def count_queries(client, page) -> int:
    client.get(page.url)  # first render makes the picture sizes once
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_articles(world, total):
    sections = [world.europe_section, world.asia_section]
    for i in range(total - 2):
        make_article(
            sections[i % 2],
            authors=[world.author],
            hero_image=world.photo,
            days_ago=3 + i / 10,
            revision=False,
        )


def test_article_render_queries_do_not_grow_from_20_to_300_articles(client, world):
    add_articles(world, 20)
    small = {p: count_queries(client, p) for p in (world.article, world.home, world.europe_section)}
    add_articles(world, 300 - 20 + 2)
    large = {p: count_queries(client, p) for p in (world.article, world.home, world.europe_section)}
    assert small == large
    assert max(large.values()) <= MAX_QUERIES, large
