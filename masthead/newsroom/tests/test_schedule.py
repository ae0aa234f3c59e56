"""Scheduled go-live and expiry, carried out by the clock within a minute
of their time under a controlled clock; a time missed while no clock ran
is carried out when one returns, and flagged to staff."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import PageLogEntry

from masthead.articles.models import ArticlePage
from masthead.newsroom import schedule
from masthead.newsroom.models import ScheduleMiss
from masthead.testing import add_url, article_form, login, wsgi_request

pytestmark = pytest.mark.django_db

# A day ago, not a fixed date: the dashboard lists what ran late in the
# last seven days of the real clock.
T0 = (datetime.now(UTC) - timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
GO_LIVE = T0 + timedelta(hours=3)


def schedule_article(client, world, go_live=GO_LIVE, **fields) -> ArticlePage:
    """An editor writes a piece and publishes it with a go-live time."""
    login(client, world, "editor")
    form = article_form(world, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"), **fields)
    response = client.post(add_url(world), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ArticlePage.objects.get(slug=fields.get("slug", "a-new-article"))


def test_go_live_within_a_minute_of_its_time(world, client):
    with time_machine.travel(T0, tick=False):
        page = schedule_article(client, world)
        assert not page.live
        assert page.get_latest_revision().approved_go_live_at == GO_LIVE
    with time_machine.travel(GO_LIVE - timedelta(seconds=1), tick=False):
        assert schedule.run_due().published == []
    with time_machine.travel(GO_LIVE + timedelta(seconds=20), tick=False):  # the next tick
        tick = schedule.run_due()
    page.refresh_from_db()
    assert [p.pk for p in tick.published] == [page.pk] and tick.late == []
    assert page.live and page.first_published_at == GO_LIVE + timedelta(seconds=20)
    assert not ScheduleMiss.objects.exists()
    assert client.get(page.url).status_code == 200


def test_expiry_takes_a_live_piece_down(world, client):
    article = world.article
    article.expire_at = T0 + timedelta(hours=1)
    article.save_revision().publish()
    with time_machine.travel(T0 + timedelta(hours=1, seconds=15), tick=False):
        tick = schedule.run_due()
    article.refresh_from_db()
    assert [p.pk for p in tick.unpublished] == [article.pk]
    assert not article.live and article.expired
    assert client.get("/europe/ships-and-cables/").status_code == 404
    assert "Ships and cables" not in client.get("/europe/").content.decode()


def test_a_missed_time_is_carried_out_when_the_clock_returns_and_flagged(world, client):
    with time_machine.travel(T0, tick=False):
        page = schedule_article(client, world)
    # No clock ran for five hours.
    with time_machine.travel(GO_LIVE + timedelta(hours=5), tick=False):
        call_command("run_clock", "--once", stdout=open("/dev/null", "w"))
    page.refresh_from_db()
    assert page.live
    [miss] = ScheduleMiss.objects.all()
    assert (miss.page_id, miss.action, miss.due_at) == (page.pk, "publish", GO_LIVE)
    assert miss.lateness == timedelta(hours=5)
    # Flagged: on every staff member's dashboard and in the page's history.
    login(client, world, "contributor")
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Carried out late" in dashboard and "A new article" in dashboard
    assert PageLogEntry.objects.filter(page=page, action=schedule.LATE_ACTION).exists()
    login(client, world, "editor")
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "Scheduled time missed" in history and "carried out late" in history


def test_each_scheduled_item_is_carried_out_once(world, client):
    with time_machine.travel(T0, tick=False):
        page = schedule_article(client, world)
    with time_machine.travel(GO_LIVE + timedelta(seconds=5), tick=False):
        first, second = schedule.run_due(), schedule.run_due()
    assert len(first.published) == 1 and second.published == []
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").count() == 1


def test_a_schedule_set_in_the_past_is_refused(world, client):
    with time_machine.travel(T0, tick=False):
        login(client, world, "editor")
        form = article_form(
            world,
            go_live_at=(T0 + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
            expire_at=(T0 + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        )
        response = client.post(add_url(world), form)
    assert response.status_code == 200
    assert "Go live date/time must be before expiry date/time" in response.content.decode()


def test_one_failing_item_does_not_hold_up_the_others(world, client, monkeypatch, caplog):
    from wagtail.models import Revision

    with time_machine.travel(T0, tick=False):
        broken = schedule_article(client, world, slug="broken-piece", title="Broken piece")
        fine = schedule_article(client, world, slug="fine-piece", title="Fine piece")
    publish = Revision.publish

    def failing(self, *args, **kwargs):
        if self.object_id == str(broken.pk):
            raise RuntimeError("this page no longer validates")
        return publish(self, *args, **kwargs)

    monkeypatch.setattr(Revision, "publish", failing)
    with time_machine.travel(GO_LIVE + timedelta(seconds=5), tick=False):
        tick = schedule.run_due()
    assert [p.pk for p in tick.published] == [fine.pk]
    assert ArticlePage.objects.get(pk=fine.pk).live and not ArticlePage.objects.get(pk=broken.pk).live
    assert "could not carry out the go-live" in caplog.text
    monkeypatch.setattr(Revision, "publish", publish)
    with time_machine.travel(GO_LIVE + timedelta(seconds=25), tick=False):
        assert [p.pk for p in schedule.run_due().published] == [broken.pk]  # the next tick


def test_a_go_live_reaches_the_cached_home_page_at_once(world, client, django_capture_on_commit_callbacks):
    go_live = (datetime.now(UTC) + timedelta(minutes=2)).replace(second=0, microsecond=0)
    page = schedule_article(client, world, go_live=go_live, title="Ferries resume across the strait")
    for _ in range(2):
        status, headers, html = wsgi_request("/")
    assert headers["x-cache"] == "hit" and b"Ferries resume" not in html
    with time_machine.travel(go_live + timedelta(seconds=5), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert [p.pk for p in schedule.run_due().published] == [page.pk]
        status, headers, html = wsgi_request("/")
    assert headers["x-cache"] == "miss" and b"Ferries resume" in html
