"""CDN purges. A CDN cannot run here, so its API is a real HTTP server on
loopback that records what it is sent and answers as Cloudflare's and
Fastly's APIs do (tag purges), or takes Varnish-style PURGE requests
(URL purges, through Wagtail's frontend-cache HTTP backend)."""

import json
import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from django.utils import timezone

from masthead.pagecache import cdn, tasks
from masthead.processes import serving
from masthead.testing import wsgi_request

ROOT = Path(__file__).resolve().parents[3]


class FakeAPI(BaseHTTPRequestHandler):
    seen: list
    answers: list  # (status, headers, body) to give, in turn; then success

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.seen.append((self.command, self.path, dict(self.headers), body))
        status, headers, reply = self.answers.pop(0) if self.answers else (200, {}, b'{"success": true}')
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_POST = do_PURGE = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def api():
    FakeAPI.seen, FakeAPI.answers = [], []
    with serving(FakeAPI) as (_, url):
        yield url, FakeAPI


@pytest.fixture
def cloudflare(settings, api):
    url, recorder = api
    settings.CDN_TAG_PURGE = {"provider": "cloudflare", "zone": "zone-1", "token": "cf-token", "api": url}
    return recorder


def purged_tags(seen) -> set:
    found = set()
    for _, _, _, body in seen:
        data = json.loads(body)
        found.update(data.get("tags") or data.get("surrogate_keys"))
    return found


def test_a_publish_purges_at_the_cdn_every_page_that_shows_the_article(
    world, cloudflare, django_capture_on_commit_callbacks
):
    showing = [world.article.url, world.home.url, world.europe_section.url, world.author.url]
    carried = {}
    for url in showing:
        status, headers, _ = wsgi_request(url)
        assert status == 200
        carried[url] = set(headers["cache-tag"].split(","))
    with django_capture_on_commit_callbacks(execute=True):
        world.article.title = "Ships, cables and anchors"
        world.article.save_revision().publish()
    # The publish's own call (the related-stories task that follows purges
    # the rails it changes in calls of its own).
    method, path, headers, _ = cloudflare.seen[0]
    assert (method, path) == ("POST", "/zones/zone-1/purge_cache")
    assert headers["Authorization"] == "Bearer cf-token"
    purged = purged_tags(cloudflare.seen[:1])
    for url in showing:
        assert carried[url] & purged, f"{url} would keep the old headline at the CDN"


def test_fastly_gets_surrogate_keys_with_its_own_header(settings, api):
    url, recorder = api
    settings.CDN_TAG_PURGE = {"provider": "fastly", "zone": "svc-9", "token": "f-token", "api": url}
    assert tasks.purge_cdn_tags.call(["page:3", "list:latest"]) == 1
    method, path, headers, body = recorder.seen[0]
    assert (method, path, headers["Fastly-Key"]) == ("POST", "/service/svc-9/purge", "f-token")
    assert json.loads(body) == {"surrogate_keys": ["list:latest", "page:3"]}


def test_many_tags_go_in_batches_the_api_takes(cloudflare):
    tags = [f"page:{n}" for n in range(250)]
    assert cdn.purge_tags(tags) == 3
    sizes = [len(json.loads(body)["tags"]) for *_, body in cloudflare.seen]
    assert sizes == [100, 100, 50] and purged_tags(cloudflare.seen) == set(tags)


@pytest.mark.parametrize(
    "answer, message",
    [
        ((429, {"Retry-After": "120"}, b'{"success": false}'), "HTTP 429"),
        ((403, {}, b'{"success": false, "errors": [{"message": "bad token"}]}'), "bad token"),
        ((200, {}, b'{"success": false, "errors": [{"code": 1134}]}'), "1134"),
        ((200, {}, b"<html>a proxy's error page</html>"), "a proxy's error page"),
    ],
)
def test_a_refused_purge_is_a_clear_error(cloudflare, answer, message):
    cloudflare.answers.append(answer)
    with pytest.raises(cdn.PurgeRefused, match=message):
        cdn.purge_tags(["page:1"])


def test_an_unreachable_api_is_a_clear_error(settings, cloudflare):
    settings.CDN_TAG_PURGE = {**settings.CDN_TAG_PURGE, "api": "http://127.0.0.1:9"}
    with pytest.raises(cdn.PurgeRefused, match="could not be reached"):
        cdn.purge_tags(["page:1"])


@pytest.mark.django_db
def test_a_refused_purge_is_tried_again_no_sooner_than_the_api_asks(settings, cloudflare):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    cloudflare.answers.append((429, {"Retry-After": "120"}, b'{"success": false}'))
    tasks.purge_cdn_tags.call(["page:7"])
    retry = DBTaskResult.objects.get(task_path="masthead.pagecache.tasks.purge_cdn_tags")
    assert retry.args_kwargs == {"args": [["page:7"], 2], "kwargs": {}}
    assert (retry.run_after - timezone.now()).total_seconds() > 110
    # Out of tries, the task fails, so the failure shows in the task results.
    cloudflare.answers.append((500, {}, b""))
    with pytest.raises(cdn.PurgeRefused):
        tasks.purge_cdn_tags.call(["page:7"], tasks.CDN_RETRY_FOR)


def test_a_cache_without_tags_is_purged_by_url(world, settings, api, django_capture_on_commit_callbacks):
    url, recorder = api
    settings.WAGTAILFRONTENDCACHE = {
        "http": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": url}
    }
    with django_capture_on_commit_callbacks(execute=True):
        world.article.title = "Ships, cables and anchors"
        world.article.save_revision().publish()
    paths = {path for _, path, _, _ in recorder.seen}
    # The article, and the listings it is in, though it entered none anew.
    assert {world.article.url, world.home.url, world.europe_section.url, world.author.url} <= paths
    assert {method for method, *_ in recorder.seen} == {"PURGE"}


def test_tags_map_to_the_pages_that_show_them(world):
    urls = tasks.urls_for_tags(
        [f"page:{world.article.pk}", f"list:region:{world.europe.pk}", f"list:author:{world.author.pk}"]
    )
    assert any(u.endswith(world.article.url) for u in urls)
    assert any(u.endswith(world.europe_section.url) for u in urls)
    assert any(u.endswith(world.author.url) for u in urls)
    assert any(u.endswith(world.home.url) for u in urls)


def test_a_related_rail_maps_to_its_article_page_alone(world):
    urls = tasks.urls_for_tags([f"list:related:{world.article.pk}"])
    assert len(urls) == 1 and urls[0].endswith(world.article.url)


@pytest.mark.parametrize(
    "env, message",
    [
        ({"CLOUDFLARE_ZONE_ID": "z"}, "set CLOUDFLARE_API_TOKEN"),
        ({"FASTLY_SERVICE_ID": "s"}, "set FASTLY_API_TOKEN"),
        (
            {"CLOUDFLARE_ZONE_ID": "z", "CLOUDFLARE_API_TOKEN": "t"}
            | {"FASTLY_SERVICE_ID": "s", "FASTLY_API_TOKEN": "t"},
            "not both",
        ),
    ],
)
def test_a_half_configured_cdn_stops_the_start_with_a_reason(tmp_path, env, message):
    run = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, "MASTHEAD_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0 and message in run.stderr, run.stderr
