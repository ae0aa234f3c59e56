"""A reader's request never encodes a picture: every size the pages, feeds,
API and mails show is made when the piece that shows it is published
(photos/sizes.py, photos/tasks.py)."""

import pytest

from masthead.articles.models import BriefPage
from masthead.newsletter.editions import draft_edition
from masthead.newsletter.models import Newsletter
from masthead.newsletter.rendering import render_edition
from masthead.photos import sizes
from masthead.photos.models import PhotoRendition
from masthead.testing import make_article, make_photo, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def pictured(world, django_capture_on_commit_callbacks):
    """Every kind of picture a page shows, saved and published with the
    task queue running (the immediate backend)."""
    with django_capture_on_commit_callbacks(execute=True):
        hero, figure, portrait, brief_picture = (make_photo(f"Picture {i}") for i in range(4))
        world.author.photo = portrait
        world.author.save_revision().publish()
        # The world's article was published before this queue ran: a new
        # publish makes the sizes of its picture.
        world.article.save_revision().publish()
        article = make_article(
            world.europe_section,
            title="Pictured",
            authors=[world.author],
            hero_image=hero,
            body=[
                ("paragraph", "<p>Words.</p>"),
                ("image", {"image": figure, "caption": "A figure.", "credit": "Agency"}),
            ],
            days_ago=0,
        )
        brief = publish(
            world.brief_index,
            BriefPage(
                title="Pictured brief",
                slug="pictured-brief",
                author=world.author,
                image=brief_picture,
                body="<p>Short, with a picture.</p>",
            ),
        )
    return world, article, brief


def test_publishing_makes_the_sizes_each_picture_is_shown_at(pictured):
    world, article, brief = pictured
    made = PhotoRendition.objects.filter(image=article.hero_image).values_list("filter_spec", flat=True)
    assert set(made) == set(sizes.LEAD)
    portrait = PhotoRendition.objects.filter(image=world.author.photo).values_list("filter_spec", flat=True)
    assert set(portrait) == set(sizes.AUTHOR)  # a portrait is not made at a lead picture's sizes


def test_reader_requests_make_no_rendition(client, pictured):
    world, article, brief = pictured
    made = PhotoRendition.objects.count()
    urls = [
        article.url,
        "/",
        world.europe_section.url,
        world.author.url,
        "/authors/",
        brief.url,
        world.brief_index.url,
        "/feeds/rss/",
        "/feeds/atom/",
        "/api/v1/articles",
        f"/api/v1/articles/{article.pk}",
        "/search/?q=pictured",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    render_edition(draft_edition(Newsletter.objects.first() or Newsletter.objects.create(name="Weekly")))
    new = PhotoRendition.objects.order_by("pk")[made:]
    assert PhotoRendition.objects.count() == made, [(r.image.title, r.filter_spec) for r in new]
