"""Reader pages stay fast however large the archive: the work SQLite does
to render each one (counted in virtual-machine steps, which do not depend
on the machine's speed) barely grows from 20 articles to 2,000. A full scan
or a sort of a large table would grow a hundredfold."""

import pytest
from django.db import connection

from masthead.demo.corpus import make_corpus

STEP = 100  # the progress handler runs every STEP virtual-machine instructions


def sqlite_work(client, url) -> int:
    client.get(url)  # pictures and shared rails made once
    counted = [0]

    def tick():
        counted[0] += 1
        return 0  # carry on

    connection.ensure_connection()
    connection.connection.set_progress_handler(tick, STEP)
    try:
        assert client.get(url).status_code == 200
    finally:
        connection.connection.set_progress_handler(None, STEP)
    return counted[0] * STEP


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's steps")
def test_the_database_work_of_a_page_does_not_grow_with_the_archive(client, world):
    def pages():
        older = client.get(world.europe_section.url).content.decode()
        cursor = older.split('rel="next" href="?')[1].split('"')[0] if 'rel="next"' in older else ""
        return {
            "home": world.home.url,
            "region": world.europe_section.url,
            "region, older": world.europe_section.url + "?" + cursor,
            "kind": world.analysis_section.url,
            "author": world.author.url,
            "quick takes": world.brief_index.url,
            "article": world.article.url,
        }

    make_corpus(40, log=lambda _: None)
    small = {name: sqlite_work(client, url) for name, url in pages().items()}
    make_corpus(2000, seed=2, log=lambda _: None)
    large = {name: sqlite_work(client, url) for name, url in pages().items()}
    grown = {name: round(large[name] / small[name], 2) for name in small}
    assert all(factor < 2 for factor in grown.values()), grown
