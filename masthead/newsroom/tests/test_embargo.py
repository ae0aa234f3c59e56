"""An embargoed piece (approved, with a go-live time) is invisible
everywhere a reader, a machine or a subscriber could meet it, until its
time; then it is everywhere at once."""

from datetime import timedelta

import pytest
import time_machine
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from masthead.articles.models import ArticlePage
from masthead.discovery import related
from masthead.newsletter.editions import draft_edition
from masthead.newsletter.models import Newsletter
from masthead.newsroom import schedule

from .test_schedule import GO_LIVE, T0, schedule_article

pytestmark = pytest.mark.django_db

WORD = "lighthouse"


def surfaces(world, page_id) -> dict[str, str]:
    """Where a reader or a machine could find an article: path → what to look for."""
    title = "Embargoed lighthouse report"
    return {
        "/": title,
        "/europe/": title,
        "/analysis/": title,
        "/authors/ada-writer/": title,
        "/countries/tanzania/": title,
        "/feeds/rss/": title,
        "/feeds/atom/": title,
        "/feeds/region/europe/rss/": title,
        "/feeds/author/ada-writer/atom/": title,
        f"/search/?q={WORD}": "/europe/embargoed-lighthouse-report/",  # the title is highlighted
        "/api/v1/articles": title,
        "/api/v1/articles?country=tanzania": title,
        "/sitemap-articles.xml": "embargoed-lighthouse-report",
        "/sitemap-news.xml": "embargoed-lighthouse-report",
    }


def test_embargoed_piece_is_nowhere_until_its_time(world, client, django_capture_on_commit_callbacks):
    round_up = Newsletter.objects.create(name="The Weekly Round-up", slug="weekly-round-up", is_default=True)
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        page = schedule_article(
            client,
            world,
            title="Embargoed lighthouse report",
            slug="embargoed-lighthouse-report",
            kind=world.analysis.pk,
            countries="Tanzania",
            body=streamfield([("paragraph", rich_text(f"<p>The {WORD} at Dar es Salaam, in Tanzania.</p>"))]),
            article_authors=inline_formset([{"author": world.author.pk}]),
        )
        client.logout()
        assert not page.live
        for path, text in surfaces(world, page.pk).items():
            response = client.get(path)
            assert response.status_code == 200, path
            assert text not in response.content.decode(), f"{path} shows the embargoed piece"
        assert client.get("/europe/embargoed-lighthouse-report/").status_code == 404
        assert client.get(f"/api/v1/articles/{page.pk}").status_code == 404
        edition = draft_edition(round_up)
        assert page.pk not in [item.article_id for item in edition.items.all()]
        related.compute(world.article)
        assert page.pk not in related.stored_ids(world.article)

    with (
        time_machine.travel(GO_LIVE + timedelta(seconds=10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        schedule.run_due()
    with time_machine.travel(GO_LIVE + timedelta(seconds=30), tick=False):
        assert ArticlePage.objects.get(pk=page.pk).live
        for path, text in surfaces(world, page.pk).items():
            assert text in client.get(path).content.decode(), f"{path} lacks the piece once live"
        assert client.get("/europe/embargoed-lighthouse-report/").status_code == 200
        assert client.get(f"/api/v1/articles/{page.pk}").status_code == 200
        assert page.pk in [item.article_id for item in draft_edition(round_up).items.all()]
