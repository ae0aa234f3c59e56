"""Topics: free tags editors give articles, each with its own page and
feed, cached and purged exactly like a section."""

import re

import pytest

from masthead.articles.models import Topic
from masthead.testing import make_article, wsgi_request

pytestmark = pytest.mark.django_db


def tagged(world, title, *topics, days_ago=1):
    article = make_article(world.europe_section, title=title, days_ago=days_ago, revision=False)
    article.topics.add(*topics)
    article.save_revision().publish()
    return article


def test_a_topic_has_its_page_its_feed_and_its_place_in_the_index(world, client):
    tagged(world, "Icebreakers and insurance", "Arctic shipping")
    tagged(world, "A northern sea route, again", "Arctic shipping", "Sanctions", days_ago=2)
    make_article(world.europe_section, title="Nothing to do with ice")
    topic = Topic.objects.get(name="Arctic shipping")
    page = client.get(f"/topics/{topic.slug}/").content.decode()
    assert page.index("Icebreakers and insurance") < page.index("A northern sea route, again")
    assert "Nothing to do with ice" not in page and "Latest on Arctic shipping" in page
    feed = client.get(f"/feeds/topic/{topic.slug}/rss/").content.decode()
    assert "Icebreakers and insurance" in feed and "Nothing to do with ice" not in feed
    index = client.get("/topics/").content.decode()
    assert re.search(r"Arctic shipping</a>\s*<span class=.meta.>2 articles", index)
    article = client.get(Topic.objects.get(name="Sanctions").tagged_items.first().content_object.url)
    assert f'href="/topics/{topic.slug}/"' in article.content.decode()
    assert client.get("/topics/no-such-topic/").status_code == 404
    assert client.get("/feeds/topic/no-such-topic/rss/").status_code == 404


def test_publishing_into_a_topic_purges_its_page(world, django_capture_on_commit_callbacks):
    tagged(world, "First on the topic", "Water")
    tagged(world, "On another topic", "Grain")
    water, grain = (f"/topics/{Topic.objects.get(name=n).slug}/" for n in ("Water", "Grain"))
    for path in (water, grain, water, grain):
        wsgi_request(path)
    assert wsgi_request(water)[1]["x-cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        tagged(world, "Second on the topic", "Water", days_ago=0)
    assert b"Second on the topic" in wsgi_request(water)[2]
    # The other topic's page is not listed under this one (it may still be
    # purged through a card whose related stories changed).
    assert b"Second on the topic" not in wsgi_request(grain)[2]
