"""Counting without cookies: beacons through the site's front, batched,
bots and bad beacons dropped, no address stored, the salt rotating."""

import json
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from masthead.analytics import batch, counting, most_read, rollups
from masthead.analytics.models import DailyPageStat, DailyTotal, Event, Salt
from masthead.core.models import Ranking
from masthead.testing import wsgi_request

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def send(body, agent=BROWSER, ip="203.0.113.7", **headers):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    import io

    from masthead.wsgi import application

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/a/",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": ip,
        "HTTP_USER_AGENT": agent,
        "CONTENT_LENGTH": str(len(data)),
        "wsgi.input": io.BytesIO(data),
        "wsgi.url_scheme": "http",
        **{"HTTP_" + k.upper(): v for k, v in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(response_headers)

    b"".join(application(environ, start_response))
    return answer["status"], answer["headers"]


@pytest.fixture(autouse=True)
def fresh_batcher(settings):
    batch.batcher.items.clear()
    counting._salt.clear()
    yield
    batch.batcher.items.clear()


def view(world, **extra):
    return {"p": world.article.pk, "u": world.article.url, "r": "", "q": "", **extra}


def test_a_view_is_counted_with_its_source_and_device_and_no_address(world):
    assert send(view(world, r="https://news.example.com/item?id=1"))[0] == 204
    assert send(view(world, q="?utm_source=newsletter&utm_medium=email"), agent=PHONE)[0] == 204
    assert send(view(world, r="http://testserver/europe/"))[0] == 204  # from this site: no source
    assert batch.batcher.flush() == 3
    events = list(Event.objects.order_by("pk"))
    assert [(e.source, e.referrer, e.device) for e in events] == [
        ("news.example.com", "news.example.com", "desktop"),
        ("newsletter", "", "mobile"),
        ("", "", "desktop"),
    ]
    assert all(e.page_id == world.article.pk and len(e.visitor) == 16 for e in events)
    assert events[0].visitor == events[2].visitor != events[1].visitor


def test_no_address_is_stored_anywhere(world):
    send(view(world), ip="198.51.100.23")
    batch.batcher.flush()
    with connection.cursor() as cursor:
        for table in ("analytics_event", "analytics_dailypagestat", "analytics_salt"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - our own table names
            assert "198.51.100.23" not in repr(cursor.fetchall())


def test_beacons_neither_set_nor_read_cookies(world):
    status, headers = send(view(world), cookie="sessionid=abc; masthead_level=x")
    assert status == 204 and "Set-Cookie" not in headers
    status, headers, body = wsgi_request("/a/p.gif", query=f"p={world.article.pk}&u=/x/")
    assert status == 200 and body.startswith(b"GIF89a") and "set-cookie" not in headers
    status, headers, _ = wsgi_request(world.article.url)
    assert "set-cookie" not in headers


@pytest.mark.parametrize(
    "body, status",
    [
        (b"{not json", 400),
        (b"[]", 400),
        (json.dumps({"p": "1", "u": "/x/"}).encode(), 400),
        (json.dumps({"p": 1, "u": "no-slash"}).encode(), 400),
        (json.dumps({"p": True, "u": "/x/"}).encode(), 400),
        (json.dumps({"p": 1, "u": "/x/", "r": 5}).encode(), 400),
        (b"x" * 5000, 413),
        (b"", 400),
    ],
)
def test_bad_beacons_are_refused_and_never_a_500(world, body, status):
    assert send(body)[0] == status
    assert batch.batcher.unwritten() == 0


def test_bots_opt_outs_and_floods_are_not_counted(world, settings):
    assert send(view(world), agent=BOT)[0] == 204
    assert send(view(world), agent="")[0] == 204
    assert send(view(world), dnt="1")[0] == 204
    assert send(view(world), sec_gpc="1")[0] == 204
    assert batch.batcher.unwritten() == 0
    settings.ANALYTICS_HONOUR_DNT = False
    send(view(world), dnt="1")
    assert batch.batcher.unwritten() == 1
    settings.ANALYTICS_BEACONS_PER_IP_MINUTE = 5
    for _ in range(20):
        send(view(world), ip="192.0.2.99")
    assert batch.batcher.unwritten() <= 1 + 5


def test_the_writer_thread_writes_batches_and_a_lost_process_loses_one_batch_at_most(world):
    """Beacons only append; the writer thread writes (here into a list, so
    that it needs no connection outside the test's transaction; the flushes
    above write to the database). While the writer is held up, at most one
    batch waits in memory and the rest are dropped."""
    release, written, writers = threading.Event(), [], set()

    def slow_write(events):
        release.wait(30)
        writers.add(threading.current_thread().name)
        written.extend(events)

    batcher = batch.Batcher(size=10, seconds=0.05, writer=slow_write)
    beacon = counting.Beacon(world.article.pk, world.article.url, "", "")
    events = [counting.event(beacon, ip="192.0.2.1", user_agent=BROWSER, host="t") for _ in range(26)]
    accepted = [batcher.add(event) for event in events[:25]]
    assert accepted.count(True) == 10 and batcher.unwritten() == 10 <= batcher.size
    assert written == []  # nothing was written in the beacons' own thread
    release.set()
    wait_until(lambda: len(written) == 10 and batcher.unwritten() == 0)
    assert batcher.add(events[25])  # room again once the writer caught up
    batcher.close()  # a clean exit writes what is left
    assert len(written) == 11 and writers == {"analytics-writer"}


def wait_until(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the writer thread did not write"
        time.sleep(0.02)


def test_the_salt_rotates_at_midnight_and_yesterday_cannot_be_linked(world):
    evening = datetime(2026, 12, 6, 23, 59, tzinfo=UTC)
    with time_machine.travel(evening, tick=False):
        send(view(world))
        batch.batcher.flush()
    with time_machine.travel(evening + timedelta(minutes=2), tick=False):
        send(view(world))
        batch.batcher.flush()
        rollups.upkeep()
        assert list(Salt.objects.values_list("day", flat=True)) == [datetime(2026, 12, 7).date()]
    first, second = Event.objects.order_by("at")
    assert first.visitor != second.visitor  # same reader, same device: two days, two visitors


def test_rollups_and_the_most_read_rail(world, client, django_capture_on_commit_callbacks):
    other = world.other_article
    for n in range(3):
        send(view(world), ip=f"192.0.2.{n}")
    send({"p": other.pk, "u": other.url, "r": "", "q": ""})
    send({"p": 999999, "u": "/gone/", "r": "", "q": ""})  # an unknown page: never ranked
    batch.batcher.flush()
    rollups.upkeep()
    today = DailyTotal.objects.get(day=timezone.localdate())
    assert (today.views, today.visitors) == (5, 4)  # three addresses, and one for the other two
    assert DailyPageStat.objects.get(page_id=world.article.pk).visitors == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert most_read.refresh() is True
    assert list(Ranking.objects.filter(name="most-read-24h").values_list("page_id", flat=True)) == [
        world.article.pk,
        other.pk,
    ]
    assert most_read.refresh() is False  # unchanged: nothing purged
    html = client.get(world.home.url).content.decode()
    assert "Most read" in html
    # An editor keeps a piece off the rail.
    world.article.exclude_from_most_read = True
    world.article.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        most_read.refresh()
    assert list(Ranking.objects.filter(name="most-read-24h").values_list("page_id", flat=True)) == [other.pk]


def test_the_dashboard_and_a_pieces_readers(world, client):
    from masthead.testing import login

    for n in range(4):
        send(view(world, q="?utm_source=bsky"), ip=f"192.0.2.{n}")
    batch.batcher.flush()
    rollups.upkeep()
    login(client, world, "editor")
    page = client.get("/admin/analytics/?period=7").content.decode()
    assert world.article.title in page and "bsky" in page and "reader" in page
    csv = client.get("/admin/analytics/?period=7&format=csv").content.decode()
    assert f"{world.article.pk},{world.article.title},4,4" in csv
    assert client.get(f"/admin/analytics/?period=7&region={world.europe.pk}").status_code == 200
    assert client.get(f"/admin/analytics/?period=7&author={world.author.pk}&region=x").status_code == 200
    from django.test import Client

    from masthead.newsletter.models import Newsletter

    Newsletter.objects.create(name="Weekly", slug="weekly", is_default=True)
    reader = Client()  # a reader's browser, not the editor's
    box = {"email": "new@example.org", "source": "box-article", "page": world.article.pk}
    assert reader.post("/newsletter/sign-up/", box).status_code == 302
    odd = {"email": "odd@example.org", "source": "box-article", "page": "x"}  # a bad hint is dropped
    assert reader.post("/newsletter/sign-up/", odd).status_code == 302
    piece = client.get(f"/admin/analytics/page/{world.article.pk}/").content.decode()
    assert "4</strong> page views" in piece
    assert "1 newsletter sign-up from its box" in piece
    edit = client.get(f"/admin/pages/{world.article.pk}/edit/").content.decode()
    assert f"/admin/analytics/page/{world.article.pk}/" in edit
    # The Readers tab of the edit page itself.
    assert "<strong>4</strong> page views in the last 30 days." in edit
    assert "Sources: bsky 4." in edit and "What it brought: 1 newsletter sign-up, 0 members" in edit
    new = client.get(f"/admin/pages/add/articles/articlepage/{world.europe_section.pk}/").content.decode()
    assert "appear here once the piece is published" in new

    author = client.get(f"/admin/analytics/author/{world.author.pk}/").content.decode()
    assert "4</strong> page views in the last 30 days of" in author and world.article.title in author
    assert "1 newsletter sign-up from their boxes" in author
    assert (
        f"/admin/analytics/author/{world.author.pk}/"
        in client.get(f"/admin/pages/{world.author.pk}/edit/").content.decode()
    )
    assert client.get(f"/admin/analytics/author/{world.article.pk}/").status_code == 404  # not an author
    assert reader.get(f"/admin/analytics/author/{world.author.pk}/").status_code == 302  # to the sign-in


def test_no_reader_address_is_stored_in_any_table(world, client):
    """After a reader's page views, a newsletter sign-up and a member's
    sign-in, the reader's address is in no row of any table."""
    from django.apps import apps

    address = "198.51.100.77"
    send(view(world), ip=address)
    batch.batcher.flush()
    client.post(
        "/newsletter/sign-up/", {"email": "reader@example.org", "source": "page"}, REMOTE_ADDR=address
    )
    client.post("/account/sign-in/", {"email": "member@example.org"}, REMOTE_ADDR=address)
    client.get(world.article.url, REMOTE_ADDR=address)
    rollups.upkeep()
    found = []
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for model in apps.get_models():
            table = model._meta.db_table
            if model._meta.app_label == "axes" or table not in tables:
                continue  # axes: staff sign-in attempts, kept for lockouts, not readers
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            if address in repr(cursor.fetchall()):
                found.append(table)
    assert found == []
